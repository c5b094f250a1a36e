"""Bounded work per page: deep, wide or attribute-heavy markup parses or is refused.

The sizes stay near the limits on both sides, so each case shows that the limit is where
the docs say it is; no timing is asserted (the limits exist for speed, measured by hand).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from anp_archive.errors import PageTooComplexError, ParseError
from anp_archive.parse import extract_links, parse_page
from anp_archive.parse.limits import MAX_ATTRIBUTES, MAX_ELEMENTS, MAX_NESTING_DEPTH

_STORY = "<p>DEN HAAG (ANP) - Het kabinet wil de regels voor huurwoningen aanpassen.</p>"


def _outcome(doc: str | bytes) -> type[ParseError] | None:
    try:
        parse_page(doc)
    except PageTooComplexError:
        return PageTooComplexError
    except ParseError:
        return ParseError
    return None


def _deep(tag: str, depth: int) -> str:
    wrap = "<ul><li>" if tag == "li" else f"<{tag}>"
    close = "</li></ul>" if tag == "li" else f"</{tag}>"
    return f"<html><body>{wrap * depth}{_STORY}{close * depth}</body></html>"


@settings(max_examples=8, deadline=None)
@given(tag=st.sampled_from(["div", "li", "span", "section"]),
       depth=st.integers(1, 3 * MAX_NESTING_DEPTH), as_bytes=st.booleans())
def test_nesting_depth_parses_or_is_refused(tag: str, depth: int, as_bytes: bool) -> None:
    doc = _deep(tag, depth)
    outcome = _outcome(doc.encode() if as_bytes else doc)
    if depth > MAX_NESTING_DEPTH:
        assert outcome is PageTooComplexError
    else:
        assert outcome is not PageTooComplexError


@settings(max_examples=8, deadline=None)
@given(count=st.integers(1, 2 * MAX_ELEMENTS),
       piece=st.sampled_from(["<p>x", "<br>x", "<span>x</span>", "<li>x"]))
def test_element_count_parses_or_is_refused(count: int, piece: str) -> None:
    # (an unclosed <span> would nest: these pieces are siblings)
    doc = "<html><body>" + _STORY + piece * count + "</body></html>"
    outcome = _outcome(doc.encode())
    # html, body and the story's <p> are elements too.
    if count + 3 > MAX_ELEMENTS:
        assert outcome is PageTooComplexError
    elif count < MAX_ELEMENTS - 10:
        assert outcome is not PageTooComplexError


@settings(max_examples=10, deadline=None)
@given(count=st.integers(1, 3 * MAX_ATTRIBUTES), valued=st.booleans())
def test_attribute_count_parses_or_is_refused(count: int, valued: bool) -> None:
    attrs = " ".join(f'data-x{i}="een waarde"' if valued else f"x{i}" for i in range(count))
    doc = f"<html><body><div {attrs}>{_STORY}</div></body></html>"
    outcome = _outcome(doc)
    if count > MAX_ATTRIBUTES:
        assert outcome is PageTooComplexError
    else:
        assert outcome is not PageTooComplexError


def test_long_attribute_values_are_not_many_attributes() -> None:
    # An inline SVG path or a srcset is one attribute, however many spaces it holds.
    path = " ".join(["M 10 10 L 20 20"] * 4000)
    page = parse_page(f'<html><body><svg><path d="{path}"/></svg>'
                      f'<img srcset="{path}">{_STORY}</body></html>')
    assert page.lead is not None


@pytest.mark.parametrize(("doc", "reason"), [
    ("<div>" * 30_000 + "x" + "</div>" * 30_000, "too deeply nested"),
    ("<div>" * 100_000 + "x", "too many elements"),
    ("<ul><li>" * 25_000, "too deeply nested"),
    ("<p>a" * 1_000_000, "too many elements"),
    ("<div " + " ".join(f"a{i}=1" for i in range(300_000)) + ">x</div>", "too many attributes"),
])
def test_measured_worst_cases_are_refused_with_a_reason(doc: str, reason: str) -> None:
    with pytest.raises(PageTooComplexError, match=reason) as info:
        parse_page(doc.encode())
    assert "\n" not in str(info.value)
    assert info.value.exit_code == 6
    assert extract_links(doc, base_url="https://www.example.nl/") == []


def test_unclosed_flat_elements_are_not_nesting() -> None:
    # A run of unclosed <p> or <li> is flat in HTML: no depth to refuse.
    doc = "<ul>" + "<li>Binnenland" * (2 * MAX_NESTING_DEPTH) + "</ul>" + _STORY
    assert _outcome(doc) is not PageTooComplexError


@pytest.mark.parametrize("before", [0, 1, 4_999, 5_000, 5_001, 9_999, 10_001, 24_321])
@pytest.mark.parametrize("as_bytes", [True, False])
def test_too_many_attributes_are_found_wherever_the_tag_starts(before: int, as_bytes: bool) -> None:
    # Long tags are looked for block by block: a tag starting at any offset, after text or
    # after a long run without ">", is still found.
    attrs = " ".join(f"x{i}" for i in range(MAX_ATTRIBUTES + 10))
    doc = f"<p>{'b' * before}<div {attrs}>{_STORY}</div>"
    assert _outcome(doc.encode() if as_bytes else doc) is PageTooComplexError
    script = "<script>" + "var a = 1; " * (before // 10) + "</script>"
    doc = f"<html><head>{script}</head><body><div {attrs}>{_STORY}</div></body></html>"
    assert _outcome(doc.encode() if as_bytes else doc) is PageTooComplexError


def test_long_runs_without_tags_are_not_long_tags() -> None:
    # Inline JSON state and CSS: tens of KiB without ">" hold no tag at all.
    state = '{"id": 1, "title": "Kop"}, ' * 3000
    css = ".c-teaser{margin:0 0 4px}" * 2000
    doc = (f"<html><head><style>{css}</style></head><body>{_STORY}"
           f"<script>window.__STATE__ = [{state}];</script></body></html>")
    assert _outcome(doc.encode()) is None
