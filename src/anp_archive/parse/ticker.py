"""The ticker: short wire items, each a dateline paragraph with its headline and age."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from anp_archive.models import Dateline, TickerItem
from anp_archive.parse.ages import age_reader
from anp_archive.parse.kinds import AGE, BADGE_ONLY, DATELINE, MEER, NET, TEXT, TIME, Kind
from anp_archive.parse.lengths import TICKER_TITLE_MIN_ITEMS, TITLE_MAX
from anp_archive.parse.lines import Line
from anp_archive.parse.links import absolute_url
from anp_archive.parse.shapes import ITEM_END, PARAGRAPH_END, label_ish, strip_badge, title_ish
from anp_archive.parse.shown_times import shown_interval
from anp_archive.parse.vocabulary import CREDIT, READ_MORE_TAIL

__all__ = ["Draft", "build_ticker", "ticker_items", "unique_items"]


@dataclass(slots=True)
class Draft:
    """A ticker item while the list is read: its lines are still being gathered."""

    index: int
    dateline: Dateline
    text: str
    href: str | None
    title: str | None = None
    title_href: str | None = None
    age: str | None = None
    exact: bool = False  # the age is a shown time ("10:42"), not a relative age
    extra: list[str] = field(default_factory=list)


def build_ticker(
    lines: list[Line],
    kinds: list[Kind],
    datelines: dict[int, tuple[Dateline, str]],
    start: int,
    end: int,
    meer: int | None,
    *,
    skip: range,
) -> list[Draft]:
    """The items between ``start`` and ``end`` (the lines in ``skip`` left out)."""
    idx = [i for i in range(start, end)
           if i not in skip and kinds[i] not in (MEER, NET)]
    events = [i for i in idx if kinds[i] in (DATELINE, AGE, TIME)]
    if not any(kinds[i] == DATELINE for i in events):
        return []
    # Ages follow their items, except on pages that print the age first. Tell them apart at
    # the ends: age-first pages open with an age and end with an item that has none after it.
    # (A "Meest gelezen" widget with ages above the list must not flip a normal page.)
    age_first = kinds[events[0]] in (AGE, TIME) and kinds[events[-1]] == DATELINE
    items = _read_items(lines, kinds, datelines, idx, meer, age_first)
    _settle_titles(items, meer)
    for it in items:
        if it.extra:
            it.text = " ".join([it.text, *it.extra]).strip()
        if it.text[-1:] in _LINK_TAIL_ENDS:
            it.text = READ_MORE_TAIL.sub("", it.text)
        it.href = it.title_href or it.href
    return items


def _read_items(
    lines: list[Line],
    kinds: list[Kind],
    datelines: dict[int, tuple[Dateline, str]],
    idx: list[int],
    meer: int | None,
    age_first: bool,
) -> list[Draft]:
    items: list[Draft] = []
    gap: list[int] = []  # text lines since the last dateline or age
    cur: Draft | None = None
    pending_age: str | None = None
    pending_exact = False
    closed = False  # the current item got its age (age-after pages): the gap is the next title
    for i in idx:
        k = kinds[i]
        if k == DATELINE:
            dateline, text = datelines[i]
            title_i = _take_gap(lines, gap, cur, closed, meer) if gap else None
            item = Draft(index=i, dateline=dateline, text=text, href=lines[i].href)
            if title_i is not None:
                item.title = lines[title_i].text
                item.title_href = lines[title_i].href
            if age_first:
                item.age, pending_age = pending_age, None
                item.exact, pending_exact = pending_exact, False
            items.append(item)
            cur = item
            gap = []
            closed = False
        elif k in (AGE, TIME):
            label = lines[i].text
            if age_first:
                pending_age, pending_exact = label, k == TIME
            elif cur is not None and not closed:
                _add_extra(cur, lines, gap)
                cur.age, cur.exact = label, k == TIME
                if cur.href is None and lines[i].href:
                    cur.href = lines[i].href  # the age is the item's permalink
                gap = []
                closed = True
            elif closed:
                # Text with an age of its own after a finished item: an item without a
                # dateline (the site's own story in the list), not the next one's headline.
                gap = []
        elif k == TEXT:
            text = lines[i].text
            if ":" in text and CREDIT.fullmatch(text) is not None:
                continue  # "Foto: ANP / Koen van Weel" under a thumbnail: no headline
            gap.append(i)
        elif k == BADGE_ONLY and cur is not None and cur.href is None and lines[i].href:
            cur.href = lines[i].href  # "Lees meer" links to the item itself
    return items


def _take_gap(
    lines: list[Line], gap: list[int], cur: Draft | None, closed: bool, meer: int | None
) -> int | None:
    """The headline of the next item among the lines ``gap`` before its dateline; the rest
    of them continue the current item's text."""
    last = gap[-1]
    if cur is not None and closed:
        return last
    if title_ish(lines[last].text) or (cur is None and meer is not None):
        if cur is not None:
            _add_extra(cur, lines, _before_teaser(lines, gap[:-1]))
        return last
    if cur is not None:
        _add_extra(cur, lines, gap)
    return None


