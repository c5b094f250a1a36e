"""HTML to lines: one cheap pass over the DOM, then the same layout logic as text.

We cannot see the real sites' markup, so nothing here depends on class names. The body is
linearised the way a browser would render it as text: every block-level element (and every
table cell) starts a new line, ``<br>`` breaks one, inline elements (``<b>MOSKOU</b> (ANP) -
...``) join into the surrounding line, and a link that wraps blocks (a "card") ends its line
like a block. Each line remembers the first link it contains (how ticker items get their
URL), its block tag (headings make titles) and the chain of enclosing blocks (so the lead
story ends where its container ends and a sidebar or footer cannot join it).

script/style/template/noscript and other non-text elements are skipped, and so are modal
dialogs (consent boxes); navigation, header and footer are *not* skipped as such: a "Net
binnen" bar may live in a <header> or <nav>. Only a big container (or a <nav> of any
size) whose text reads as a menu and holds nothing the layout logic looks for is left out
(see ``_menu_text``); when
it opens with an <h2> and holds no <h1> (a teaser grid under "Video"), only that heading
is read (see ``_section_heading``).

Speed matters (the parser should cost little more than lexbor's own parse), so the walk
touches each node once from Python and as little as possible: tags by lexbor's numeric id,
one children iterator per element with a stack for the "end of element" events, a block
holding a single text node read without walking into it, and script/style/svg... never
entered. Big menus and link lists (nav, footer, mega menus: most of the nodes of a real
page) are recognised from their text, which lexbor extracts in C, and not walked at all
(see ``_LOOK_MIN_CHARS``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any, AnyStr

from selectolax.lexbor import LexborHTMLParser, LexborNode

from anp_archive.parse.ages import to_amsterdam
from anp_archive.parse.dateline import match_dateline
from anp_archive.parse.limits import check_markup
from anp_archive.parse.structure import Line, Meta
from anp_archive.parse.vocabulary import (
    AGE_MARKERS,
    MEER_UIT_PHRASE,
    NET_BINNEN,
    NET_BINNEN_PHRASE,
    UPDATED_LABELS,
)

__all__ = ["linearise", "parse_html_tree"]

_BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
    "dir", "div", "dl", "dt", "fieldset", "figure", "footer", "form", "h1", "h2", "h3", "h4",
    "h5", "h6", "header", "hgroup", "html", "legend", "li", "main", "menu", "nav", "ol", "p",
    "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
})
_SKIP_TAGS = frozenset({
    "audio", "button", "canvas", "dialog", "embed", "figcaption", "head", "iframe", "math",
    "noscript", "object", "script", "select", "style", "svg", "template", "textarea",
    "title", "video",
})

# Element kinds, looked up once per element.
_K_BLOCK, _K_BREAK, _K_SKIP, _K_LINK, _K_TIME, _K_META, _K_IMG = range(7)
_KIND: dict[str, int] = {tag: _K_BLOCK for tag in _BLOCK_TAGS}
_KIND.update({tag: _K_SKIP for tag in _SKIP_TAGS})
_KIND.update({"br": _K_BREAK, "hr": _K_BREAK, "a": _K_LINK, "time": _K_TIME, "meta": _K_META,
              "img": _K_IMG})
# A heading drawn as an image (<h2><img alt="Meer uit Sport"></h2>) is read from its alt
# text; other images (photos, logos, icons) stay out of the text, as a text rendering has them.
_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Stack actions
_A_BLOCK, _A_LINK, _A_NONE, _A_PART = range(4)


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
        elif tag == "base" and meta.base is None:
            meta.base = (node.attributes.get("href") or "").strip() or None
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


def _tag_id(name: str) -> int:
    # lexbor numbers the standard tags with fixed ids; reading them off a parsed document
    # keeps this module free of lexbor's internal constants. Table parts only parse inside
    # a table, head/body/html are in every document.
    if name in ("caption", "tbody", "thead", "tfoot", "tr", "td", "th"):
        markup = f"<table><tbody><tr><td></td></tr></tbody><{name}></{name}></table>"
    else:
        markup = f"<div><{name}></{name}></div>"
    for node in LexborHTMLParser(markup).root.traverse(include_text=False):  # type: ignore[union-attr]
        if node.tag == name:
            return int(node.tag_id)
    raise LookupError(name)  # pragma: no cover - lexbor knows every tag in _KIND


_KIND_BY_ID = {_tag_id(name): kind for name, kind in _KIND.items()}
_NAME_BY_ID = {_tag_id(name): name for name in _KIND}
_TEXT_ID = int(LexborHTMLParser("x").body.child.tag_id)  # type: ignore[union-attr]
# Lists, menus and footers are checked as a whole before the walk enters them: a big one
# whose text holds nothing the layout logic looks for (a dateline, an age, "Meer uit",
# "Net binnen" or a clock time) and whose text comes in short pieces is a menu or link
# list. Its lines would be dropped as noise anyway; skipping it spares walking its nodes,
# which on real pages (mega menus, footers) are most of the document.
_PRUNE_TAGS = frozenset({"ul", "ol", "nav", "footer", "menu", "dl", "select"})
# Plain literals on lower-cased text: a regex with classes or IGNORECASE scans a 4 KiB
# menu a hundred times slower.
_ANCHOR_PHRASES = re.compile(rf"{MEER_UIT_PHRASE}|{NET_BINNEN_PHRASE}")
# "net" starting at most 12 characters before "binnen" (on lower-cased text).
_NET_NEAR_BINNEN = re.compile(r"net\s{1,9}binnen")
_CLOCKISH = re.compile(r"[0-9][:.][0-9][0-9]")  # (ASCII text: what the loop below finds)
_PAREN_DASH = re.compile(r"\)\s*[-–—‒]")
_ASCII_DASHES = (" - ", "\n- ", " -\n")
_DASHES = (" - ", " – ", " — ", " ‒ ", "\n- ", "\n– ", "\n— ", " -\n", " –\n", " —\n")
_LONG_DASHES = ("–", "—", "‒")  # (one-character searches are fast: these go first)


def _has_anchor(text: str, clocks: bool = True) -> bool:
    """Could ``text`` hold a dateline, an age, ``Meer uit``, ``Net binnen`` or (when
    ``clocks``) a clock time?"""
    low = text.lower()
    if any(word in low for word in AGE_MARKERS):
        return True
    # "binnen" alone is in every "Binnenland" menu item: only the phrases count.
    i = low.find("meer")
    while i >= 0:
        if _ANCHOR_PHRASES.match(low, i, i + 40) is not None:
            return True
        i = low.find("meer", i + 1)
    # (one search in C rather than a look at each of a mega menu's hundreds of "binnen")
    if "binnen" in low and _NET_NEAR_BINNEN.search(low) is not None:
        return True
    if ")" in text and _PAREN_DASH.search(text) is not None:
        return True
    if "-" in text and any(dash in text for dash in _ASCII_DASHES):
        return True
    if (not text.isascii() and any(dash in text for dash in _LONG_DASHES)
            and any(dash in text for dash in _DASHES)):
        return True
    if not clocks:
        return False
    if text.isascii():
        return _CLOCKISH.search(text) is not None
    for sep in ":.":
        i = text.find(sep, 1)
        while i >= 0:
            if text[i - 1].isdigit() and text[i + 1 : i + 3].isdigit():
                return True
            i = text.find(sep, i + 1)
    return False


_PRUNE_MIN_CHARS = 300
_PRUNE_MIN_PIECES = 8
_PRUNE_MAX_PIECE = 40
_PRUNE_PIECES_PER_SENTENCE = 40


# A <nav> says what it is: its menu of section links is left out however short, as long
# as it holds nothing the layout logic looks for (a breadcrumb trail has fewer pieces).
_NAV_MIN_CHARS = 40


def _is_menu(node: LexborNode, clocks: bool = True) -> bool:
    """A big list of short, anchor-free pieces of text (see _PRUNE_TAGS)."""
    return _menu_text(node.text(deep=True, separator="\n", skip_empty=True), clocks,
                      _NAV_MIN_CHARS if node.tag_id == _NAV_ID else _PRUNE_MIN_CHARS)


def _menu_text(text: str, clocks: bool, min_chars: int = _PRUNE_MIN_CHARS) -> bool:
    if len(text) < min_chars:
        return False
    pieces = text.count("\n") + 1
    if pieces < _PRUNE_MIN_PIECES or len(text) > pieces * _PRUNE_MAX_PIECE:
        return False
    if "." in text and (".\n" in text or text.endswith(".")):
        # Sentences: a list in a story, not a menu. A footer's one "B.V." or "Alle
        # rechten voorbehouden." among hundreds of links does not make it one.
        sentences = text.count(".\n") + text.endswith(".")
        if sentences * _PRUNE_PIECES_PER_SENTENCE > pieces:
            return False
    return not _has_anchor(text, clocks)


# Big containers are looked at as a whole before the walk enters them (their text is
# read out by lexbor in C): a modal dialog (a consent box) is skipped like <dialog>, and a
# container that reads as a menu (see _menu_text) is skipped whatever its tag, which is
# how the div soup of mega menus, footers and teaser grids stays out of the walk. Only
# the children of a container holding this much text are looked at, and not those of a
# list (its items are read as they are), so the look costs a few dozen calls per page.
_LOOK_MIN_CHARS = 1500
# A container other than a list or nav that holds one of these is never skipped whole:
# an article header (breadcrumbs, the title, share and tag links) reads like a menu too.
_TITLE_TAGS = "h1, h2"
_MODAL_ROLES = frozenset({"dialog", "alertdialog"})


def _modal(node: LexborNode) -> bool:
    attrs = node.attributes
    return (attrs.get("role") or "").strip().lower() in _MODAL_ROLES or (
        (attrs.get("aria-modal") or "").strip().lower() == "true"
    )


def linearise(
    root: LexborNode, meta: Meta, hidden: bool = False
) -> list[Line]:
    """The body as lines of text, each with its first link, block tag and block path.

    ``hidden``: the page may hold elements a browser does not show (see ``_may_hide``);
    each element the walk reaches is then asked (``_hidden``)."""
    lines: list[Line] = []
    parts: list[str] = []
    line_href: str | None = None
    plain = False  # the pending line has text outside any link
    href: str | None = None
    block_tag = ""
    path: list[int] = []
    links: list[list[bool]] = []  # per open <a>: does it hold a block (a "card" link)?
    # Open elements we must act on when they end: (children iterator, action, saved value).
    stack: list[tuple[Iterator[LexborNode], int, Any]] = []
    custom: dict[int, int | None] = {}  # custom element tag ids (per document) -> kind
    # Look at the children of the open block before entering them (see _LOOK_MIN_CHARS)?
    # The root's children are always looked at (a text read-out of the root itself would
    # cost a tenth of lexbor's parse).
    look = False
    root_id = root.mem_id
    # Clock times matter only in the entries of a "Net binnen" list, which follow its
    # heading: before the first line that could be one, a container of clock times and
    # short titles (a teaser grid, a video strip) is no more than a menu.
    clocks = False
    # The stack depth of a block whose first bold element is a line of its own (_headed).
    headed = -1

    make = Line._make  # tuple.__new__: no Python-level __new__ per line

    def flush() -> None:
        nonlocal parts, line_href, plain, clocks
        if parts:
            text = " ".join("".join(parts).split())
            parts = []
            if text:
                if not clocks and ("innen" in text or "INNEN" in text):
                    clocks = NET_BINNEN.search(text) is not None
                lines.append(make((text, line_href, block_tag, tuple(path),
                                   line_href is not None and not plain)))
        line_href = None
        plain = False

    kinds = _KIND_BY_ID
    text_id = _TEXT_ID
    it: Iterator[LexborNode] = iter((root,))
    while True:
        for node in it:
            tid: int = node.tag_id
            if tid == text_id:
                text = node.text_content or ""
                if text and not text.isspace():
                    parts.append(text)
                    if href is None:
                        plain = True
                    elif line_href is None:
                        line_href = href
                elif parts:
                    parts.append(" ")  # the space between two inline elements is a word break
                continue
            if hidden and _hidden(node):
                continue
            kind = kinds.get(tid)
            if kind is None:
                if tid in custom:
                    kind = custom[tid]
                else:
                    tag = node.tag or ""
                    # Custom elements are almost always blocks; comments and unknown
                    # inline tags are walked into (comments have no children).
                    kind = custom[tid] = (
                        _K_BLOCK if "-" in tag and tag[0] != "-" else None
                    )
                if kind is None:
                    # A part of a card link (<a><strong>title</strong><span>PLACE (ANP) -
                    # ...</span><em>age</em></a>) is a line of its own, as CSS shows it.
                    part = bool(links) and links[-1][1] and stack[-1][1] == _A_LINK
                    if headed >= 0 and headed == len(stack):
                        # The headline of a headed block (see _headed) is a part; the
                        # inline elements after it stay in the item's text.
                        part = True
                        headed = -1
                    if part and parts:
                        flush()
                    stack.append((it, _A_PART if part else _A_NONE, None))
                    it = node.iter(include_text=True)
                    break
                target = _link_target(node.attrs.get("href"))
                if target is not None:
                    # A custom element with a link of its own (<news-item href=...>), which
                    # its script follows on a click: a link wrapping blocks.
                    if parts:
                        flush()
                    stack.append((it, _A_LINK, href))
                    links.append([True, False])
                    href = target
                    it = node.iter(include_text=True)
                    break
            if kind == _K_BLOCK:
                if parts:
                    flush()
                if links:
                    links[-1][0] = True
                child_look = False
                if look:
                    if _modal(node):
                        continue
                    text = node.text(deep=True, separator="\n", skip_empty=True)
                    if _menu_text(text, clocks,
                                  _NAV_MIN_CHARS if tid == _NAV_ID else _PRUNE_MIN_CHARS):
                        if tid in _PRUNE_IDS or node.css_first(_TITLE_TAGS) is None:
                            continue
                        heading = _section_heading(node, text_id)
                        if heading is not None:
                            # Only the heading of a teaser grid or link list is read.
                            stack.append((it, _A_BLOCK, (block_tag, look)))
                            path.append(node.mem_id)
                            block_tag = _NAME_BY_ID.get(tid) or node.tag or ""
                            look = False
                            it = iter((heading,))
                            break
                    child_look = len(text) >= _LOOK_MIN_CHARS and tid not in _LIST_IDS
                elif tid in _PRUNE_IDS and _is_menu(node, clocks):
                    continue
                mem_id = node.mem_id
                if mem_id == root_id:
                    child_look = True
                path.append(mem_id)
                child = node.first_child
                if child is not None and child.next is None and child.tag_id == text_id:
                    # A block holding one text node (<p>text</p>, most blocks are): its line
                    # is that text, with no walk into it.
                    text = child.text_content or ""
                    if text and not text.isspace():
                        saved_tag = block_tag
                        block_tag = _NAME_BY_ID.get(tid) or node.tag or ""
                        parts.append(text)
                        if href is None:
                            plain = True
                        elif line_href is None:
                            line_href = href
                        flush()
                        block_tag = saved_tag
                    path.pop()
                    continue
                stack.append((it, _A_BLOCK, (block_tag, look)))
                if child is not None:
                    ctid = child.tag_id
                    if ctid == text_id and child.is_empty_text_node:
                        child = child.next
                        ctid = child.tag_id if child is not None else text_id
                    if ctid in _HEADLINE_IDS and _headed(child, text_id):
                        headed = len(stack)
                block_tag = _NAME_BY_ID.get(tid) or node.tag or ""
                look = child_look
                it = node.iter(include_text=True)
                break
            if kind == _K_SKIP:
                if (
                    tid == _SCRIPT_ID
                    and meta.published_at is None
                    and "ld+json" in (node.attributes.get("type") or "")
                ):
                    meta.published_at = _json_ld(node.text(deep=True))
                continue
            if kind == _K_BREAK:
                if parts:
                    flush()
                if tid == _HR_ID:
                    lines.append(Line("---", None, "hr", tuple(path)))
                continue
            if kind == _K_LINK:
                stack.append((it, _A_LINK, href))
                links.append([False, not parts and _card_link(node, text_id)])
                href = _link_target(node.attrs.get("href"))
                it = node.iter(include_text=True)
                break
            if kind == _K_TIME:
                attrs = node.attributes
                value = attrs.get("datetime")
                label = "".join(parts[-3:]).lower() + " " + (attrs.get("class") or "").lower() + (
                    attrs.get("itemprop") or "").lower()
                if value and not any(word in label for word in UPDATED_LABELS):
                    parsed = _parse_dt(value)
                    if parsed is not None:
                        meta.time_lines.append((len(lines), parsed))
                stack.append((it, _A_NONE, None))
                it = node.iter(include_text=True)
                break
            if kind == _K_IMG:
                if block_tag in _HEADING_TAGS:
                    alt = node.attrs.get("alt")
                    if alt and alt[:4].lower() == "meer":
                        parts.append(alt)
                        if href is None:
                            plain = True
                        elif line_href is None:
                            line_href = href
                continue
            if kind == _K_META:
                attrs = node.attributes
                if (attrs.get("itemprop") or "").lower() == "datepublished" and (
                    meta.published_at is None
                ):
                    meta.published_at = _parse_dt(attrs.get("content"))
                continue
        else:
            # ``it`` is exhausted: the element that owned it ends here.
            if not stack:
                break
            it, action, saved = stack.pop()
            if action == _A_BLOCK:
                if parts:
                    flush()
                block_tag, look = saved
                path.pop()
            elif action == _A_PART:
                if parts:
                    flush()
            elif action == _A_LINK:
                href = saved
                if links.pop()[0] and parts:
                    flush()  # a link wrapping blocks ends like a block
    flush()
    return lines


def _link_target(value: str | None) -> str | None:
    """The page an ``href`` leads to; None for none, an anchor or a script."""
    return value.strip() if value and not value.startswith(("#", "javascript:")) else None


def _section_heading(node: LexborNode, text_id: int) -> LexborNode | None:
    """The <h2> that opens ``node``, when nothing but it can be a title: a section of a
    page ("Video", "Meest gelezen") over teasers or links, not an article's header (that
    holds the <h1> or a second <h2>, after breadcrumbs as often as before its byline)."""
    child = node.first_child
    while child is not None:
        tid = child.tag_id
        if tid == text_id:
            if not (child.text_content or "").isspace():
                return None
        elif tid == _H2_ID:
            break
        elif tid != _COMMENT_ID:
            return None
        child = child.next
    if child is None or len(node.css(_TITLE_TAGS)) != 1:
        # An <h1> anywhere, or a second <h2> (a kicker over the title, breadcrumbs between):
        # an article's header, whose title must be read.
        return None
    return child


def _headed(bold: LexborNode | None, text_id: int) -> bool:
    """Does the block whose first element is ``bold`` (a <b> or <strong>) go on with the
    item's own text, its dateline first (<li><strong>Titel</strong> PLACE (ANP) -
    ...</li>)? Then the headline is a line of its own, as in a card link, or it would run
    into the dateline and the item be lost. (The dateline is only matched after a bold
    first element.)"""
    after = bold.next if bold is not None else None
    if after is None or after.tag_id != text_id:
        return False
    text = (after.text_content or "").strip()
    return bool(text) and match_dateline(text) is not None


def _card_link(node: LexborNode, text_id: int) -> bool:
    """A link made of two or more inline elements and no text of its own, holding a
    dateline or an age: a card. (``<a><em>Kim</em> <strong>Jong-un</strong></a>`` in a
    paragraph holds neither and stays running text.)"""
    elements = 0
    child = node.first_child
    while child is not None:
        if child.tag_id == text_id:
            text = child.text_content or ""
            if not text.isspace():
                # A headline element and then the item's own text, which opens with its
                # dateline (<a><strong>Titel</strong> PLACE (ANP) - ...</a>): a card too,
                # its headline a line of its own, or the item would lose its dateline.
                return elements >= 1 and match_dateline(text.strip()) is not None
        else:
            elements += 1
        child = child.next
    return elements >= 2 and _has_anchor(node.text(deep=True))


_PRUNE_IDS = frozenset(_tag_id(name) for name in _PRUNE_TAGS)
_LIST_IDS = frozenset(_tag_id(name) for name in (
    "ul", "ol", "dl", "menu", "table", "tbody", "thead", "tfoot", "tr"))
_SCRIPT_ID = _tag_id("script")
_HR_ID = _tag_id("hr")
_H2_ID = _tag_id("h2")
_NAV_ID = _tag_id("nav")
_HEADLINE_IDS = frozenset(_tag_id(name) for name in ("b", "strong"))
_COMMENT_ID = int(LexborHTMLParser("<div><!-- --></div>").css_first("div").first_child.tag_id)  # type: ignore[union-attr]


# Elements a browser does not show although their text is in the markup: anything with the
# ``hidden`` attribute, and a block marked ``aria-hidden="true"`` (a carousel's clones of
# its first and last slides, which would put ticker items twice and out of order). An
# inline ``aria-hidden`` element stays: sites print a visible age that way, with a
# screen-reader label beside it.
_HIDDEN_BLOCK_NAMES = _BLOCK_TAGS | frozenset(name.encode() for name in _BLOCK_TAGS)


# Past this size the markup is not searched: two scans of a full-size page cost more than
# asking each element the walk reaches (a few hundred of its thousands, about 0.25 µs each).
_HIDE_SCAN_MAX = 32 * 1024


def _may_hide(html: str | bytes) -> bool:
    """Can ``html`` hold an element to leave out? A small page's raw markup is searched (in
    C), so one without such an element costs two ``find`` calls; otherwise each element the
    walk reaches is asked. A query of the whole body instead would walk the chrome the walk
    skips: a tenth to a fifth of a full-size page's parse."""
    if len(html) > _HIDE_SCAN_MAX:
        return True
    if isinstance(html, str):
        return _hides(html, ("<", ">", " hidden", " \t\n\r/>=", "aria-hidden", "true",
                             " \t\n\r/>"))
    return _hides(html, (b"<", b">", b" hidden", b" \t\n\r/>=", b"aria-hidden", b"true",
                         b" \t\n\r/>"))


