"""Whatever comes in, parse_page raises ParseError or returns a Page; nothing else escapes.

The inner ``_parse`` is tested too: ``parse_page`` turns an unexpected exception into a
ParseError as a last line of defence, and testing only the outer function would hide a bug.
"""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from anp_archive.config import PARSE_MAX_BYTES
from anp_archive.errors import InputTooLargeError, NotANewsPageError, ParseError
from anp_archive.models import Page
from anp_archive.parse import _parse, extract_links, parse_page

AMS = ZoneInfo("Europe/Amsterdam")

_WORDS = st.sampled_from([
    "MOSKOU (ANP/RTR) - ", "DEN HAAG (ANP) – ", "DOMBURG - ", "'S-HERTOGENBOSCH (ANP/AF) - ",
    "SÃO PAULO (ANP/AFP/BLOOMBERG) — ", "Meer uit Buitenland", "Meer uit  Sport", "Net binnen",
    "- Zeeland 10:12 Kop", "50 minuten geleden", "1 uur geleden", "gisteren", "zojuist", "net",
    "enige tijd geleden", "ANP ", "Lees meer", "Advertentie", "donderdag 18 september 2025",
    "Het kabinet is gevallen.", '"vreemd land" - ', "Oekraïne", "OekraÃ¯ne", "\u00a0", "\u200b",
    " ", "\n", "(2)", "99999999999 jaar geleden", "25:99", "&nbsp;", "&amp;", "<", ">", "-",
])
_TEXTISH = st.lists(st.one_of(_WORDS, st.text(max_size=12)), max_size=25).map("".join)
_TAGS = st.sampled_from([
    "p", "div", "span", "b", "a", "li", "ul", "table", "tr", "td", "br", "hr", "h1", "h2",
    "article", "aside", "main", "header", "footer", "nav", "script", "style", "template",
    "noscript", "time", "meta", "link", "font", "x-item", "dl", "dt", "dd", "svg", "title",
])
_ATTRS = st.sampled_from([
    "", ' href="/a#b"', ' href="javascript:x()"', ' href="http://[::1"', ' class="x"',
    ' datetime="2026-01-01T10:00:00+01:00"', ' datetime="nonsense"', ' rel="canonical" href="//x"',
    ' property="article:published_time" content="2026-13-45"', ' type="application/ld+json"',
    ' charset="nonsense"', ' property="og:url" content="http://[bad"',
])


@st.composite
def _html(draw: st.DrawFn, depth: int = 0) -> str:
    parts: list[str] = []
    for _ in range(draw(st.integers(0, 6))):
        if depth < 5 and draw(st.booleans()):
            tag = draw(_TAGS)
            inner = draw(_html(depth + 1))
            close = "" if draw(st.integers(0, 9)) == 0 else f"</{tag}>"
            parts.append(f"<{tag}{draw(_ATTRS)}>{inner}{close}")
        else:
            parts.append(draw(_TEXTISH))
    return "".join(parts)


_FETCHED = st.one_of(
    st.none(),
    st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)),
    st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30),
                 timezones=st.sampled_from([UTC, AMS])),
)
_SETTINGS = settings(max_examples=600, deadline=None,
                     suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _check(data: bytes | str, fetched_at: datetime | None, fmt: str = "auto") -> None:
    try:
        page = _parse(data, url=None, fetched_at=fetched_at, format=fmt,  # type: ignore[arg-type]
                      encoding=None, hints=None)
    except ParseError:
        return
    assert isinstance(page, Page)
    out = page.to_dict()
    for item in out["ticker"]:
        if item["published_earliest"] is not None:
            earliest = datetime.fromisoformat(item["published_earliest"])
            assert earliest <= datetime.fromisoformat(item["published_latest"])
    if out["lead"] is not None:
        assert out["lead"]["dateline"] is not None


@_SETTINGS
@given(html=_html(), fetched_at=_FETCHED)
def test_random_html_only_parse_errors(html: str, fetched_at: datetime | None) -> None:
    _check(html, fetched_at, "html")
    _check(html.encode("utf-8", "surrogatepass"), fetched_at)


@_SETTINGS
@given(text=st.lists(_TEXTISH, max_size=30).map("\n".join), fetched_at=_FETCHED)
def test_random_text_only_parse_errors(text: str, fetched_at: datetime | None) -> None:
    _check(text, fetched_at, "text")
    _check(text, fetched_at, "auto")


@settings(max_examples=1000, deadline=None)
@given(data=st.binary(max_size=3000), encoding=st.sampled_from(
    [None, "utf-8", "latin-1", "utf-16", "shift_jis", "rot13", "base64", "idna", "bogus"]))
def test_random_bytes_only_parse_errors(data: bytes, encoding: str | None) -> None:
    with contextlib.suppress(ParseError):
        _parse(data, url=None, fetched_at=None, format="auto", encoding=encoding, hints=None)
    assert isinstance(extract_links(data, base_url="https://x.nl/", encoding=encoding), list)


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=400))
def test_random_unicode_through_the_public_function(text: str) -> None:
    with contextlib.suppress(ParseError):
        parse_page(text)


def test_too_large_input() -> None:
    with pytest.raises(InputTooLargeError, match="limit"):
        parse_page(b"<p>" + b"x" * PARSE_MAX_BYTES)
    with pytest.raises(InputTooLargeError):
        parse_page("é" * (PARSE_MAX_BYTES // 2 + 1))


@pytest.mark.parametrize("data", [
    b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    b"\x1f\x8b\x08\x00\x00\x00\x00\x00", bytes(range(256)) * 4, "tekst\x00met nul",
])
def test_binary_input(data: bytes | str) -> None:
    with pytest.raises(NotANewsPageError, match="binary"):
        parse_page(data)


def test_deeply_nested_html() -> None:
    html = "<div>" * 20000 + "<p>MOSKOU (ANP) - Diep.</p>" + "</div>" * 20000
    page = parse_page(html)
    assert page.lead is not None and page.lead.paragraphs == ("Diep.",)


def test_long_upper_case_lines_do_not_backtrack_forever() -> None:
    line = "AAAA " * 5000 + "- x"
    with pytest.raises(NotANewsPageError):
        parse_page(line, format="text")
    with pytest.raises(NotANewsPageError):
        parse_page(("A/ " * 5000) + "(ANP) x", format="text")


def test_unexpected_internal_errors_still_come_out_as_parse_errors(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import anp_archive.parse as parse_mod

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("bug")

    monkeypatch.setattr(parse_mod, "_parse", boom)
    with pytest.raises(NotANewsPageError, match="please report this"):
        parse_page("MOSKOU (ANP) - x.")
