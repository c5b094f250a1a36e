"""`anp-archive db upgrade|current`, and the one-line messages for unusable databases."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from anp_archive.cli import app
from anp_archive.store import current, head


def test_db_upgrade_then_current(db_url: str) -> None:
    before = CliRunner().invoke(app, ["db", "current", "--db", db_url], catch_exceptions=False)
    if db_url.startswith("sqlite"):  # no file yet: nothing to report on, see below
        assert (before.exit_code, before.stdout) == (2, "")
    else:
        assert before.stdout == f"none (head is {head()}; run 'anp-archive db upgrade')\n"
    up = CliRunner().invoke(app, ["db", "upgrade", "--db", db_url], catch_exceptions=False)
    assert (up.exit_code, up.stdout) == (0, f"database at revision {head()} (head)\n")
    after = CliRunner().invoke(app, ["db", "current", "--db", db_url], catch_exceptions=False)
    assert (after.exit_code, after.stdout) == (0, f"{head()} (head)\n")
    assert current(db_url) == head()


def test_db_upgrade_uses_the_environment_default(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("ANP_ARCHIVE_DB", str(tmp_path / "env.sqlite"))
    assert CliRunner().invoke(app, ["db", "upgrade"]).exit_code == 0
    assert (tmp_path / "env.sqlite").exists()


def test_corrupt_file_is_one_line_and_exit_7(tmp_path: Path) -> None:
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"\x00garbage" * 1000)
    before = bad.read_bytes()
    for command in (["db", "upgrade"], ["import", str(bad)]):
        result = CliRunner().invoke(app, [*command, "--db", str(bad)])
        assert result.exit_code == 7, command
        assert result.stderr == f"anp-archive: cannot open database sqlite:///{bad}: file is not a database\n"
    # Read commands only look: the file is no archive, and it stays as it was.
    for command in (["stats"], ["search", "x"]):
        result = CliRunner().invoke(app, [*command, "--db", str(bad)])
        assert result.exit_code == 2, command
        assert result.stderr == (
            f"anp-archive: sqlite:///{bad} is not an anp-archive archive (left untouched)\n"
        )
    assert bad.read_bytes() == before


def test_unreachable_server_never_prints_the_password() -> None:
    result = CliRunner().invoke(app, ["stats", "--db", "postgresql://me:topsecret@127.0.0.1:1/anp"])
    assert result.exit_code == 7
    assert result.stderr.startswith("anp-archive: cannot open database postgresql+psycopg://me:***@127.0.0.1:1/anp: ")
    assert "topsecret" not in result.stderr + result.stdout
    assert result.stderr.count("\n") == 1


def test_postgres_behind_head_exits_8_with_the_fix(pg_url: str) -> None:
    CliRunner().invoke(app, ["db", "upgrade", "--db", pg_url], catch_exceptions=False)
    engine = create_engine(pg_url)
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM alembic_version"))
    engine.dispose()
    result = CliRunner().invoke(app, ["stats", "--db", pg_url])
    assert result.exit_code == 8
    assert result.stderr.endswith("has no anp-archive schema; run 'anp-archive db upgrade'\n")
    fixed = CliRunner().invoke(app, ["db", "current", "--db", pg_url])
    assert fixed.stdout.startswith("none")


def test_db_current_on_a_missing_file_is_exit_2_and_creates_nothing(tmp_path: Path) -> None:
    target = tmp_path / "missing.sqlite"
    result = CliRunner().invoke(app, ["db", "current", "--db", str(target)])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"anp-archive: no archive at {target} "
        "(nothing scraped or imported yet, or a mistyped --db)\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_db_current_on_an_empty_file_says_none(tmp_path: Path) -> None:
    target = tmp_path / "empty.sqlite"
    target.touch()
    result = CliRunner().invoke(app, ["db", "current", "--db", str(target)],
                                catch_exceptions=False)
    assert (result.exit_code, result.stdout) == (
        0, f"none (head is {head()}; run 'anp-archive db upgrade')\n"
    )
    assert current(str(target)) is None  # looked at, not migrated
