"""Recall: wire items the parser used to miss or spoil (issue 10, part 2).

Each test here failed before its fix: card links made of inline elements, a "Meest
gelezen"/"Populair" box after a short lead, teasers without dateline taken into an item or
a lead, and age spellings the reader knew as ages but could not read.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from anp_archive import parse_page
from anp_archive.parse import vocabulary

FETCHED = datetime.fromisoformat("2026-12-07T10:00:00+01:00")


def _html(body: str) -> dict[str, Any]:
    page = f"<!doctype html><html lang=nl><head><meta charset=utf-8></head><body>{body}</body></html>"
    return parse_page(page, format="html", fetched_at=FETCHED).to_dict()


def _text(text: str) -> dict[str, Any]:
    return parse_page(text, format="text", fetched_at=FETCHED).to_dict()


STORY = ("<h1>Brug bij Zijpe gaat dicht</h1><p>ZIJPE (ANP) - De brug bij Zijpe gaat drie "
         "weken dicht voor onderhoud.</p><p>Verkeer wordt omgeleid via Bruinisse.</p>")


def test_card_links_of_inline_elements_give_every_item() -> None:
    cards = "".join(
        f'<a class=card href="/n/{n}"><strong>{title}</strong><span>{dateline}</span>'
        f"<em>{age}</em></a>"
        for n, (title, dateline, age) in enumerate([
            ("Storm legt Noorwegen plat",
             "OSLO (ANP/NTB) - Een zware storm legt het treinverkeer stil.", "35 minuten geleden"),
            ("Graanakkoord verlengd",
             "ISTANBUL (ANP/RTR) - Het graanakkoord is verlengd.", "2 u geleden"),
            ("Chili kiest president",
             "SANTIAGO (ANP/AFP) - Chili heeft een nieuwe president gekozen.", "gisteren"),
        ])
    )
    page = _html(f"{STORY}<section><h2>Meer uit Buitenland</h2><div>{cards}</div></section>")
    got = [(t["title"], t["dateline"]["place"], t["text"], t["age"], t["url"])
           for t in page["ticker"]]
    assert got == [
        ("Storm legt Noorwegen plat", "OSLO", "Een zware storm legt het treinverkeer stil.",
         "35 minuten geleden", "/n/0"),
        ("Graanakkoord verlengd", "ISTANBUL", "Het graanakkoord is verlengd.", "2 u geleden",
         "/n/1"),
        ("Chili kiest president", "SANTIAGO", "Chili heeft een nieuwe president gekozen.",
         "gisteren", "/n/2"),
    ]
    assert page["ticker"][1]["published_earliest"] == "2026-12-07T07:00:00+01:00"
    assert page["lead"]["paragraphs"] == [
        "De brug bij Zijpe gaat drie weken dicht voor onderhoud.",
        "Verkeer wordt omgeleid via Bruinisse.",
    ]


def test_a_link_with_text_of_its_own_stays_one_line() -> None:
    # Not a card: "<a><b>MOSKOU</b> (ANP) - ...</a>" is one dateline paragraph.
    page = _html("<h2>Meer uit Buitenland</h2><ul><li><a href=/m><b>MOSKOU</b> (ANP/RTR) - "
                 "Het Kremlin ontkent.</a> <span>1 uur geleden</span></li><li><a href=/k>"
                 "<b>KIEV</b> (ANP) - Oekraïne meldt aanvallen.</a><span>2 uur geleden</span>"
                 "</li></ul>")
    assert [(t["dateline"]["place"], t["text"]) for t in page["ticker"]] == [
        ("MOSKOU", "Het Kremlin ontkent."), ("KIEV", "Oekraïne meldt aanvallen."),
    ]


LEAD = "ZIJPE (ANP) - De brug bij Zijpe gaat drie weken dicht voor onderhoud."
TEASERS = ["Automobilist gewond bij botsing op de N57 bij Serooskerke",
           "Jubilerende harmonie speelt laatste concert in de Nieuwe Kerk",
           "Boeren protesteren met tractoren bij het provinciehuis"]


@pytest.mark.parametrize("heading", ["Meest gelezen", "Populair", "Meest bekeken"])
def test_numbered_box_after_a_short_lead_stays_out_of_it(heading: str) -> None:
    numbered = "\n".join(f"{n}. {t}" for n, t in enumerate(TEASERS, 1))
    page = _text(f"Brug bij Zijpe gaat dicht\n{LEAD}\n{heading}\n{numbered}\n")
    assert page["lead"]["paragraphs"] == [LEAD.split(" - ", 1)[1]]


def test_numbered_teasers_without_heading_after_a_short_lead_stay_out_of_it() -> None:
    numbered = "\n".join(f"{n}. {t}" for n, t in enumerate(TEASERS, 1))
    page = _text(f"Brug bij Zijpe gaat dicht\n{LEAD}\n{numbered}\n")
    assert page["lead"]["paragraphs"] == [LEAD.split(" - ", 1)[1]]


def test_a_numbered_list_inside_a_story_stays_in_it() -> None:
    story = (f"Brug bij Zijpe gaat dicht\n{LEAD}\nDe omleiding loopt in drie stappen:\n"
             "1. Verkeer naar Bruinisse rijdt via de N59.\n2. Fietsers nemen de pont.\n")
    assert _text(story)["lead"]["paragraphs"][1:] == [
        "De omleiding loopt in drie stappen:", "1. Verkeer naar Bruinisse rijdt via de N59.",
        "2. Fietsers nemen de pont.",
    ]


def test_box_of_teasers_in_html_stays_out_of_a_short_lead() -> None:
    box = "".join(f"<li><a href=/t{n}>{t}</a><p>Een korte samenvatting van dit bericht.</p></li>"
                  for n, t in enumerate(TEASERS))
    page = _html(f"<div><h1>Brug bij Zijpe gaat dicht</h1><p>{LEAD}</p>"
                 f"<h3>Meest gelezen</h3><ol>{box}</ol></div>")
    assert page["lead"]["paragraphs"] == [LEAD.split(" - ", 1)[1]]
    assert page["ticker"] == []


def test_an_item_without_age_does_not_swallow_the_next_teaser() -> None:
    # An index list without ages: a headline and snippet without dateline between two
    # wire items is another teaser, not more of the first item's text.
    page = _text("Zeeland\nDijk versterkt\nKATS (ANP) - Rijkswaterstaat begint met de dijk.\n"
                 "Veerdienst druk\nVLISSINGEN (ANP) - Het is druk op de veerdienst.\n"
                 "Brand in loods Goes\nDe brandweer rukte uit voor een grote brand.\n"
                 "Sporen vernieuwd\nGOES (ANP) - ProRail vernieuwt de sporen.\n"
                 "Bus rijdt vaker\nMIDDELBURG (ANP) - De bus rijdt vaker.\n")
    assert [(t["title"], t["text"]) for t in page["ticker"]] == [
        (None, "Het is druk op de veerdienst."),
        ("Sporen vernieuwd", "ProRail vernieuwt de sporen."),
        ("Bus rijdt vaker", "De bus rijdt vaker."),
    ]


def test_headline_only_teasers_make_no_ticker_items() -> None:
    teasers = "".join(f"<li><a href=/t{n}>{t}</a></li>" for n, t in enumerate(TEASERS))
    page = _html(f"{STORY}<section><h2>Meer uit Zeeland</h2><ul>{teasers}</ul></section>")
    assert page["ticker"] == []
    assert page["section"] == "Zeeland"


def test_a_story_after_the_ticker_column_ends_at_the_next_dateline() -> None:
    page = _text("Meer uit Zeeland\nDijk versterkt\nKATS (ANP) - Rijkswaterstaat begint met "
                 "de dijk.\nHet werk duurt een jaar.\nOmwonenden krijgen een brief.\n"
                 "Veerdienst druk\nVLISSINGEN (ANP) - Het is druk op de veerdienst.\n")
    assert page["lead"] is not None
    assert all("VLISSINGEN" not in p for p in page["lead"]["paragraphs"])


# Every unit spelling the vocabulary admits, in every place an age is printed.
SPELLINGS = ["5 minuut geleden", "5 minuten geleden", "5 min geleden", "5 min. geleden",
             "5 mins geleden", "5 mins. geleden", "5min geleden", "5 uur geleden",
             "5 uren geleden", "5 u geleden", "5u geleden", "5 dag geleden", "5 dagen geleden",
             "5 week geleden", "5 weken geleden", "5 maand geleden", "5 maanden geleden",
             "5 jaar geleden", "5 jaren geleden", "5 seconde geleden", "5 seconden geleden",
             "5 sec geleden", "5 sec. geleden", "5 m geleden", "5 h geleden", "5 d geleden",
             "5 w geleden", "1 uur, 5 minuten geleden", "1 uur en 5 minuten geleden",
             "Twee dagen geleden"]
FORMS = {
    "own line": "{sentence}\n{age}\n",
    "after the sentence": "{sentence} {age}\n",
    "glued": "{sentence}{age}\n",
    "after a separator": "{sentence} · {age}\n",
    "in brackets": "{sentence} ({age})\n",
    "glued before the next item": "{sentence}\n{age}",
}


def _first_item(age: str, form: str) -> dict[str, Any]:
    """The first ticker item of a text page whose first item shows ``age`` in ``form``."""
    sentence = "OSLO (ANP/NTB) - Een storm legt het verkeer plat."
    first = FORMS[form].format(sentence=sentence, age=age)
    page = _text(f"Meer uit Buitenland\n{first}ISTANBUL (ANP/RTR) - Het akkoord is verlengd.\n"
                 "3 uur geleden\n")
    item: dict[str, Any] = page["ticker"][0]
    return item


@pytest.mark.parametrize("form", sorted(FORMS))
@pytest.mark.parametrize("age", SPELLINGS)
def test_every_age_spelling_leaves_the_item_text(age: str, form: str) -> None:
    item = _first_item(age, form)
    assert item["text"] == "Een storm legt het verkeer plat."
    assert item["age"] == age
    assert item["published_earliest"] is not None


# Ages that leave the item text as well, but not glued without a space (where "plat.9m"
# could be anything): hedged ones and "vannacht" read as nulls, never a guess.
OTHER_AGES = {
    "ruim 2 uur geleden": None, "Bijna 3 uur geleden": None,
    "ongeveer een uur geleden": None, "meer dan een uur geleden": None,
    "ca. 2 uur geleden": None, "vannacht": None,
    "9m": ("2026-12-07T09:50:00+01:00", "2026-12-07T09:51:00+01:00"),
    "2u": ("2026-12-07T07:00:00+01:00", "2026-12-07T08:00:00+01:00"),
    "3d": ("2026-12-03T10:00:00+01:00", "2026-12-04T10:00:00+01:00"),
    "vanochtend": ("2026-12-07T00:00:00+01:00", "2026-12-07T10:00:00+01:00"),
    "Vanavond": ("2026-12-07T00:00:00+01:00", "2026-12-07T10:00:00+01:00"),
    # A shown date is that calendar day; a date after fetched_at is last year's.
    "3 mrt": ("2026-03-03T00:00:00+01:00", "2026-03-04T00:00:00+01:00"),
    "di 3 maart 2026": ("2026-03-03T00:00:00+01:00", "2026-03-04T00:00:00+01:00"),
    "03-03-2026": ("2026-03-03T00:00:00+01:00", "2026-03-04T00:00:00+01:00"),
    "24 december": ("2025-12-24T00:00:00+01:00", "2025-12-25T00:00:00+01:00"),
    "31 februari": None,
}


# A shown date is read on a line of its own or after the item's sentence.
_DATES = {"3 mrt", "di 3 maart 2026", "03-03-2026", "24 december", "31 februari"}
_OTHER_CASES = [
    (age, form) for age in sorted(OTHER_AGES) for form in sorted(set(FORMS) - {"glued"})
    if age not in _DATES or form in ("own line", "after the sentence")
]


@pytest.mark.parametrize(("age", "form"), _OTHER_CASES)
def test_hedged_compact_and_dated_ages_leave_the_item_text(age: str, form: str) -> None:
    item = _first_item(age, form)
    assert item["text"] == "Een storm legt het verkeer plat."
    assert item["age"] == age
    bounds = (item["published_earliest"], item["published_latest"])
    assert bounds == (OTHER_AGES[age] or (None, None))


def test_every_unit_the_pattern_admits_can_be_read() -> None:
    # The pattern is built from the table: each spelling it matches is one the reader knows.
    units = vocabulary.AGE_UNITS
    assert {age.split()[-2] for age in SPELLINGS if " " in age[:2]} == set(units)
    for unit in units:
        match = vocabulary.KNOWN_AGE.fullmatch(f"3 {unit} geleden")
        assert match is not None and match.group("unit") in units


def test_a_link_of_inline_elements_in_running_text_stays_one_paragraph() -> None:
    page = _html("<h1>Kim bezoekt fabriek</h1><p>PYONGYANG (ANP/AFP) - Leider "
                 "<a href=/kim><em>Kim</em> <strong>Jong-un</strong></a> bezocht een fabriek.</p>"
                 "<p><a href=/k><em>Kim</em> <strong>Yo-jong</strong></a> was er ook bij.</p>")
    assert page["lead"]["paragraphs"] == ["Leider Kim Jong-un bezocht een fabriek.",
                                          "Kim Yo-jong was er ook bij."]
