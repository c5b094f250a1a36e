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
    # 10:30 UTC on 31 Dec is 11:30 in Amsterdam: both entries are from that morning.
    page = parse_page(REGIONAL, format="text",
                      fetched_at=datetime(2025, 12, 31, 10, 30, tzinfo=UTC)).to_dict()
    assert page["latest"][0]["published_at"] == "2025-12-31T10:12:00+01:00"
    assert page["latest"][1]["published_at"] == "2025-12-31T09:48:00+01:00"
    assert page["fetched_at"] == "2025-12-31T10:30:00+00:00"  # echoed as given


@pytest.mark.parametrize(("fetched_at", "clock", "expected"), [
    # 23:30 UTC on 31 Dec is already 00:30 on 1 January in Amsterdam: 23:51 is last year.
    (datetime(2025, 12, 31, 23, 30, tzinfo=UTC), "23:51", "2025-12-31T23:51:00+01:00"),
    (datetime(2026, 1, 1, 0, 19), "23:51", "2025-12-31T23:51:00+01:00"),
    (datetime(2026, 1, 1, 0, 19), "00:19", "2026-01-01T00:19:00+01:00"),
    # A site's clock a little ahead of ours (clock.CLOCK_SKEW, 5 minutes): still today.
    (datetime(2026, 1, 1, 0, 19), "00:20", "2026-01-01T00:20:00+01:00"),
    (datetime(2026, 1, 1, 0, 19), "00:25", "2025-12-31T00:25:00+01:00"),
    # Spring DST change (29 March 2026, 02:00 -> 03:00): 01:55 is still winter time.
    (datetime(2026, 3, 29, 3, 10), "01:55", "2026-03-29T01:55:00+01:00"),
    (datetime(2026, 3, 29, 3, 10), "03:05", "2026-03-29T03:05:00+02:00"),
    (datetime(2026, 3, 29, 0, 5), "23:40", "2026-03-28T23:40:00+01:00"),
    # Autumn DST change (25 October 2026, 03:00 -> 02:00): 01:30 is summer time.
    (datetime(2026, 10, 25, 2, 10, tzinfo=UTC), "01:30", "2026-10-25T01:30:00+02:00"),
    (datetime(2026, 10, 25, 0, 10), "23:50", "2026-10-24T23:50:00+02:00"),
])
def test_latest_clock_later_than_fetched_at_is_from_the_day_before(
    fetched_at: datetime, clock: str, expected: str
) -> None:
    text = REGIONAL.replace("10:12", clock)
    page = parse_page(text, format="text", fetched_at=fetched_at).to_dict()
    assert page["latest"][0]["time"] == clock
    assert page["latest"][0]["published_at"] == expected


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


def test_meta_lines_give_only_the_age() -> None:
    page = _parse("Kop\nLONDEN (ANP) - Tekst.\nMeer uit Economie\n"
                  "AMSTERDAM (ANP) - Een.\nEconomie · 9 minuten geleden\n"
                  "ROTTERDAM (ANP) - Twee.\nGeplaatst: 1 uur geleden | 12 reacties\n"
                  "GOES (ANP) - Drie.\nBron: ANP · gisteren\n")
    assert [(t["text"], t["age"]) for t in page["ticker"]] == [
        ("Een.", "9 minuten geleden"), ("Twee.", "1 uur geleden"), ("Drie.", "gisteren")]


def test_headline_ending_in_jaar_geleden_is_a_title_not_an_age() -> None:
    page = _parse("Kop\nLONDEN (ANP) - Tekst.\nMeer uit Binnenland\n\n"
                  "Vuurwerkramp Enschede 26 jaar geleden\n"
                  "ENSCHEDE (ANP) - Enschede herdenkt de ramp van 26 jaar geleden.\n"
                  "2 minuten geleden\n")
    item = page["ticker"][0]
    assert (item["title"], item["age"]) == ("Vuurwerkramp Enschede 26 jaar geleden",
                                            "2 minuten geleden")
    assert item["text"] == "Enschede herdenkt de ramp van 26 jaar geleden."


