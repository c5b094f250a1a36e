"""Absolute ticker times (``10:42``, ``vandaag 10:42``, ``gisteren 23:10``, ``3 december
14:05``) are the item's time, read as the printed minute in Europe/Amsterdam."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from anp_archive import parse_page
from anp_archive.parse.clock import clock_time_before
from anp_archive.parse.shown_times import read_shown_time

AMS = ZoneInfo("Europe/Amsterdam")


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _ticker(text: str, fetched_at: str) -> list[tuple[str | None, str, str | None, str | None]]:
    page = parse_page(text, format="text", fetched_at=_at(fetched_at)).to_dict()
    out = []
    for item in page["ticker"]:
        if item["published_earliest"] is not None:  # the printed minute
            span = _at(item["published_latest"]) - _at(item["published_earliest"])
            assert span == timedelta(minutes=1), item
        out.append((item["title"], item["dateline"]["place"], item["age"],
                    item["published_earliest"]))
    return out


LEAD = ("Brug bij Zijpe gaat dicht\nZIJPE (ANP) - De brug gaat drie weken dicht.\n"
        "Het verkeer wordt omgeleid.\nMeer uit Zeeland\n")


@pytest.mark.parametrize(("shown", "expected"), [
    ("10:42", "2026-12-07T10:42:00+01:00"),
    ("10.42 uur", "2026-12-07T10:42:00+01:00"),
    ("vandaag 10:42", "2026-12-07T10:42:00+01:00"),
    ("Vandaag, 10:42", "2026-12-07T10:42:00+01:00"),
    ("gisteren 23:10", "2026-12-06T23:10:00+01:00"),
    ("eergisteren 08:00", "2026-12-05T08:00:00+01:00"),
    ("3 december 14:05", "2026-12-03T14:05:00+01:00"),
    ("3 dec. 2026, 14:05 uur", "2026-12-03T14:05:00+01:00"),
    ("7 december om 11:30", "2025-12-07T11:30:00+01:00"),  # later today: last year
])
def test_a_shown_time_is_the_items_time_not_the_next_headline(shown: str, expected: str) -> None:
    text = (f"{LEAD}Storm legt veer plat\nVLISSINGEN (ANP) - Het veer vaart niet.\n{shown}\n"
            "Brand in loods\nGOES (ANP) - Een loods is afgebrand.\n09:15\n")
    assert _ticker(text, "2026-12-07T10:50:00+01:00") == [
        ("Storm legt veer plat", "VLISSINGEN", shown, expected),
        ("Brand in loods", "GOES", "09:15", "2026-12-07T09:15:00+01:00"),
    ]


def test_times_printed_before_their_items() -> None:
    text = ("Zeeland\n10:42\nStorm legt veer plat\nVLISSINGEN (ANP) - Het veer vaart niet.\n"
            "09:15\nBrand in loods\nGOES (ANP) - Een loods is afgebrand.\n")
    assert _ticker(text, "2026-12-07T10:50:00+01:00") == [
        ("Storm legt veer plat", "VLISSINGEN", "10:42", "2026-12-07T10:42:00+01:00"),
        ("Brand in loods", "GOES", "09:15", "2026-12-07T09:15:00+01:00"),
    ]


def test_shown_times_in_html_cards() -> None:
    items = "".join(
        f'<li><a href="/z/{n}">{title}</a><p>{dateline}</p><span class=tijd>{shown}</span></li>'
        for n, (title, dateline, shown) in enumerate([
            ("Storm legt veer plat", "VLISSINGEN (ANP) - Het veer vaart niet.", "23:51"),
            ("Brand in loods", "GOES (ANP) - Een loods is afgebrand.", "gisteren 22:05"),
        ])
    )
    html = (f"<html><body><h1>Brug dicht</h1><p>ZIJPE (ANP) - De brug gaat dicht.</p>"
            f"<p>Het verkeer wordt omgeleid.</p><h2>Meer uit Zeeland</h2><ul>{items}</ul>"
            "</body></html>")
    page = parse_page(html, fetched_at=_at("2026-01-01T00:19:00+01:00")).to_dict()
    assert [(t["title"], t["age"], t["published_earliest"]) for t in page["ticker"]] == [
        ("Storm legt veer plat", "23:51", "2025-12-31T23:51:00+01:00"),
        ("Brand in loods", "gisteren 22:05", "2025-12-31T22:05:00+01:00"),
    ]


def test_without_fetched_at_a_shown_time_gives_no_time() -> None:
    text = (f"{LEAD}Storm legt veer plat\nVLISSINGEN (ANP) - Het veer vaart niet.\n10:42\n"
            "Brand in loods\nGOES (ANP) - Een loods is afgebrand.\n09:15\n")
    page = parse_page(text, format="text").to_dict()
    assert [(t["age"], t["published_earliest"]) for t in page["ticker"]] == [
        ("10:42", None), ("09:15", None),
    ]


def test_a_clock_in_a_story_or_a_byline_stays_where_it_was() -> None:
    text = ("Brug bij Zijpe gaat dicht\n7 december 2026, 09:12\nZIJPE (ANP) - De brug gaat "
            "dicht.\n10:00\nDan begint het werk, zegt de gemeente.\n")
    page = parse_page(text, format="text", fetched_at=_at("2026-12-07T10:50:00+01:00"))
    assert page.ticker == ()
    assert page.lead is not None
    assert page.lead.paragraphs == ("De brug gaat dicht.", "10:00",
                                    "Dan begint het werk, zegt de gemeente.")


@pytest.mark.parametrize(("label", "fetched_at", "expected"), [
    # Just after midnight: 23:51 is yesterday evening; 00:10 is today.
    ("23:51", "2026-01-01T00:19:00+01:00", "2025-12-31T23:51:00+01:00"),
    ("00:10", "2026-01-01T00:19:00+01:00", "2026-01-01T00:10:00+01:00"),
    ("vandaag 00:25", "2026-01-01T00:19:00+01:00", "2025-12-31T00:25:00+01:00"),
    # gisteren across a month end (and a leap day).
    ("gisteren 23:10", "2026-03-01T09:00:00+01:00", "2026-02-28T23:10:00+01:00"),
    ("gisteren 23:10", "2028-03-01T09:00:00+01:00", "2028-02-29T23:10:00+01:00"),
    ("eergisteren 12:00", "2026-03-01T09:00:00+01:00", "2026-02-27T12:00:00+01:00"),
    # A date at the year change: read on 2 January, 3 December is last year's.
    ("3 december 14:05", "2027-01-02T10:00:00+01:00", "2026-12-03T14:05:00+01:00"),
    ("2 januari 09:30", "2027-01-02T10:00:00+01:00", "2027-01-02T09:30:00+01:00"),
    ("3 december 2025 14:05", "2027-01-02T10:00:00+01:00", "2025-12-03T14:05:00+01:00"),
    # Read in UTC: 23:30 UTC on 31 December is already 1 January in Amsterdam.
    ("00:15", "2025-12-31T23:30:00+00:00", "2026-01-01T00:15:00+01:00"),
    # Summer time.
    ("14:05", "2026-07-01T15:00:00+02:00", "2026-07-01T14:05:00+02:00"),
])
def test_shown_time_instants(label: str, fetched_at: str, expected: str) -> None:
    found = read_shown_time(label, _at(fetched_at))
    assert found is not None and found.isoformat() == expected


# Autumn change, 25 October 2026: 03:00 summer time becomes 02:00 winter time, so 02:30
# shows twice (00:30 UTC and 01:30 UTC). The later moment not after fetched_at is taken.
@pytest.mark.parametrize(("fetched_at", "expected"), [
    ("2026-10-25T01:40:00+00:00", "2026-10-25T02:30:00+01:00"),  # after both
    ("2026-10-25T01:10:00+00:00", "2026-10-25T02:30:00+02:00"),  # after the first only
    ("2026-10-25T00:10:00+00:00", "2026-10-24T02:30:00+02:00"),  # before both: yesterday
])
def test_autumn_fold_takes_the_latest_moment_at_or_before_the_fetch(
    fetched_at: str, expected: str
) -> None:
    found = read_shown_time("02:30", _at(fetched_at))
    assert found is not None and found.isoformat() == expected
    day = _at(fetched_at).astimezone(AMS).date()
    assert clock_time_before(_at(fetched_at), day, 2, 30).isoformat() == expected


def test_gisteren_in_the_autumn_fold() -> None:
    found = read_shown_time("gisteren 02:30", _at("2026-10-26T10:00:00+01:00"))
    assert found is not None and found.astimezone(UTC).isoformat() == "2026-10-25T01:30:00+00:00"


# Spring change, 29 March 2026: 02:00 winter time becomes 03:00 summer time, so no clock
# showed 02:30. It is read as 03:30 summer time (one hour later), the package's rule for
# every wall time in the gap; when that is after fetched_at, it is the day before.
@pytest.mark.parametrize(("fetched_at", "expected"), [
    ("2026-03-29T04:00:00+02:00", "2026-03-29T03:30:00+02:00"),
    ("2026-03-29T03:10:00+02:00", "2026-03-28T02:30:00+01:00"),
])
def test_spring_gap_reads_one_hour_later(fetched_at: str, expected: str) -> None:
    found = read_shown_time("02:30", _at(fetched_at))
    assert found is not None and found.isoformat() == expected
    found = read_shown_time("29 maart 02:30", _at("2026-03-30T10:00:00+02:00"))
    assert found is not None and found.isoformat() == "2026-03-29T03:30:00+02:00"


def test_a_date_that_does_not_exist_gives_no_time() -> None:
    assert read_shown_time("31 februari 10:00", _at("2026-03-05T10:00:00+01:00")) is None
    assert read_shown_time("10:42", None) is None
    assert read_shown_time("Brand om 10:42", _at("2026-03-05T10:00:00+01:00")) is None


@pytest.mark.parametrize("shown", ["10:44", "vandaag 10:44", "7 december 10:44"])
def test_a_time_just_ahead_of_our_clock_is_not_a_day_or_a_year_back(shown: str) -> None:
    # The site's clock runs a few seconds ahead of ours: still today's 10:44, this year's.
    assert read_shown_time(shown, _at("2026-12-07T10:43:50+01:00")) == _at(
        "2026-12-07T10:44:00+01:00"
    )
    # Beyond the allowed skew a printed time is still from before the fetch.
    assert read_shown_time("10:49", _at("2026-12-07T10:43:50+01:00")) == _at(
        "2026-12-06T10:49:00+01:00"
    )
