"""Where the ticker is: its ``Meer uit`` heading and where its list ends."""

from __future__ import annotations

from anp_archive.models import Dateline
from anp_archive.parse.kinds import AGE, BADGE_ONLY, BREAK, DATELINE, MEER, NET, TEXT, TIME, Kind
from anp_archive.parse.lengths import (
    ITEMS_FOLLOW_REACH,
    NEXT_TICKER_GAP,
    NEXT_TICKER_REACH,
    OTHER_LIST_MAX,
)
from anp_archive.parse.lines import Line
from anp_archive.parse.shapes import title_ish
from anp_archive.parse.vocabulary import OTHER_LIST

__all__ = ["ticker_end", "ticker_heading"]

_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


def ticker_heading(kinds: list[Kind], datelines: dict[int, tuple[Dateline, str]]) -> int | None:
    """The ``Meer uit`` line that heads the ticker.

    A page may show other such lines: a promo link "Meer nieuws uit de regio" in the site
    header, above the story. The ticker's own heading follows the story's dateline and has
    items after it; failing that (a ticker column printed before the story), the first one
    with items after it; failing that, the first one.
    """
    meers = [i for i, k in enumerate(kinds) if k == MEER]
    if len(meers) <= 1 or not datelines:
        return meers[0] if meers else None
    first, last = min(datelines), max(datelines)
    for i in meers:
        if first < i < last:
            return i
    for i in meers:
        if i < last:
            return i
    return meers[0]


def ticker_end(lines: list[Line], kinds: list[Kind], meer: int, end: int) -> int:
    """Where the ticker under the ``Meer uit`` line ``meer`` ends (at most ``end``).

    In HTML the ticker is the block holding its heading and its first item: the first line
    outside that block ("Meest gelezen" in a box of its own, the footer) ends it, unless
    what follows in the enclosing block carries on with items (a featured first item next
    to the heading, the rest in a list; a grid whose first column holds the heading): then
    the ticker is that enclosing block. In any form, the heading of another list ends it
    once the ticker has had an item.
    """
    first = next((i for i in range(meer + 1, end) if kinds[i] == DATELINE), None)
    if first is None:
        return end
    head, item = lines[meer].path, lines[first].path
    depth = 0  # how many blocks the heading and the first item share
    for a, b in zip(head, item, strict=False):
        if a != b:
            break
        depth += 1
    container = head[depth - 1] if depth else 0
    # Did the first item show a headline? The items that follow must look the same.
    titled = first - 1 > meer and kinds[first - 1] == TEXT
    widened = False
    i = first + 1
    while i < end:
        line = lines[i]
        if container and line.path and container not in line.path:
            outer = next((k for k in range(depth - 2, -1, -1) if head[k] in line.path), None)
            if widened or outer is None or not _items_follow(lines, kinds, i, end, titled,
                                                             lines[meer].tag):
                return _next_ticker_end(lines, kinds, i, end)
            # Once only: past the ticker's block and the one next to it lies the rest of
            # the page (another box, the footer), however it is nested.
            widened = True
            container = head[outer]
        if (kinds[i] == TEXT and len(line.text) <= OTHER_LIST_MAX
                and OTHER_LIST.fullmatch(line.text) is not None):
            return i
        i += 1
    return end


def _next_ticker_end(lines: list[Line], kinds: list[Kind], i: int, end: int) -> int:
    """Where a ticker ends whose block closes at ``i``: at ``i``, unless a second ``Meer
    uit`` heading opens there (a page with "Meer uit Buitenland" and "Meer uit
    Binnenland", each in its own box): its items are wire items too, so the ticker runs
    on to that list's end."""
    j = next((k for k in range(i, min(end, i + NEXT_TICKER_GAP)) if kinds[k] != BREAK),
             None)
    if (j is None or kinds[j] != MEER
            or DATELINE not in kinds[j + 1:j + 1 + NEXT_TICKER_REACH]):
        return i
    return ticker_end(lines, kinds, j, end)


def _items_follow(
    lines: list[Line], kinds: list[Kind], i: int, end: int, titled: bool, heading_tag: str
) -> bool:
    """Does a block starting at ``i`` go on with ticker items rather than open another box?

    It must start with an item (its dateline, its age, or its headline when the first item
    had one), not with a heading like the ticker's own or a line of anything else.
    """
    found: list[int] = []
    for j in range(i, min(end, i + ITEMS_FOLLOW_REACH)):
        if not found and (kinds[j] == BADGE_ONLY or (
                heading_tag in _HEADINGS and lines[j].tag == heading_tag)):
            return False  # a box of its own: headed like the ticker, or labelled ("Video")
        if kinds[j] in (TEXT, DATELINE, AGE, TIME, MEER, NET):
            found.append(j)
            if len(found) == 2:
                break
    if not found:
        return False
    j = found[0]
    nxt = kinds[found[1]] if len(found) > 1 else None
    if kinds[j] == DATELINE:
        return True
    if kinds[j] == AGE or kinds[j] == TIME:
        return nxt == DATELINE
    return (
        kinds[j] == TEXT
        and titled
        and nxt in (DATELINE, AGE, TIME)
        and title_ish(lines[j].text)
        and OTHER_LIST.fullmatch(lines[j].text) is None
    )
