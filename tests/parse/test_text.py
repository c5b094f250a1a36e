"""Text renderings: the seed page and each page form the site shows, as plain text."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from anp_archive.errors import EmptyInputError, NotANewsPageError
from anp_archive.parse import parse_page

SEED = Path(__file__).resolve().parents[2].parent / "shared" / "seed" / "anp-page-buitenland.txt"
T = datetime.fromisoformat("2026-01-01T12:00:00+01:00")


def _parse(text: str, **kwargs: object) -> dict:  # type: ignore[type-arg]
    return parse_page(text, fetched_at=T, format="text", **kwargs).to_dict()  # type: ignore[arg-type]


@pytest.mark.skipif(not SEED.exists(), reason=f"seed page not found at {SEED} (../shared absent)")
def test_seed_page() -> None:
    page = parse_page(SEED.read_bytes(), fetched_at=T, format="text").to_dict()
    assert page["section"] == "Buitenland"
    assert page["url"] is None
    assert page["fetched_at"] == "2026-01-01T12:00:00+01:00"
    lead = page["lead"]
    assert lead["title"] == "Kremlin ontkent telefoongesprek tussen Poetin en Trump"
    assert lead["dateline"] == {"place": "MOSKOU", "agencies": ["ANP", "RTR"]}
    assert len(lead["paragraphs"]) == 4
    assert lead["paragraphs"][0].startswith("Het Kremlin heeft ontkend")
    assert not any("MOSKOU" in p or "geleden" in p for p in lead["paragraphs"])
    ticker = page["ticker"]
    assert [(t["dateline"]["place"], t["dateline"]["agencies"], t["age"]) for t in ticker] == [
        ("PYONGYANG", ["ANP", "AFP"], "50 minuten geleden"),
        ("WASHINGTON", ["ANP", "AFP"], "2 uur geleden"),
        ("WASHINGTON", ["ANP"], "4 uur geleden"),
        ("WASHINGTON", ["ANP", "RTR"], "5 uur geleden"),
        ("BRASILIA", ["ANP", "AFP"], "5 uur geleden"),
        ("KYIV", ["ANP", "DPA"], "6 uur geleden"),
        ("PARIJS", ["ANP", "AFP"], "7 uur geleden"),
    ]
    first = ticker[0]
    assert first["title"] is None and first["url"] is None
    assert first["published_earliest"] == "2026-01-01T11:09:00+01:00"
    assert first["published_latest"] == "2026-01-01T11:10:00+01:00"
    assert '"vreemd land" - hoogstwaarschijnlijk' in first["text"]
    assert not any("geleden" in t["text"] or t["text"].startswith(t["dateline"]["place"])
                   for t in ticker)
    assert page["latest"] == []


PLAIN = """
Kabinet valt over stikstof (2)
DEN HAAG (ANP/RTR/BLOOMBERG) – Het kabinet is gevallen.
Tussenkop zonder punt
Tweede alinea.
Meer uit  Binnenland
UTRECHT (ANP) - Item een - met streepje.
1 uur geledenZWOLLE (ANP/AF) - Item twee.
zojuistGOES – Item drie.
gisteren
"""


def test_plain_rendering_with_leading_blank_line_and_subheading() -> None:
    page = _parse(PLAIN)
    assert page["section"] == "Binnenland"
    lead = page["lead"]
    assert lead["title"] == "Kabinet valt over stikstof (2)"
    assert lead["dateline"] == {"place": "DEN HAAG", "agencies": ["ANP", "RTR", "BLOOMBERG"]}
    assert lead["paragraphs"] == ["Het kabinet is gevallen.", "Tussenkop zonder punt",
                                  "Tweede alinea."]
    assert [(t["dateline"]["place"], t["text"], t["age"]) for t in page["ticker"]] == [
        ("UTRECHT", "Item een - met streepje.", "1 uur geleden"),
        ("ZWOLLE", "Item twee.", "zojuist"),
        ("GOES", "Item drie.", "gisteren"),
    ]
    assert page["ticker"][1]["dateline"]["agencies"] == ["ANP", "AF"]


def test_unknown_age_glued_to_the_next_dateline_is_kept_with_nulls() -> None:
    page = _parse("Kop\nLONDEN (ANP) - Tekst.\nMeer uit Buitenland\n"
                  "PARIJS (ANP) - Een.\nenige tijd geledenROME (ANP) - Twee.\n2 uur geleden\n")
    first = page["ticker"][0]
    assert (first["age"], first["published_earliest"], first["published_latest"]) == (
        "enige tijd geleden", None, None)
    assert page["ticker"][1]["age"] == "2 uur geleden"


HEADLINE = """Webmail
Kies je webmail
Welke webmail wil je standaard openen?

Dichte mist dwingt tot uitstel

Dichte mist dwingt tot uitstel

CORTINA D'AMPEZZO (ANP/DPA) - De reuzenslalom is uitgesteld.

De rijdsters stonden al bij de start.

Meer uit Sport

Franse club ontslaat trainer
SAINT-ÉTIENNE (ANP/AFP) - De club heeft de trainer ontslagen.
11 uur geleden

