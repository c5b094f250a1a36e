"""The ``Net binnen`` list: latest headlines with the clock time each was published."""

from __future__ import annotations

from datetime import datetime

from anp_archive.models import Dateline, LatestItem
from anp_archive.parse.ages import to_amsterdam
from anp_archive.parse.clock import clock_time_before
from anp_archive.parse.dateline import match_dateline
from anp_archive.parse.kinds import AGE, DATE, DATELINE, LATEST_LINE, MEER, NET, TEXT, Kind
from anp_archive.parse.lengths import (
    LATEST_SECTION_MAX,
    LATEST_SECTION_MAX_SPACES,
    SECTION_CLOCK_MAX_SPACES,
)
from anp_archive.parse.lines import Line
from anp_archive.parse.vocabulary import CLOCK_IN, CLOCK_ONLY, CLOCK_UNIT, SECTION_CLOCK

__all__ = ["find_latest", "latest_entries", "parse_latest"]

_BULLETS = " -–—•·*▸›>|:"


def find_latest(
    lines: list[Line], kinds: list[Kind], datelines: dict[int, tuple[Dateline, str]],
    fetched_at: datetime | None,
) -> tuple[list[LatestItem], range]:
    """The page's ``Net binnen`` list and the lines it takes; those lines are marked
    ``LATEST_LINE`` (a headline there that reads as a dateline is no ticker item)."""
    if NET not in kinds:
        return [], range(0)
    net = kinds.index(NET)
    latest, end = parse_latest(lines, kinds, net + 1, fetched_at)
    taken = range(net, end)
    for i in taken:
        if kinds[i] == DATELINE:
            kinds[i] = LATEST_LINE
            datelines.pop(i, None)
        elif i > net:
            kinds[i] = LATEST_LINE
    return latest, taken


def latest_entries(text: str) -> list[tuple[str | None, int, int, str]]:
    """``[(section, hour, minute, title)]`` of one ``Net binnen`` line.

    A bar may run several entries together ("Zeeland 20:02 Brand ... Sport 19:40 Beker");
    a later clock starts a new entry only when a capitalised word (the section) precedes it
    and a capitalised headline follows, so "file om 14.00 uur" stays inside its title.
    """
    clocks = list(CLOCK_IN.finditer(text))
    if not clocks:
        return []
    cuts = [clocks[0]]
    for m in clocks[1:]:
        before = text[: m.start()].rstrip()
        word = before[before.rfind(" ") + 1 :]
        after = CLOCK_UNIT.sub("", text[m.end() :].lstrip(), count=1)
        if word and (word[0].isupper() or word.isdigit()) and after[:1].isupper():
            cuts.append(m)
    entries: list[tuple[str | None, int, int, str]] = []
    section = text[: cuts[0].start()].strip(_BULLETS)
    for k, m in enumerate(cuts):
        if k + 1 < len(cuts):
            chunk = text[m.end() : cuts[k + 1].start()].rstrip()
            space = chunk.rfind(" ")
            title, next_section = chunk[:space], chunk[space + 1 :]
        else:
            title, next_section = text[m.end() :], ""
        title = CLOCK_UNIT.sub("", title.strip(_BULLETS), count=1)
        if (len(section) > LATEST_SECTION_MAX
                or section.count(" ") > LATEST_SECTION_MAX_SPACES or not title):
            return entries
        entries.append((section or None, int(m.group("h")), int(m.group("m")), title))
        section = next_section.strip(_BULLETS)
    return entries


def parse_latest(
    lines: list[Line], kinds: list[Kind], start: int, fetched_at: datetime | None
) -> tuple[list[LatestItem], int]:
    """The entries of the list whose first line is ``start``, and the line after it."""
    out: list[LatestItem] = []
    i = start
    n = len(lines)
    day = to_amsterdam(fetched_at).date() if fetched_at is not None else None
    while i < n:
        text = lines[i].text
        if kinds[i] in (AGE, MEER, NET, DATELINE) or (
            kinds[i] == DATE and CLOCK_ONLY.fullmatch(text) is None
        ):
            break  # (a clock time alone is an entry's time in a list of blocks)
        consumed = 1
        entries = latest_entries(text) if CLOCK_ONLY.fullmatch(text) is None else []
        if not entries:
            # One entry spread over blocks: [section] time title.
            j = i
            section = None
            c = CLOCK_ONLY.fullmatch(text)
            if c is None and i + 1 < n and (
                CLOCK_ONLY.fullmatch(lines[i + 1].text) is not None
            ):
                section = text.strip(_BULLETS) or None
                j = i + 1
                c = CLOCK_ONLY.fullmatch(lines[j].text)
            elif c is None:
                # "- Zeeland 19:48" with the headline on the next line (a <br> between).
                c = SECTION_CLOCK.fullmatch(text)
                if c is not None and (c.group("section").strip(_BULLETS).count(" ")
                                      > SECTION_CLOCK_MAX_SPACES):
                    c = None  # a sentence that ends in a time, not "<section> HH:MM"
                if c is not None:
                    section = c.group("section").strip(_BULLETS) or None
            if c is None or j + 1 >= n or kinds[j + 1] != TEXT:
                break
            entries = [(section, int(c.group("h")), int(c.group("m")), lines[j + 1].text)]
            consumed = j + 2 - i
        if any(match_dateline(title) is not None for _, _, _, title in entries):
            break
        for section, h, mi, title in entries:
            published = (
                clock_time_before(fetched_at, day, h, mi) if fetched_at is not None
                and day is not None else None
            )
            out.append(LatestItem(section=section, time=f"{h:02d}:{mi:02d}", title=title,
                                  published_at=published))
        i += consumed
    return out, i