def test_glued_gisteren_before_a_headline() -> None:
    page = _parse("Kop\nLONDEN (ANP) - Tekst.\nMeer uit Sport\nKop een\n"
                  "UTRECHT (ANP) - Een.\ngisterenKop twee\nZWOLLE (ANP) - Twee.\n1 uur geleden\n")
    assert [(t["title"], t["age"]) for t in page["ticker"]] == [
        ("Kop een", "gisteren"), ("Kop twee", "1 uur geleden")]


def test_latest_bar_on_one_line_with_numeric_section_and_uur() -> None:
    page = _parse("Net binnen\nZeeland 20:02 Brand bij Oostkapelle 112 19:40 uur Botsing op "
                  "N57 Verkeer 18:55 File om 14.00 uur opgelost\n\nZeeland\n"
                  "DOMBURG - Een paviljoen mag blijven.\n1 week geleden\n")
    assert [(x["section"], x["time"], x["title"]) for x in page["latest"]] == [
        ("Zeeland", "20:02", "Brand bij Oostkapelle"), ("112", "19:40", "Botsing op N57"),
        ("Verkeer", "18:55", "File om 14.00 uur opgelost")]


def test_badge_glued_or_before_lower_case_is_stripped_on_index_pages() -> None:
    page = _parse("Sport\n\nANPPSV - Ajax gaat door\nEINDHOVEN (ANP) - De topper gaat door.\n"
                  "5 minuten geleden\nANP eBay-verkoper gestraft\nZWOLLE (ANP) - Taakstraf.\n"
                  "1 uur geleden\nANP Schaatsers winnen\nCALGARY (ANP) - Goud.\ngisteren\n")
    assert [t["title"] for t in page["ticker"]] == [
        "PSV - Ajax gaat door", "eBay-verkoper gestraft", "Schaatsers winnen"]
    assert page["section"] == "Sport"
    assert page["ticker"][0]["dateline"]["place"] == "EINDHOVEN"


def test_regional_item_text_may_start_with_a_number() -> None:
    page = _parse("Zeeland\nKop\nBERGEN OP ZOOM - 25 jaar na de sluiting komt er een bad.\n"
                  "1 maand geleden\n")
    assert page["ticker"][0]["dateline"] == {"place": "BERGEN OP ZOOM", "agencies": []}


@pytest.mark.parametrize("heading", ["Meer uit Zeeland (4)", "Meer uit Zeeland Bekijk alles",
                                     "Meer uit  Zeeland »", "MEER UIT Zeeland"])
def test_meer_uit_heading_decorations(heading: str) -> None:
    page = _parse(f"Kop\nGOES (ANP) - Tekst.\n{heading}\nVEERE (ANP) - Een.\n1 uur geleden\n")
    assert page["section"] == "Zeeland"


def test_story_words_that_look_like_chrome_stay() -> None:
    page = _parse("Boete voor WhatsApp\nDUBLIN (ANP) - De toezichthouder beboet WhatsApp.\n"
                  "Facebook, ook van Meta, kreeg eerder een boete.\n"
                  "Delen van gegevens blijft een twistpunt.\nFoto: ANP\n"
                  "Een aswolk boven Catania. (foto: ANP/AFP)\nSlotalinea.\n")
    assert page["lead"]["paragraphs"] == [
        "De toezichthouder beboet WhatsApp.", "Facebook, ook van Meta, kreeg eerder een boete.",
        "Delen van gegevens blijft een twistpunt.", "Slotalinea."]


def test_headline_with_dash_and_years_ago_stays_whole() -> None:
    page = _parse("Kop\nGOES (ANP) - Tekst.\nMeer uit Zeeland\nWatersnoodramp - 73 jaar geleden\n"
                  "ZIERIKZEE (ANP) - Zeeland herdenkt.\n1 uur geleden\n"
                  "Tweede kop\nVEERE (ANP) - Twee.\n17 minuten geleden in Zeeland\n")
    assert [(t["title"], t["age"]) for t in page["ticker"]] == [
        ("Watersnoodramp - 73 jaar geleden", "1 uur geleden"),
        ("Tweede kop", "17 minuten geleden")]


