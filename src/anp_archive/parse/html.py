"""HTML to lines: one cheap pass over the DOM, then the same layout logic as text.

We cannot see the real sites' markup, so nothing here depends on class names. The body is
linearised the way a browser would render it as text: every block-level element starts a
new line, ``<br>`` breaks one, inline elements (``<b>MOSKOU</b> (ANP) - ...``) join into
the surrounding line, table cells of one row join with a space. Each line remembers the
first link it contains, which is how ticker items get their URL.

Speed matters (the parser must cost little more than lexbor's own parse), so the walk is a
single ``traverse()`` over the nodes. Pre-order traversal has no "end of element" event;
we get one by remembering, for each element we care about, the first node after its
subtree (its next sibling, or an ancestor's) and acting when the walk reaches that node.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from anp_archive.parse.ages import to_amsterdam
from anp_archive.parse.structure import Line, Meta

__all__ = ["linearise", "parse_html_tree"]

_BLOCK_TAGS = (
    "address article aside blockquote body center dd details dialog dir div dl dt fieldset "
    "figcaption figure form h1 h2 h3 h4 h5 h6 header hgroup hr html li main menu ol p pre "
    "section summary table tbody thead tfoot tr ul caption legend footer"
).split()
_SKIP_TAGS = ("script style template noscript svg math iframe object embed canvas video audio "
              "select button textarea nav head title dialog").split()

# Element kinds, looked up once per element.
_K_BLOCK, _K_BREAK, _K_SKIP, _K_LINK, _K_CELL, _K_TIME, _K_CONTEXT, _K_META = range(8)
_KIND: dict[str, int] = {tag: _K_BLOCK for tag in _BLOCK_TAGS}
_KIND.update({tag: _K_SKIP for tag in _SKIP_TAGS})
_KIND.update({"br": _K_BREAK, "hr": _K_BREAK, "a": _K_LINK, "td": _K_CELL, "th": _K_CELL, "time": _K_TIME,
              "article": _K_CONTEXT, "main": _K_CONTEXT, "meta": _K_META})
_PAGE_CHROME = frozenset({"header", "footer"})
_KIND.update({"header": _K_BLOCK})
# Stack actions
_A_BLOCK, _A_LINK, _A_SKIP, _A_CONTEXT = range(4)


def _after(node: LexborNode) -> int:
    """mem_id of the first node after ``node``'s subtree in document order (0: none)."""
    current: LexborNode | None = node
    while current is not None:
        nxt = current.next
        if nxt is not None:
            return int(nxt.mem_id)
        current = current.parent
    return 0


def _parse_dt(value: str | None) -> datetime | None:
    if not value:
        return None
    value = value.strip()
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        try:
            parsed = datetime.fromisoformat(value.replace(" ", "T", 1)[:25])
        except ValueError:
            return None
    try:
        return to_amsterdam(parsed)
    except (OverflowError, ValueError):
        return None


def _ld_dates(obj: Any, depth: int = 0) -> Iterator[tuple[bool, str]]:
    if depth > 6:
        return
    if isinstance(obj, list):
        for item in obj:
            yield from _ld_dates(item, depth + 1)
    elif isinstance(obj, dict):
        value = obj.get("datePublished")
        if isinstance(value, str):
            kind = obj.get("@type")
            kinds = kind if isinstance(kind, list) else [kind]
            yield any(isinstance(k, str) and "Article" in k for k in kinds), value
        for key in ("@graph", "mainEntity", "mainEntityOfPage"):
            if key in obj:
                yield from _ld_dates(obj[key], depth + 1)


def _json_ld(text: str) -> datetime | None:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return None
    found = sorted(_ld_dates(data), key=lambda pair: not pair[0])
    for _, value in found:
        parsed = _parse_dt(value)
        if parsed is not None:
            return parsed
    return None


def _read_head(tree: LexborHTMLParser, meta: Meta) -> None:
    head = tree.head
    if head is None:
        return
    canonical = og_url = og_title = title = None
    published: datetime | None = None
    for node in head.traverse(include_text=False):
        tag = node.tag
        if tag == "meta":
            attrs = node.attributes
            key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "")
            key = key.lower()
            content = attrs.get("content")
            if not content:
                continue
            if key == "og:url":
                og_url = content.strip()
            elif key == "og:title":
                og_title = " ".join(content.split())
            elif published is None and key in (
                "article:published_time", "datepublished", "og:article:published_time",
                "article.published", "publishdate", "pubdate", "date",
            ):
                published = _parse_dt(content)
        elif tag == "link":
            attrs = node.attributes
            rel = (attrs.get("rel") or "").lower().split()
            if "canonical" in rel and attrs.get("href"):
                canonical = (attrs.get("href") or "").strip()
        elif tag == "script" and published is None:
            if "ld+json" in (node.attributes.get("type") or "").lower():
                published = _json_ld(node.text(deep=True))
        elif tag == "title" and title is None:
            title = " ".join(node.text(deep=True).split())
    meta.url = canonical or og_url or None
    meta.title = og_title or title or None
    meta.published_at = published


