"""--help names values by what they are (URL, FILE), not by Python types (<str>)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from anp_archive.cli import app


def test_parse_help_has_metavars_not_types() -> None:
    result = CliRunner().invoke(app, ["parse", "--help"], terminal_width=200)
    assert result.exit_code == 0
    assert "--url URL" in result.stdout
    assert "--fetched-at ISO" in result.stdout
    option_lines = [line for line in result.stdout.splitlines() if line.lstrip().startswith("--")]
    assert not [line for line in option_lines if "<str>" in line]


@pytest.mark.parametrize("command", [["search"], ["stats"], ["db", "upgrade"]])
def test_db_option_shows_url(command: list[str]) -> None:
    result = CliRunner().invoke(app, [*command, "--help"], terminal_width=200)
    assert result.exit_code == 0
    assert "--db URL" in result.stdout


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