def test_age_after_a_separator_on_the_item_line() -> None:
    text = ("Kop\nDEN HAAG (ANP) - Het verhaal.\nMeer tekst.\nMeer uit Binnenland\n"
            "ROME (ANP) - Een brand. · net\nZWOLLE (ANP) - Twee. | enige tijd geleden\n"
            "UTRECHT (ANP) - Drie. • 2 uur geleden\n")
    page = parse_page(text, fetched_at=T).to_dict()
    assert [(t["text"], t["age"]) for t in page["ticker"]] == [
        ("Een brand.", "net"), ("Twee.", "enige tijd geleden"), ("Drie.", "2 uur geleden")]


def test_chrome_words_as_subheadings_between_paragraphs() -> None:
    text = ("Storing bij Meta\nMENLO PARK (ANP/RTR) - Diensten lagen plat.\nFacebook\n"
            "Ook Facebook lag urenlang plat.\nVia WhatsApp\nBerichten kwamen niet aan.\n"
            "Aangepast plan voor 2027\nHet kabinet wil regels.\nReclame\nGokreclame blijft.\n"
            "Deel dit artikel\nFacebook\nTwitter\nMeer uit Economie\n"
            "AMSTERDAM (ANP) - De AEX steeg.\n40 minuten geleden\n")
    lead = parse_page(text, fetched_at=T).to_dict()["lead"]
    assert lead["paragraphs"] == [
        "Diensten lagen plat.", "Facebook", "Ook Facebook lag urenlang plat.", "Via WhatsApp",
        "Berichten kwamen niet aan.", "Aangepast plan voor 2027", "Het kabinet wil regels.",
        "Reclame", "Gokreclame blijft."]


def test_category_label_and_age_in_one_meta_line() -> None:
    # "<span>Buitenland</span> <span>16 minuten geleden</span>" between headline and text.
    page = _parse("Kop\nMADRID (ANP) - Het verhaal.\nMeer tekst.\nMeer uit Buitenland\n"
                  "Brand op Lesbos\nBuitenland 16 minuten geleden\nMYTILINI (ANP) - Brand.\n"
                  "Canada helpt Chili\nBuitenland 1 uur geleden\nOTTAWA (ANP) - Vliegtuigen.\n"
                  "Beving in Italië\nBuitenland gisteren\nPERUGIA (ANP) - Een beving.\n")
    assert [(t["title"], t["text"], t["age"]) for t in page["ticker"]] == [
        ("Brand op Lesbos", "Brand.", "16 minuten geleden"),
        ("Canada helpt Chili", "Vliegtuigen.", "1 uur geleden"),
        ("Beving in Italië", "Een beving.", "gisteren")]


def test_a_headline_ending_in_an_age_is_not_a_label() -> None:
    # One line, two capitalised words before a year count: a headline, as before.
    page = _parse("Kop\nLONDEN (ANP) - Tekst.\nMeer uit Binnenland\nWatersnoodramp Zeeland 73 jaar "
                  "geleden\nZIERIKZEE (ANP) - Zeeland herdenkt.\n2 minuten geleden\n")
    item = page["ticker"][0]
    assert (item["title"], item["age"]) == ("Watersnoodramp Zeeland 73 jaar geleden",
                                            "2 minuten geleden")


@pytest.mark.parametrize("age", ["Een minuut geleden", "Eén uur geleden"])
def test_capitalised_number_word_age_glued_to_the_next_dateline(age: str) -> None:
    page = _parse("Kop\nMADRID (ANP/EFE) - Eerste alinea.\nTweede alinea.\nMeer uit Buitenland\n"
                  f"ATHENE (ANP) - Bericht 1.\n{age}OSLO (ANP) - Bericht 2.\n6 uur geleden\n")
    assert [(t["dateline"]["place"], t["text"], t["age"]) for t in page["ticker"]] == [
        ("ATHENE", "Bericht 1.", age), ("OSLO", "Bericht 2.", "6 uur geleden")]
    assert page["ticker"][0]["published_earliest"] is not None


def test_latest_entry_with_its_headline_on_the_next_line() -> None:
    page = _parse("Net binnen\n- Zeeland 19:48\nVeerboot vaart weer na storing\n"
                  "- Show & Cultuur 18:51\nBand wint popprijs\n\nZeeland\n\n"
                  "Veerboot vaart weer na storing\nVLISSINGEN - De veerboot vaart weer.\n"
                  "27 minuten geleden\n")
    assert [(x["section"], x["time"], x["title"]) for x in page["latest"]] == [
        ("Zeeland", "19:48", "Veerboot vaart weer na storing"),
        ("Show & Cultuur", "18:51", "Band wint popprijs")]
    assert page["section"] == "Zeeland"
    assert len(page["ticker"]) == 1


