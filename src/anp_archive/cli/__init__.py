"""The command line: a thin shell over the library (see ``anp_archive.cli._app``)."""

from __future__ import annotations

import gc
import sys

from anp_archive.cli import archive_cmds, parse_cmd, scrape_cmds
from anp_archive.cli._app import app
from anp_archive.cli.entry import app_for

__all__ = ["app", "main"]

# Importing the command modules registers their commands on ``app``.
_COMMAND_MODULES = (archive_cmds, parse_cmd, scrape_cmds)


def main() -> None:
    """Console-script entry point: builds only the command it runs (``cli.entry``)."""
    # What is loaded so far (Typer, the command modules) lives as long as the process, so the
    # garbage collector need not walk it again each time the command's own imports
    # (SQLAlchemy) fill the heap: those walks were a good part of the start-up time of a
    # search (docs/performance.md).
    # Objects made from here on are collected as usual.
    gc.freeze()
    app_for(app, sys.argv[1:])()
