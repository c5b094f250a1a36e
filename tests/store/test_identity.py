"""The fingerprint: normalisation, prefix matching and update markers, without a database."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

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


def _reference_normalise(text: str) -> str:
    """The definition :func:`normalise` implements with translate tables (the original code)."""
    import re
    import unicodedata

    if text.isascii():
        return " ".join(re.sub(r"[\W_]+", " ", text.lower()).split())
    decomposed = re.sub("[\u0300-\u036f]+", "", unicodedata.normalize("NFKD", text))
    if not decomposed.isascii():
        decomposed = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[\W_]+", " ", decomposed.casefold()).split())


@given(st.text())
def test_normalise_equals_its_definition_on_any_text(value: str) -> None:
    assert normalise(value) == _reference_normalise(value)


def test_normalise_equals_its_definition_for_every_latin_greek_and_punctuation_character() -> None:
    # Each character alone, between letters, doubled, and followed by a combining mark.
    blocks = [range(0x00, 0x590), range(0x1E00, 0x2070), range(0x2100, 0x2200), range(0xFB00, 0xFB07)]
    for code in (c for block in blocks for c in block):
        ch = chr(code)
        for value in (ch, f"a{ch}b", f"É{ch}{ch} z", ch + "\u0301"):
            assert normalise(value) == _reference_normalise(value), hex(code)


@given(st.text(max_size=80))
@example("\x0c?")  # a blank left raw at the end of a path: strip() made another key
def test_the_stores_url_key_is_the_crawlers(tail: str) -> None:
    from anp_archive.urls import identity_key

    for url in (tail, "https://www.example.nl/" + tail, "http://h.nl:80/a?" + tail):
        crawl = identity_key(url)
        key = normalise_url(url)
        assert crawl is None or key == crawl
        assert key == key.strip() and normalise_url(key) == key
