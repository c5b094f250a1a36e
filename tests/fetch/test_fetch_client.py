"""Fetcher behaviour against respx: robots, politeness, retries, redirects, caps, captures."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Protocol

import httpx
import pytest
import respx

from anp_archive.errors import (
    ConsentWallError,
    FetchError,
    HTTPStatusError,
    RedirectError,
    ResponseTooLargeError,
    RobotsDisallowedError,
    UnsupportedContentError,
)
from anp_archive.fetch import Fetcher

HOST = "news.test"
BASE = f"https://{HOST}"
ARTICLE = f"{BASE}/nieuws/kremlin-ontkent"

MakeFetcher = Callable[..., Fetcher]


class FakeClock(Protocol):  # the conftest fixture's type
    now: float
    sleeps: list[float]


Page = Callable[..., httpx.Response]


def robots(router: respx.MockRouter, text: str, status: int = 200) -> respx.Route:
    return router.get(f"{BASE}/robots.txt", name="robots").mock(
        return_value=httpx.Response(status, text=text)
    )


# --- a plain fetch -----------------------------------------------------------------------


async def test_fetch_returns_capture_of_final_response(
    router: respx.MockRouter, make_fetcher: MakeFetcher, page: Page
) -> None:
    route = router.get(ARTICLE).mock(
        return_value=page(ETag='"v1"', Last_Modified="Wed, 01 Jan 2026 10:00:00 GMT", X_Extra="A")
    )
    before = datetime.now(UTC)
    async with make_fetcher() as fetcher:
        result = await fetcher.fetch(ARTICLE)
    assert route.call_count == 1
    assert result.url == ARTICLE
    assert result.status == 200
    assert not result.not_modified
    assert result.etag == '"v1"'
    assert result.last_modified == "Wed, 01 Jan 2026 10:00:00 GMT"
    capture = result.capture
    assert capture is not None
    assert capture.url == ARTICLE
    assert capture.status == 200
    assert capture.body.startswith(b"<html>")
    assert capture.fetched_at.tzinfo is not None
    assert before <= capture.fetched_at <= datetime.now(UTC)
    assert ("x-extra", "A") in capture.headers
    assert all(name == name.lower() for name, _ in capture.headers)
    assert capture.header("Content-Type") == "text/html; charset=utf-8"
    assert len(capture.sha256) == 64


async def test_honest_user_agent_on_every_request(
    router: respx.MockRouter, make_fetcher: MakeFetcher, page: Page
) -> None:
    route = router.get(ARTICLE).mock(return_value=page())
    async with make_fetcher(user_agent="anp-archive-test (+https://example.org/contact)") as f:
        await f.fetch(ARTICLE)
    for call in [*router.routes["robots"].calls, *route.calls]:
        assert (
            call.request.headers["user-agent"] == "anp-archive-test (+https://example.org/contact)"
        )
    assert "text/html" in route.calls.last.request.headers["accept"]


async def test_requests_made_counts_robots_and_pages(
    router: respx.MockRouter, make_fetcher: MakeFetcher, page: Page
) -> None:
    router.get(url__regex=rf"{BASE}/nieuws/.*").mock(return_value=page())
    async with make_fetcher() as fetcher:
        for slug in ("a", "b", "c"):
            await fetcher.fetch(f"{BASE}/nieuws/{slug}")
        assert fetcher.requests_made == 4  # one robots.txt + three pages
    assert router.routes["robots"].call_count == 1


@pytest.mark.parametrize(
    "url",
    ["not a url", "ftp://news.test/x", "/nieuws/relative", "https://other.test/nieuws/x"],
)
async def test_bad_or_offsite_url_is_refused_without_a_request(
    router: respx.MockRouter, make_fetcher: MakeFetcher, url: str
) -> None:
    async with make_fetcher() as fetcher:
        with pytest.raises(FetchError) as info:
            await fetcher.fetch(url)
        assert fetcher.requests_made == 0
    assert info.value.url == url
    assert "\n" not in str(info.value)


# --- robots.txt --------------------------------------------------------------------------


async def test_robots_disallow_raises_without_requesting_the_page(
    router: respx.MockRouter, make_fetcher: MakeFetcher, page: Page
) -> None:
    robots(router, "User-agent: *\nDisallow: /nieuws/geheim\n")
    secret = router.get(f"{BASE}/nieuws/geheim-stuk").mock(return_value=page())
    open_ = router.get(ARTICLE).mock(return_value=page())
    async with make_fetcher() as fetcher:
        with pytest.raises(RobotsDisallowedError) as info:
            await fetcher.fetch(f"{BASE}/nieuws/geheim-stuk")
        await fetcher.fetch(ARTICLE)
        assert fetcher.requests_made == 2
    assert secret.call_count == 0
    assert open_.call_count == 1
    assert info.value.url == f"{BASE}/nieuws/geheim-stuk"
    assert "disallows" in str(info.value)


async def test_robots_group_for_our_user_agent_wins(
    router: respx.MockRouter, make_fetcher: MakeFetcher, page: Page
) -> None:
    robots(router, "User-agent: *\nAllow: /\n\nUser-agent: anp-archive\nDisallow: /nieuws/\n")
    router.get(ARTICLE).mock(return_value=page())
    async with make_fetcher() as fetcher:
        with pytest.raises(RobotsDisallowedError):
            await fetcher.fetch(ARTICLE)


async def test_robots_fetched_once_even_for_concurrent_first_requests(
    router: respx.MockRouter, make_fetcher: MakeFetcher, page: Page
) -> None:
    robots(router, "User-agent: *\nDisallow:\n")
    router.get(url__regex=rf"{BASE}/nieuws/.*").mock(return_value=page())
    async with make_fetcher(delay_s=0) as fetcher:
        await asyncio.gather(*(fetcher.fetch(f"{BASE}/nieuws/{i}") for i in range(5)))
        assert fetcher.requests_made == 6
    assert router.routes["robots"].call_count == 1


@pytest.mark.parametrize("status", [401, 403, 404, 410])
async def test_robots_4xx_allows_everything(
    router: respx.MockRouter, make_fetcher: MakeFetcher, page: Page, status: int
) -> None:
    robots(router, "User-agent: *\nDisallow: /\n", status=status)  # body of an error page
    router.get(ARTICLE).mock(return_value=page())
    async with make_fetcher() as fetcher:
        result = await fetcher.fetch(ARTICLE)
    assert result.status == 200


async def test_robots_5xx_disallows_the_site_for_the_run(
    router: respx.MockRouter, make_fetcher: MakeFetcher, page: Page
) -> None:
    robots(router, "oops", status=503)
    article = router.get(url__regex=rf"{BASE}/nieuws/.*").mock(return_value=page())
    async with make_fetcher(retries=1) as fetcher:
        for slug in ("a", "b"):
            with pytest.raises(RobotsDisallowedError) as info:
                await fetcher.fetch(f"{BASE}/nieuws/{slug}")
        # robots.txt tried twice (one retry), then remembered: no request for page "b"
        assert fetcher.requests_made == 2
    assert article.call_count == 0
    assert str(info.value).startswith(
        f"robots.txt of {HOST} answered 503: the site is treated as disallowed for this run "
        "(RFC 9309)"
    )
    assert info.value.status == 503


async def test_robots_unreachable_disallows(
    router: respx.MockRouter, make_fetcher: MakeFetcher, page: Page
) -> None:
    router.get(f"{BASE}/robots.txt", name="robots").mock(
        side_effect=httpx.ConnectError("connection refused")
    )
    router.get(ARTICLE).mock(return_value=page())
    async with make_fetcher(retries=2) as fetcher:
        with pytest.raises(RobotsDisallowedError) as info:
            await fetcher.fetch(ARTICLE)
        assert fetcher.requests_made == 3
    assert "could not connect" in str(info.value)


async def test_robots_redirect_within_host_is_followed(
    router: respx.MockRouter, make_fetcher: MakeFetcher, page: Page
) -> None:
    router.get(f"{BASE}/robots.txt", name="robots").mock(
        return_value=httpx.Response(301, headers={"location": "/static/robots.txt"})
    )
    router.get(f"{BASE}/static/robots.txt").mock(
        return_value=httpx.Response(200, text="User-agent: *\nDisallow: /nieuws/\n")
    )
    router.get(ARTICLE).mock(return_value=page())
    async with make_fetcher() as fetcher:
        with pytest.raises(RobotsDisallowedError):
            await fetcher.fetch(ARTICLE)


async def test_robots_redirect_off_host_is_not_followed_and_means_unavailable(
    router: respx.MockRouter, make_fetcher: MakeFetcher, page: Page
) -> None:
    router.get(f"{BASE}/robots.txt", name="robots").mock(
        return_value=httpx.Response(302, headers={"location": "https://elsewhere.test/robots.txt"})
    )
    elsewhere = router.get("https://elsewhere.test/robots.txt").mock(
        return_value=httpx.Response(200, text="User-agent: *\nDisallow: /\n")
    )
    router.get(ARTICLE).mock(return_value=page())
    async with make_fetcher() as fetcher:
        assert (await fetcher.fetch(ARTICLE)).status == 200
    assert elsewhere.call_count == 0


async def test_crawl_delay_raises_the_per_host_delay(
    router: respx.MockRouter, make_fetcher: MakeFetcher, page: Page, fake_clock: FakeClock
) -> None:
    robots(router, "User-agent: *\nCrawl-delay: 10\n")
    starts: list[float] = []

    def record(request: httpx.Request) -> httpx.Response:
        starts.append(fake_clock.now)
        return page()

    router.get(url__regex=rf"{BASE}/nieuws/.*").mock(side_effect=record)
    async with make_fetcher(delay_s=3) as fetcher:
        for slug in ("a", "b", "c"):
            await fetcher.fetch(f"{BASE}/nieuws/{slug}")
        assert fetcher.delay_for(ARTICLE) == 10
    # robots.txt started at t0 with the 3 s delay known; its Crawl-delay then applies to all
    assert [b - a for a, b in itertools.pairwise(starts)] == [10, 10]
    assert fake_clock.sleeps == [10, 10, 10]


async def test_crawl_delay_below_delay_s_does_not_lower_it(
    router: respx.MockRouter, make_fetcher: MakeFetcher, page: Page, fake_clock: FakeClock
) -> None:
    robots(router, "User-agent: *\nCrawl-delay: 1\n")
    router.get(url__regex=rf"{BASE}/nieuws/.*").mock(return_value=page())
    async with make_fetcher(delay_s=3) as fetcher:
        await fetcher.fetch(f"{BASE}/nieuws/a")
        await fetcher.fetch(f"{BASE}/nieuws/b")
        assert fetcher.delay_for(ARTICLE) == 3
    assert fake_clock.sleeps == [3, 3]


async def test_crawl_delay_over_the_cap_is_honoured_at_the_cap(
    router: respx.MockRouter,
    make_fetcher: MakeFetcher,
    page: Page,
    fake_clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    robots(router, "User-agent: *\nCrawl-delay: 86400\n")
    router.get(url__regex=rf"{BASE}/nieuws/.*").mock(return_value=page())
    async with make_fetcher(delay_s=3) as fetcher:
        await fetcher.fetch(f"{BASE}/nieuws/a")
        await fetcher.fetch(f"{BASE}/nieuws/b")
        assert fetcher.delay_for(ARTICLE) == 60  # DEFAULT_MAX_CRAWL_DELAY_S
    assert fake_clock.sleeps == [60, 60]
    assert "86400" in caplog.text and "max_crawl_delay_s" in caplog.text


async def test_max_crawl_delay_is_configurable(
    router: respx.MockRouter, make_fetcher: MakeFetcher, page: Page, fake_clock: FakeClock
) -> None:
    robots(router, "User-agent: *\nCrawl-delay: 86400\n")
    router.get(url__regex=rf"{BASE}/nieuws/.*").mock(return_value=page())
    async with make_fetcher(delay_s=0, max_crawl_delay_s=5) as fetcher:
        await fetcher.fetch(f"{BASE}/nieuws/a")
    assert fake_clock.sleeps == [5]


# --- politeness ----------------------------------------------------------------------------


async def test_per_host_delay_between_request_starts(
    router: respx.MockRouter, make_fetcher: MakeFetcher, page: Page, fake_clock: FakeClock
) -> None:
    starts: list[float] = []

    def record(request: httpx.Request) -> httpx.Response:
        starts.append(fake_clock.now)
        return page()

    router.get(url__regex=rf"{BASE}/nieuws/.*").mock(side_effect=record)
    async with make_fetcher(delay_s=3, concurrency=4) as fetcher:
        await asyncio.gather(*(fetcher.fetch(f"{BASE}/nieuws/{i}") for i in range(4)))
    starts.sort()
    assert [round(b - a, 6) for a, b in itertools.pairwise(starts)] == [3, 3, 3]
    assert all(s == 3 for s in fake_clock.sleeps)


async def test_delay_zero_never_sleeps(
    router: respx.MockRouter, make_fetcher: MakeFetcher, page: Page, fake_clock: FakeClock
) -> None:
    router.get(url__regex=rf"{BASE}/nieuws/.*").mock(return_value=page())
    async with make_fetcher(delay_s=0) as fetcher:
        await asyncio.gather(*(fetcher.fetch(f"{BASE}/nieuws/{i}") for i in range(6)))
    assert fake_clock.sleeps == []


async def test_hosts_do_not_wait_for_each_other(
    router: respx.MockRouter, make_fetcher: MakeFetcher, page: Page, fake_clock: FakeClock
) -> None:
    router.get("https://other.test/robots.txt").mock(return_value=httpx.Response(404))
    router.get(ARTICLE).mock(return_value=page())
    router.get("https://other.test/nieuws/x").mock(return_value=page())
    async with make_fetcher(delay_s=5, allowed_hosts=frozenset({HOST, "other.test"})) as f:
        await asyncio.gather(f.fetch(ARTICLE), f.fetch("https://other.test/nieuws/x"))
    # each host: robots.txt, then its page 5 s later; the two hosts' waits overlap
    assert fake_clock.now == 1005


async def test_at_most_concurrency_requests_in_flight(
    router: respx.MockRouter, make_fetcher: MakeFetcher, page: Page
) -> None:
    in_flight = 0
    peak = 0

    async def slow(request: httpx.Request) -> httpx.Response:
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        await asyncio.sleep(0.01)
        in_flight -= 1
        return page()

    router.get(url__regex=rf"{BASE}/nieuws/.*").mock(side_effect=slow)
    async with make_fetcher(delay_s=0, concurrency=2) as fetcher:
        await asyncio.gather(*(fetcher.fetch(f"{BASE}/nieuws/{i}") for i in range(8)))
    assert peak == 2


# --- retries ------------------------------------------------------------------------------


async def test_500_then_200_is_retried_with_backoff(
    router: respx.MockRouter, make_fetcher: MakeFetcher, page: Page, fake_clock: FakeClock
) -> None:
    route = router.get(ARTICLE).mock(side_effect=[httpx.Response(500), page()])
    async with make_fetcher(delay_s=0, backoff_s=2) as fetcher:
        result = await fetcher.fetch(ARTICLE)
        assert fetcher.requests_made == 3
    assert result.status == 200
    assert route.call_count == 2
    assert len(fake_clock.sleeps) == 1
    assert 1 <= fake_clock.sleeps[0] <= 2  # equal jitter: half to full of 2 s


async def test_backoff_grows_exponentially(
    router: respx.MockRouter, make_fetcher: MakeFetcher, fake_clock: FakeClock
) -> None:
    router.get(ARTICLE).mock(return_value=httpx.Response(502))
    async with make_fetcher(delay_s=0, retries=3, backoff_s=1) as fetcher:
        with pytest.raises(HTTPStatusError) as info:
            await fetcher.fetch(ARTICLE)
        assert fetcher.requests_made == 5
    assert info.value.status == 502
    assert "after 4 attempts" in str(info.value)
    waits = fake_clock.sleeps
    assert len(waits) == 3
    for n, wait in enumerate(waits):
        assert 2**n / 2 <= wait <= 2**n


async def test_retries_respect_the_host_delay_too(
    router: respx.MockRouter, make_fetcher: MakeFetcher, page: Page, fake_clock: FakeClock
) -> None:
    router.get(ARTICLE).mock(side_effect=[httpx.Response(503), page()])
    async with make_fetcher(delay_s=3, backoff_s=0.5) as fetcher:
        await fetcher.fetch(ARTICLE)
    # robots at t0, page at t0+3, retry no sooner than 3 s after that despite a 0.5 s backoff
    assert fake_clock.sleeps == [3, 3]


async def test_429_retry_after_seconds_is_honoured(
    router: respx.MockRouter, make_fetcher: MakeFetcher, page: Page, fake_clock: FakeClock
) -> None:
    route = router.get(ARTICLE).mock(
        side_effect=[httpx.Response(429, headers={"retry-after": "7"}), page()]
    )
    async with make_fetcher(delay_s=0) as fetcher:
        result = await fetcher.fetch(ARTICLE)
    assert result.status == 200
    assert route.call_count == 2
    assert fake_clock.sleeps == [7]


async def test_retry_after_http_date_is_honoured(
    router: respx.MockRouter, make_fetcher: MakeFetcher, page: Page, fake_clock: FakeClock
) -> None:
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    router.get(ARTICLE).mock(
        side_effect=[httpx.Response(503, headers={"retry-after": when}), page()]
    )
    async with make_fetcher(delay_s=0) as fetcher:
        await fetcher.fetch(ARTICLE)
    assert len(fake_clock.sleeps) == 1
    assert 27 <= fake_clock.sleeps[0] <= 30


async def test_retry_after_holds_back_other_requests_to_the_host(
    router: respx.MockRouter, make_fetcher: MakeFetcher, page: Page, fake_clock: FakeClock
) -> None:
    starts: dict[str, list[float]] = {"a": [], "b": []}
    answers = {"a": [httpx.Response(429, headers={"retry-after": "20"}), page()], "b": [page()]}

    def handler(request: httpx.Request) -> httpx.Response:
        slug = request.url.path.rsplit("/", 1)[1]
        starts[slug].append(fake_clock.now)
        return answers[slug].pop(0)

    router.get(url__regex=rf"{BASE}/nieuws/.*").mock(side_effect=handler)
    async with make_fetcher(delay_s=1) as fetcher:
        await fetcher.fetch(f"{BASE}/nieuws/a")
        await fetcher.fetch(f"{BASE}/nieuws/b")
    first_a = starts["a"][0]
    assert starts["a"][1] - first_a >= 20
    assert starts["b"][0] - first_a >= 20


async def test_retry_after_beyond_the_cap_gives_up_at_once(
    router: respx.MockRouter, make_fetcher: MakeFetcher, fake_clock: FakeClock
) -> None:
    route = router.get(ARTICLE).mock(
        return_value=httpx.Response(429, headers={"retry-after": "3600"})
    )
    async with make_fetcher(delay_s=0, max_retry_after_s=120) as fetcher:
        with pytest.raises(HTTPStatusError) as info:
            await fetcher.fetch(ARTICLE)
    assert route.call_count == 1
    assert info.value.status == 429
    assert "3600" in str(info.value) and "120" in str(info.value)
    assert fake_clock.sleeps == []


@pytest.mark.parametrize("status", [429, 503])
async def test_retry_after_beyond_the_cap_closes_the_host_for_the_run(
    router: respx.MockRouter,
    make_fetcher: MakeFetcher,
    page: Page,
    fake_clock: FakeClock,
    status: int,
) -> None:
    route = router.get(url__regex=rf"{BASE}/nieuws/.*").mock(
        side_effect=[httpx.Response(status, headers={"retry-after": "3600"}), page(), page()]
    )
    other = router.get("https://other.test/robots.txt").mock(return_value=httpx.Response(404))
    other_page = router.get("https://other.test/nieuws/x").mock(return_value=page())
    async with make_fetcher(
        delay_s=0, max_retry_after_s=120, allowed_hosts=frozenset({HOST, "other.test"})
    ) as fetcher:
        with pytest.raises(HTTPStatusError):
            await fetcher.fetch(f"{BASE}/nieuws/a")
        made = fetcher.requests_made
        for slug in ("b", "c"):
            with pytest.raises(HTTPStatusError) as info:
                await fetcher.fetch(f"{BASE}/nieuws/{slug}")
            assert info.value.status == status
            assert "asked us to wait 3600 s" in str(info.value)
            assert "\n" not in str(info.value)
        assert fetcher.requests_made == made  # no request was sent
        # other hosts are not affected
        assert (await fetcher.fetch("https://other.test/nieuws/x")).status == 200
    assert route.call_count == 1
    assert other.call_count == 1 and other_page.call_count == 1
    assert fake_clock.sleeps == []


async def test_retry_after_beyond_the_cap_closes_the_host_even_without_retries(
    router: respx.MockRouter, make_fetcher: MakeFetcher, page: Page
) -> None:
    route = router.get(url__regex=rf"{BASE}/nieuws/.*").mock(
        side_effect=[httpx.Response(429, headers={"retry-after": "3600"}), page()]
    )
    async with make_fetcher(delay_s=0, retries=0) as fetcher:
        with pytest.raises(HTTPStatusError):
            await fetcher.fetch(f"{BASE}/nieuws/a")
        with pytest.raises(HTTPStatusError, match="asked us to wait 3600 s"):
            await fetcher.fetch(f"{BASE}/nieuws/b")
    assert route.call_count == 1


async def test_requests_queued_for_a_host_that_closes_are_not_sent(
    router: respx.MockRouter, make_fetcher: MakeFetcher, page: Page
) -> None:
    answers = [httpx.Response(429, headers={"retry-after": "3600"}), page(), page()]
    route = router.get(url__regex=rf"{BASE}/nieuws/.*").mock(side_effect=answers)
    async with make_fetcher(delay_s=1) as fetcher:
        results = await asyncio.gather(
            *(fetcher.fetch(f"{BASE}/nieuws/{slug}") for slug in "abc"),
            return_exceptions=True,
        )
    assert all(isinstance(r, HTTPStatusError) for r in results)
    assert route.call_count == 1


@pytest.mark.parametrize("status", [400, 401, 403, 404, 410, 451])
async def test_4xx_fails_at_once(
    router: respx.MockRouter, make_fetcher: MakeFetcher, status: int
) -> None:
    route = router.get(ARTICLE).mock(return_value=httpx.Response(status))
    async with make_fetcher() as fetcher:
        with pytest.raises(HTTPStatusError) as info:
            await fetcher.fetch(ARTICLE)
    assert route.call_count == 1
    assert info.value.status == status
    assert info.value.url == ARTICLE
    assert f"HTTP {status}" in str(info.value)


async def test_connection_error_then_success(
    router: respx.MockRouter, make_fetcher: MakeFetcher, page: Page
) -> None:
    route = router.get(ARTICLE).mock(side_effect=[httpx.ReadError("reset by peer"), page()])
    async with make_fetcher(delay_s=0) as fetcher:
        assert (await fetcher.fetch(ARTICLE)).status == 200
    assert route.call_count == 2


@pytest.mark.parametrize(
    ("exc", "words"),
    [
        (httpx.ConnectError("refused"), "could not connect"),
        (httpx.ReadTimeout("slow"), "timed out"),
        (httpx.RemoteProtocolError("peer closed"), "truncated"),
    ],
)
async def test_transport_errors_after_retries_are_fetch_errors(
    router: respx.MockRouter, make_fetcher: MakeFetcher, exc: Exception, words: str
) -> None:
    route = router.get(ARTICLE).mock(side_effect=exc)
    async with make_fetcher(delay_s=0, retries=2) as fetcher:
        with pytest.raises(FetchError) as info:
            await fetcher.fetch(ARTICLE)
    assert type(info.value) is FetchError
    assert route.call_count == 3
    assert info.value.url == ARTICLE
    assert info.value.status is None
    assert info.value.__cause__ is exc
    assert words in str(info.value)
    assert "after 3 attempts" in str(info.value)


async def test_non_transient_errors_are_not_retried(
    router: respx.MockRouter, make_fetcher: MakeFetcher
) -> None:
    route = router.get(ARTICLE).mock(side_effect=httpx.DecodingError("bad gzip"))
    async with make_fetcher(delay_s=0, retries=3) as fetcher:
        with pytest.raises(FetchError):
            await fetcher.fetch(ARTICLE)
    assert route.call_count == 1


# --- conditional GET ----------------------------------------------------------------------


async def test_conditional_get_sends_validators_and_304_is_not_modified(
    router: respx.MockRouter, make_fetcher: MakeFetcher
) -> None:
    route = router.get(ARTICLE).mock(return_value=httpx.Response(304))
    async with make_fetcher() as fetcher:
        result = await fetcher.fetch(
            ARTICLE, etag='"abc"', last_modified="Wed, 01 Jan 2026 10:00:00 GMT"
        )
    sent = route.calls.last.request.headers
    assert sent["if-none-match"] == '"abc"'
    assert sent["if-modified-since"] == "Wed, 01 Jan 2026 10:00:00 GMT"
    assert result.not_modified
    assert result.capture is None
    assert result.status == 304
    assert result.url == ARTICLE
    # a 304 without validators keeps the ones that were sent
    assert result.etag == '"abc"'
    assert result.last_modified == "Wed, 01 Jan 2026 10:00:00 GMT"


async def test_304_with_new_validators_returns_them(
    router: respx.MockRouter, make_fetcher: MakeFetcher
) -> None:
    router.get(ARTICLE).mock(return_value=httpx.Response(304, headers={"etag": '"new"'}))
    async with make_fetcher() as fetcher:
        result = await fetcher.fetch(ARTICLE, etag='"old"')
    assert result.etag == '"new"'
    assert result.last_modified is None


async def test_no_validators_means_no_conditional_headers(
    router: respx.MockRouter, make_fetcher: MakeFetcher, page: Page
) -> None:
    route = router.get(ARTICLE).mock(return_value=page())
    async with make_fetcher() as fetcher:
        await fetcher.fetch(ARTICLE)
    sent = route.calls.last.request.headers
    assert "if-none-match" not in sent
    assert "if-modified-since" not in sent


# --- size cap -----------------------------------------------------------------------------


class CountingStream(httpx.AsyncByteStream):
    """A body of ``limit`` equal chunks (64 KiB by default) that counts how many were read."""

    def __init__(self, limit: int = 10_000, chunk: bytes = b"<p>" + b"x" * (64 * 1024 - 3)):
        self.chunks_read = 0
        self.limit = limit
        self.chunk = chunk
        self.closed = False

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for _ in range(self.limit):
            self.chunks_read += 1
            yield self.chunk

    async def aclose(self) -> None:
        self.closed = True


async def test_declared_content_length_over_cap_is_refused_unread(
    router: respx.MockRouter, make_fetcher: MakeFetcher
) -> None:
    stream = CountingStream()
    router.get(ARTICLE).mock(
        return_value=httpx.Response(
            200,
            headers={"content-type": "text/html", "content-length": str(50 * 1024 * 1024)},
            stream=stream,
        )
    )
    async with make_fetcher(max_bytes=1024 * 1024) as fetcher:
        with pytest.raises(ResponseTooLargeError) as info:
            await fetcher.fetch(ARTICLE)
        assert fetcher.requests_made == 2  # not retried
    assert stream.chunks_read == 0
    assert stream.closed
    assert info.value.status == 200
    assert info.value.url == ARTICLE


async def test_streamed_body_is_cut_off_at_the_cap(
    router: respx.MockRouter, make_fetcher: MakeFetcher
) -> None:
    stream = CountingStream()
    router.get(ARTICLE).mock(
        return_value=httpx.Response(200, headers={"content-type": "text/html"}, stream=stream)
    )
    async with make_fetcher(max_bytes=1024 * 1024) as fetcher:
        with pytest.raises(ResponseTooLargeError):
            await fetcher.fetch(ARTICLE)
    assert stream.chunks_read == 17  # 16 chunks fit in 1 MiB, the 17th crosses it
    assert stream.closed


async def test_body_exactly_at_the_cap_is_accepted(
    router: respx.MockRouter, make_fetcher: MakeFetcher, page: Page
) -> None:
    body = b"<html>" + b"x" * 994
    router.get(ARTICLE).mock(return_value=page(body))
    async with make_fetcher(max_bytes=1000) as fetcher:
        result = await fetcher.fetch(ARTICLE)
    assert result.capture is not None and len(result.capture.body) == 1000


async def test_gzip_body_is_decompressed_and_capped_on_decoded_size(
    router: respx.MockRouter, make_fetcher: MakeFetcher
) -> None:
    import gzip

    body = b"<html>" + b"a" * 200_000
    router.get(ARTICLE).mock(
        return_value=httpx.Response(
            200,
            content=gzip.compress(body),
            headers={"content-type": "text/html", "content-encoding": "gzip"},
        )
    )
    async with make_fetcher() as fetcher:
        result = await fetcher.fetch(ARTICLE)
    assert result.capture is not None and result.capture.body == body
    async with make_fetcher(max_bytes=100_000) as fetcher:  # a gzip bomb in miniature
        with pytest.raises(ResponseTooLargeError):
            await fetcher.fetch(ARTICLE)


async def test_truncated_body_is_retried_and_never_captured(
    router: respx.MockRouter, make_fetcher: MakeFetcher
) -> None:
    def truncated(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200,
            headers={"content-type": "text/html", "content-length": "500"},
            stream=CountingStream(limit=1, chunk=b"<html><p>half"),  # 14 of 500 bytes
        )

    route = router.get(ARTICLE).mock(side_effect=truncated)
    async with make_fetcher(delay_s=0, retries=1) as fetcher:
        with pytest.raises(FetchError) as info:
            await fetcher.fetch(ARTICLE)
    assert route.call_count == 2
    assert type(info.value) is FetchError
    assert "before the body was complete" in str(info.value)


# --- content types ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content_type", ["application/pdf", "image/jpeg", "application/json", "text/plain"]
)
async def test_non_html_is_refused(
    router: respx.MockRouter, make_fetcher: MakeFetcher, content_type: str
) -> None:
    stream = CountingStream(limit=3)
    router.get(ARTICLE).mock(
        return_value=httpx.Response(200, headers={"content-type": content_type}, stream=stream)
    )
    async with make_fetcher() as fetcher:
        with pytest.raises(UnsupportedContentError) as info:
            await fetcher.fetch(ARTICLE)
    assert content_type in str(info.value)
    assert stream.chunks_read == 0  # decided on the header alone


@pytest.mark.parametrize(
    "content_type",
    [
        "text/html",
        "TEXT/HTML; charset=ISO-8859-1",
        "application/xhtml+xml",
        'text/html;charset="utf-8"',
    ],
)
async def test_html_types_are_accepted(
    router: respx.MockRouter, make_fetcher: MakeFetcher, page: Page, content_type: str
) -> None:
    router.get(ARTICLE).mock(return_value=page(content_type=content_type))
    async with make_fetcher() as fetcher:
        assert (await fetcher.fetch(ARTICLE)).status == 200


async def test_missing_content_type_is_sniffed(
    router: respx.MockRouter, make_fetcher: MakeFetcher
) -> None:
    route = router.get(ARTICLE)
    route.mock(return_value=httpx.Response(200, content=b"\xef\xbb\xbf\n  <!DOCTYPE html><p>x</p>"))
    async with make_fetcher() as fetcher:
        assert (await fetcher.fetch(ARTICLE)).status == 200
        route.mock(return_value=httpx.Response(200, content=b"%PDF-1.7\n%\xe2\xe3\xcf\xd3"))
        with pytest.raises(UnsupportedContentError):
            await fetcher.fetch(ARTICLE)
        route.mock(return_value=httpx.Response(200, content=b"<\x00\x00\x01binary"))
        with pytest.raises(UnsupportedContentError):
            await fetcher.fetch(ARTICLE)


# --- redirects ----------------------------------------------------------------------------


def redirect(location: str, status: int = 301) -> httpx.Response:
    return httpx.Response(status, headers={"location": location})


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
async def test_redirect_within_host_is_followed(
    router: respx.MockRouter, make_fetcher: MakeFetcher, page: Page, status: int
) -> None:
    router.get(f"{BASE}/oud").mock(return_value=redirect("/nieuws/kremlin-ontkent#top", status))
    final = router.get(ARTICLE).mock(return_value=page())
    async with make_fetcher() as fetcher:
        result = await fetcher.fetch(f"{BASE}/oud", etag='"e"')
        assert fetcher.requests_made == 3
    assert result.url == ARTICLE
    assert result.capture is not None and result.capture.url == ARTICLE
    # validators go along on each hop: they were stored for the URL requested
    assert final.calls.last.request.headers["if-none-match"] == '"e"'


async def test_redirect_to_another_host_is_refused(
    router: respx.MockRouter, make_fetcher: MakeFetcher, page: Page
) -> None:
    router.get(ARTICLE).mock(return_value=redirect("https://evil.test/nieuws/x"))
    evil = router.get("https://evil.test/nieuws/x").mock(return_value=page())
    async with make_fetcher() as fetcher:
        with pytest.raises(RedirectError) as info:
            await fetcher.fetch(ARTICLE)
    assert evil.call_count == 0
    assert info.value.url == ARTICLE
    assert info.value.status == 301
    assert "evil.test" in str(info.value)


async def test_www_variant_only_when_listed(
    router: respx.MockRouter, make_fetcher: MakeFetcher, page: Page
) -> None:
    router.get(ARTICLE).mock(return_value=redirect("https://www.news.test/nieuws/kremlin-ontkent"))
    router.get("https://www.news.test/robots.txt").mock(return_value=httpx.Response(404))
    www = router.get("https://www.news.test/nieuws/kremlin-ontkent").mock(return_value=page())
    async with make_fetcher() as fetcher:
        with pytest.raises(RedirectError):
            await fetcher.fetch(ARTICLE)
    assert www.call_count == 0
    async with make_fetcher(allowed_hosts=frozenset({HOST, "www.news.test"})) as fetcher:
        result = await fetcher.fetch(ARTICLE)
    assert result.url == "https://www.news.test/nieuws/kremlin-ontkent"


async def test_redirect_to_other_scheme_is_refused(
    router: respx.MockRouter, make_fetcher: MakeFetcher
) -> None:
    router.get(ARTICLE).mock(return_value=redirect("ftp://news.test/file"))
    async with make_fetcher() as fetcher:
        with pytest.raises(RedirectError):
            await fetcher.fetch(ARTICLE)


async def test_redirect_loop_is_refused(
    router: respx.MockRouter, make_fetcher: MakeFetcher
) -> None:
    router.get(f"{BASE}/a").mock(return_value=redirect("/b"))
    router.get(f"{BASE}/b").mock(return_value=redirect("/a"))
    async with make_fetcher() as fetcher:
        with pytest.raises(RedirectError) as info:
            await fetcher.fetch(f"{BASE}/a")
        assert fetcher.requests_made == 3
    assert "loop" in str(info.value)


async def test_redirect_to_itself_is_a_loop(
    router: respx.MockRouter, make_fetcher: MakeFetcher
) -> None:
    router.get(ARTICLE).mock(return_value=redirect(ARTICLE, 302))
    async with make_fetcher() as fetcher:
        with pytest.raises(RedirectError, match="loop"):
            await fetcher.fetch(ARTICLE)


@pytest.mark.parametrize(("hops", "ok"), [(5, True), (6, False)])
async def test_at_most_max_redirects(
    router: respx.MockRouter, make_fetcher: MakeFetcher, page: Page, hops: int, ok: bool
) -> None:
    for i in range(hops):
        router.get(f"{BASE}/r{i}").mock(return_value=redirect(f"/r{i + 1}"))
    router.get(f"{BASE}/r{hops}").mock(return_value=page())
    async with make_fetcher() as fetcher:
        if ok:
            assert (await fetcher.fetch(f"{BASE}/r0")).url == f"{BASE}/r{hops}"
        else:
            with pytest.raises(RedirectError, match="more than 5 redirects"):
                await fetcher.fetch(f"{BASE}/r0")


async def test_redirect_without_location_is_a_status_error(
    router: respx.MockRouter, make_fetcher: MakeFetcher
) -> None:
    router.get(ARTICLE).mock(return_value=httpx.Response(302))
    async with make_fetcher() as fetcher:
        with pytest.raises(HTTPStatusError) as info:
            await fetcher.fetch(ARTICLE)
    assert info.value.status == 302


async def test_robots_applies_to_the_redirect_target(
    router: respx.MockRouter, make_fetcher: MakeFetcher, page: Page
) -> None:
    robots(router, "User-agent: *\nDisallow: /prive/\n")
    router.get(ARTICLE).mock(return_value=redirect("/prive/x"))
    target = router.get(f"{BASE}/prive/x").mock(return_value=page())
    async with make_fetcher() as fetcher:
        with pytest.raises(RobotsDisallowedError):
            await fetcher.fetch(ARTICLE)
    assert target.call_count == 0


# --- consent walls ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "location",
    [
        "https://myprivacy.dpgmedia.nl/consent?siteKey=abc",
        "https://consent.yahoo.com/v2/collectConsent?sessionId=1",
        "https://privacy.news.test/gate",
        "/cookiewall?return=/nieuws/kremlin-ontkent",
        "/privacy-gate/accept",
        "/consent",
    ],
)
async def test_redirect_to_consent_gate_is_a_consent_wall(
    router: respx.MockRouter, make_fetcher: MakeFetcher, page: Page, location: str
) -> None:
    router.get(ARTICLE).mock(return_value=redirect(location, 302))
    gate = router.route(method="GET", path__regex=r"^/(cookiewall|privacy-gate|consent)").mock(
        return_value=page()
    )
    router.route(host__regex=r"^(myprivacy|consent|privacy)\.").mock(return_value=page())
    async with make_fetcher() as fetcher:
        with pytest.raises(ConsentWallError) as info:
            await fetcher.fetch(ARTICLE)
        assert fetcher.requests_made == 2  # robots + the page; the gate is never visited
    assert gate.call_count == 0
    assert info.value.url == ARTICLE


COOKIE_WALL = """<!doctype html><html lang="nl"><head><title>Cookies op News</title>
<script>window.__cmp = function(){ /* lots of code */ };</script>
<style>.btn{color:red}</style></head><body>
<div class="wall"><h1>Wij gebruiken cookies</h1>
<p>News.test en onze partners gebruiken cookies en vergelijkbare technieken om je een betere
ervaring te bieden, advertenties te personaliseren en gegevens te analyseren. Met jouw
toestemming plaatsen wij ook tracking cookies.</p>
<p>Door op &lsquo;Akkoord&rsquo; te klikken geef je toestemming. Je kunt je voorkeuren altijd
aanpassen via de instellingen. Lees meer in onze privacyverklaring.</p>
<button>Akkoord</button> <button>Instellingen aanpassen</button> <a href="/privacy">Privacy</a>
</div></body></html>"""


async def test_cookie_notice_page_is_a_consent_wall(
    router: respx.MockRouter, make_fetcher: MakeFetcher, page: Page
) -> None:
    router.get(ARTICLE).mock(return_value=page(COOKIE_WALL.encode()))
    async with make_fetcher() as fetcher:
        with pytest.raises(ConsentWallError) as info:
            await fetcher.fetch(ARTICLE)
    assert info.value.status == 200


async def test_news_page_with_cookie_banner_is_content(
    router: respx.MockRouter, make_fetcher: MakeFetcher, page: Page
) -> None:
    body = COOKIE_WALL.replace(
        "</div></body>",
        "</div><main><h1>Kremlin ontkent</h1><p>MOSKOU (ANP/RTR) - Het Kremlin heeft ontkend."
        "</p></main></body>",
    )
    router.get(ARTICLE).mock(return_value=page(body.encode()))
    async with make_fetcher() as fetcher:
        assert (await fetcher.fetch(ARTICLE)).capture is not None


# --- URL length ----------------------------------------------------------------------------


async def test_a_url_over_the_length_limit_is_refused_without_a_request(
    router: respx.MockRouter, make_fetcher: MakeFetcher, page: Page
) -> None:
    from anp_archive.errors import URLTooLongError
    from anp_archive.fetch import MAX_URL_LENGTH

    robots(router, "User-agent: *\nAllow: /\n")
    route = router.get(url__regex=rf"{BASE}/nieuws/.*").mock(return_value=page())
    fitting = f"{BASE}/nieuws/a?"
    fitting += "k" * (MAX_URL_LENGTH - len(fitting))
    async with make_fetcher() as fetcher:
        assert (await fetcher.fetch(fitting)).status == 200
        with pytest.raises(URLTooLongError, match=f"{MAX_URL_LENGTH + 1} characters"):
            await fetcher.fetch(fitting + "k")
    assert route.call_count == 1


async def test_a_redirect_to_an_over_long_url_is_not_followed(
    router: respx.MockRouter, make_fetcher: MakeFetcher, page: Page
) -> None:
    from anp_archive.fetch import MAX_URL_LENGTH

    robots(router, "User-agent: *\nAllow: /\n")
    far = f"{BASE}/nieuws/ver?" + "v" * MAX_URL_LENGTH
    router.get(ARTICLE).mock(return_value=httpx.Response(302, headers={"Location": far}))
    target = router.get(url__startswith=f"{BASE}/nieuws/ver").mock(return_value=page())
    async with make_fetcher() as fetcher:
        with pytest.raises(RedirectError, match="character limit; not followed"):
            await fetcher.fetch(ARTICLE)
    assert target.call_count == 0
