"""The command line: a thin shell over the library (see ``anp_archive.cli._app``)."""

from __future__ import annotations

from anp_archive.cli import archive_cmds, parse_cmd, scrape_cmds
from anp_archive.cli._app import app

__all__ = ["app", "main"]

# Importing the command modules registers their commands on ``app``.
_COMMAND_MODULES = (archive_cmds, parse_cmd, scrape_cmds)


def main() -> None:
    """Console-script entry point."""
    app()
