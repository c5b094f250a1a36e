"""The console script builds only the command it runs.

Typer turns every registered command into a Click command before it looks at the command
line: it reads each function's signature and evaluates its annotations, which costs a
command more start-up time than ``search`` needs for its query. The console script
therefore hands Typer a copy of the app that holds just the command named first on the
command line (``anp-archive search ...``: only ``search``; ``anp-archive db current``: only
the ``db`` group), and for the app's own help (``anp-archive``, ``--help``, ``--version``)
one whose commands are their names and help texts without their options, which is all that
help lists. Anything else (a mistyped command, options before the command) gets the
whole app, so its errors and suggestions are Typer's as ever.

``anp_archive.cli.app`` itself stays whole: tests and callers that invoke it see every
command.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from typing import Any

import typer
from typer.main import get_command_name
from typer.models import CommandInfo

__all__ = ["app_for"]

# The app's own options: none of them takes a value.
_APP_OPTIONS = frozenset({"-h", "--help", "--version"})


def app_for(app: typer.Typer, args: Sequence[str]) -> typer.Typer:
    """The part of ``app`` that running it with ``args`` needs."""
    if all(arg in _APP_OPTIONS for arg in args):
        return _listing(app)
    name = args[0]
    commands = [info for info in app.registered_commands if _name(info) == name]
    groups = [info for info in app.registered_groups if info.name == name]
    if len(commands) + len(groups) != 1:
        return app
    trimmed = copy.copy(app)
    trimmed.registered_commands = commands
    trimmed.registered_groups = groups
    return trimmed


def _name(info: CommandInfo) -> str | None:
    if info.name:
        return info.name
    return get_command_name(info.callback.__name__) if info.callback else None


def _listing(app: typer.Typer) -> typer.Typer:
    """``app`` with each command (in groups too) reduced to its name and help text."""
    listed = copy.copy(app)
    listed.registered_commands = [_help_only(info) for info in app.registered_commands]
    listed.registered_groups = []
    for group in app.registered_groups:
        group = copy.copy(group)
        if isinstance(group.typer_instance, typer.Typer):
            group.typer_instance = _listing(group.typer_instance)
        listed.registered_groups.append(group)
    return listed


def _help_only(info: CommandInfo) -> CommandInfo:
    original = info.callback
    listed = copy.copy(info)
    listed.callback = _no_options(original) if original else None
    return listed


def _no_options(original: Callable[..., Any]) -> Callable[..., Any]:
    def command() -> None:
        raise AssertionError("a listed command is never run")  # pragma: no cover

    command.__name__ = original.__name__
    command.__doc__ = original.__doc__
    return command
