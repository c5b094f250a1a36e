"""The ingest hot path writes times exactly as the SQLAlchemy column type would."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import text
from sqlalchemy.dialects import sqlite

from anp_archive.store import Archive
from anp_archive.store.rawsql import sqlite_datetime
from anp_archive.store.schema import StoryRow, UTCDateTime
from store.pages import KREMLIN, capture_for, lead, page, tick

CET = timezone(timedelta(hours=1))


@pytest.mark.parametrize(
    "value",
    [
        None,
        datetime(2026, 1, 1, 12, 0, tzinfo=UTC),
        datetime(2026, 1, 1, 12, 0, 0, 123456, tzinfo=UTC),
        datetime(2026, 3, 29, 2, 30, tzinfo=CET),
        datetime(2025, 12, 31, 23, 59, 59),  # naive: read as UTC
    ],
)
def test_sqlite_datetime_matches_the_column_type(value: datetime | None) -> None:
    dialect = sqlite.dialect()  # type: ignore[no-untyped-call]
    processor = UTCDateTime().dialect_impl(dialect).bind_processor(dialect)
    assert processor is not None
    assert sqlite_datetime(value) == processor(value)
    assert sqlite_datetime(value) == sqlite_datetime(value)  # cached: still the same


def test_times_written_by_ingest_read_back_through_the_column_type(archive: Archive) -> None:
    fetched = datetime(2026, 1, 1, 13, 0, 0, 250000, tzinfo=CET)
    p = page(
        "https://x.nl/kremlin",
        lead("Kremlin ontkent", "MOSKOU", KREMLIN),
        tick("WASHINGTON", "Een heel ander bericht over iets anders dan het Kremlin vandaag.",
             minutes=(11, 10), fetched_at=fetched),
        fetched_at=fetched,
    )
    archive.ingest(capture_for(p), p, parser_version="1")
    [story] = [s for s in archive.search() if s.place == "WASHINGTON"]
    assert story.first_seen_at == fetched and story.first_seen_at.tzinfo is not None
    assert story.published_earliest == fetched - timedelta(minutes=11)
    assert story.published_latest == fetched - timedelta(minutes=10)
    with archive.engine.connect() as conn:
        seen = conn.execute(text("SELECT min(seen_at) FROM v_sightings")).scalar()
        cap = conn.execute(text("SELECT fetched_at FROM captures")).scalar()
    if archive.dialect == "sqlite":
        assert seen == "2026-01-01 12:00:00.250000" == cap
    else:
        assert seen == fetched == cap
    # A second page sees the stored times come back as aware datetimes and compares them.
    later = page(None, None, tick("WASHINGTON", story.lede, minutes=(71, 70),
                                  fetched_at=fetched + timedelta(hours=1)),
                 fetched_at=fetched + timedelta(hours=1))
    result = archive.ingest(capture_for(later), later, parser_version="1")
    assert (result.new_stories, result.new_sightings) == (0, 1)
    again = archive.get_story(story.id).story
    assert again.last_seen_at == fetched + timedelta(hours=1)
    assert again.first_seen_at == fetched
    assert not again.time_conflict


def test_every_insert_writes_every_column_of_its_table() -> None:
    from anp_archive.store.rawsql import STATEMENTS

    for name, statement in STATEMENTS.items():
        if not name.startswith("insert_"):
            continue
        table = StoryRow.metadata.tables[statement.table]
        assert set(statement.columns) | {"id"} == {c.name for c in table.columns}, name
        assert f"INSERT INTO {table.name} ({', '.join(statement.columns)})" in statement.sqlite


def test_the_story_updates_and_the_fixed_columns_are_every_story_column() -> None:
    from anp_archive.store.rawsql import STATEMENTS, STORY_FIXED, STORY_TEXT, story_counters

    columns = {c.name for c in StoryRow.__table__.columns}
    assert set(STORY_TEXT) <= columns and set(STORY_FIXED) <= columns
    assert set(story_counters()) | set(STORY_TEXT) | set(STORY_FIXED) == columns
    assert STATEMENTS["update_counters"].columns == story_counters()
    assert STATEMENTS["update_text"].columns == STORY_TEXT


def test_a_row_is_built_by_name_and_must_name_every_column() -> None:
    from anp_archive.store.rawsql import STATEMENTS

    make = STATEMENTS["insert_key"].sqlite_row
    assert make(story_id=1, kind="text", key="k", text_key=None) == (1, "text", "k", None)
    with pytest.raises(TypeError):
        make(story_id=1, kind="text", key="k")  # text_key missing
    with pytest.raises(TypeError):
        make(story_id=1, kind="text", key="k", text_key=None, weight=2)  # no such column
    sighting = STATEMENTS["insert_sighting"]
    at = datetime(2026, 1, 1, 13, 0, tzinfo=CET)
    values = dict(story_id=1, capture_id=2, role="ticker", position=3, age=None, seen_at=at,
                  published_earliest=None, published_latest=at, is_update=False)
    row = dict(zip(sighting.columns, sighting.sqlite_row(**values), strict=True))
    # Times are converted for the dialect by their column type, wherever they stand.
    assert row["seen_at"] == row["published_latest"] == "2026-01-01 12:00:00.000000"
    pg = dict(zip(sighting.columns, sighting.postgres_row(**values), strict=True))
    assert pg["seen_at"] == at and pg["seen_at"].tzinfo is UTC
