"""Bad databases and concurrent writers: one clear line, never a traceback or lost data."""

from __future__ import annotations

import multiprocessing
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from anp_archive.errors import ConfigError, DatabaseUnavailableError
from anp_archive.store import Archive
from store.pages import T0, capture_for, page, tick


def test_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    bad = tmp_path / "notes.sqlite"
    bad.write_bytes(b"these are my notes, not a database\n" * 100)
    with pytest.raises(DatabaseUnavailableError) as info:
        Archive.open(str(bad))
    assert str(info.value) == f"cannot open database sqlite:///{bad}: file is not a database"
    assert info.value.exit_code == 7


def test_a_folder_where_the_file_should_be(tmp_path: Path) -> None:
    with pytest.raises(DatabaseUnavailableError, match="unable to open database file"):
        Archive.open(f"sqlite:///{tmp_path}")


def test_unreachable_server_masks_the_password() -> None:
    with pytest.raises(DatabaseUnavailableError) as info:
        Archive.open("postgresql://archiver:s3cret-pw@127.0.0.1:1/anp")
    message = str(info.value)
    assert message.startswith("cannot open database postgresql+psycopg://archiver:***@127.0.0.1:1/anp: ")
    assert "s3cret" not in message and "\n" not in message


def test_wrong_password_is_one_line_without_the_password(pg_server: str) -> None:
    # The local test server trusts everyone; a missing role gives the same kind of refusal.
    base = pg_server.split("://", 1)[1].split("@", 1)[1]
    with pytest.raises(DatabaseUnavailableError) as info:
        Archive.open(f"postgresql://no_such_role_x:hunter2@{base}")
    assert "hunter2" not in str(info.value)
    assert "no_such_role_x" in str(info.value)


def test_unsupported_url_is_a_config_error() -> None:
    with pytest.raises(ConfigError):
        Archive.open("mysql://localhost/anp")


def _ingest_many(args: tuple[str, int]) -> int:
    url, worker = args
    added = 0
    with Archive.open(url) as archive:
        for i in range(40):
            when = T0 + timedelta(minutes=i)
            # Both workers see the same shared ticker items, plus their own.
            p = page(
                None, None,
                tick("KYIV", f"Gedeeld bericht nummer {i % 10} over de oorlog in Oekraïne en de onderhandelingen.",
                     fetched_at=when),
                tick("PARIJS", f"Eigen bericht {worker}-{i} van werker {worker} over de Franse politiek en de begroting.",
                     fetched_at=when),
                fetched_at=when,
            )
            added += archive.ingest(capture_for(p, salt=str(worker)), p, parser_version="1").new_sightings
    return added


def test_two_processes_importing_into_one_sqlite_file_both_finish(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'shared.sqlite'}"
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(2) as pool:
        results = pool.map(_ingest_many, [(url, 1), (url, 2)])
    assert results == [80, 80]
    with Archive.open(url) as archive, archive.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM v_sightings")).scalar() == 160
        # 10 shared stories (no duplicates from the race) + 80 own ones.
        assert conn.execute(text("SELECT count(*) FROM v_articles")).scalar() == 90


def test_two_processes_on_postgres_do_not_duplicate_shared_stories(pg_url: str) -> None:
    Archive.open(pg_url).close()
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(2) as pool:
        assert pool.map(_ingest_many, [(pg_url, 1), (pg_url, 2)]) == [80, 80]
    with Archive.open(pg_url) as archive, archive.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM v_articles")).scalar() == 90
