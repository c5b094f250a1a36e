"""Shared fixtures: a fresh archive URL on SQLite and, where a server is reachable, PostgreSQL.

PostgreSQL tests use ``ANP_ARCHIVE_TEST_PG_URL`` (default: the local server on 127.0.0.1).
Without a server they skip with the reason, except when ``CI`` is set: there a missing
server must fail the run, so a green CI always means both databases were tested.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

PG_ADMIN_URL = os.environ.get(
    "ANP_ARCHIVE_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test"
)
REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "fixtures"
SEED = REPO.parent / "shared" / "seed" / "anp-page-buitenland.txt"


def _pg_admin_conninfo() -> str:
    return PG_ADMIN_URL.replace("postgresql+psycopg://", "postgresql://")


def _pg_unavailable_reason() -> str | None:
    try:
        import psycopg

        with psycopg.connect(_pg_admin_conninfo(), connect_timeout=3):
            return None
    except Exception as exc:  # any failure means "no server for these tests"
        return f"PostgreSQL not reachable at {PG_ADMIN_URL}: {type(exc).__name__}"


@pytest.fixture(scope="session")
def pg_server() -> str:
    """The admin conninfo of a reachable PostgreSQL server (skip, or fail under CI)."""
    reason = _pg_unavailable_reason()
    if reason is not None:
        if os.environ.get("CI"):
            pytest.fail(f"{reason} (CI is set, so PostgreSQL tests may not skip)")
        pytest.skip(reason)
    return _pg_admin_conninfo()


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    import psycopg

    name = f"anp_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = pg_server.rsplit("/", 1)[0]
    try:
        yield f"postgresql+psycopg://{base.split('://', 1)[1]}/{name}"
    finally:
        with psycopg.connect(pg_server, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A fresh SQLite archive file for one test."""
    return f"sqlite:///{tmp_path / 'archive.sqlite'}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each test that takes ``db_url`` runs on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        return str(request.getfixturevalue("sqlite_url"))
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture(autouse=True)
def _no_user_db(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Keep tests away from the user's real archive and data directory."""
    monkeypatch.setenv("ANP_ARCHIVE_DB", f"sqlite:///{tmp_path / 'default-archive.sqlite'}")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
