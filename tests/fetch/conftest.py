"""Fetch test helpers: async tests without a plugin, a fake clock, a respx-backed Fetcher.

``async def`` tests run under ``asyncio.run`` (one fresh loop per test, closed afterwards),
so no pytest-asyncio is needed. The fake clock's ``sleep`` records each wait and moves the
clock on, so politeness delays and backoff are checked exactly and without waiting.
"""

from __future__ import annotations

import asyncio
import inspect
import random
from collections.abc import Callable
from typing import Any

import httpx
import pytest
import respx

from anp_archive.fetch import Fetcher, FetchSettings

HOST = "news.test"
BASE = f"https://{HOST}"
HTML = (
    b"<html><head><title>Kremlin</title></head><body><h1>Kremlin ontkent</h1>"
    b"<p>MOSKOU (ANP/RTR) - Het Kremlin heeft ontkend dat er een gesprek was.</p>"
    b"<h2>Meer uit Buitenland</h2></body></html>"
)


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run ``async def`` tests in this folder on a fresh event loop."""
    func = pyfuncitem.obj
    if not inspect.iscoroutinefunction(func):
        return None
    names = inspect.signature(func).parameters
    asyncio.run(func(**{name: pyfuncitem.funcargs[name] for name in names}))
    return True


class FakeClock:
    """Monotonic time that only moves when the fetcher sleeps; every sleep is recorded."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        # Sleepers that overlap wake at their own deadline, not one after the other.
        self.sleeps.append(round(seconds, 6))
        wake = self.now + seconds
        await asyncio.sleep(0)  # still let other tasks run, as a real sleep would
        self.now = max(self.now, wake)


@pytest.fixture
def fake_clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def router() -> respx.MockRouter:
    """A respx router; robots.txt answers 404 (everything allowed) unless a test overrides it."""
    mock = respx.MockRouter(assert_all_called=False, assert_all_mocked=True)
    mock.get(f"{BASE}/robots.txt", name="robots").mock(return_value=httpx.Response(404))
    return mock


@pytest.fixture
def make_fetcher(router: respx.MockRouter, fake_clock: FakeClock) -> Callable[..., Fetcher]:
    """``make_fetcher(**settings)``: a Fetcher on the respx router and the fake clock."""

    def make(**overrides: Any) -> Fetcher:
        values: dict[str, Any] = {"allowed_hosts": frozenset({HOST})}
        values.update(overrides)
        return Fetcher(
            FetchSettings(**values),
            transport=httpx.MockTransport(router.async_handler),
            sleep=fake_clock.sleep,
            clock=fake_clock.clock,
            rng=random.Random(7),
        )

    return make


def html_response(body: bytes = HTML, status: int = 200, **headers: str) -> httpx.Response:
    """A text/html response; extra headers by keyword (underscores become dashes)."""
    all_headers = {"content-type": "text/html; charset=utf-8"}
    all_headers.update({k.replace("_", "-"): v for k, v in headers.items()})
    return httpx.Response(status, content=body, headers=all_headers)


@pytest.fixture
def page() -> Callable[..., httpx.Response]:
    return html_response
