"""Read-side bad input: one line on stderr and a documented exit code, never a traceback."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from anp_archive.cli import app
from anp_archive.errors import ConfigError, SchemaTooNewError
from anp_archive.store import head


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stderr


@pytest.fixture
def archive_file(sqlite_url: str) -> str:
    code, err = run("db", "upgrade", "--db", sqlite_url)
    assert code == 0, err
    return sqlite_url


@pytest.mark.parametrize(
    ("option", "value"),
    [("--since", "0001-01-01"), ("--until", "0001-01-01T00:10"),
     ("--since", "9999-12-31T23:59:59-05:00"), ("--until", "9999-12-31T23:00-05:00")],
)
def test_a_date_without_a_utc_time_is_a_usage_error(
    archive_file: str, option: str, value: str
) -> None:
    code, err = run("search", option, value, "--db", archive_file)
    assert code == 2
    assert option in err and "out of range" in err


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("postgresql://u:geheim@127.0.0.1:notaport/db", "not a database URL"),
        ("postgresql://u@[::1/db", "not a database URL"),
        ("postgresql+nodriver://127.0.0.1/db", "unsupported database driver"),
    ],
)
@pytest.mark.parametrize("command", [["search", "x"], ["db", "upgrade"], ["db", "current"],
                                     ["stats"]])
def test_malformed_db_urls_are_one_line_exit_2(url: str, says: str, command: list[str]) -> None:
    code, err = run(*command, "--db", url)
    assert code == ConfigError.exit_code == 2
    assert err.count("\n") == 1 and err.startswith("anp-archive: ") and says in err
    assert "geheim" not in err
    assert "Traceback" not in err


def test_an_archive_newer_than_this_anp_archive(archive_file: str, tmp_path: Path) -> None:
    path = archive_file.removeprefix("sqlite:///")
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0099'")
    before = Path(path).read_bytes()
    for command in (["db", "upgrade"], ["search", "x"]):
        code, err = run(*command, "--db", archive_file)
        assert code == SchemaTooNewError.exit_code == 14
        assert err.count("\n") == 1 and "newer than this anp-archive knows" in err
    result = CliRunner().invoke(app, ["db", "current", "--db", archive_file])
    assert result.exit_code == 0 and "upgrade anp-archive" in result.stdout
    assert Path(path).read_bytes() == before


@pytest.mark.postgres
def test_read_commands_on_an_empty_postgres_database_write_nothing(pg_url: str) -> None:
    from sqlalchemy import create_engine, inspect

    for command in (["search", "x"], ["stats"], ["show", "1"], ["export"]):
        code, err = run(*command, "--db", pg_url)
        assert code == 2, command
        assert err.endswith("is not an anp-archive archive (left untouched)\n")
    engine = create_engine(pg_url)
    try:
        with engine.connect() as conn:
            assert inspect(conn).get_table_names() == []
    finally:
        engine.dispose()


def test_an_older_sqlite_archive_asks_for_db_upgrade_and_stays_as_it_was(
    sqlite_url: str,
) -> None:
    from sqlalchemy import create_engine

    from anp_archive.store.migrate import run_upgrade

    engine = create_engine(sqlite_url)
    with engine.begin() as conn:
        run_upgrade(conn, "0004")
    engine.dispose()
    path = Path(sqlite_url.removeprefix("sqlite:///"))
    before = path.read_bytes()
    code, err = run("search", "x", "--db", sqlite_url)
    assert code == 8
    assert err == (
        f"anp-archive: database is at revision 0004, this anp-archive needs {head()}; "
        "run 'anp-archive db upgrade'\n"
    )
    assert path.read_bytes() == before
