"""Relative ages (``50 minuten geleden``) and the publication interval they imply.

The site rounds elapsed time *down* to whole units, so ``N minuten geleden`` means the item
is at least N and less than N+1 minutes old: published in ``[T-(N+1) min, T-N min]`` where T
is ``fetched_at``. Minutes and hours are absolute durations (a DST change does not stretch
them); days, weeks (7 days), months and years are calendar units on the Europe/Amsterdam
wall clock, because that is how a Dutch site counts "2 dagen geleden". ``gisteren`` is the
whole previous calendar day, ``zojuist``/``net`` the last minute. Bounds keep fetched_at's
own precision (no rounding), so a page fetched at 12:00:37 gives ``11:09:37``..``11:10:37``
for "50 minuten geleden": rounding either way could exclude the true moment.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache

from anp_archive.parse.lengths import AGE_LABEL_MAX
from anp_archive.parse.vocabulary import (
    AGE_LINE,
    AGE_UNITS,
    AGE_WORDS,
    KNOWN_AGE,
    NUMBER_WORDS,
    VAGUE_AGE,
    lowers_plainly,
)
from anp_archive.times import AMSTERDAM, to_amsterdam

# KNOWN_AGE and AGE_LINE live in the vocabulary; named here too, where readers used to find them.
__all__ = ["AGE_LINE", "AMSTERDAM", "KNOWN_AGE", "age_reader", "is_age_label", "read_age",
           "to_amsterdam"]


def is_age_label(text: str) -> bool:
    """True when ``text`` (whitespace-normalised) is a whole age label such as ``2 uur geleden``."""
    if len(text) > AGE_LABEL_MAX:
        return False
    if lowers_plainly(text):
        # Every age holds "geleden" or is one word; most lines are neither.
        low = text.lower()
        if "geleden" not in low and low not in AGE_WORDS:
            return False
    return AGE_LINE.fullmatch(text) is not None or VAGUE_AGE.fullmatch(text) is not None


def _local(naive: datetime) -> datetime:
    # Re-attach the zone and normalise through UTC so a wall time that falls in the spring
    # DST gap still gets a real offset.
    return naive.replace(tzinfo=AMSTERDAM).astimezone(UTC).astimezone(AMSTERDAM)


def _months_back(value: datetime, months: int) -> datetime:
    index = value.year * 12 + (value.month - 1) - months
    year, month0 = divmod(index, 12)
    month = month0 + 1
    # Clamp the day: one month before 31 March is 28/29 February.
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    last = (nxt - timedelta(days=1)).day
    return value.replace(year=year, month=month, day=min(value.day, last))


def read_age(label: str, fetched_at: datetime | None) -> tuple[datetime | None, datetime | None]:
    """The interval ``(earliest, latest)`` in which an item labelled ``label`` was published.

    Both bounds are None when ``fetched_at`` is None or the label is not one we can read.
    A naive ``fetched_at`` is taken as Europe/Amsterdam time. Never raises.
    """
    if fetched_at is None:
        return None, None
    # The cache key is the UTC instant: datetimes in one zone compare (and hash) by wall
    # time, so the two 02:30s of the autumn DST fold would share one cache entry.
    return _read_age(" ".join(label.split()).lower(), to_amsterdam(fetched_at).astimezone(UTC))


def age_reader(
    fetched_at: datetime | None,
) -> Callable[[str], tuple[datetime | None, datetime | None]]:
    """``read_age`` with ``fetched_at`` fixed: a page reads many labels against one moment."""
    if fetched_at is None:
        return lambda label: (None, None)
    instant = to_amsterdam(fetched_at).astimezone(UTC)
    return lambda label: _read_age(" ".join(label.split()).lower(), instant)


@lru_cache(maxsize=1024)
def _read_age(label: str, fetched_at: datetime) -> tuple[datetime | None, datetime | None]:
    # Cached: a page carries many items with the same label and the same fetched_at.
    match = KNOWN_AGE.fullmatch(label)
    if match is None:
        return None, None
    try:
        now = to_amsterdam(fetched_at)
        word = match.group("word")
        if word is not None:
            return _read_word(word.lower(), now)
        raw = match.group("n").lower()
        n = NUMBER_WORDS.get(raw) or int(raw)
        unit = AGE_UNITS[match.group("unit").lower()]
        if unit in ("min", "h"):
            step = timedelta(minutes=1) if unit == "min" else timedelta(hours=1)
            utc = now.astimezone(UTC)
            return (
                (utc - step * (n + 1)).astimezone(AMSTERDAM),
                (utc - step * n).astimezone(AMSTERDAM),
            )
        wall = now.replace(tzinfo=None)
        if unit in ("d", "w"):
            days = 7 if unit == "w" else 1
            return (
                _local(wall - timedelta(days=days * (n + 1))),
                _local(wall - timedelta(days=days * n)),
            )
        months = 12 if unit == "y" else 1
        return _local(_months_back(wall, months * (n + 1))), _local(_months_back(wall, months * n))
    except (OverflowError, ValueError):
        # Absurd labels ("99999 jaar geleden") or fetched_at near datetime.min/max.
        return None, None


def _read_word(word: str, now: datetime) -> tuple[datetime | None, datetime | None]:
    if word in ("gisteren", "eergisteren"):
        back = 1 if word == "gisteren" else 2
        day = now.date() - timedelta(days=back)
        start = _local(datetime.combine(day, time()))
        end = _local(datetime.combine(day + timedelta(days=1), time()))
        return start, end
    if word == "nu":
        return now, now
    utc = now.astimezone(UTC)
    return (utc - timedelta(minutes=1)).astimezone(AMSTERDAM), now