def test_day_headings_on_an_index_page_are_not_its_section() -> None:
    page = _parse("Politiek\n\nVandaag\nANP Kamer wil opheldering\nDEN HAAG (ANP) - Uitleg.\n"
                  "1 uur geleden\n\nGisteren\nANP Kabinet trekt geld uit\nDEN HAAG (ANP) - Geld.\n"
                  "1 dag geleden\n\nEerder deze week\nANP Motie verworpen\nDEN HAAG (ANP) - Nee.\n"
                  "3 dagen geleden\n")
    assert page["section"] == "Politiek"
    assert [t["title"] for t in page["ticker"]] == [
        "Kamer wil opheldering", "Kabinet trekt geld uit", "Motie verworpen"]


def test_a_story_ending_in_a_list_keeps_it() -> None:
    page = _parse("Kop\nMADRID (ANP) - Eerste alinea.\nTweede alinea.\nDe regels op een rij:\n"
                  "Vuurwerkverbod in het centrum\nMeer handhavers op straat\n© ANP\n"
                  "Meer uit Buitenland\nATHENE (ANP) - Bericht.\n3 uur geleden\n")
    assert page["lead"]["paragraphs"] == [
        "Eerste alinea.", "Tweede alinea.", "De regels op een rij:",
        "Vuurwerkverbod in het centrum", "Meer handhavers op straat"]


def test_short_chrome_after_the_story_still_goes() -> None:
    page = _parse("Kop\nMADRID (ANP) - Eerste alinea.\nTweede alinea.\nTags:\nSpanje\nDroogte\n"
                  "Bericht navigatie\nMeer uit Buitenland\nATHENE (ANP) - Bericht.\n3 uur geleden\n")
    assert page["lead"]["paragraphs"] == ["Eerste alinea.", "Tweede alinea."]


@pytest.mark.parametrize(
    "above",
    ["Titel\nTitel\nAgenten bij de ingang van het gerechtshof.\n",  # printed twice, caption
     "Home\nTitel\nAgenten bij de ingang van het gerechtshof.\n"],  # caption below the title
)
def test_a_photo_caption_above_the_dateline_is_not_the_title(above: str) -> None:
    page = _parse(f"{above}MADRID (ANP/EFE) - Eerste alinea.\nTweede alinea.\n"
                  "Meer uit Buitenland\nATHENE (ANP) - Bericht.\n3 uur geleden\n")
    assert page["lead"]["title"] == "Titel"


def test_lower_case_agency_in_a_glued_plain_rendering() -> None:
    page = _parse("Kop\nMADRID (ANP) - Eerste alinea.\nTweede alinea.\nMeer uit Buitenland\n"
                  "ATHENE (ANP) - Bericht 1.\n3 uur geledenBERLIJN (ANP/dpa) - Bericht 2.\n"
                  "4 minuten geleden\n")
    assert [(t["dateline"]["place"], t["dateline"]["agencies"], t["age"])
            for t in page["ticker"]] == [("ATHENE", ["ANP"], "3 uur geleden"),
                                         ("BERLIJN", ["ANP", "dpa"], "4 minuten geleden")]


def test_a_headline_cut_off_with_dots_is_still_a_headline() -> None:
    page = _parse("West-Brabant\n\nRoosendaal wil blauwe zone uitbreiden naar...\n"
                  "ROOSENDAAL - De gemeente wil de zone uitbreiden.\n1 uur geleden\n\n"
                  "Breda opent fietsenstalling\nBREDA - Er is een stalling geopend.\n1 week geleden\n")
    assert page["section"] == "West-Brabant"
    assert [t["title"] for t in page["ticker"]] == [
        "Roosendaal wil blauwe zone uitbreiden naar...", "Breda opent fietsenstalling"]


