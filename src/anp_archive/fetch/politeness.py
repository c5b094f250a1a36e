"""Per-host delay slots and the global concurrency limit (Scrapy's downloader ``Slot``).

Every HTTP request, including robots.txt, retries and redirect hops, goes through
:meth:`Politeness.slot`. Requests to one host start at least ``delay`` seconds apart
(``max(delay_s, Crawl-delay)``), and at most ``concurrency`` requests are in flight overall.
The clock and ``sleep`` are injected so tests can check the waits without waiting.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

__all__ = ["Politeness"]

SleepFn = Callable[[float], Awaitable[None]]
ClockFn = Callable[[], float]


@dataclass(slots=True)
class _HostState:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    last_start: float | None = None
    min_delay_s: float = 0.0  # raised by robots.txt Crawl-delay
    not_before: float = float("-inf")  # pushed back by Retry-After or backoff


class Politeness:
    """Decides when the next request to a host may start.

    Waiting for a host holds only that host's lock, never a concurrency slot, so a host
    with a long Crawl-delay does not starve the others. The start time is taken after the
    concurrency slot is granted, so the delay is measured between real request starts.
    """

    def __init__(
        self,
        *,
        delay_s: float,
        concurrency: int,
        sleep: SleepFn = asyncio.sleep,
        clock: ClockFn = time.monotonic,
    ) -> None:
        self._delay_s = delay_s
        self._semaphore = asyncio.Semaphore(concurrency)
        self._sleep = sleep
        self._clock = clock
        self._hosts: dict[str, _HostState] = {}

    def _state(self, host: str) -> _HostState:
        state = self._hosts.get(host)
        if state is None:
            state = self._hosts[host] = _HostState()
        return state

    def delay_for(self, host: str) -> float:
        """The gap between request starts to ``host``: ``max(delay_s, Crawl-delay)``."""
        return max(self._delay_s, self._state(host).min_delay_s)

    def set_min_delay(self, host: str, delay_s: float) -> None:
        """Raise the host's delay (robots.txt ``Crawl-delay``); never lowers it below delay_s."""
        state = self._state(host)
        state.min_delay_s = max(state.min_delay_s, delay_s)

    def defer(self, host: str, wait_s: float) -> None:
        """Start no request to ``host`` for ``wait_s`` seconds (Retry-After, retry backoff).

        It applies to every request for the host, not just the one retried: a server that
        says "slow down" means all of us.
        """
        state = self._state(host)
        state.not_before = max(state.not_before, self._clock() + wait_s)

    def _target(self, state: _HostState, host: str) -> float:
        earliest = state.not_before
        if state.last_start is not None:
            earliest = max(earliest, state.last_start + self.delay_for(host))
        return earliest

    @asynccontextmanager
    async def slot(self, host: str) -> AsyncIterator[None]:
        """Wait for the host's turn and a concurrency slot; hold the slot for the request."""
        state = self._state(host)
        await state.lock.acquire()
        try:
            target = self._target(state, host)
            # Re-check once the wait is over: a Retry-After seen meanwhile may push the
            # target further. The loop ends because the target only moves when it grows,
            # even with a sleep that does not really wait.
            while True:
                wait = target - self._clock()
                if wait > 0:
                    await self._sleep(wait)
                new_target = self._target(state, host)
                if new_target <= target:
                    break
                target = new_target
            await self._semaphore.acquire()
            state.last_start = self._clock()
        finally:
            state.lock.release()
        try:
            yield
        finally:
            self._semaphore.release()