def _hidden(node: LexborNode) -> bool:
    attrs = node.attributes
    return bool(attrs) and ("hidden" in attrs or (
        (attrs.get("aria-hidden") or "").strip().lower() == "true"
        and (node.tag or "") in _BLOCK_TAGS
    ))


def _hides(raw: AnyStr, marks: tuple[AnyStr, AnyStr, AnyStr, AnyStr, AnyStr, AnyStr,
                                     AnyStr]) -> bool:
    """Does the ``hidden`` attribute stand in a start tag, or ``aria-hidden="true"`` in
    the start tag of a block? (A cheap look: a wrong yes costs the walk a question per
    element.)"""
    lt, gt, hidden, hidden_ends, aria, true, name_ends = marks
    i = raw.find(hidden)
    while i >= 0:
        end = i + len(hidden)
        if raw[end:end + 1] in hidden_ends and _tag_start(raw, lt, gt, i) >= 0:
            return True
        i = raw.find(hidden, end)
    i = raw.find(aria)
    while i >= 0:
        end = i + len(aria)
        if true in raw[end:end + 8].lower():
            k = _tag_start(raw, lt, gt, i)
            if k >= 0:
                j = k + 1
                while j < i and raw[j:j + 1] not in name_ends:
                    j += 1
                if raw[k + 1:j].lower() in _HIDDEN_BLOCK_NAMES:
                    return True
        i = raw.find(aria, end)
    return False