Bekerfinale in München
MÜNCHEN (ANP/DPA) – De bond wees München aan.
1 uur geleden
"""


def test_headline_rendering_titles_and_chrome() -> None:
    page = _parse(HEADLINE)
    assert page["section"] == "Sport"
    lead = page["lead"]
    assert lead["title"] == "Dichte mist dwingt tot uitstel"
    assert lead["dateline"]["place"] == "CORTINA D'AMPEZZO"
    assert lead["paragraphs"] == ["De reuzenslalom is uitgesteld.",
                                  "De rijdsters stonden al bij de start."]
    assert [(t["title"], t["dateline"]["place"], t["age"]) for t in page["ticker"]] == [
        ("Franse club ontslaat trainer", "SAINT-ÉTIENNE", "11 uur geleden"),
        ("Bekerfinale in München", "MÜNCHEN", "1 uur geleden"),
    ]


INDEX = """donderdag 18 september 2025
Avondeditie
Politiek

ANP Kamer wil opheldering over asielwet
DEN HAAG (ANP) - Een meerderheid wil uitleg.
1 uur geleden

ANP Kamer steunt plan voor woningbouw (2)
DEN HAAG (ANP) – Nieuw bericht, vervangt: Kamer stemt.
2 dagen geleden
"""


def test_section_index_page() -> None:
    page = _parse(INDEX)
    assert page["lead"] is None
    assert page["section"] == "Politiek"
    assert [t["title"] for t in page["ticker"]] == [
        "Kamer wil opheldering over asielwet", "Kamer steunt plan voor woningbouw (2)"]
    assert page["ticker"][1]["age"] == "2 dagen geleden"
    assert page["ticker"][1]["published_earliest"] == "2025-12-29T12:00:00+01:00"


REGIONAL = """Net binnen
- Zeeland 10:12 Vestingstad Hulst krijgt bezoekerscentrum
- Binnenland 9:48 Storm zorgt voor vertraging

Zeeland

Strandpaviljoen mag blijven
DOMBURG - Een strandpaviljoen in Domburg hoeft niet te verdwijnen.
1 week geleden
Fietsbrug geopend
GOES - De nieuwe fietsbrug over het kanaal bij Goes is geopend.
2 weken geleden
"""


def test_regional_index_page_latest_and_items_without_agency() -> None:
    page = _parse(REGIONAL)
    assert page["lead"] is None
    assert page["section"] == "Zeeland"
    assert page["latest"] == [
        {"section": "Zeeland", "time": "10:12", "title": "Vestingstad Hulst krijgt bezoekerscentrum",
         "published_at": "2026-01-01T10:12:00+01:00"},
        {"section": "Binnenland", "time": "09:48", "title": "Storm zorgt voor vertraging",
         "published_at": "2026-01-01T09:48:00+01:00"},
    ]
    items = page["ticker"]
    assert [(t["title"], t["dateline"], t["age"]) for t in items] == [
        ("Strandpaviljoen mag blijven", {"place": "DOMBURG", "agencies": []}, "1 week geleden"),
        ("Fietsbrug geopend", {"place": "GOES", "agencies": []}, "2 weken geleden"),
    ]
    assert items[0]["published_earliest"] == "2025-12-18T12:00:00+01:00"


def test_latest_without_fetched_at_has_no_time() -> None:
    page = parse_page(REGIONAL, format="text").to_dict()
    assert page["latest"][0]["published_at"] is None
    assert page["ticker"][0]["published_earliest"] is None


def test_latest_is_on_the_amsterdam_day_of_fetched_at() -> None:
    # 23:30 UTC on 31 Dec is already 1 January in Amsterdam.
    page = parse_page(REGIONAL, format="text",
                      fetched_at=datetime(2025, 12, 31, 23, 30, tzinfo=UTC)).to_dict()
    assert page["latest"][0]["published_at"] == "2026-01-01T10:12:00+01:00"
    assert page["fetched_at"] == "2025-12-31T23:30:00+00:00"  # echoed as given


def test_lead_without_ticker() -> None:
    page = _parse("Museum toont papyri\nLEIDEN (ANP) - Een verzameling.\nBrieven\nTot september.")
    assert page["ticker"] == [] and page["section"] is None
    assert page["lead"]["paragraphs"] == ["Een verzameling.", "Brieven", "Tot september."]


def test_nbsp_zero_width_and_crlf_are_normalised() -> None:
    page = _parse("Kop\r\nMOSKOU\u00a0(ANP/RTR)\u00a0-\u00a0Het\u200b Kremlin\u00ad ontkent.\r\n")
    assert page["lead"]["dateline"]["place"] == "MOSKOU"
    assert page["lead"]["paragraphs"] == ["Het Kremlin ontkent."]


def test_auto_format_detects_text() -> None:
    assert parse_page(PLAIN, fetched_at=T).to_dict() == _parse(PLAIN)


def test_url_is_passed_through() -> None:
    assert _parse(PLAIN, url="https://example.nl/a")["url"] == "https://example.nl/a"


@pytest.mark.parametrize("text", ["", "   \n\t\n", b"", b"\xef\xbb\xbf  \n"])
def test_empty_input(text: str | bytes) -> None:
    with pytest.raises(EmptyInputError):
        parse_page(text)


def test_text_without_dateline_is_not_a_news_page() -> None:
    with pytest.raises(NotANewsPageError, match="no dateline"):
        parse_page("Boodschappenlijst\nmelk\nbrood\n")
