"""Read commands never create an archive: a missing SQLite file is one line and exit 2.

Writing commands (import, scrape, demo, db upgrade) still create it; an existing file that
is empty or behind is still migrated on open.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from anp_archive.cli import app
from anp_archive.config import default_db_path
from anp_archive.errors import ConfigError
from anp_archive.store import current, head

READ_COMMANDS = [
    ["search", "iets"],
    ["show", "1"],
    ["export"],
    ["stats"],
    ["export-warc", "{tmp}/out.warc"],
    ["reparse"],
    ["db", "current"],
]
IDS = [" ".join(c[:2]) if c[0] == "db" else c[0] for c in READ_COMMANDS]


def _argv(command: list[str], tmp_path: Path) -> list[str]:
    return [part.replace("{tmp}", str(tmp_path)) for part in command]


def _no_archive(path: Path) -> str:
    return (
        f"anp-archive: no archive at {path} "
        "(nothing scraped or imported yet, or a mistyped --db)\n"
    )


def test_the_error_is_the_documented_config_exit_code() -> None:
    assert ConfigError.exit_code == 2


@pytest.mark.parametrize("command", READ_COMMANDS, ids=IDS)
def test_missing_db_path_is_one_line_and_creates_nothing(
    command: list[str], tmp_path: Path
) -> None:
    target = tmp_path / "sub" / "typo.sqlite"
    result = CliRunner().invoke(app, [*_argv(command, tmp_path), "--db", str(target)])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == _no_archive(target)
    assert not (tmp_path / "sub").exists()
    assert not (tmp_path / "out.warc").exists()


@pytest.mark.parametrize("command", READ_COMMANDS, ids=IDS)
def test_missing_sqlite_url_in_the_environment(
    command: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "env.sqlite"
    monkeypatch.setenv("ANP_ARCHIVE_DB", f"sqlite:///{target}")
    result = CliRunner().invoke(app, _argv(command, tmp_path))
    assert (result.exit_code, result.stderr) == (2, _no_archive(target))
    assert not target.exists()


@pytest.mark.parametrize("command", READ_COMMANDS, ids=IDS)
def test_missing_default_archive(
    command: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ANP_ARCHIVE_DB")
    target = default_db_path()
    assert str(target).startswith(str(tmp_path))  # XDG_DATA_HOME points into tmp_path
    result = CliRunner().invoke(app, _argv(command, tmp_path))
    assert (result.exit_code, result.stderr) == (2, _no_archive(target))
    assert not target.parent.exists()


@pytest.mark.parametrize("command", READ_COMMANDS, ids=IDS)
def test_an_existing_empty_file_is_no_archive_and_left_alone(
    command: list[str], tmp_path: Path
) -> None:
    target = tmp_path / "empty.sqlite"
    target.touch()
    result = CliRunner().invoke(app, [*_argv(command, tmp_path), "--db", str(target)])
    if command == ["reparse"]:  # it writes: an empty file becomes an archive, as before
        assert result.exit_code == 0, result.stderr
        assert current(str(target)) == head()
        return
    if command == ["db", "current"]:  # the one read command that reports "none"
        assert (result.exit_code, result.stdout.split()[0]) == (0, "none")
    else:
        assert result.exit_code == 2
        assert result.stderr == (
            f"anp-archive: sqlite:///{target} is not an anp-archive archive (left untouched)\n"
        )
    assert target.read_bytes() == b""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.sqlite"]


@pytest.mark.parametrize(
    "command",
    [["db", "upgrade"], ["import", "{seed}", "--fetched-at", "2026-01-01T12:00+01:00"]],
    ids=["db upgrade", "import"],
)
def test_writing_commands_still_create_the_archive(command: list[str], tmp_path: Path) -> None:
    seed = Path(__file__).resolve().parents[2] / "fixtures" / "pages"
    page = next(seed.glob("*/page.txt"))
    target = tmp_path / "new" / "archive.sqlite"
    argv = [part.replace("{seed}", str(page)) for part in command]
    result = CliRunner().invoke(app, [*argv, "--db", str(target)], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert current(str(target)) == head()