# How far back from an attribute its tag's "<" is looked for. The words turn up in CSS and
# JSON state too ("overflow: hidden"), far from any "<": a search back to the start of the
# page for each would cost a third of lexbor's parse on a full-size page.
_TAG_REACH = 8192


def _tag_start(raw: AnyStr, lt: AnyStr, gt: AnyStr, i: int) -> int:
    """Where the start tag holding ``raw[i]`` opens, or -1 when ``raw[i]`` is in no tag
    (or in one that opened more than ``_TAG_REACH`` characters before)."""
    low = max(0, i - _TAG_REACH)
    k = raw.rfind(lt, low, i)
    return k if k >= 0 and raw.rfind(gt, low, i) < k else -1


def parse_html_tree(
    html: str | bytes, hints: Mapping[str, str] | None = None
) -> tuple[list[Line], Meta]:
    """Parse ``html`` with lexbor and return its lines plus what the head and markup say.

    Raises:
        PageTooComplexError: past the nesting or element limits of ``limits.py``.
    """
    check_markup(html)
    tree = LexborHTMLParser(html)
    meta = Meta()
    _read_head(tree, meta)
    body = tree.body or tree.root
    lines = linearise(body, meta, _may_hide(html)) if body is not None else []
    if hints:
        selector = hints.get("title")
        if selector:
            try:
                node = tree.css_first(selector)
            except Exception:
                node = None
            if node is not None:
                meta.hint_title = " ".join(node.text(deep=True).split()) or None
    return lines, meta
