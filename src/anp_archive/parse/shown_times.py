"""Absolute times a ticker shows instead of an age: ``10:42``, ``10.42 uur``, ``vandaag
10:42``, ``gisteren 23:10``, ``3 december 14:05``.

Such a line is an item's time, not the next item's headline. It is read as the printed
minute (earliest its start, latest one minute later, as an age of "1 minuut" is read),
against ``fetched_at`` in Europe/Amsterdam (a few minutes ahead of it allowed,
``clock.CLOCK_SKEW``):

- a bare clock time or ``vandaag HH:MM``: the latest such moment at or before
  ``fetched_at`` (23:51 read at 00:19 is the evening before);
- ``gisteren``/``eergisteren HH:MM``: that clock time one or two calendar days before;
- ``3 december 14:05``: that date in the year of ``fetched_at``, or the year before when it
  would lie after ``fetched_at`` (read on 2 January); with a year, that year.

A date without a clock time (``3 mrt``, ``di 3 maart 2026``, ``03-03-2026``) names that
whole calendar day, found the same way.

DST changes are resolved as ``clock.py`` says (autumn fold: the later instant not after
``fetched_at``; spring gap: one hour later).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from anp_archive.parse.clock import clock_time_before, latest_at_or_before, wall_instants
from anp_archive.parse.kinds import DATE, DATELINE, TEXT, TIME, Kind
from anp_archive.parse.lengths import DATE_LINE_MAX
from anp_archive.parse.lines import Line
from anp_archive.parse.shapes import title_ish
from anp_archive.parse.vocabulary import MONTH_NUMBERS, SHOWN_DATE, SHOWN_TIME
from anp_archive.times import to_amsterdam

__all__ = ["mark_shown_times", "read_shown_time", "shown_interval"]

_MINUTE = timedelta(minutes=1)


def mark_shown_times(lines: list[Line], kinds: list[Kind]) -> None:
    """Mark the lines that are ticker items' absolute times ``TIME``.

    A time right after an item's dateline paragraph is its time when what follows is no
    paragraph of a story (the next headline, the next item, the end). On pages that print
    the time first, times right before a dateline (or before a headline and its dateline)
    are items' times when there are at least two of them. Anything else (a lead's byline,
    a clock inside a story) stays what it was.
    """
    n = len(lines)
    # (Every shown time holds its clock's ":" or "."; most lines hold neither. A shown
    # date is a date line already.)
    candidates = [i for i, (line, kind) in enumerate(zip(lines, kinds, strict=True))
                  if kind in (DATE, TEXT) and len(line.text) <= DATE_LINE_MAX
                  and (((":" in line.text or "." in line.text)
                        and SHOWN_TIME.fullmatch(line.text) is not None)
                       or (kind == DATE and SHOWN_DATE.fullmatch(line.text) is not None))]
    if not candidates:
        return
    after = [i for i in candidates if i > 0 and kinds[i - 1] == DATELINE and (
        i + 1 == n or kinds[i + 1] != TEXT or title_ish(lines[i + 1].text))]
    before = [i for i in candidates if i + 1 < n and (
        kinds[i + 1] == DATELINE
        or (kinds[i + 1] == TEXT and i + 2 < n and kinds[i + 2] == DATELINE))]
    # Between two items a time may close the one above or open the one below: the ends
    # tell (as for relative ages): time-first lists open with a time that follows no item
    # and end with an item that has none after it.
    last_item = max((i for i in range(n) if kinds[i] == DATELINE), default=-1)
    time_first = (len(before) >= 2 and before[0] not in after
                  and last_item + 1 not in after)
    for i in before if time_first else after:
        kinds[i] = TIME


def read_shown_time(label: str, fetched_at: datetime | None) -> datetime | None:
    """The instant a shown time names (see the module), None without ``fetched_at`` or
    for a date that does not exist ("31 februari")."""
    m = SHOWN_TIME.fullmatch(label)
    if m is None or fetched_at is None:
        return None
    now = to_amsterdam(fetched_at)
    hour, minute = int(m.group("h")), int(m.group("m"))
    word = (m.group("word") or "").lower()
    if m.group("month") is None:
        if word in ("", "vandaag"):
            return clock_time_before(now, now.date(), hour, minute)
        back = 1 if word == "gisteren" else 2
        candidates = wall_instants(now.date() - timedelta(days=back), hour, minute)
        return latest_at_or_before(candidates, now) or candidates[0]
    year = m.group("year")
    return _on_date(now, int(m.group("day")), MONTH_NUMBERS[m.group("month").lower()],
                    int(year) if year else None, hour, minute)


def _on_date(
    now: datetime, day: int, month: int, year: int | None, hour: int, minute: int
) -> datetime | None:
    """``hour:minute`` on that date: in ``year``, or without one in the year of ``now`` or
    the year before, whichever is the latest at or before ``now``. None for a date that
    does not exist."""
    years = [year] if year is not None else [now.year, now.year - 1]
    for y in years:
        try:
            candidates = wall_instants(date(y, month, day), hour, minute)
        except ValueError:
            return None
        found = latest_at_or_before(candidates, now)
        if found is not None or len(years) == 1:
            return found or candidates[0]
    return None


def shown_interval(
    label: str, fetched_at: datetime | None
) -> tuple[datetime | None, datetime | None]:
    """``(earliest, latest)`` for a shown time or date: the printed minute (10:42 is any
    moment of 10:42:00-10:42:59, as a "1 minuut geleden" names one; a start-of-minute
    point would contradict the ages other pages show for the same item), or the printed
    day. Nulls without ``fetched_at`` or for what cannot be read."""
    if fetched_at is None:
        return None, None
    m = SHOWN_DATE.fullmatch(label)
    if m is None:
        instant = read_shown_time(label, fetched_at)
        return instant, None if instant is None else instant + _MINUTE
    now = to_amsterdam(fetched_at)
    if m.group("nday") is not None:
        day, month, year = int(m.group("nday")), int(m.group("nmonth")), m.group("nyear")
    else:
        day, month, year = (int(m.group("day")), MONTH_NUMBERS[m.group("month").lower()],
                            m.group("year"))
    try:
        start = _on_date(now, day, month, int(year) if year else None, 0, 0)
        if start is None:
            return None, None
        return start, wall_instants(start.date() + timedelta(days=1), 0, 0)[0]
    except OverflowError:  # "01-01-0001", "31-12-9999": past what datetime holds
        return None, None
