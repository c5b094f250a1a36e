"""CLI manners: one-line usage errors naming the option, exit 2; --version; -h."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from anp_archive import __version__
from anp_archive.cli import app


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["search", "--since", "gisteren"],
         "anp-archive: --since: 'gisteren' is not a date (use 2026-01-31 or an ISO time like "
         "2026-01-31T12:00+01:00)"),
        (["search", "--until", "morgen"], "anp-archive: --until: 'morgen' is not a date"),
        (["search", "--limit", "0"], "anp-archive: --limit: "),
        (["search", "--format", "xml"], "anp-archive: --format: use table, json, jsonl or csv"),
        (["search", "--bogus"], "anp-archive: --bogus: no such option"),
        (["stats", "--bogus"], "anp-archive: No such option: --bogus"),
        (["frobnicate"], "anp-archive: No such command 'frobnicate'"),
        (["show"], "anp-archive: Missing argument"),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(
    args: list[str], line: str, sqlite_url: str
) -> None:
    result = CliRunner().invoke(app, [*args, "--db", sqlite_url] if args[0] != "frobnicate"
                                else args)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith(line)
    assert result.stdout == ""


def test_version() -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert (result.exit_code, result.stdout) == (0, f"anp-archive {__version__}\n")


@pytest.mark.parametrize("args", [[], ["search"], ["db"], ["db", "upgrade"]])
def test_h_is_help(args: list[str]) -> None:
    short = CliRunner().invoke(app, [*args, "-h"])
    long = CliRunner().invoke(app, [*args, "--help"])
    assert short.exit_code == long.exit_code == 0
    assert short.stdout == long.stdout and short.stdout.startswith("Usage: anp-archive")
