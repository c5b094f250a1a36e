"""The Typer app, the shared options and the one place errors become exit codes."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, BinaryIO, ParamSpec, TextIO, TypeVar, cast

import typer
from typer._click import exceptions as click_exceptions
from typer.core import TyperArgument, TyperCommand, TyperGroup

from anp_archive.cli.values import take_plain_values
from anp_archive.errors import AnpArchiveError, ConfigError
from anp_archive.times import AMSTERDAM

if TYPE_CHECKING:  # Typer's vendored Click; its types are named only for the overrides
    from typer._click import Context, HelpFormatter

    from anp_archive.profile import SiteProfile

# anp_archive.profile.DEFAULT_PROFILE_NAME (tests/test_startup.py keeps them equal), named
# here because the profile module brings the fetcher and httpx, which --help does not need.
DEFAULT_PROFILE_NAME = "zeelandnet"

__all__ = [
    "AMSTERDAM",
    "DbOption",
    "PlainCommand",
    "ProfileOption",
    "app",
    "aware_time",
    "db_app",
    "echo_utf8",
    "fail",
    "handle_errors",
    "site_profile",
    "utf8_stdout",
]

# Times users type are Dutch times: the site shows Dutch ages and dates.

P = ParamSpec("P")
R = TypeVar("R")

class OneLineErrors(TyperGroup):
    """Usage errors as one line that names the option: ``anp-archive: --since: ...``.

    Click's own block (usage, a hint, a blank line, the error) is four lines on stderr,
    and a cron mail or a script's log needs only the one that says what was wrong.
    """

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        take_plain_values(self.get_params(ctx))
        return super().parse_args(ctx, args)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        standalone = kwargs.pop("standalone_mode", True)
        kwargs["standalone_mode"] = False
        if not standalone:
            return super().main(*args, **kwargs)
        try:
            result = super().main(*args, **kwargs)
        except click_exceptions.NoArgsIsHelpError as exc:
            exc.show()  # no command at all: the help is the answer
            sys.exit(exc.exit_code)
        except click_exceptions.UsageError as exc:
            typer.echo(f"anp-archive: {usage_line(exc)}", err=True)
            sys.exit(2)
        sys.exit(result if isinstance(result, int) else 0)


def usage_line(exc: click_exceptions.UsageError) -> str:
    """The one line for a usage error, led by the option it is about."""
    if isinstance(exc, click_exceptions.BadParameter) and not isinstance(
        exc, click_exceptions.MissingParameter
    ):
        hint = exc.param_hint
        if hint is None and exc.param is not None:
            hint = exc.param.opts[0] if exc.param.opts else exc.param.name
        if isinstance(hint, (list, tuple)):
            hint = hint[0]
        if hint:
            return f"{str(hint).strip(chr(39))}: {exc.message}"
    command = exc.ctx.command_path if exc.ctx is not None else "anp-archive"
    message = exc.format_message().rstrip(".")
    return f"{message} (see '{command} --help')"


app = typer.Typer(
    name="anp-archive",
    cls=OneLineErrors,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="Scrape, parse and archive ANP wire-news pages.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
db_app = typer.Typer(
    help="Create, upgrade and inspect the archive's schema.",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(db_app, name="db")


def _print_version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            typer.echo(f"anp-archive {version('anp-archive')}")
        except PackageNotFoundError:  # run from a source tree that was never installed
            typer.echo("anp-archive (not installed)")
        raise typer.Exit(0)


@app.callback()
def _main_options(
    show_version: Annotated[
        bool,
        typer.Option("--version", callback=_print_version, is_eager=True,
                     help="Print the version and exit."),
    ] = False,
) -> None:
    """Scrape, parse and archive ANP wire-news pages."""

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Database: a file path, sqlite:///PATH or postgresql://... "
        "(default: $ANP_ARCHIVE_DB, else the embedded SQLite file).",
        metavar="URL",
        show_default=False,
    ),
]

ProfileOption = Annotated[
    str | None,
    typer.Option(
        "--profile",
        help=f"Site profile: a TOML file, or a built-in name ({DEFAULT_PROFILE_NAME}, "
        "the default).",
        metavar="NAME|PATH",
        show_default=False,
    ),
]


def site_profile(value: str | None) -> SiteProfile:
    """The profile ``--profile`` names: a built-in by name, else a TOML file.

    A file of that name in the working directory wins over the built-in, so a user's own
    ``zeelandnet`` file is never silently ignored.

    Raises:
        ConfigError: no such built-in profile or file, or the file is not a valid profile.
    """
    from anp_archive.profile import load_profile

    if value is None:
        return load_profile(None)
    path = Path(value).expanduser()
    if value == DEFAULT_PROFILE_NAME and not path.exists():
        return load_profile(None)
    if not path.exists() and path.suffix != ".toml" and len(path.parts) == 1:
        raise ConfigError(
            f"no profile {value!r}: give a TOML file, or a built-in name ({DEFAULT_PROFILE_NAME})"
        )
    return load_profile(path)


class PlainCommand(TyperCommand):
    """Help that names values as Unix manuals do: ``FILE``, ``[WORDS]...``; plain values
    converted without Pydantic (``anp_archive.cli.values``).

    Typer writes a required argument as ``{file}`` and adds its Python type (``<str>``,
    ``<list[Path]>``); options lose their type once they have a ``metavar``, arguments never
    do, so arguments are written here from their metavar alone.
    """

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        take_plain_values(self.get_params(ctx))
        return super().parse_args(ctx, args)

    def collect_usage_pieces(self, ctx: Context) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if isinstance(param, TyperArgument):
                name = _argument_name(param)
                pieces.append(name if param.required else _optional(name))
            else:
                pieces.extend(param.get_usage_pieces(ctx))
        return pieces

    def format_options(self, ctx: Context, formatter: HelpFormatter) -> None:
        arguments: list[tuple[str, str]] = []
        options: list[tuple[str, str]] = []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            if isinstance(param, TyperArgument):
                arguments.append((_argument_name(param), record[1]))
            else:
                options.append(record)
        for title, rows in (("Arguments", arguments), ("Options", options)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)


def _optional(name: str) -> str:
    """``[WORD]...`` for an optional variadic argument, ``[FILE]`` for an optional one."""
    return f"[{name[:-3]}]..." if name.endswith("...") else f"[{name}]"


def _argument_name(param: TyperArgument) -> str:
    name = param.metavar or (param.name or "").upper()
    return f"{name}..." if param.nargs != 1 else name


class _Utf8Writer:
    """The least a text writer needs (``write``, ``flush``), encoding to UTF-8 bytes."""

    def __init__(self, binary: BinaryIO) -> None:
        self._binary = binary

    def write(self, text: str) -> int:
        self._binary.write(text.encode("utf-8"))
        return len(text)

    def flush(self) -> None:
        self._binary.flush()


def utf8_stdout() -> TextIO:
    """Stdout for machine formats (json, jsonl, csv): UTF-8 bytes whatever the locale says.

    A reader of JSON or CSV expects UTF-8; an ASCII or Latin-1 terminal locale must
    neither garble the data nor stop the export with a UnicodeEncodeError. Call ``flush``
    when done.
    """
    sys.stdout.flush()
    return cast(TextIO, _Utf8Writer(typer.get_binary_stream("stdout")))


def echo_utf8(text: str) -> None:
    """Print one machine-format document (and a newline) on stdout as UTF-8."""
    out = utf8_stdout()
    out.write(text + "\n")
    out.flush()


def _forgiving_text_streams() -> None:
    """Human text on a non-UTF-8 stdout/stderr: replace what the encoding lacks.

    ``MOSKOU … Oekraïne`` on an ASCII locale becomes ``MOSKOU ? Oekra?ne`` instead of a
    UnicodeEncodeError traceback.
    """
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and getattr(stream, "errors", None) == "strict":
            reconfigure(errors="replace")


def aware_time(value: str) -> datetime:
    """A day (``2026-01-31``) or ISO-8601 time; a day or naive time is Europe/Amsterdam.

    Raises:
        ValueError: ``value`` is neither; each command words its own message.
    """
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=AMSTERDAM)


def fail(exc: AnpArchiveError) -> typer.Exit:
    """Print one line for ``exc`` on stderr and return the Exit to raise."""
    typer.echo(f"anp-archive: {exc}", err=True)
    return typer.Exit(exc.exit_code)


def handle_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn the library's typed errors into one stderr line and the error's exit code."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        _forgiving_text_streams()
        try:
            return func(*args, **kwargs)
        except AnpArchiveError as exc:
            raise fail(exc) from None
        except KeyboardInterrupt:
            typer.echo("anp-archive: interrupted", err=True)
            raise typer.Exit(130) from None
        except BrokenPipeError:
            # A closed pipe (`| head`) is the reader's choice, not an error of ours. Point
            # stdout at /dev/null so the flush at exit cannot fail again; stderr stays open
            # for anything that still has to be said.
            _silence_stdout()
            raise typer.Exit(0) from None

    return wrapper


def _silence_stdout() -> None:
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # not a real file (tests, a wrapper)
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fd)
    finally:
        os.close(devnull)
