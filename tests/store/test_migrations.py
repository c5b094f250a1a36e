"""Migrations are the only way the schema is made; they run on both databases."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from anp_archive.errors import SchemaOutOfDateError, StoreError
from anp_archive.models import Capture
from anp_archive.store import Archive, current, head, upgrade
from anp_archive.store.migrate import migrations_dir
from anp_archive.store.schema import Base


def test_upgrade_and_current_on_both_databases(db_url: str) -> None:
    assert current(db_url) is None
    assert upgrade(db_url) == head() == "0012"
    assert current(db_url) == "0012"
    assert upgrade(db_url) == "0012"  # idempotent
    engine = create_engine(db_url)
    try:
        names = set(inspect(engine).get_table_names()) | set(inspect(engine).get_view_names())
    finally:
        engine.dispose()
    assert {"captures", "stories", "story_revisions", "story_keys", "sightings",
            "fetch_validators", "runs", "v_articles", "v_sightings", "v_captures"} <= names


def test_models_agree_with_the_migrations(db_url: str) -> None:
    upgrade(db_url)
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    finally:
        engine.dispose()
    # Only what SQLAlchemy models cannot express: FTS tables and the PG tsvector column.
    relevant = [
        d for d in diff
        if not (d[0] == "remove_table" and d[1].name.startswith(("stories_fts", "story_search")))
        and not (d[0] == "remove_index" and d[1].name == "ix_story_search_search")
    ]
    assert relevant == []


def test_sqlite_file_is_created_and_migrated_on_first_open(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "er" / "archive.sqlite"
    with Archive.open(str(target)) as archive:
        assert archive.dialect == "sqlite"
        assert archive.sqlite_path == target.resolve()
    assert current(str(target)) == head()
    with Archive.open(str(target)).engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"


def test_default_database_comes_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANP_ARCHIVE_DB", str(tmp_path / "env.sqlite"))
    with Archive.open() as archive:
        assert archive.sqlite_path == (tmp_path / "env.sqlite").resolve()


def test_empty_postgres_database_is_given_the_schema(pg_url: str) -> None:
    with Archive.open(pg_url) as archive:
        assert archive.dialect == "postgresql"
    assert current(pg_url) == head()


def test_postgres_behind_head_says_to_run_db_upgrade(pg_url: str) -> None:
    upgrade(pg_url)
    engine = create_engine(pg_url)
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM alembic_version"))
    engine.dispose()
    with pytest.raises(SchemaOutOfDateError) as info:
        Archive.open(pg_url)
    assert "run 'anp-archive db upgrade'" in str(info.value)
    assert info.value.exit_code == 8


def test_database_newer_than_this_version_is_refused(db_url: str) -> None:
    upgrade(db_url)
    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    with pytest.raises(StoreError, match="revision 9999, newer than this anp-archive knows"):
        Archive.open(db_url)


def test_migrations_are_found_in_the_checkout_or_the_installed_package() -> None:
    found = migrations_dir()
    assert (found / "env.py").is_file()
    assert (found / "versions" / "0001_initial.py").is_file()


def test_a_database_at_0001_upgrades_to_head_and_gets_the_lookup_indexes(db_url: str) -> None:
    from alembic import command

    from anp_archive.store.migrate import alembic_config

    engine = create_engine(db_url)
    try:
        with engine.begin() as conn:
            command.upgrade(alembic_config(connection=conn), "0001")
        assert current(db_url) == "0001"
        assert upgrade(db_url) == head() == "0012"
        indexes = {i["name"] for i in inspect(engine).get_indexes("captures")}
        indexes |= {i["name"] for i in inspect(engine).get_indexes("story_revisions")}
        indexes |= {i["name"] for i in inspect(engine).get_indexes("runs")}
    finally:
        engine.dispose()
    assert {"ix_captures_fetched_at", "ix_story_revisions_url", "ix_runs_site_started_at"} <= indexes


def test_the_postgres_search_folds_accents_by_the_stores_table_for_old_rows_too(
    pg_url: str,
) -> None:
    import importlib.util

    from alembic import command

    from anp_archive.models import Dateline, Page, TickerItem
    from anp_archive.store.identity import SEARCH_FOLD_FROM, SEARCH_FOLD_TO
    from anp_archive.store.migrate import alembic_config

    spec = importlib.util.spec_from_file_location(
        "m0005", migrations_dir() / "versions" / "0005_search_folds_accents.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    # The query is folded in Python, the index in SQL: one table for both.
    assert (module.FOLD_FROM, module.FOLD_TO) == (SEARCH_FOLD_FROM, SEARCH_FOLD_TO)

    from datetime import UTC, datetime

    item = TickerItem(None, Dateline("SÃO PAULO", ("ANP",)),
                      "Zware regenval zet delen van São Paulo blank.", None, None, None, None)
    p = Page(None, datetime(2026, 3, 10, 12, tzinfo=UTC), None, None, (item,))
    with Archive.open(pg_url) as archive:
        archive.ingest(Capture(None, datetime(2026, 3, 10, 12, tzinfo=UTC), 200, b"x"), p,
                       parser_version="1")
    engine = create_engine(pg_url)

    def hits(word: str) -> int:
        with engine.connect() as conn:
            return int(conn.execute(
                text("SELECT count(*) FROM story_search "
                     "WHERE search @@ websearch_to_tsquery('dutch', :w)"), {"w": word}
            ).scalar_one())

    try:
        assert hits("sao") == 1
        with engine.begin() as conn:
            command.downgrade(alembic_config(connection=conn), "0004")
        assert hits("sao") == 0  # the dutch configuration alone keeps the tilde
        with engine.begin() as conn:
            command.upgrade(alembic_config(connection=conn), "0005")
        assert hits("sao") == 1  # rows indexed before 0005 are folded too
    finally:
        engine.dispose()


def test_0008_upgrades_from_0005_keeping_runs_and_downgrades(db_url: str) -> None:
    from alembic import command

    from anp_archive.store.migrate import alembic_config

    engine = create_engine(db_url)
    try:
        with engine.begin() as conn:
            command.upgrade(alembic_config(connection=conn), "0005")
            conn.execute(text(
                "INSERT INTO runs (site, started_at, exit_code, counts) "
                "VALUES ('zeelandnet', '2026-12-01 08:00:00', 0, '{\"pages\": 3}')"
            ))
        assert upgrade(db_url) == "0012"
        with Archive.open(db_url) as archive:
            (old,) = archive.runs()
            assert (old.counts, old.messages, old.status) == ({"pages": 3}, (), "exit 0")
            archive.replace_frontier("zeelandnet", [("https://www.zeelandnet.nl/nieuws/a", 1)])
            assert archive.frontier("zeelandnet") == [("https://www.zeelandnet.nl/nieuws/a", 1)]
        with engine.begin() as conn:
            command.downgrade(alembic_config(connection=conn), "0005")
        assert "crawl_frontier" not in inspect(engine).get_table_names()
        assert "messages" not in {c["name"] for c in inspect(engine).get_columns("runs")}
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM runs")).scalar_one() == 1
    finally:
        engine.dispose()



# Random, so PostgreSQL cannot compress it under the 2,704-byte B-tree entry limit.
LONG_LINK = "https://www.example.nl/nieuws/fietspad?k=" + secrets.token_urlsafe(4000)


def _page_with_a_long_link(link: str) -> tuple[Capture, object]:
    from datetime import UTC, datetime

    from anp_archive.models import Dateline, Page, TickerItem

    at = datetime(2026, 12, 7, 9, tzinfo=UTC)
    item = TickerItem(None, Dateline("ASSEN", ("ANP",)),
                      "De provincie Drenthe opent een nieuw fietspad langs het kanaal.",
                      None, None, None, link)
    return Capture(None, at, 200, b"<html>drenthe</html>"), Page(None, at, None, None, (item,))


def test_0007_lets_every_database_store_and_find_a_link_too_long_for_a_btree(
    db_url: str,
) -> None:
    from alembic import command

    from anp_archive.store.migrate import alembic_config

    link = LONG_LINK
    capture, page = _page_with_a_long_link(link)
    engine = create_engine(db_url)
    try:
        with engine.begin() as conn:
            command.upgrade(alembic_config(connection=conn), "0005")
        upgrade(db_url)  # through 0007, to the head the archive needs
        with Archive.open(db_url) as archive:
            archive.ingest(capture, page, parser_version="1")  # type: ignore[arg-type]
            assert archive.get_story(link).story.url == link
        if engine.dialect.name == "postgresql":
            with engine.connect() as conn:
                rows = conn.execute(text(
                    "SELECT c.relname, am.amname FROM pg_class c "
                    "JOIN pg_am am ON am.oid = c.relam "
                    "WHERE c.relname IN ('ix_stories_url', 'ix_captures_url', "
                    "'ix_story_revisions_url', 'ix_stories_place_key')"
                ))
                methods = {str(name): str(method) for name, method in rows}
            assert methods == dict.fromkeys(methods, "hash") and len(methods) == 4
    finally:
        engine.dispose()


def test_0007_downgrades_to_0005_and_up_again(db_url: str) -> None:
    from alembic import command

    from anp_archive.store.migrate import alembic_config

    upgrade(db_url)
    engine = create_engine(db_url)
    try:
        with engine.begin() as conn:
            command.downgrade(alembic_config(connection=conn), "0005")
        assert current(db_url) == "0005"
        names = {i["name"] for i in inspect(engine).get_indexes("stories")}
        assert {"ix_stories_url", "ix_stories_place_key"} <= names
        assert upgrade(db_url) == "0012"
    finally:
        engine.dispose()


def test_a_btree_on_stories_url_would_refuse_the_same_link_on_postgres(pg_url: str) -> None:
    """The failure 0007 fixes, so the test above is known to test something."""
    capture, page = _page_with_a_long_link(LONG_LINK)
    upgrade(pg_url)
    engine = create_engine(pg_url)
    try:
        with engine.begin() as conn:
            conn.execute(text("DROP INDEX ix_stories_url"))
            conn.execute(text("CREATE INDEX ix_stories_url ON stories (url)"))
        with Archive.open(pg_url) as archive, pytest.raises(StoreError, match="index row size"):
            archive.ingest(capture, page, parser_version="1")  # type: ignore[arg-type]
    finally:
        engine.dispose()
