"""The console script builds only the command it runs, and says exactly what the whole app says."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from anp_archive.cli import app
from anp_archive.cli.entry import app_for
from anp_archive.store import Archive

_RUN = "import sys; sys.argv[0] = 'anp-archive'; from anp_archive.cli import {}"


def _run(how: str, args: list[str]) -> tuple[int, str, str]:
    done = subprocess.run([sys.executable, "-c", _RUN.format(how), *args],
                          capture_output=True, text=True, env={"COLUMNS": "80", "PATH": ""})
    return done.returncode, done.stdout, done.stderr


@pytest.mark.parametrize("args", [
    [], ["--help"], ["-h"], ["--version"], ["--help", "search"], ["--bogus"],
    ["search", "--help"], ["db"], ["db", "--help"], ["db", "current", "--help"],
    ["scrape", "--help"], ["searhc", "haven"], ["search", "--limit", "0", "haven"],
    ["search", "--bogus"], ["db", "bogus"], ["search", "haven", "--format", "json"],
    ["show", "1"], ["db", "current"],
])
def test_the_console_script_answers_as_the_whole_app(args: list[str], tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite"
    Archive.open(f"sqlite:///{db}").close()
    if args[:1] in (["search"], ["show"], ["db"]) and "--help" not in args and len(args) > 1:
        args = [*args, "--db", str(db)]
    assert _run("main; main()", args) == _run("app; app()", args)


def test_only_the_named_command_is_built() -> None:
    assert [c.callback.__name__ for c in app_for(app, ["search", "haven"]).registered_commands
            if c.callback] == ["search"]
    db = app_for(app, ["db", "current"])
    assert db.registered_commands == [] and [g.name for g in db.registered_groups] == ["db"]
    # Options before the command, or an unknown one: the whole app, as Typer would see it.
    assert app_for(app, ["--help", "search"]) is app
    assert app_for(app, ["searhc"]) is app
    assert app_for(app, ["--db", "x", "search"]) is app
    # The app's own help: every command, by name and help text only.
    listing = app_for(app, ["--help"])
    assert [c.name for c in listing.registered_commands] == [
        c.name for c in app.registered_commands]
    assert len(app.registered_commands) > 1  # the app itself is left whole