def test_headline_rendering_without_a_title_does_not_take_the_webmail_prompt() -> None:
    page = _parse("Webmail\nKies je webmail\nWelke webmail wil je standaard openen?\n\n"
                  "MADRID (ANP/EFE) - Eerste alinea.\n\nTweede alinea.\n\nMeer uit Buitenland\n\n"
                  "Kop 1\nATHENE (ANP) - Bericht 1.\n3 uur geleden\n")
    assert page["lead"]["title"] is None
    assert page["lead"]["paragraphs"] == ["Eerste alinea.", "Tweede alinea."]


def test_item_without_dateline_between_wire_items_is_not_the_next_headline() -> None:
    # Plain rendering: the site's own story (no dateline) sits in the ticker; its age is
    # glued to the next item's dateline like every other age, so it had an age of its own.
    page = _parse(
        "Kop\nOTTAWA (ANP/AFP) - Het verhaal.\nMeer tekst.\nMeer uit Buitenland\n"
        "NAIROBI (ANP/AFP) - Overstromingen in Kenia.\n"
        "1 uur geledenOnze correspondent over de verkiezingsstrijd: wie wint?\n"
        "2 uur geledenSEOUL (ANP) - Noord-Korea vuurt raket af.\n3 uur geleden\n"
    )
    assert [(t["title"], t["dateline"]["place"], t["text"], t["age"]) for t in page["ticker"]] == [
        (None, "NAIROBI", "Overstromingen in Kenia.", "1 uur geleden"),
        (None, "SEOUL", "Noord-Korea vuurt raket af.", "3 uur geleden"),
    ]


INDEX_TEASERS = """donderdag 5 maart 2026
Middageditie
Politiek

ANP Kabinet wil strengere regels voor flitskredieten
Consumenten moeten beter worden beschermd. Het kabinet wil een rentemaximum.
22 minuten geleden

ANP Tweede Kamer debatteert over stikstof
De Tweede Kamer debatteert donderdag opnieuw over de stikstofaanpak.
gisteren
"""


def test_index_page_whose_items_show_no_dateline_is_no_anp_page() -> None:
    # Contract 1: no dateline and no Net binnen list -> not an ANP news page. Headlines and
    # teasers without datelines may be anybody's; they must not become wire stories.
    with pytest.raises(NotANewsPageError, match="no dateline"):
        _parse(INDEX_TEASERS)


def test_one_headline_teaser_and_age_is_no_index_page() -> None:
    with pytest.raises(NotANewsPageError):
        _parse("Een blog over tuinieren\nVandaag snoeien we de rozen.\n2 uur geleden\n")


def test_index_section_above_a_first_item_without_dateline() -> None:
    # Round 4: the first item's place is in mixed case ("Vlissingen - "), so it is no wire
    # item; its headline, paragraph and age stand between the section and the first wire
    # item and must not hide the section name.
    page = _parse("Net binnen\n- Walcheren 11:40 Boulevard krijgt bankjes\n\nWalcheren\n\n"
                  "Boulevard krijgt nieuwe bankjes\nVlissingen - De gemeente plaatst bankjes.\n"
                  "1 uur geleden\n\nNieuwe busdienst van start\nMIDDELBURG - De bus rijdt.\n"
                  "3 uur geleden\n")
    assert page["section"] == "Walcheren"
    assert [t["dateline"]["place"] for t in page["ticker"]] == ["MIDDELBURG"]


@pytest.mark.parametrize("age", ["2 u geleden", "2u geleden", "2 uur geleden"])
def test_glued_short_hour_age_leaves_the_item_text(age: str) -> None:
    text = ("Meer uit Buitenland\nStorm legt verkeer in Noorwegen plat\n"
            "OSLO (ANP/NTB) - Een zware storm heeft in het zuiden van Noorwegen het verkeer "
            f"platgelegd. {age}\nGraanakkoord verlengd\n"
            "ISTANBUL (ANP/RTR) - Het graanakkoord is met drie maanden verlengd.\n3 u geleden\n")
    page = parse_page(text, format="text", fetched_at=datetime(2026, 12, 7, 10, 0)).to_dict()
    first = page["ticker"][0]
    assert first["text"] == ("Een zware storm heeft in het zuiden van Noorwegen het verkeer "
                             "platgelegd.")
    assert first["age"] == age
    assert first["published_earliest"] == "2026-12-07T07:00:00+01:00"
    assert page["ticker"][1]["age"] == "3 u geleden"
