"""Bounded work per page: markup too deep or too big is refused before lexbor sees it.

lexbor's tree builder costs time quadratic in nesting depth (100,000 nested ``<div>``
take over 20 s), and the line walk costs about 3.5 µs per element, so a hostile or broken
page could hold a scrape run for minutes. Real news pages nest a few dozen levels and
hold a few thousand elements; the limits below leave them two orders of magnitude of room
and keep the worst accepted page near a second.

The checks read the raw markup, not the tree: ``count`` calls and ``find`` calls (C speed)
decide whether a page can be near a limit at all, and only then a scan of its tags
estimates the real figure.
"""

from __future__ import annotations

import re

from anp_archive.errors import PageTooComplexError

__all__ = ["MAX_ATTRIBUTES", "MAX_ELEMENTS", "MAX_NESTING_DEPTH", "check_markup"]

# Nesting depth of elements (lexbor takes 0.03 s at 5,000 levels, 0.4 s at 20,000 and
# 3 s at 40,000, closed or not: the cost grows with the square of the depth).
MAX_NESTING_DEPTH = 20_000
# Elements in one document (50,000 short wire items take the whole parser about a second;
# a full-size real page has 3,000-8,000 elements).
MAX_ELEMENTS = 50_000
# Attributes on one element: lexbor's cost is quadratic in them (300,000 attributes on one
# <div> take minutes, 5,000 about a tenth of a second).
MAX_ATTRIBUTES = 5_000
# Only a tag this long can hold that many attributes ("a " each): only such tags are
# counted, and a page shorter than this is not scanned at all.
_LONG_TAG = 2 * MAX_ATTRIBUTES

# Elements that never hold children, or that the next sibling closes implicitly (a run of
# unclosed <p> or <li> is flat, not nested): they never add depth.
_FLAT = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta",
    "param", "source", "track", "wbr", "p", "li", "dt", "dd", "option", "optgroup", "tr",
    "td", "th", "rb", "rt", "rp", "rtc", "tbody", "thead", "tfoot", "colgroup", "caption",
    "html", "head", "body", "!doctype",
})
_TAG_B = re.compile(rb"<(/?)([A-Za-z][A-Za-z0-9-]{0,30})")
_TAG_S = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]{0,30})")
_OPEN_B = re.compile(rb"<[A-Za-z]")
_OPEN_S = re.compile(r"<[A-Za-z]")
_LONG_B = re.compile(rb"<[A-Za-z][^<>]{%d}" % _LONG_TAG)
_LONG_S = re.compile(_LONG_B.pattern.decode("ascii"))
# One attribute: a name, optionally "=" and a value (quoted values count once, whatever
# spaces they hold: an SVG path or a srcset is one attribute).
_ATTR_B = re.compile(rb"""[^\s=<>"'/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s<>]+))?""")
_ATTR_S = re.compile(r"""[^\s=<>"'/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s<>]+))?""")


def _many_attributes(html: str | bytes) -> bool:
    """Does one tag in ``html`` hold more than ``MAX_ATTRIBUTES`` attributes?"""
    n = len(html)
    if n <= _LONG_TAG:
        return False
    is_bytes = isinstance(html, bytes)
    gt: str | bytes = b">" if is_bytes else ">"
    # Such a tag is a run of _LONG_TAG characters without ">", and every such run covers
    # a whole block of half that size: one find() per block (C speed) locates the runs,
    # mostly scripts and styles, and only those are scanned for tags.
    step = _LONG_TAG // 2
    k = 0
    while k < n:
        if html.find(gt, k, k + step) >= 0:  # type: ignore[arg-type]
            k += step
            continue
        start = html.rfind(gt, 0, k) + 1  # type: ignore[arg-type]
        end = html.find(gt, k + step)  # type: ignore[arg-type]
        end = n if end < 0 else end
        if end - start >= _LONG_TAG and _long_tag_in(html, start, end, is_bytes):
            return True
        k = end + 1
    return False


def _long_tag_in(html: str | bytes, start: int, end: int, is_bytes: bool) -> bool:
    """Does a tag starting in ``html[start:end]`` (a run without ">") hold too many
    attributes?"""
    for m in (_LONG_B if is_bytes else _LONG_S).finditer(html, start, end):  # type: ignore[arg-type]
        attrs = (_ATTR_B if is_bytes else _ATTR_S).finditer(html, m.start() + 1, end)  # type: ignore[arg-type]
        for count, _ in enumerate(attrs):
            if count > MAX_ATTRIBUTES:  # (the first match is the tag name)
                return True
    return False


def _depth(html: str | bytes) -> int:
    """An upper estimate of the deepest nesting of elements in ``html``."""
    depth = deepest = 0
    tags = _TAG_B.finditer(html) if isinstance(html, bytes) else _TAG_S.finditer(html)
    for m in tags:
        name = m.group(2)
        name = (name.decode("ascii") if isinstance(name, bytes) else name).lower()
        if name in _FLAT:
            continue
        if m.group(1):
            if depth:
                depth -= 1
        else:
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_NESTING_DEPTH:
                    break
    return deepest


def check_markup(html: str | bytes) -> None:
    """Refuse markup past ``MAX_NESTING_DEPTH`` or ``MAX_ELEMENTS``.

    Raises:
        PageTooComplexError: the page is too deeply nested, has too many elements or
            an element with too many attributes.
    """
    if isinstance(html, bytes):
        lt = html.count(b"<")
        # (counting "</" costs twice as much as "<" and matters only past this)
        close = html.count(b"</") if lt > MAX_NESTING_DEPTH else 0
    else:
        lt = html.count("<")
        close = html.count("</") if lt > MAX_NESTING_DEPTH else 0
    if lt > MAX_ELEMENTS:
        opens = len(_OPEN_B.findall(html) if isinstance(html, bytes) else _OPEN_S.findall(html))
        if opens > MAX_ELEMENTS:
            raise PageTooComplexError(
                f"the page has too many elements (about {opens}, limit {MAX_ELEMENTS});"
                " is this an ANP news page?"
            )
    if _many_attributes(html):
        raise PageTooComplexError(
            f"an element of the page has too many attributes (limit {MAX_ATTRIBUTES});"
            " is this an ANP news page?"
        )
    # Nesting that deep takes that many "<" (twice as many when the elements are closed):
    # pages below that, nearly all real ones, are not scanned tag by tag.
    if (lt > 2 * MAX_NESTING_DEPTH or lt - 2 * close > MAX_NESTING_DEPTH) and (
        _depth(html) > MAX_NESTING_DEPTH
    ):
        raise PageTooComplexError(
            f"the page is too deeply nested (over {MAX_NESTING_DEPTH} levels of elements);"
            " is this an ANP news page?"
        )
