"""Generators for README's cog blocks: the command reference and the exit-code table.

Run by `cog -I .ci -r README.md` (to update) and `cog -I .ci --check README.md` (in CI).
"""

from __future__ import annotations

import inspect

from typer.main import get_command
from typer.testing import CliRunner

from anp_archive import errors
from anp_archive.cli import app

# Exit codes that are not tied to a single error class.
_GENERAL = {
    0: "Success.",
    1: "Some pages or files failed (the others were stored), or another error.",
    2: "Usage or configuration error: a bad option, profile, path or database URL, or a read "
    "command (`search`, `stats`, ...) pointed at a SQLite archive that does not exist.",
    130: "Interrupted (Ctrl-C); what was committed before stays whole.",
    143: "Stopped by SIGTERM (systemd stop, timeout); the run is recorded as interrupted.",
}


def _commands() -> list[list[str]]:
    """Every command path, e.g. ['scrape'], ['db', 'upgrade'], in the app's order."""
    group = get_command(app)
    paths: list[list[str]] = []
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        sub = getattr(command, "commands", None)
        if sub:
            paths.extend([name, subname] for subname in sub)
        else:
            paths.append([name])
    return paths


def command_reference() -> str:
    """`anp-archive COMMAND --help` for every command, as README sections."""
    runner = CliRunner()
    out = ["\n"]
    for path in _commands():
        result = runner.invoke(app, [*path, "--help"], terminal_width=100)
        text = result.output.replace("Usage: anp-archive", "Usage: anp-archive", 1).rstrip()
        out.append(f"### anp-archive {' '.join(path)}\n\n```\n{text}\n```\n\n")
    return "".join(out)


def exit_code_table() -> str:
    """The exit codes, from the ``exit_code`` attribute of every error class."""
    by_code: dict[int, list[type[errors.AnpArchiveError]]] = {}
    for _, cls in inspect.getmembers(errors, inspect.isclass):
        if issubclass(cls, errors.AnpArchiveError):
            by_code.setdefault(cls.exit_code, []).append(cls)
    rows = ["\n| code | meaning | errors |", "| --- | --- | --- |"]
    for code in sorted(set(by_code) | set(_GENERAL)):
        classes = sorted(by_code.get(code, []), key=lambda c: len(c.__mro__))
        if code in _GENERAL:
            meaning = _GENERAL[code]
        else:
            meaning = (classes[0].__doc__ or "").strip().splitlines()[0]
        names = ", ".join(f"`{c.__name__}`" for c in classes)
        rows.append(f"| {code} | {meaning} | {names} |")
    return "\n".join(rows) + "\n\n"
