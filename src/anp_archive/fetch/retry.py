"""When to try a request again, and how long to wait first.

Kept apart from the client so the policy can be read (and tested) in one place: which
answers are worth repeating, how the wait grows, and how a server's ``Retry-After`` is read.
"""

from __future__ import annotations

import random
import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

__all__ = [
    "DEFAULT_BACKOFF_MAX_S",
    "DEFAULT_BACKOFF_S",
    "backoff_delay",
    "is_retryable_status",
    "parse_retry_after",
]

# ASCII digits only: str.isdigit() also accepts "²", which float() then rejects.
_SECONDS = re.compile(r"[0-9]+(?:\.[0-9]+)?")

DEFAULT_BACKOFF_S = 1.0
# Exponential growth is capped so a long retry budget never turns into hour-long sleeps.
DEFAULT_BACKOFF_MAX_S = 60.0


def is_retryable_status(status: int) -> bool:
    """429 (slow down) and every 5xx (server trouble) may succeed later; other codes will not."""
    return status == 429 or 500 <= status <= 599


def backoff_delay(
    attempt: int,
    *,
    base_s: float = DEFAULT_BACKOFF_S,
    max_s: float = DEFAULT_BACKOFF_MAX_S,
    rng: random.Random | None = None,
) -> float:
    """Seconds to wait before retry number ``attempt`` (1 = the first retry).

    Exponential (``base_s * 2**(attempt-1)``, capped at ``max_s``) with "equal jitter": the
    wait is drawn from [half, full] of that value, so many clients that failed together do not
    come back together, yet every retry still waits at least half the nominal time.
    """
    if base_s <= 0:
        return 0.0
    nominal = min(max_s, base_s * 2.0 ** max(0, attempt - 1))
    draw = rng.random() if rng is not None else random.random()
    return nominal / 2 + draw * nominal / 2


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds a ``Retry-After`` header asks us to wait, or None when absent or unreadable.

    Both forms of RFC 9110 §10.2.3 are read: delay-seconds (``120``) and an HTTP date
    (``Wed, 21 Oct 2015 07:28:00 GMT``, relative to ``now``). A date in the past means
    "now" (0.0). An unreadable value is ignored rather than trusted, so the caller falls
    back to its own backoff.
    """
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    if _SECONDS.fullmatch(text):  # RFC 9110 says an integer; "1.5" is seen in the wild
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when is None:  # pragma: no cover - older Pythons returned None for garbage
        return None
    if when.tzinfo is None:  # RFC 9110 dates are GMT; "-0000" parses as naive
        when = when.replace(tzinfo=UTC)
    reference = now or datetime.now(UTC)
    return max(0.0, (when - reference).total_seconds())
