"""The fetcher's small parts: settings, Retry-After, backoff, robots rules, consent checks."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import httpx
import pytest

from anp_archive.config import DEFAULT_USER_AGENT, Settings
from anp_archive.errors import ConfigError
from anp_archive.fetch import (
    FetchSettings,
    allowed_host,
    host_allowed,
    is_consent_page,
    is_consent_url,
    normalise_host,
    parse_retry_after,
)
from anp_archive.fetch.politeness import Politeness
from anp_archive.fetch.retry import backoff_delay, is_retryable_status
from anp_archive.fetch.robots import RobotsRules, origin_of, robots_url_for

UA = DEFAULT_USER_AGENT

# --- FetchSettings -------------------------------------------------------------------------


def test_from_settings_copies_the_fetch_fields() -> None:
    settings = Settings(
        db_url="sqlite://",
        user_agent="ua (+https://x.test)",
        delay_s=0.5,
        timeout_s=7,
        max_bytes=1234,
        concurrency=9,
        retries=1,
        max_retry_after_s=30,
        max_redirects=2,
    )
    fs = FetchSettings.from_settings(settings, ["WWW.Zeelandnet.NL", "zeelandnet.nl."])
    assert fs.allowed_hosts == frozenset({"www.zeelandnet.nl", "zeelandnet.nl"})
    assert (fs.user_agent, fs.delay_s, fs.timeout_s, fs.max_bytes) == (
        "ua (+https://x.test)",
        0.5,
        7,
        1234,
    )
    assert (fs.concurrency, fs.retries, fs.max_retry_after_s, fs.max_redirects) == (9, 1, 30, 2)


def test_defaults_come_from_config() -> None:
    fs = FetchSettings(allowed_hosts=frozenset({"a.test"}))
    assert fs.delay_s == 3.0
    assert fs.max_bytes == 5 * 1024 * 1024
    assert fs.max_redirects == 5
    assert "+https://" in fs.user_agent  # an honest UA with a contact URL


@pytest.mark.parametrize(
    "kwargs",
    [
        {"allowed_hosts": frozenset()},
        {"allowed_hosts": "a.test"},
        {"delay_s": -1},
        {"timeout_s": 0},
        {"max_bytes": 0},
        {"concurrency": 0},
        {"retries": -1},
        {"max_redirects": -1},
        {"user_agent": " "},
    ],
)
def test_bad_settings_are_config_errors(kwargs: dict[str, object]) -> None:
    values: dict[str, object] = {"allowed_hosts": frozenset({"a.test"}), **kwargs}
    with pytest.raises(ConfigError):
        FetchSettings(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://news.test/x", True),
        ("http://news.test:8080/x", True),  # a bare host allows any port
        ("https://NEWS.test/x", True),
        ("https://www.news.test/x", False),  # www. only when listed
        ("https://news.test.evil/x", False),
        ("https://evilnews.test/x", False),
        ("http://127.0.0.1:8000/x", True),
        ("http://127.0.0.1:8001/x", False),  # host:port entries pin the port
        ("ftp://news.test/x", False),
        ("not a url", False),
        ("/relative", False),
    ],
)
def test_allows(url: str, allowed: bool) -> None:
    fs = FetchSettings(allowed_hosts=frozenset({"news.test", "127.0.0.1:8000"}))
    assert fs.allows(url) is allowed


def test_allowed_host_scopes_to_host_and_explicit_port() -> None:
    assert allowed_host("https://www.zeelandnet.nl/nieuws") == "www.zeelandnet.nl"
    assert allowed_host("https://www.zeelandnet.nl:443/nieuws") == "www.zeelandnet.nl"
    assert allowed_host("http://127.0.0.1:8123/") == "127.0.0.1:8123"
    assert allowed_host("http://[::1]:8123/") == "[::1]:8123"
    with pytest.raises(ConfigError):
        allowed_host("mailto:x@y.z")
    fs = FetchSettings(allowed_hosts=frozenset({"http://[::1]:8123/nieuws"}))
    assert fs.allows("http://[::1]:8123/nieuws/x")


# --- retry policy -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "retry"),
    [
        (429, True),
        (500, True),
        (502, True),
        (503, True),
        (504, True),
        (599, True),
        (200, False),
        (304, False),
        (400, False),
        (404, False),
        (408, False),
        (600, False),
    ],
)
def test_retryable_statuses(status: int, retry: bool) -> None:
    assert is_retryable_status(status) is retry


NOW = datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("120", 120.0),
        (" 7 ", 7.0),
        ("0", 0.0),
        ("1.5", 1.5),
        ("Thu, 01 Jan 2026 12:01:30 GMT", 90.0),
        ("Thursday, 01-Jan-26 12:00:10 GMT", 10.0),  # obsolete RFC 850 form
        ("Thu, 01 Jan 2026 11:00:00 GMT", 0.0),  # in the past: now
        ("-5", None),
        ("soon", None),
        ("", None),
        ("²", None),
        (None, None),
    ],
)
def test_parse_retry_after(value: str | None, seconds: float | None) -> None:
    assert parse_retry_after(value, now=NOW) == seconds


def test_backoff_is_exponential_with_bounded_jitter() -> None:
    rng = random.Random(1)
    for attempt, nominal in [(1, 1.0), (2, 2.0), (3, 4.0), (4, 8.0), (10, 60.0)]:
        for _ in range(50):
            wait = backoff_delay(attempt, base_s=1.0, max_s=60.0, rng=rng)
            assert nominal / 2 <= wait <= nominal
    waits = {backoff_delay(3, rng=rng) for _ in range(20)}
    assert len(waits) > 1  # jittered, not fixed
    assert backoff_delay(3, base_s=0) == 0.0


# --- politeness slots ---------------------------------------------------------------------------


async def test_politeness_defer_and_min_delay() -> None:
    now = [0.0]
    sleeps: list[float] = []

    async def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        now[0] += seconds

    polite = Politeness(delay_s=2, concurrency=1, sleep=sleep, clock=lambda: now[0])
    async with polite.slot("a"):
        pass
    polite.set_min_delay("a", 5)
    polite.set_min_delay("a", 1)  # never lowers
    assert polite.delay_for("a") == 5
    assert polite.delay_for("b") == 2
    async with polite.slot("a"):
        pass
    polite.defer("a", 30)
    async with polite.slot("a"):
        pass
    async with polite.slot("b"):  # another host: no wait
        pass
    assert sleeps == [5, 30]


async def test_politeness_with_a_sleep_that_does_not_wait_terminates() -> None:
    sleeps: list[float] = []

    async def no_sleep(seconds: float) -> None:
        sleeps.append(seconds)

    polite = Politeness(delay_s=3, concurrency=2, sleep=no_sleep, clock=lambda: 100.0)
    for _ in range(3):
        async with polite.slot("a"):
            pass
    assert sleeps == [3, 3]


# --- robots rules -------------------------------------------------------------------------------


def test_origin_and_robots_url() -> None:
    assert origin_of(httpx.URL("https://News.test:443/a?b")) == "https://news.test"
    assert origin_of(httpx.URL("http://127.0.0.1:8080/a")) == "http://127.0.0.1:8080"
    assert str(robots_url_for(httpx.URL("http://[::1]:81/x/y"))) == "http://[::1]:81/robots.txt"


def test_robots_rules_parse_and_crawl_delay() -> None:
    body = (
        b"User-agent: *\nDisallow: /private/\nCrawl-delay: 4\n\n"
        b"User-agent: anp-archive\nDisallow: /nieuws/embargo\nRequest-rate: 1/12\n"
    )
    rules = RobotsRules.parse("https://news.test", body)
    assert rules.allows("https://news.test/private/x", UA)  # our own group applies, not *
    assert not rules.allows("https://news.test/nieuws/embargo-1", UA)
    assert rules.allows("https://news.test/nieuws/ok", UA)
    assert rules.crawl_delay(UA) == 12  # 1 request per 12 s
    assert rules.crawl_delay("otherbot") == 4
    assert not rules.allows("https://news.test/private/x", "otherbot")


def test_robots_allow_all_and_disallow_all() -> None:
    assert RobotsRules.allow_all("https://a.test").allows("https://a.test/x", UA)
    assert RobotsRules.allow_all("https://a.test").crawl_delay(UA) is None
    closed = RobotsRules.disallow_all("https://a.test", "HTTP 503")
    assert not closed.allows("https://a.test/", UA)
    assert closed.unreachable_reason == "HTTP 503"


def test_robots_garbage_is_read_leniently() -> None:
    rules = RobotsRules.parse("https://a.test", b"\xff\xfe<html>not robots</html>\x00" * 100)
    assert rules.allows("https://a.test/x", UA)


# --- consent walls --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "wall"),
    [
        ("https://myprivacy.dpgmedia.nl/consent?siteKey=x", True),
        ("https://consent.google.com/ml?continue=x", True),
        ("https://privacy.example.nl/", True),
        ("https://cmp.example.nl/gate", True),
        ("https://news.test/cookiewall?url=/nieuws/x", True),
        ("https://news.test/privacy-gate", True),
        ("https://news.test/consent.html", True),
        ("https://news.test/Cookie-Wall/", True),
        ("https://news.test/nieuws/kremlin-ontkent-consent-gesprek", False),
        ("https://news.test/privacy", False),  # the policy page, not a gate
        ("https://news.test/nieuws/privacywet-aangenomen", False),
        ("https://www.news.test/nieuws", False),
        ("", False),
    ],
)
def test_is_consent_url(url: str, wall: bool) -> None:
    assert is_consent_url(url) is wall


WALL_EN = b"""<html><body><h2>We value your privacy</h2><p>We and our partners use cookies
to store and access information on your device, for personalised ads and content.
You can accept or manage your choices in the settings.</p><button>Accept all</button>
<button>Reject all</button><button>Manage settings</button></body></html>"""

WALL_NL = """<html><body><h1>Toestemming</h1><p>Wij gebruiken cookies om de site goed
te laten werken. Geef je toestemming? Klik op Akkoord.</p><button>Akkoord</button>
<a href="/cookiebeleid">Cookiebeleid</a></body></html>""".encode("latin-1")

NEWS = b"""<html><body><h1>Kremlin ontkent</h1><p>MOSKOU (ANP/RTR) - Het Kremlin heeft
ontkend.</p><div class="cookiebar">Wij gebruiken cookies. Akkoord? Toestemming.</div>
</body></html>"""

INDEX = b"""<html><body><div>Wij gebruiken cookies - akkoord</div><ul>
<li>Binnenland 12:01 Kabinet valt</li><li>Sport 11:59 Ajax wint</li></ul>
<p>Meer uit Binnenland</p></body></html>"""

PLAIN = b"<html><body><h1>Over ons</h1><p>Deze site bestaat sinds 1999.</p></body></html>"


@pytest.mark.parametrize(
    ("body", "wall"),
    [(WALL_EN, True), (WALL_NL, True), (NEWS, False), (INDEX, False), (PLAIN, False)],
)
def test_is_consent_page(body: bytes, wall: bool) -> None:
    assert is_consent_page(body, "iso-8859-1" if body is WALL_NL else None) is wall


def test_long_page_mentioning_cookies_is_not_a_wall() -> None:
    text = " ".join(f"woord{i}" for i in range(3000))
    body = f"<html><body><p>{text}</p><p>cookies toestemming akkoord</p></body></html>"
    assert not is_consent_page(body.encode())


def test_consent_page_with_unknown_charset_still_judged() -> None:
    assert is_consent_page(WALL_EN, "x-unknown-charset")


@pytest.mark.parametrize(
    ("entry", "normal"),
    [
        ("www.zeelandnet.nl.", "www.zeelandnet.nl"),
        ("WWW.ZeelandNet.NL", "www.zeelandnet.nl"),
        ("::1", "[::1]"),
        ("[::1]", "[::1]"),
        ("[::1]:8080", "[::1]:8080"),
        ("127.0.0.1:8080", "127.0.0.1:8080"),
        ("localhost.:8080", "localhost:8080"),
        ("http://[::1]:8080/nieuws", "[::1]:8080"),
    ],
)
def test_normalise_host(entry: str, normal: str) -> None:
    assert normalise_host(entry) == normal


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://www.zeelandnet.nl./nieuws", True),
        ("http://[::1]:8080/x", True),
        ("http://[::1]:8081/x", False),
        ("http://[::1]/x", False),
    ],
)
def test_host_allowed_ipv6_and_trailing_dot(url: str, allowed: bool) -> None:
    hosts = frozenset({normalise_host("www.zeelandnet.nl."), normalise_host("[::1]:8080")})
    assert host_allowed(url, hosts) is allowed
