"""The lead: the page's own story, where it starts and ends, and its paragraphs."""

from __future__ import annotations

import re

from anp_archive.models import Dateline, Lead
from anp_archive.parse.kinds import (
    AGE,
    BREAK,
    DATE,
    DATELINE,
    LATEST_LINE,
    MEER,
    NET,
    TEXT,
    TIME,
    Kind,
)
from anp_archive.parse.lead_body import (
    chrome_boxes,
    container,
    drop_trailing_chrome,
    is_story_end,
    paragraph_depth,
    skipped_in_story,
    subheading,
)
from anp_archive.parse.lead_title import lead_title
from anp_archive.parse.lengths import LEAD_TIME_REACH, OTHER_LIST_MAX
from anp_archive.parse.lines import Line, Meta
from anp_archive.parse.shapes import title_ish
from anp_archive.parse.vocabulary import CREDIT, KNOWN_AGE, OTHER_LIST, READ_MORE

__all__ = ["build_lead", "place_lead"]


def place_lead(
    lines: list[Line],
    kinds: list[Kind],
    datelines: dict[int, tuple[Dateline, str]],
    meer: int | None,
    net: int | None,
    meta: Meta,
) -> tuple[Lead | None, range]:
    """The lead (None on an index page) and the lines left for the ticker.

    The lead is the first dateline with paragraphs of its own; it runs to the ``Meer uit``
    heading, the next dateline or the ``Net binnen`` list. Some layouts print the ticker
    column before the story (a left-hand table): then the lead is after the heading.
    """
    n = len(lines)
    order = sorted(datelines)
    start = _find_lead(order, kinds, meer)
    if start is None and meer is not None:
        start = _lead_after(order, kinds, meer)
        if start is not None:
            zone_end = start
            if start - 1 > meer and kinds[start - 1] == TEXT:
                zone_end = start - 1  # the story's title
            # The story runs to the next dateline: items after it are no paragraphs of it.
            end = next((i for i in order if i > start), n)
            lead = build_lead(lines, kinds, datelines, start, end, meta, lower=zone_end)
            return lead, range(0, zone_end)
    if start is None:
        if meer is not None and not any(i > meer for i in order):
            return None, range(0, meer)
        return None, range(0, n)
    end = meer if meer is not None and meer > start else next((i for i in order if i > start), n)
    if net is not None and start < net < end:
        end = net
    # (The box stays out of the ticker's lines too: its links are no items' headlines.)
    story_end = _list_box(lines, kinds, start, end)
    return build_lead(lines, kinds, datelines, start, story_end, meta), range(end, n)


# A numbered teaser line ("1. Brand in loods Goes"), also "1) ...".
_NUMBERED = re.compile(r"(?P<n>\d{1,2})[.)]\s+(?P<rest>\S.*)")


def _list_box(lines: list[Line], kinds: list[Kind], start: int, end: int) -> int:
    """Where a box of another list ("Meest gelezen", "Populair") opens after the story's
    first paragraph, else ``end``: the box is no part of the story.

    A box is its heading followed by a list (numbered lines, list items or links), or,
    right after a one-paragraph story, numbered teaser headlines ("1. ...", "2. ...")
    without a heading. A numbered list further into a story is the story's own.
    """
    for i in range(start + 1, end):
        if kinds[i] != TEXT:
            continue
        text = lines[i].text
        nxt = lines[i + 1] if i + 1 < end else None
        if len(text) <= OTHER_LIST_MAX and OTHER_LIST.fullmatch(text) is not None and (
            nxt is None or nxt.tag == "li" or nxt.linked or _NUMBERED.match(nxt.text)
        ):
            return i
        if i == start + 1 and nxt is not None and _numbered_teasers(text, nxt.text):
            return i
    return end


def _numbered_teasers(first: str, second: str) -> bool:
    a, b = _NUMBERED.fullmatch(first), _NUMBERED.fullmatch(second)
    return (a is not None and b is not None and a.group("n") == "1" and b.group("n") == "2"
            and title_ish(a.group("rest")) and title_ish(b.group("rest")))


def _lead_after(order: list[int], kinds: list[Kind], meer: int) -> int | None:
    for first in order:
        if first < meer:
            continue
        paras = 0
        for i in range(first + 1, len(kinds)):
            k = kinds[i]
            if k in (DATELINE, AGE, TIME, MEER, NET):
                break
            if k in (TEXT, DATE):
                paras += 1
        else:
            if paras >= 1:
                return first
            continue
        if paras >= 2 and k != AGE and k != TIME:
            return first
    return None


def _find_lead(order: list[int], kinds: list[Kind], meer: int | None) -> int | None:
    if not order:
        return None
    first = order[0]
    if meer is not None:
        return first if first < meer else None
    paras = 0
    reason = "end"
    for i in range(first + 1, len(kinds)):
        k = kinds[i]
        if k == DATELINE:
            reason = "dateline"
            break
        if k in (AGE, TIME):
            reason = "age"
            break
        if k in (MEER, NET):
            break
        if k in (TEXT, DATE):
            paras += 1
    if reason == "end":
        return first
    if paras >= 2:
        return first
    if reason == "dateline" and paras == 1 and AGE not in kinds[first:] and (
        TIME not in kinds[first:]
    ):
        return first
    return None


def build_lead(
    lines: list[Line],
    kinds: list[Kind],
    datelines: dict[int, tuple[Dateline, str]],
    start: int,
    end: int,
    meta: Meta,
    lower: int = 0,
) -> Lead:
    """The story whose dateline is line ``start``, its paragraphs before line ``end``."""
    dateline, first_text = datelines[start]
    paragraphs = [first_text] if first_text else []
    lower = max(lower, start - LEAD_TIME_REACH)
    box = container(lines, kinds, start, end)
    depth = paragraph_depth(lines, kinds, start, end, box)
    boxed = chrome_boxes(lines, start, end, depth) if depth else set()
    for i in range(start + 1, end):
        k = kinds[i]
        if k == AGE and KNOWN_AGE.fullmatch(lines[i].text.lower()) is not None:
            continue
        if k in (LATEST_LINE, NET, MEER, TIME):
            continue
        line = lines[i]
        if k == BREAK or (box and box not in line.path):
            break  # a rule, a sidebar or the footer: the story is over
        if paragraphs and is_story_end(line.text) and not subheading(lines, kinds, i, end):
            break  # "Bijgewerkt: ...", a share bar closes the story
        if (
            line.linked
            or i in boxed
            # (Each pattern opens with one of these letters or holds a ":": a cheap refusal.)
            or (line.text[:1] in "lLmMvVnN" and READ_MORE.match(line.text) is not None)
            or (":" in line.text and CREDIT.fullmatch(line.text) is not None)
            or skipped_in_story(line, k)
        ):
            # "Lees ook" boxes, newsletter and video boxes, captions, tag and link lists:
            # inside the story's container but no paragraphs of it.
            continue
        paragraphs.append(line.text)
    drop_trailing_chrome(paragraphs)
    title = lead_title(lines, kinds, start, meta)
    published = meta.published_at
    if published is None:
        # A <time datetime> near the story (above it, or inside it) dates the lead; times
        # further down belong to ticker items.
        published = next(
            (value for index, value in meta.time_lines if lower <= index <= end), None
        )
    return Lead(
        title=title, dateline=dateline, paragraphs=tuple(paragraphs), published_at=published
    )
