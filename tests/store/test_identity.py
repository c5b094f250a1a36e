"""The fingerprint: normalisation, prefix matching and update markers, without a database."""

from __future__ import annotations

from anp_archive.store.identity import (
    MIN_PREFIX,
    identity_for,
    is_prefix_match,
    normalise,
    normalise_url,
    split_update_marker,
    strip_title_suffix,
)


def test_normalise_folds_case_accents_quotes_dashes_and_spaces() -> None:
    assert normalise("  Oekraïne –  „pure fictie”\u00a0SÃO PAULO ") == "oekraine pure fictie sao paulo"
    assert normalise("'S-HERTOGENBOSCH") == "s hertogenbosch"


def test_url_normalisation_keeps_identity_but_drops_noise() -> None:
    assert normalise_url("HTTPS://WWW.Zeelandnet.nl/nieuws/a-b/#x") == "https://www.zeelandnet.nl/nieuws/a-b"
    assert normalise_url("https://x.nl/nieuws/a?utm_source=t&id=4") == "https://x.nl/nieuws/a?id=4"


def test_fingerprint_ignores_agencies_and_rendering_but_not_place_or_text() -> None:
    text = "De Amerikaanse president Donald Trump heeft fel uitgehaald naar acteur George Clooney."
    a = identity_for(place="WASHINGTON", title=None, text=text, url=None)
    b = identity_for(place="Washington", title=None, text=text.replace(" ", "  ") + "…", url=None)
    c = identity_for(place="NEW YORK", title=None, text=text, url=None)
    d = identity_for(place="WASHINGTON", title=None, text=text.replace("Clooney", "Pitt"), url=None)
    assert a.text_hash == b.text_hash
    assert a.text_hash != c.text_hash
    assert a.text_hash != d.text_hash
    assert a.head_hash == d.head_hash  # same opening: a candidate, then verified...
    assert not is_prefix_match(a.text_key, d.text_key)  # ...and rejected


def test_prefix_match_needs_a_long_enough_shorter_text() -> None:
    long = normalise("De Amerikaanse president Donald Trump heeft fel uitgehaald naar acteur George Clooney.")
    assert is_prefix_match(long[:MIN_PREFIX], long)
    assert not is_prefix_match(long[: MIN_PREFIX - 1], long)
    assert identity_for(place="X", title=None, text="kort", url=None).head_hash is None


def test_title_suffix_and_update_marker() -> None:
    assert strip_title_suffix("Grote brand in Moerdijk (2)") == ("Grote brand in Moerdijk", 2)
    assert strip_title_suffix("Grote brand") == ("Grote brand", None)
    assert split_update_marker("Nieuw bericht, vervangt: Kabinet valt") == ("Kabinet valt", "")
    assert split_update_marker("Nieuw bericht, vervangt: Kabinet valt. De premier ...") == (
        "Kabinet valt", "De premier ...")
    assert split_update_marker("Het kabinet is gevallen.") == (None, "Het kabinet is gevallen.")
    update = identity_for(place="DEN HAAG", title="Kabinet valt (2)", text="x" * 70, url=None)
    plain = identity_for(place="DEN HAAG", title="Kabinet valt", text="y" * 70, url=None)
    assert update.is_update and not plain.is_update
    assert update.replaces_hash == plain.title_hash
    assert ("title", plain.title_hash) not in plain.lookup_keys()
