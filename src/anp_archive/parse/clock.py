"""Wall-clock times a page prints, as instants: which day, and which side of a DST change.

A page cannot show a time from the future, so a printed time names the latest moment at
or before ``fetched_at`` (give or take ``CLOCK_SKEW``, a site's clock running ahead) that
the Amsterdam clock showed it. Wall times are resolved in
Europe/Amsterdam through UTC:

- the autumn hour that repeats (02:00-02:59 on the last Sunday of October) names two
  instants; the later one at or before ``fetched_at`` is taken (the latest moment rule);
- a time in the spring gap (02:00-02:59 on the last Sunday of March) never showed on a
  clock; it is read as the instant one hour later (02:30 as 03:30 summer time), as every
  wall time in this package is (``times.to_amsterdam``).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from anp_archive.times import AMSTERDAM, to_amsterdam, to_utc

__all__ = ["CLOCK_SKEW", "clock_time_before", "wall_instants"]

# How far a site's clock may run ahead of ours: a "10:44" read at 10:43:50 is today's, not
# yesterday's (nor, dated, last year's). Five minutes covers clock drift and a page built
# just before it was served; it is short beside the day a wrong guess would cost.
CLOCK_SKEW = timedelta(minutes=5)


def wall_instants(day: date, hour: int, minute: int) -> list[datetime]:
    """The instants (Amsterdam time, earliest first) at which the clock showed ``hour:minute``
    on ``day``: two in the autumn DST fold, one otherwise (spring gap: one hour later)."""
    naive = datetime.combine(day, time(hour, minute))
    first = naive.replace(tzinfo=AMSTERDAM, fold=0).astimezone(UTC).astimezone(AMSTERDAM)
    if first.replace(tzinfo=None) != naive:
        return [first]  # the spring gap: fold=0 gives the instant one hour later
    second = naive.replace(tzinfo=AMSTERDAM, fold=1).astimezone(UTC).astimezone(AMSTERDAM)
    # Compared in UTC: datetimes sharing a zone compare by wall time, ignoring ``fold``.
    return [first] if to_utc(second) == to_utc(first) else [first, second]


def latest_at_or_before(candidates: list[datetime], fetched_at: datetime) -> datetime | None:
    """The latest of ``candidates`` (earliest first) not after ``fetched_at`` (give or take
    :data:`CLOCK_SKEW`)."""
    limit = to_utc(fetched_at) + CLOCK_SKEW
    for instant in reversed(candidates):
        if to_utc(instant) <= limit:
            return instant
    return None


def clock_time_before(fetched_at: datetime, day: date, hour: int, minute: int) -> datetime:
    """The Amsterdam instant a printed clock time ``hour:minute`` names, seen at ``fetched_at``.

    ``day`` is the Amsterdam date of ``fetched_at``. A page cannot show a time from the
    future: a clock later than ``fetched_at`` (23:51 read at 00:19) is from the day before.
    """
    now = to_amsterdam(fetched_at)
    found = latest_at_or_before(wall_instants(day, hour, minute), now)
    if found is None:
        earlier = wall_instants(day - timedelta(days=1), hour, minute)
        found = latest_at_or_before(earlier, now) or earlier[-1]
    return found