def _before_teaser(lines: list[Line], gap: list[int]) -> list[int]:
    """The lines of ``gap`` before a teaser without dateline: a headline followed by a
    paragraph (an archive list's snippet, the site's own story). An item that has no age
    to close it must not run on into it."""
    for k in range(len(gap) - 1):
        head, body = lines[gap[k]].text, lines[gap[k + 1]].text
        if len(head) <= TITLE_MAX and not head.endswith(PARAGRAPH_END) and body.endswith(ITEM_END):
            return gap[:k]
    return gap


def _settle_titles(items: list[Draft], meer: int | None) -> None:
    """Headlines as the whole list shows them: stray ones dropped, source badges removed."""
    if (
        meer is None and len(items) > 1 and items[0].title is not None
        and all(it.title is None for it in items[1:])
    ):
        # Only the first item "has a headline": that line is the page's heading instead.
        items[0].title = None
        items[0].title_href = None
    badged = [it for it in items if it.title is not None and it.title.startswith("ANP")]
    if len(badged) * 2 > len(items):
        # Index pages prefix every headline with the source badge "ANP", sometimes glued
        # ("ANPPSV - Ajax ...") or before a lower-case word ("ANP eBay-verkoper ...").
        for it in badged:
            rest = it.title[3:].lstrip() if it.title else ""
            if rest:
                it.title = rest
    else:
        for it in items:
            if it.title is not None:
                it.title = strip_badge(it.title)
    titled = sum(1 for it in items if it.title is not None)
    if len(items) >= TICKER_TITLE_MIN_ITEMS and titled * 2 < len(items):
        # A page shows headlines for all its items or for none; a few stray "titles" are
        # chrome between items (a label, an ad slot).
        for it in items:
            it.title = it.title_href = None


def _add_extra(item: Draft, lines: list[Line], gap: list[int]) -> None:
    """Lines between an item's dateline paragraph and its age (or the next item) continue
    its text, except a category label after a finished sentence (``<div>Economie</div>``
    in a teaser's footer)."""
    for j in gap:
        text = lines[j].text
        last = item.extra[-1] if item.extra else item.text
        if last.endswith(ITEM_END) and label_ish(text):
            continue
        item.extra.append(text)


_LINK_TAIL_ENDS = frozenset("rRnNlLtT»›>→")


def unique_items(items: list[Draft]) -> list[Draft]:
    """Responsive sites print a list twice (one copy hidden by CSS we cannot see): the
    same item with the same age is one item."""
    if len(items) <= 1:
        return items
    seen: set[tuple[Dateline, str, str | None, str | None]] = set()
    unique: list[Draft] = []
    for it in items:
        key = (it.dateline, it.text, it.age, it.title)
        if key not in seen:
            seen.add(key)
            unique.append(it)
    return unique


def ticker_items(
    items: list[Draft], fetched_at: datetime | None, base_url: str | None
) -> tuple[TickerItem, ...]:
    """The finished items, with the publication interval each age implies."""
    read_age = age_reader(fetched_at)

    def interval(it: Draft) -> tuple[datetime | None, datetime | None]:
        if it.age is None:
            return None, None
        return shown_interval(it.age, fetched_at) if it.exact else read_age(it.age)

    return tuple(
        TickerItem(
            title=it.title,
            dateline=it.dateline,
            text=it.text,
            age=it.age,
            published_earliest=(b := interval(it))[0],
            published_latest=b[1],
            url=_absolute(it.href, base_url) if it.href else None,
        )
        for it in items
    )


def _absolute(href: str, base: str | None) -> str | None:
    if href.startswith(("https://", "http://")):
        return href.split("#", 1)[0] if "#" in href else href
    return absolute_url(href, base) if base else href
