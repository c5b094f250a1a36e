"""Archive.open(create=False): readers never create a SQLite archive, but still migrate one."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine

from anp_archive.errors import ConfigError
from anp_archive.store import Archive, current, head
from anp_archive.store.migrate import run_upgrade


def test_a_missing_file_is_a_config_error_and_stays_missing(tmp_path: Path) -> None:
    target = tmp_path / "dir" / "archive.sqlite"
    with pytest.raises(ConfigError) as info:
        Archive.open(str(target), create=False)
    assert info.value.exit_code == 2
    assert str(info.value) == (
        f"no archive at {target} (nothing scraped or imported yet, or a mistyped --db)"
    )
    assert not target.parent.exists()


def test_create_true_is_still_the_default(tmp_path: Path) -> None:
    target = tmp_path / "dir" / "archive.sqlite"
    Archive.open(str(target)).close()
    assert current(str(target)) == head()


def test_an_existing_empty_file_is_migrated(tmp_path: Path) -> None:
    target = tmp_path / "archive.sqlite"
    target.touch()
    with Archive.open(f"sqlite:///{target}", create=False) as archive:
        assert archive.search() == []
    assert current(str(target)) == head()


def test_a_file_behind_head_is_upgraded(tmp_path: Path) -> None:
    target = tmp_path / "archive.sqlite"
    url = f"sqlite:///{target}"
    engine = create_engine(url)
    with engine.begin() as conn:
        run_upgrade(conn, "0001")
    engine.dispose()
    assert current(url) == "0001" != head()
    with Archive.open(url, create=False):
        pass
    assert current(url) == head()


def test_memory_needs_no_file() -> None:
    with Archive.open("sqlite://", create=False) as archive:
        assert archive.search() == []


def test_postgres_is_unchanged_an_empty_database_gets_the_schema(pg_url: str) -> None:
    with Archive.open(pg_url, create=False) as archive:
        assert archive.search() == []
    assert current(pg_url) == head()