def linearise(root: LexborNode, meta: Meta) -> list[Line]:
    """The body as lines of text, each with its first link and its block tag."""
    lines: list[Line] = []
    append = lines.append
    parts: list[str] = []
    line_href: str | None = None
    href: str | None = None
    block_tag = ""
    skipping = False
    context = 0  # depth of <article>/<main>: inside them header/footer are content
    ends: list[int] = []
    path: list[int] = []
    actions: list[tuple[int, Any]] = []
    kinds = _KIND
    for node in root.traverse(include_text=True):
        if ends and node.mem_id == ends[-1]:
            nid = ends[-1]
            while ends and ends[-1] == nid:  # several elements can end at the same node
                ends.pop()
                action, saved = actions.pop()
                if action == _A_BLOCK:
                    if parts:
                        text = " ".join("".join(parts).split())
                        parts = []
                        if text:
                            append(Line(text, line_href, block_tag, tuple(path)))
                    line_href = None
                    block_tag = saved
                    path.pop()
                elif action == _A_LINK:
                    href = saved
                elif action == _A_SKIP:
                    skipping = False
                else:
                    context -= 1
        if skipping:
            continue
        tag = node.tag
        if tag == "-text":
            text = node.text_content
            if text and not text.isspace():
                parts.append(text)
                if href is not None and line_href is None:
                    line_href = href
            elif parts:
                parts.append(" ")  # the space between two inline elements is a word break
            continue
        kind = kinds.get(tag)
        if kind is None:
            if "-" in tag and tag[0] != "-":  # custom elements are almost always blocks
                kind = _K_BLOCK
            else:
                continue
        if kind == _K_BLOCK or kind == _K_CONTEXT:
            if tag in _PAGE_CHROME and not context:
                kind = _K_SKIP
            else:
                if parts:
                    text = " ".join("".join(parts).split())
                    parts = []
                    if text:
                        append(Line(text, line_href, block_tag, tuple(path)))
                line_href = None
                end = _after(node)
                path.append(node.mem_id)
                if end:
                    ends.append(end)
                    actions.append((_A_BLOCK, block_tag))
                    if kind == _K_CONTEXT:
                        context += 1
                        ends.append(end)
                        actions.append((_A_CONTEXT, None))
                elif kind == _K_CONTEXT:
                    context += 1
                block_tag = tag
                continue
        if kind == _K_SKIP:
            if tag == "script" and "ld+json" in (node.attributes.get("type") or ""):
                if meta.published_at is None:
                    meta.published_at = _json_ld(node.text(deep=True))
            end = _after(node)
            if not end:
                break
            ends.append(end)
            actions.append((_A_SKIP, None))
            skipping = True
        elif kind == _K_BREAK:
            if parts:
                text = " ".join("".join(parts).split())
                parts = []
                if text:
                    append(Line(text, line_href, block_tag, tuple(path)))
            line_href = None
            if tag == "hr":
                append(Line("---", None, "hr", tuple(path)))
        elif kind == _K_LINK:
            end = _after(node)
            if end:
                ends.append(end)
                actions.append((_A_LINK, href))
            value = node.attributes.get("href")
            href = value.strip() if value and not value.startswith(("#", "javascript:")) else None
        elif kind == _K_CELL:
            parts.append(" ")
        elif kind == _K_TIME:
            value = node.attributes.get("datetime")
            if value:
                parsed = _parse_dt(value)
                if parsed is not None:
                    meta.time_lines.append((len(lines), parsed))
        elif kind == _K_META:
            attrs = node.attributes
            if (attrs.get("itemprop") or "").lower() == "datepublished" and (
                meta.published_at is None
            ):
                meta.published_at = _parse_dt(attrs.get("content"))
    if parts:
        text = " ".join("".join(parts).split())
        if text:
            append(Line(text, line_href, block_tag, tuple(path)))
    return lines


def parse_html_tree(
    html: str | bytes, hints: Mapping[str, str] | None = None
) -> tuple[list[Line], Meta]:
    """Parse ``html`` with lexbor and return its lines plus what the head and markup say."""
    tree = LexborHTMLParser(html)
    meta = Meta()
    _read_head(tree, meta)
    body = tree.body or tree.root
    lines = linearise(body, meta) if body is not None else []
    if hints:
        selector = hints.get("title")
        if selector:
            try:
                node = tree.css_first(selector)
            except Exception:  # noqa: BLE001 - a bad selector in a profile is only a hint
                node = None
            if node is not None:
                meta.hint_title = " ".join(node.text(deep=True).split()) or None
    return lines, meta
