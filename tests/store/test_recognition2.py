"""Found by the second probe (two days across the end of summer time): the repeated hour."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import text

from anp_archive.store import Archive
from store.pages import KREMLIN, capture_for, page, tick

AMS = ZoneInfo("Europe/Amsterdam")


def test_the_repeated_hour_keeps_both_fetch_times(archive: Archive) -> None:
    # 02:30 occurs twice on 2026-10-25; a file's mtime read in Amsterdam time tells them
    # apart only by ``fold``, which datetime equality and hashing ignore.
    first = datetime.fromtimestamp(datetime(2026, 10, 25, 0, 30, tzinfo=UTC).timestamp(), AMS)
    second = datetime.fromtimestamp(datetime(2026, 10, 25, 1, 30, tzinfo=UTC).timestamp(), AMS)
    assert first == second and second.fold == 1  # the trap: equal, an hour apart
    # The same item, seen ten minutes and (an hour later) seventy minutes old.
    for when, minutes in ((first, (11, 10)), (second, (71, 70))):
        p = page(None, None,
                 tick("MOSKOU", KREMLIN, minutes=minutes, fetched_at=when.astimezone(UTC)),
                 fetched_at=when)
        archive.ingest(capture_for(p), p, parser_version="1")
    with archive.engine.connect() as conn:
        seen = [row[0] for row in conn.execute(
            text("SELECT seen_at FROM v_sightings ORDER BY seen_at"))]
        row = conn.execute(text(
            "SELECT published_earliest, published_latest, time_conflict FROM stories")).one()
    as_utc = [s if isinstance(s, datetime) else datetime.fromisoformat(s) for s in seen]
    hours = [s.replace(tzinfo=None).hour for s in (v.astimezone(UTC) if v.tzinfo else v
                                                   for v in as_utc)]
    assert hours == [0, 1]
    assert not row[2]
    earliest, latest = (v if isinstance(v, datetime) else datetime.fromisoformat(v) for v in row[:2])
    assert (earliest.replace(tzinfo=None), latest.replace(tzinfo=None)) == (
        datetime(2026, 10, 25, 0, 19), datetime(2026, 10, 25, 0, 20))


def test_a_regional_item_and_an_anp_item_with_one_headline_stay_apart(archive: Archive) -> None:
    # The site's own regional desk and ANP both report the ferry, minutes apart and under
    # the same headline; only the agency tells them apart.
    when = datetime(2026, 10, 24, 9, 0, tzinfo=UTC)
    title = "Veerdienst Vlissingen-Breskens uit de vaart"
    regional = tick("VLISSINGEN", "De veerdienst tussen Vlissingen en Breskens vaart vandaag "
                    "niet door een storing aan de motor van de boot.", agencies=(),
                    minutes=(21, 20), fetched_at=when, title=title, age="20 minuten geleden")
    anp = tick("VLISSINGEN", "Door een technische storing ligt de fietsvoetveerboot tussen "
               "Vlissingen en Breskens stil, meldt de provincie Zeeland.", agencies=("ANP",),
               minutes=(16, 15), fetched_at=when, title=title, age="15 minuten geleden")
    for item in (regional, anp):
        p = page(None, None, item, fetched_at=when)
        archive.ingest(capture_for(p), p, parser_version="1")
    assert sorted((s.agencies or "") for s in archive.search()) == ["", "ANP"]


def test_the_two_repeated_hours_get_their_own_stored_text() -> None:
    from anp_archive.store.rawsql import sqlite_datetime

    first = datetime(2026, 10, 25, 2, 30, tzinfo=AMS)
    second = first.replace(fold=1)
    assert sqlite_datetime(first) == "2026-10-25 00:30:00.000000"
    assert sqlite_datetime(second) == "2026-10-25 01:30:00.000000"
    assert sqlite_datetime(first.astimezone(UTC)) == "2026-10-25 00:30:00.000000"
