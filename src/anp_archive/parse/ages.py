"""Relative ages (``50 minuten geleden``) and the publication interval they imply.

The site rounds elapsed time *down* to whole units, so ``N minuten geleden`` means the item
is at least N and less than N+1 minutes old: published in ``[T-(N+1) min, T-N min]`` where T
is ``fetched_at``. Minutes and hours are absolute durations (a DST change does not stretch
them); days, weeks (7 days), months and years are calendar units on the Europe/Amsterdam
wall clock, because that is how a Dutch site counts "2 dagen geleden". ``gisteren`` is the
whole previous calendar day, ``zojuist``/``net`` the last minute. Bounds keep fetched_at's
own precision (no rounding), so a page fetched at 12:00:37 gives ``11:09:37``..``11:10:37``
for "50 minuten geleden": rounding either way could exclude the true moment.

Seconds are elapsed time like minutes; "1 uur, 5 minuten geleden" is the sum, rounded down in
its smaller unit; compact "9m"/"2u"/"3d" read as the full spelling; "vanochtend" (and the
other parts of the day but "vannacht") is this calendar day before ``fetched_at``. A hedged
age ("ruim 2 uur geleden") is an age but gives nulls.
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
    DAY_PARTS,
    KNOWN_AGE,
    NUMBER_WORDS,
    VAGUE_AGE,
    lowers_plainly,
)
from anp_archive.times import AMSTERDAM, to_amsterdam

# KNOWN_AGE and AGE_LINE live in the vocabulary; named here too, where readers used to find them.
__all__ = ["AGE_LINE", "AMSTERDAM", "KNOWN_AGE", "age_reader", "is_age_label", "is_weak_age",
           "read_age", "to_amsterdam"]


def is_age_label(text: str) -> bool:
    """True when ``text`` (whitespace-normalised) is a whole age label such as ``2 uur geleden``."""
    if len(text) > AGE_LABEL_MAX:
        return False
    if lowers_plainly(text):
        low = text.lower()
        if "geleden" not in low:
            # Then an age is one word or compact ("9m"), and most lines are neither
            # (teasers' "10:42" and "2:31" among them).
            return low in _ONE_WORD_AGES or _compact(text)
    return AGE_LINE.fullmatch(text) is not None or VAGUE_AGE.fullmatch(text) is not None


_ONE_WORD_AGES = AGE_WORDS | DAY_PARTS


def is_weak_age(text: str) -> bool:
    """Is the age label ``text`` one that other pages print too, as a badge or a heading
    ("3d", "2u", "Vanavond" over a weather forecast)? It reads as an item's age after a
    dateline, but does not show that a page is the wire's."""
    return text.lower() in DAY_PARTS or _compact(text)


def _compact(text: str) -> bool:
    """Is ``text`` a compact age ("9m", "2u"; lower case, as vocabulary's pattern)?"""
    return 1 < len(text) <= 4 and text[-1] in "muhdw" and text[:-1].isdecimal()


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


# The units that are absolute durations (a DST change does not stretch them).
_STEPS = {"s": timedelta(seconds=1), "min": timedelta(minutes=1), "h": timedelta(hours=1)}
# "9m", "2u", "2h", "3d", "1w".
_COMPACT_UNITS = {"m": "min", "u": "h", "h": "h", "d": "d", "w": "w"}


def _amount(number: str, unit: str) -> tuple[int, str]:
    raw = number.lower()
    return NUMBER_WORDS.get(raw) or int(raw), AGE_UNITS[unit.lower()]


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
        if match.group("cn") is not None:
            n, unit = int(match.group("cn")), _COMPACT_UNITS[match.group("cunit").lower()]
        else:
            n, unit = _amount(match.group("n"), match.group("unit"))
        if match.group("n2") is not None:
            # "1 uur, 5 minuten geleden": the sum, rounded down in the smaller unit.
            n2, unit2 = _amount(match.group("n2"), match.group("unit2"))
            if unit not in _STEPS or unit2 not in _STEPS or _STEPS[unit2] >= _STEPS[unit]:
                return None, None
            utc = now.astimezone(UTC)
            newest = utc - _STEPS[unit] * n - _STEPS[unit2] * n2
            return (newest - _STEPS[unit2]).astimezone(AMSTERDAM), newest.astimezone(AMSTERDAM)
        if unit in _STEPS:
            step = _STEPS[unit]
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
    if word in DAY_PARTS:
        # "vanochtend" read at any hour: some moment of this calendar day before now.
        return _local(datetime.combine(now.date(), time())), now
    utc = now.astimezone(UTC)
    return (utc - timedelta(minutes=1)).astimezone(AMSTERDAM), now
