"""Migration 0006's analyst views: joinable ids, revisions, and an Amsterdam day that means
the same on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import create_engine, inspect, text

from anp_archive.store import Archive
from anp_archive.store.migrate import alembic_config

from .pages import capture_for, page, tick

AMSTERDAM = ZoneInfo("Europe/Amsterdam")

# Around the switches of 2025 and 2026 (01:00 UTC on the last Sundays of March and October),
# and around midnight in winter and in summer.
MOMENTS = [
    datetime(2026, 3, 29, 0, 59, tzinfo=UTC), datetime(2026, 3, 29, 1, 0, tzinfo=UTC),
    datetime(2026, 3, 28, 22, 30, tzinfo=UTC), datetime(2026, 3, 28, 23, 30, tzinfo=UTC),
    datetime(2026, 10, 24, 21, 59, tzinfo=UTC), datetime(2026, 10, 24, 22, 0, tzinfo=UTC),
    datetime(2026, 10, 25, 0, 59, tzinfo=UTC), datetime(2026, 10, 25, 1, 0, tzinfo=UTC),
    datetime(2026, 10, 25, 23, 0, tzinfo=UTC), datetime(2025, 3, 30, 22, 30, tzinfo=UTC),
    datetime(2025, 10, 26, 22, 59, tzinfo=UTC), datetime(2025, 10, 26, 23, 0, tzinfo=UTC),
    datetime(2026, 1, 15, 22, 59, tzinfo=UTC), datetime(2026, 1, 15, 23, 0, tzinfo=UTC),
    datetime(2026, 7, 15, 21, 59, tzinfo=UTC), datetime(2026, 7, 15, 22, 0, tzinfo=UTC),
]


def test_day_is_the_amsterdam_day_on_both_databases(archive: Archive) -> None:
    for i, at in enumerate(MOMENTS):
        p = page(None, None, tick(f"PLAATS{i}", f"Bericht nummer {i} over het weer.",
                                  minutes=None, fetched_at=at), fetched_at=at)
        archive.ingest(capture_for(p), p, parser_version="1")
    with archive.engine.connect() as conn:
        rows = conn.execute(text("SELECT place, day FROM v_articles")).all()
    days = {place: str(day) for place, day in rows}
    expected = {f"PLAATS{i}": at.astimezone(AMSTERDAM).date().isoformat()
                for i, at in enumerate(MOMENTS)}
    assert days == expected


def test_sightings_join_captures_and_revisions_are_listed(archive: Archive) -> None:
    first = page(None, None, tick("KYIV", "Eerste versie van het bericht over de stroom."))
    archive.ingest(capture_for(first), first, parser_version="1")
    with archive.engine.connect() as conn:
        joined = conn.execute(text(
            "SELECT a.place, c.sha256 FROM v_sightings s "
            "JOIN v_captures c ON c.id = s.capture_id JOIN v_articles a ON a.id = s.article_id"
        )).all()
        revisions = conn.execute(text(
            "SELECT r.article_id, r.revision, a.revisions, a.time_conflict "
            "FROM v_revisions r JOIN v_articles a ON a.id = r.article_id"
        )).all()
    assert joined == [("KYIV", capture_for(first).sha256)]
    assert [(rev, n, bool(conflict)) for _, rev, n, conflict in revisions] == [(1, 1, False)]


def test_upgrade_from_0005_and_back(db_url: str) -> None:
    from alembic import command

    engine = create_engine(db_url)
    try:
        with engine.begin() as conn:
            command.upgrade(alembic_config(connection=conn), "0005")
        with engine.connect() as conn:
            assert "v_revisions" not in inspect(conn).get_view_names()
        with engine.begin() as conn:
            command.upgrade(alembic_config(connection=conn), "0006")
        with engine.connect() as conn:
            assert "v_revisions" in inspect(conn).get_view_names()
            assert "day" in {c["name"] for c in inspect(conn).get_columns("v_articles")}
        with engine.begin() as conn:
            command.downgrade(alembic_config(connection=conn), "0005")
        with engine.connect() as conn:
            assert "v_revisions" not in inspect(conn).get_view_names()
            assert "day" not in {c["name"] for c in inspect(conn).get_columns("v_articles")}
    finally:
        engine.dispose()
