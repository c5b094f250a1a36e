"""--help names values by what they are (URL, FILE), not by Python types (<str>)."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from anp_archive.cli import app


def test_parse_help_has_metavars_not_types() -> None:
    result = CliRunner().invoke(app, ["parse", "--help"], terminal_width=200)
    assert result.exit_code == 0
    assert "--url URL" in result.stdout
    assert "--fetched-at ISO-TIME" in result.stdout
    option_lines = [line for line in result.stdout.splitlines() if line.lstrip().startswith("--")]
    assert not [line for line in option_lines if "<str>" in line]


@pytest.mark.parametrize("command", [["search"], ["stats"], ["db", "upgrade"]])
def test_db_option_shows_url(command: list[str]) -> None:
    result = CliRunner().invoke(app, [*command, "--help"], terminal_width=200)
    assert result.exit_code == 0
    assert "--db URL" in result.stdout


def _command_paths() -> list[list[str]]:
    from typer.main import get_command

    paths: list[list[str]] = []
    for name, command in get_command(app).commands.items():  # type: ignore[attr-defined]
        sub = getattr(command, "commands", None)
        paths.extend([[name, s] for s in sub] if sub else [[name]])
    return paths


@pytest.mark.parametrize("command", _command_paths(), ids=lambda p: " ".join(p))
def test_no_help_shows_python_types_or_braces(command: list[str]) -> None:
    result = CliRunner().invoke(app, [*command, "--help"], terminal_width=200)
    assert result.exit_code == 0
    assert not re.search(r"<[a-z][a-z\[\] ]*>|\{", result.stdout), result.stdout


@pytest.mark.parametrize(
    ("command", "usage", "row"),
    [
        (["parse"], "Usage: anp-archive parse [OPTIONS] FILE", "  FILE  Saved page"),
        (["import"], "Usage: anp-archive import [OPTIONS] PATH...", "  PATH...  Files or"),
        (["search"], "Usage: anp-archive search [OPTIONS] [WORD]...", "  WORD...  Words to"),
        (["show"], "Usage: anp-archive show [OPTIONS] STORY", "  STORY  A story id"),
        (["export-warc"], "Usage: anp-archive export-warc [OPTIONS] FILE", "  FILE  WARC file"),
    ],
)
def test_arguments_read_like_a_manual(command: list[str], usage: str, row: str) -> None:
    result = CliRunner().invoke(app, [*command, "--help"], terminal_width=200)
    lines = result.stdout.splitlines()
    assert lines[0] == usage
    assert any(line.startswith(row) for line in lines), result.stdout


@pytest.mark.parametrize(
    ("command", "option"),
    [
        (["search"], "--since ISO-TIME"),
        (["search"], "--limit N"),
        (["export"], "-o, --output FILE"),
        (["scrape"], "--max-bytes BYTES"),
        (["scrape"], "--retries N"),
        (["scrape"], "--max-crawl-delay SECONDS"),
        (["scrape"], "--profile NAME|PATH"),
        (["reparse"], "--profile NAME|PATH"),
        (["demo"], "--db FILE"),
    ],
)
def test_options_name_their_values(command: list[str], option: str) -> None:
    result = CliRunner().invoke(app, [*command, "--help"], terminal_width=200)
    assert f"  {option}  " in result.stdout


def test_broken_pipe_silences_stdout_and_keeps_stderr() -> None:
    import subprocess
    import sys
    import textwrap

    script = textwrap.dedent(
        """
        import sys
        import typer
        from anp_archive.cli._app import handle_errors

        @handle_errors
        def cmd() -> None:
            raise BrokenPipeError

        try:
            cmd()
        except typer.Exit as exc:
            print("lost on /dev/null")
            print(f"exit {exc.exit_code}; stderr still open", file=sys.stderr)
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert done.stderr == "exit 0; stderr still open\n"
