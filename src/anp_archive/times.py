"""The archive's one time rule: zones and conversions, in one place.

A naive time given by a user (a CLI option, a ``Capture.fetched_at``, a parsed page's
times, a WARC date without a zone) means Europe/Amsterdam wall time, because that is the
clock the wire items and their readers use. The database holds UTC. A naive value read
*back from the database* is UTC (SQLite keeps no offset), which is the only other rule,
and lives in ``from_db``.

Conversions go through UTC so that a wall time in the spring gap (02:30 on the last Sunday
of March) gets a real instant, and the autumn hour that repeats (02:00-03:00 twice, told
apart only by ``fold``) maps to two different instants.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import overload
from zoneinfo import ZoneInfo

__all__ = ["AMSTERDAM", "UTC", "from_db", "to_amsterdam", "to_utc"]

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@overload
def to_utc(value: datetime) -> datetime: ...
@overload
def to_utc(value: None) -> None: ...
def to_utc(value: datetime | None) -> datetime | None:
    """``value`` as an aware UTC time; a naive value is Europe/Amsterdam wall time."""
    if value is None:
        return None
    if value.tzinfo is None or value.utcoffset() is None:
        value = value.replace(tzinfo=AMSTERDAM)
    return value.astimezone(UTC)


def to_amsterdam(value: datetime) -> datetime:
    """``value`` as Europe/Amsterdam wall time; a naive value is taken to be Amsterdam time."""
    return to_utc(value).astimezone(AMSTERDAM)


@overload
def from_db(value: datetime) -> datetime: ...
@overload
def from_db(value: None) -> None: ...
def from_db(value: datetime | None) -> datetime | None:
    """A value read from a column, as aware UTC: a naive one was stored as UTC."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
