"""The Typer app, the shared options and the one place errors become exit codes."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Annotated, ParamSpec, TypeVar

import typer

from anp_archive.errors import AnpArchiveError

__all__ = ["DbOption", "app", "db_app", "fail", "handle_errors"]

P = ParamSpec("P")
R = TypeVar("R")

app = typer.Typer(
    name="anp-archive",
    help="Scrape, parse and archive ANP wire-news pages.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
db_app = typer.Typer(help="Create, upgrade and inspect the archive's schema.", no_args_is_help=True)
app.add_typer(db_app, name="db")

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Database: a file path, sqlite:///PATH or postgresql://... "
        "(default: $ANP_ARCHIVE_DB, else the embedded SQLite file).",
        show_default=False,
    ),
]


def fail(exc: AnpArchiveError) -> typer.Exit:
    """Print one line for ``exc`` on stderr and return the Exit to raise."""
    typer.echo(f"anp-archive: {exc}", err=True)
    return typer.Exit(exc.exit_code)


def handle_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn the library's typed errors into one stderr line and the error's exit code."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except AnpArchiveError as exc:
            raise fail(exc) from None
        except KeyboardInterrupt:
            typer.echo("anp-archive: interrupted", err=True)
            raise typer.Exit(130) from None
        except BrokenPipeError:
            # A closed pipe (`| head`) is the reader's choice, not an error of ours.
            sys.stderr.close()
            raise typer.Exit(0) from None

    return wrapper
