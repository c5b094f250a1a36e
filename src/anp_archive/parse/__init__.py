"""The parser: page bytes or text in, a ``Page`` out (Contract 1 of DESIGN.md).

Pure: no I/O, no clock, no database or HTTP. Both input forms (HTML and text renderings)
are reduced to lines and go through the same layout logic (``structure.py``), so the same
page gives the same result either way.

Raises only ``ParseError`` subclasses.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Literal

from anp_archive.config import PARSE_MAX_BYTES
from anp_archive.errors import (
    EmptyInputError,
    InputTooLargeError,
    NotANewsPageError,
    ParseError,
)
from anp_archive.models import Page
from anp_archive.parse.ages import read_age, to_amsterdam
from anp_archive.parse.decode import (
    BOM_PREFIXES as _BOM_PREFIXES,
)
from anp_archive.parse.decode import (
    decode_page,
    looks_binary,
    repair_mojibake,
    utf8_candidate,
)
from anp_archive.parse.html import parse_html_tree
from anp_archive.parse.links import absolute_url, extract_links
from anp_archive.parse.sniff import refuse_non_page
from anp_archive.parse.structure import Line, Meta, build_page
from anp_archive.parse.text import text_lines

__all__ = ["PARSER_VERSION", "extract_links", "parse_page", "read_age"]

# Bump whenever the output for the same input can change: the archive re-parses
# captures whose parser_version differs.
PARSER_VERSION = "8"

Format = Literal["auto", "html", "text"]

_HTML_SNIFF = re.compile(
    r"<(?:!doctype\s+html|html|head|body|meta|title|div|p|article|section|main|span|table|h[1-6]"
    r"|ul|li|a\s|br|!--)\b",
    re.IGNORECASE,
)


def _looks_html(text: str) -> bool:
    head = text[:4096].lstrip()
    if head.startswith("<"):
        return True
    return _HTML_SNIFF.search(head) is not None


def parse_page(
    data: bytes | str,
    *,
    url: str | None = None,
    fetched_at: datetime | None = None,
    format: Format = "auto",
    encoding: str | None = None,
    hints: Mapping[str, str] | None = None,
) -> Page:
    """Parse one ANP page (HTML or a text rendering) into a ``Page``.

    ``encoding`` is the charset from the HTTP Content-Type header, if any; ``hints`` are CSS
    selectors from a site profile (``"title"``, used only as a hint) and ``"regional"``
    (``"yes"``: the site's datelines carry no agency, so they need no confirming age label,
    ``Meer uit`` heading or ``Net binnen`` list). A
    naive ``fetched_at`` is taken as Europe/Amsterdam time; ``Page.fetched_at`` is that value
    (an aware one exactly as given), every time the parser derives (age intervals, ``latest``
    times, ``published_at``) is in Europe/Amsterdam.

    Raises:
        EmptyInputError: nothing but whitespace.
        InputTooLargeError: more than ``config.PARSE_MAX_BYTES``.
        NotANewsPageError: binary input, JSON or XML (feeds, sitemaps) instead of a page,
            or no dateline, lead or ticker item anywhere.
    """
    try:
        return _parse(data, url=url, fetched_at=fetched_at, format=format, encoding=encoding,
                      hints=hints)
    except ParseError:
        raise
    except Exception as exc:
        # A bug, not bad input; still a ParseError so a scrape run records it and goes on.
        raise NotANewsPageError(
            f"could not parse the page ({type(exc).__name__}: {exc}); please report this"
        ) from exc


def _parse(
    data: bytes | str,
    *,
    url: str | None,
    fetched_at: datetime | None,
    format: Format,
    encoding: str | None,
    hints: Mapping[str, str] | None,
) -> Page:
    size = len(data)
    if isinstance(data, str) and size > PARSE_MAX_BYTES // 4:
        size = len(data.encode("utf-8", "surrogatepass"))
    if size > PARSE_MAX_BYTES:
        raise InputTooLargeError(
            f"input is {size} bytes, over the parser's limit of {PARSE_MAX_BYTES} bytes"
        )
    if fetched_at is not None and fetched_at.utcoffset() is None:
        fetched_at = to_amsterdam(fetched_at)  # naive: Amsterdam wall time
    raw: bytes | None = None  # the input itself, when lexbor can take it as it is
    if isinstance(data, bytes):
        if not data or data.isspace():
            raise EmptyInputError("input is empty")
        if data[:1] in b"{[<\xef \t\r\n":  # (only these can start JSON or XML)
            refuse_non_page(data[:4096].decode("utf-8", "ignore"))
        page = _parse_utf8_html(data, url=url, fetched_at=fetched_at, format=format,
                                encoding=encoding, hints=hints)
        if page is not None:
            return page
        text, clean = decode_page(data, encoding)
        if clean:
            raw = data
    else:
        if "\x00" in data[:4096]:
            raise NotANewsPageError("input is binary, not an HTML or text page")
        text = data
    if not text or text.isspace():
        raise EmptyInputError("input is empty")
    if text[:1] == "\ufeff":
        text = text[1:]
    refuse_non_page(text[:4096])
    is_html = format == "html" or (format == "auto" and _looks_html(text))
    if not is_html:
        texts = text_lines(repair_mojibake(text))
        if not texts:
            raise EmptyInputError("input is empty")
        return build_page([Line(t) for t in texts], url=url, fetched_at=fetched_at, meta=None,
                          base_url=url, regional=_regional(hints))
    lines, meta = parse_html_tree(raw if raw is not None else text, hints)
    return _html_page(lines, meta, url=url, fetched_at=fetched_at, regional=_regional(hints))


def _regional(hints: Mapping[str, str] | None) -> bool:
    # A profile's ``regional = "yes"`` hint: the site prints its wire items without an
    # agency, so ``PLACE - sentence`` datelines need no other evidence on the page.
    return hints is not None and hints.get("regional", "").strip().lower() in _YES


_YES = frozenset({"yes", "true", "1", "ja"})


def _parse_utf8_html(
    data: bytes,
    *,
    url: str | None,
    fetched_at: datetime | None,
    format: Format,
    encoding: str | None,
    hints: Mapping[str, str] | None,
) -> Page | None:
    """The fast path for HTML bytes that are (or are declared or assumed to be) UTF-8.

    lexbor takes the bytes as they are, so the page is not decoded in Python at all (on a
    150 KiB page that pass costs a third of lexbor's own parse). lexbor turns bytes that
    are not UTF-8 into U+FFFD; when the extracted text shows one that the bytes do not
    hold, the page was not UTF-8 after all and None sends it down the decoding path.
    """
    if data.startswith(_BOM_PREFIXES) or not utf8_candidate(encoding, data) or looks_binary(data):
        return None
    if format == "text" or (
        format == "auto" and not _looks_html(data[:4096].decode("utf-8", "ignore"))
    ):
        return None
    lines, meta = parse_html_tree(data, hints)
    if (
        any("\ufffd" in ln.text or (ln.href is not None and "\ufffd" in ln.href)
            for ln in lines)
        or any(value is not None and "\ufffd" in value
               for value in (meta.title, meta.url, meta.base, meta.hint_title))
    ) and b"\xef\xbf\xbd" not in data:  # (this scan is slow: only when it matters)
        return None  # not UTF-8: decode it (windows-1252 or the <meta> charset) instead
    return _html_page(lines, meta, url=url, fetched_at=fetched_at, regional=_regional(hints))


def _html_page(
    lines: list[Line], meta: Meta, *, url: str | None, fetched_at: datetime | None,
    regional: bool = False,
) -> Page:
    if not lines:
        raise NotANewsPageError("the HTML holds no text; is this an ANP news page?")
    page_url = url or (absolute_url(meta.url, None) if meta.url else None)
    base = page_url
    if meta.base:
        # <base href> decides how the page's relative links resolve.
        base = absolute_url(meta.base, page_url) if page_url else absolute_url(meta.base, None)
        if base is not None and not base.startswith(("http://", "https://")):
            base = page_url
    return build_page(lines, url=page_url, fetched_at=fetched_at, meta=meta, base_url=base,
                      regional=regional)


