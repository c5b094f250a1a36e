"""``anp-archive parse``: one saved page in, Contract 1 JSON out (no database)."""

from __future__ import annotations

import enum
import json
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from anp_archive.cli._app import PlainCommand, app, handle_errors
from anp_archive.config import PARSE_MAX_BYTES
from anp_archive.errors import ConfigError, InputTooLargeError

__all__ = ["parse"]


class InputFormat(enum.StrEnum):
    """How to read FILE: sniffed (auto), as HTML, or as a text rendering."""

    auto = "auto"
    html = "html"
    text = "text"


def _fetched_at(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        # A naive time is Amsterdam time: the site shows Dutch ages, and parse_page reads
        # naive values that way.
        return datetime.fromisoformat(value.strip())
    except ValueError:
        raise typer.BadParameter(
            f"{value!r} is not an ISO-8601 time; use e.g. 2026-01-01T12:00:00+01:00",
            param_hint="'--fetched-at'",
        ) from None


def _read(file: str) -> bytes:
    limit = PARSE_MAX_BYTES + 1  # read one byte more than allowed so "too large" is exact
    if file == "-":
        data: bytes = typer.get_binary_stream("stdin").read(limit)
        return data
    path = Path(file)
    try:
        with path.open("rb") as handle:
            data = handle.read(limit)
    except IsADirectoryError:
        raise ConfigError(f"cannot read {file}: it is a directory; give one page file") from None
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise ConfigError(f"cannot read {file}: {reason}") from None
    return data


@app.command(cls=PlainCommand)
@handle_errors
def parse(
    file: Annotated[str, typer.Argument(help="Saved page (HTML or text); '-' reads stdin.",
                                        metavar="FILE", show_default=False)],
    format: Annotated[
        InputFormat,
        typer.Option("--format", metavar="FORMAT", help="auto (sniff), html or text.",
                     case_sensitive=False),
    ] = InputFormat.auto,
    url: Annotated[str | None, typer.Option(
        "--url", metavar="URL", help="The page's URL (makes ticker links absolute).",
        show_default=False,
    )] = None,
    fetched_at: Annotated[str | None, typer.Option(
        "--fetched-at", metavar="ISO-TIME",
        help="When the page was fetched (ISO-8601; no offset = Europe/Amsterdam); "
        "needed to turn ages into times.", show_default=False,
    )] = None,
) -> None:
    """Parse one saved ANP page and print its lead, ticker and latest list as JSON.

    Example: anp-archive parse page.txt --fetched-at 2026-01-01T12:00:00+01:00
    """
    when = _fetched_at(fetched_at)
    data = _read(file)
    if len(data) > PARSE_MAX_BYTES:
        raise InputTooLargeError(
            f"{file} is over the parser's limit of {PARSE_MAX_BYTES} bytes; is it really one page?"
        )
    from anp_archive.parse import parse_page

    page = parse_page(data, url=url, fetched_at=when, format=format.value)
    out = json.dumps(page.to_dict(), ensure_ascii=False, indent=2) + "\n"
    stream = typer.get_binary_stream("stdout")
    stream.write(out.encode("utf-8"))
    stream.flush()
