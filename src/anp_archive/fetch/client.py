"""The polite, safe HTTP fetcher: one :class:`Fetcher` per scrape run.

Each request passes the same stages, in the spirit of Scrapy's downloader middlewares:
allowed-host check -> robots.txt (cached per origin, RFC 9309) -> per-host delay slot and
global concurrency limit -> GET with a timeout -> retry with backoff on transient failures
(honouring ``Retry-After``) -> manual redirects within the allowed hosts -> HTML-only,
size-capped streamed body -> consent-wall check -> :class:`~anp_archive.models.Capture`.

The fetcher knows no SQL and never parses a page. Every failure leaves as a
:class:`~anp_archive.errors.FetchError` subclass with ``url`` (and ``status``) set; httpx's
exceptions are translated here, at the boundary, and never escape.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import random
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from types import TracebackType

import httpx

from anp_archive.config import (
    DEFAULT_CONCURRENCY,
    DEFAULT_DELAY_S,
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_CRAWL_DELAY_S,
    DEFAULT_MAX_REDIRECTS,
    DEFAULT_MAX_RETRY_AFTER_S,
    DEFAULT_RETRIES,
    DEFAULT_TIMEOUT_S,
    DEFAULT_USER_AGENT,
    Settings,
)
from anp_archive.errors import (
    ConfigError,
    ConsentWallError,
    FetchError,
    HTTPStatusError,
    RedirectError,
    ResponseTooLargeError,
    RobotsDisallowedError,
    RobotsUnreachableError,
    UnsupportedContentError,
    URLTooLongError,
)
from anp_archive.fetch._translate import (
    HTTPX_ERRORS,
    TruncatedBodyError,
    is_retryable_error,
    translate_error,
)
from anp_archive.fetch.consent import is_consent_page, is_consent_url
from anp_archive.fetch.decoding import (
    BodyDecoder,
    DecodedTooLargeError,
    UnsupportedEncodingError,
    encodings_of,
)
from anp_archive.fetch.politeness import ClockFn, Politeness, SleepFn
from anp_archive.fetch.retry import (
    DEFAULT_BACKOFF_S,
    backoff_delay,
    is_retryable_status,
    parse_retry_after,
)
from anp_archive.fetch.robots import ROBOTS_MAX_BYTES, RobotsRules, origin_of, robots_url_for
from anp_archive.models import Capture, charset_from_content_type

__all__ = [
    "HTML_TYPES",
    "MAX_URL_LENGTH",
    "XML_TYPES",
    "FetchResult",
    "FetchSettings",
    "Fetcher",
    "allowed_host",
    "host_allowed",
    "normalise_host",
]

log = logging.getLogger(__name__)

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
#: What feeds and sitemaps are served as (``fetch(..., accept=XML_TYPES)``); sites serve
#: RSS as text/xml or even text/plain, and ``.xml.gz`` sitemaps as gzip files.
XML_TYPES = frozenset({
    "application/xml", "text/xml", "application/rss+xml", "application/atom+xml",
    "application/rdf+xml", "application/gzip", "application/x-gzip", "text/plain",
})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"
# Bodies we do not keep (redirects, errors) are read up to this much so the connection can
# go back to the pool instead of being closed; beyond it closing is cheaper.
_DRAIN_BYTES = 64 * 1024
_SCHEMES = frozenset({"http", "https"})
# The longest URL fetched (or followed by a redirect), as sitemaps.org and most browsers
# allow. Every stored capture URL is one the fetcher requested, so this also keeps each
# capture's URL small enough for PostgreSQL's B-tree indexes (migration 0007).
MAX_URL_LENGTH = 2048
# What one attempt may raise besides our own FetchErrors: httpx's errors, the overall
# deadline, and a body cut short.
_ATTEMPT_ERRORS: tuple[type[Exception], ...] = (*HTTPX_ERRORS, TimeoutError, TruncatedBodyError)


def _short(url: str | httpx.URL) -> str:
    text = str(url)
    return text if len(text) <= 100 else text[:100] + "..."


def _check_length(url: httpx.URL) -> None:
    length = len(str(url))
    if length > MAX_URL_LENGTH:
        raise URLTooLongError(
            f"GET {_short(url)}: the URL is {length} characters, over the "
            f"{MAX_URL_LENGTH}-character limit; not fetched",
            url=str(url),
        )


def _host_entry(host: str, port: int | None) -> str:
    host = host.lower().strip("[]").rstrip(".")
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    return host if port is None else f"{host}:{port}"


def allowed_host(url: str) -> str:
    """The ``allowed_hosts`` entry that scopes a run to ``url``'s host.

    That is the host name, plus the port when the URL names a non-default one
    (``127.0.0.1:8080``), so a local test server does not also allow every other server on
    the same machine.

    Raises:
        ConfigError: ``url`` is not an absolute http(s) URL.
    """
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as exc:
        raise ConfigError(f"not a valid URL: {url!r} ({exc})") from exc
    if parsed.scheme not in _SCHEMES or not parsed.host:
        raise ConfigError(
            f"not an http(s) URL: {url!r}; give e.g. https://www.zeelandnet.nl/nieuws"
        )
    return _host_entry(parsed.host, parsed.port)


def normalise_host(entry: str) -> str:
    """An ``allowed_hosts`` entry in the one form :func:`host_allowed` compares.

    Lower case, no trailing dot (``www.zeelandnet.nl.`` is ``www.zeelandnet.nl``), an IPv6
    literal in brackets (``::1`` and ``[::1]`` are ``[::1]``; with a port ``[::1]:8080``).
    A URL given where a host was expected becomes its :func:`allowed_host`.

    Raises:
        ConfigError: ``entry`` looks like a URL but is not an absolute http(s) one.
    """
    entry = entry.strip()
    if "://" in entry:  # a URL was given where a host was expected: be helpful
        return allowed_host(entry)
    entry = entry.lower()
    if entry.startswith("["):  # [v6] or [v6]:port
        host, _, rest = entry[1:].partition("]")
        port = rest[1:] if rest.startswith(":") and rest[1:].isdigit() else None
        return _host_entry(host, int(port) if port else None)
    if entry.count(":") > 1:  # a bare IPv6 literal (it cannot carry a port)
        return _host_entry(entry, None)
    host, sep, port = entry.partition(":")
    if sep and port.isdigit():
        return _host_entry(host, int(port))
    return entry.rstrip(".")


def host_allowed(url: str | httpx.URL, allowed_hosts: frozenset[str]) -> bool:
    """True when ``url`` is http(s) on one of ``allowed_hosts`` (normalised entries).

    An entry without a port allows the host on any port; ``host:port`` allows only that
    port. The one host check of the package: the fetcher and the site profile both use it.
    Never raises.
    """
    try:
        parsed = url if isinstance(url, httpx.URL) else httpx.URL(url)
    except httpx.InvalidURL:
        return False
    if parsed.scheme not in _SCHEMES or not parsed.host:
        return False
    return (
        _host_entry(parsed.host, None) in allowed_hosts
        or _host_entry(parsed.host, parsed.port) in allowed_hosts
    )


@dataclass(frozen=True, slots=True)
class FetchSettings:
    """How politely and how safely to fetch; defaults are the ``config.DEFAULT_*`` values.

    ``allowed_hosts`` holds exact host names (``www.zeelandnet.nl``; a ``www.`` variant is
    allowed only when listed too) or ``host:port`` entries that allow only that port (see
    :func:`allowed_host`). ``delay_s`` is the least time between request starts to one host;
    robots.txt ``Crawl-delay`` can only raise it, up to ``max_crawl_delay_s``: a robots.txt
    asking for more is honoured at the cap (the host is still fetched, ``max_crawl_delay_s``
    apart) and a warning is logged, so a ``Crawl-delay: 86400`` cannot hold the run and its
    lock for a day. ``retries`` counts retries after the first attempt; ``backoff_s`` is the
    first retry's nominal wait, doubled each time. A 429/503 whose ``Retry-After`` is over
    ``max_retry_after_s`` closes that host for the rest of the run (see :meth:`Fetcher.fetch`).
    """

    allowed_hosts: frozenset[str]
    user_agent: str = DEFAULT_USER_AGENT
    delay_s: float = DEFAULT_DELAY_S
    timeout_s: float = DEFAULT_TIMEOUT_S
    max_bytes: int = DEFAULT_MAX_BYTES
    concurrency: int = DEFAULT_CONCURRENCY
    retries: int = DEFAULT_RETRIES
    max_retry_after_s: float = DEFAULT_MAX_RETRY_AFTER_S
    max_redirects: int = DEFAULT_MAX_REDIRECTS
    backoff_s: float = DEFAULT_BACKOFF_S
    max_crawl_delay_s: float = DEFAULT_MAX_CRAWL_DELAY_S

    def __post_init__(self) -> None:
        if isinstance(self.allowed_hosts, str):
            raise ConfigError("allowed_hosts must be a set of host names, not one string")
        hosts = frozenset(normalise_host(h) for h in self.allowed_hosts if h.strip())
        if not hosts:
            raise ConfigError("no allowed hosts: name the host(s) the scrape may fetch from")
        object.__setattr__(self, "allowed_hosts", hosts)
        problems = [
            f"{name} must be {rule} (got {value!r})"
            for name, value, ok, rule in (
                ("delay_s", self.delay_s, self.delay_s >= 0, ">= 0"),
                ("timeout_s", self.timeout_s, self.timeout_s > 0, "> 0"),
                ("max_bytes", self.max_bytes, self.max_bytes > 0, "> 0"),
                ("concurrency", self.concurrency, self.concurrency >= 1, ">= 1"),
                ("retries", self.retries, self.retries >= 0, ">= 0"),
                ("max_retry_after_s", self.max_retry_after_s, self.max_retry_after_s >= 0, ">= 0"),
                ("max_redirects", self.max_redirects, self.max_redirects >= 0, ">= 0"),
                ("backoff_s", self.backoff_s, self.backoff_s >= 0, ">= 0"),
                ("max_crawl_delay_s", self.max_crawl_delay_s, self.max_crawl_delay_s >= 0, ">= 0"),
            )
            if not ok
        ]
        if problems:
            raise ConfigError("; ".join(problems))
        if not self.user_agent.strip():
            raise ConfigError("user_agent must not be empty: say who you are and how to reach you")

    @classmethod
    def from_settings(cls, settings: Settings, allowed_hosts: Iterable[str]) -> FetchSettings:
        """The fetch part of a run's :class:`~anp_archive.config.Settings`.

        Raises:
            ConfigError: a value is out of range or no host is allowed.
        """
        # Every field the two share, by name: a hand-kept list once forgot one.
        shared = {f.name for f in fields(cls)} & {f.name for f in fields(settings)}
        return cls(
            allowed_hosts=frozenset(allowed_hosts),
            **{name: getattr(settings, name) for name in shared},
        )

    def allows(self, url: str | httpx.URL) -> bool:
        """True when ``url`` is http(s) on an allowed host (and port); never raises."""
        return host_allowed(url, self.allowed_hosts)


@dataclass(frozen=True, slots=True)
class FetchResult:
    """One successful fetch: a capture of the page, or "not modified" (``capture`` is None).

    ``etag``/``last_modified`` are the validators to send next time. For a 304 without
    them they are the ones that were sent, so storing them never erases good validators.
    """

    url: str
    status: int
    not_modified: bool
    capture: Capture | None
    etag: str | None
    last_modified: str | None


@dataclass(frozen=True, slots=True)
class _Answer:
    url: httpx.URL
    status: int
    reason: str
    headers: httpx.Headers
    body: bytes | None
    fetched_at: datetime


_BodyReader = Callable[[httpx.Response], Awaitable[bytes | None]]


def _media_type(content_type: str | None) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


def _content_length(headers: httpx.Headers) -> int | None:
    value = headers.get("content-length")
    if value is None or not value.strip().isascii() or not value.strip().isdigit():
        return None
    return int(value)


def _looks_like_html(body: bytes) -> bool:
    """Sniff a body sent without Content-Type: markup starts with ``<``, binary has NULs."""
    head = body[:1024]
    if b"\x00" in head:
        return False
    return head.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"<")


async def _drain(response: httpx.Response) -> None:
    """Read a small unwanted body so the connection can be reused; give up on big ones.

    Best effort: the status line is the answer, so a body that breaks off does not matter.
    """
    if response.is_stream_consumed or (_content_length(response.headers) or 0) > _DRAIN_BYTES:
        return
    seen = 0
    with contextlib.suppress(*HTTPX_ERRORS):
        async for chunk in response.aiter_raw():
            seen += len(chunk)
            if seen > _DRAIN_BYTES:
                return


async def _read_decoded(response: httpx.Response, cap: int, *, truncate: bool) -> bytes:
    """The decoded body, streamed in bounded steps and stopped at ``cap`` decoded bytes.

    Over the cap, ``truncate`` keeps the first ``cap`` bytes (robots.txt, RFC 9309 §2.5);
    otherwise :class:`ResponseTooLargeError`. An unknown or too deeply stacked
    ``Content-Encoding`` is :class:`UnsupportedContentError`.
    """
    url = str(response.request.url)
    status = response.status_code
    # A response built in memory (a mock) arrives already read and decoded: nothing can be
    # missing and nothing is left to decode.
    preloaded = response.is_stream_consumed
    try:
        decoder = BodyDecoder([] if preloaded else encodings_of(response.headers), cap)
    except UnsupportedEncodingError as exc:
        raise UnsupportedContentError(f"GET {url}: {exc}", url=url, status=status) from exc
    chunks = response.aiter_bytes() if preloaded else response.aiter_raw()
    try:
        async for chunk in chunks:
            decoder.feed(chunk)
    except DecodedTooLargeError as exc:
        if truncate:
            return b"".join(decoder.partial())[:cap]
        raise ResponseTooLargeError(
            f"GET {url}: decoded body grew past the {cap}-byte cap (max_bytes); download stopped",
            url=url,
            status=status,
        ) from exc
    declared = _content_length(response.headers)
    if not preloaded and declared is not None and response.num_bytes_downloaded < declared:
        raise TruncatedBodyError(
            f"connection closed after {response.num_bytes_downloaded} of {declared} bytes"
        )
    return decoder.finish()


class Fetcher:
    """Fetch pages politely and safely; an async context manager, one per scrape run.

    ``sleep`` and ``clock`` (monotonic seconds) are injectable so tests can record the
    politeness waits instead of sitting through them; ``rng`` makes backoff jitter
    reproducible. ``transport`` replaces the network (respx, ``httpx.MockTransport``).
    ``requests_made`` counts every HTTP request sent: pages, robots.txt, redirect hops and
    retries.
    """

    def __init__(
        self,
        settings: FetchSettings,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: SleepFn = asyncio.sleep,
        clock: ClockFn = time.monotonic,
        rng: random.Random | None = None,
    ) -> None:
        self.settings = settings
        self.requests_made = 0
        self._rng = rng or random.Random()
        self._politeness = Politeness(
            delay_s=settings.delay_s, concurrency=settings.concurrency, sleep=sleep, clock=clock
        )
        self._robots: dict[str, RobotsRules] = {}
        self._robots_locks: dict[str, asyncio.Lock] = {}
        # host[:port] -> (status, why) for hosts closed for the rest of the run: they
        # answered 429/503 with a Retry-After over max_retry_after_s.
        self._closed: dict[str, tuple[int, str]] = {}
        # One pooled client for the run; the pool matches the concurrency limit, so a
        # request never waits for a connection it could not have used anyway.
        # trust_env=False: no proxy or .netrc credentials picked up behind the user's back,
        # and a scrape of 127.0.0.1 (tests, the demo) is never sent through a proxy.
        self._client = httpx.AsyncClient(
            transport=transport,
            limits=httpx.Limits(
                max_connections=settings.concurrency,
                max_keepalive_connections=settings.concurrency,
            ),
            timeout=httpx.Timeout(settings.timeout_s),
            headers={"User-Agent": settings.user_agent, "Accept": ACCEPT},
            follow_redirects=False,
            trust_env=False,
        )

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the pooled connections (``async with`` does this for you)."""
        await self._client.aclose()

    def delay_for(self, url: str) -> float:
        """Seconds now kept between request starts to ``url``'s host (delay_s or Crawl-delay)."""
        try:
            host = httpx.URL(url).host
        except httpx.InvalidURL:
            return self.settings.delay_s
        return self._politeness.delay_for(host)

    async def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: frozenset[str] = HTML_TYPES,
    ) -> FetchResult:
        """GET one page, conditionally when validators are given.

        ``accept`` names the media types taken (HTML pages by default; ``XML_TYPES`` for
        feeds and sitemaps); the size cap and bounded decoding apply to all of them.

        Send the ``etag``/``last_modified`` stored for the URL *requested* (they are sent on
        every redirect hop too); the result's ``url`` is the final URL.

        Raises:
            RobotsDisallowedError: robots.txt forbids it, or could not be read (5xx/unreachable).
            RedirectError: a redirect left the allowed hosts, looped, or went past max_redirects.
            ConsentWallError: a consent/privacy gate came back instead of the page.
            UnsupportedContentError: the response is not of an ``accept`` media type.
            ResponseTooLargeError: the body is over max_bytes (it was not read further).
            HTTPStatusError: a 4xx, or a 429/5xx that outlasted the retries; or the host
                answered 429/503 with a Retry-After over max_retry_after_s, earlier in the run
                or now: the host is then closed for the rest of the run and this URL and all
                later ones on it fail at once, without a request.
            FetchError: a timeout, connection or protocol failure that outlasted the retries,
                a bad URL, or a host that is not allowed.
        """
        try:
            target = httpx.URL(url)
        except HTTPX_ERRORS as exc:
            raise translate_error(exc, url) from exc
        target = target.copy_with(fragment=None)
        if target.scheme not in _SCHEMES or not target.host:
            raise FetchError(f"GET {url}: only absolute http(s) URLs can be fetched", url=url)
        _check_length(target)
        if not self.settings.allows(target):
            raise FetchError(
                f"GET {url}: host {target.host} is not in the allowed hosts "
                f"({', '.join(sorted(self.settings.allowed_hosts))})",
                url=url,
            )
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified

        visited = {str(target)}
        redirects = 0
        read_body = (
            self._read_page if accept is HTML_TYPES
            else functools.partial(self._read_page, accept=accept)
        )
        while True:
            self._check_open(target)
            await self._check_robots(target)
            answer = await self._exchange(target, headers, read_body)
            status = answer.status
            if status in REDIRECT_STATUSES:
                target = self._next_hop(answer, visited, redirects)
                redirects += 1
                visited.add(str(target))
                continue
            if status == 304:
                return FetchResult(
                    url=str(target),
                    status=status,
                    not_modified=True,
                    capture=None,
                    etag=answer.headers.get("etag") or etag,
                    last_modified=answer.headers.get("last-modified") or last_modified,
                )
            if not 200 <= status < 300 or answer.body is None:
                raise HTTPStatusError(
                    f"GET {target}: HTTP {status} {answer.reason}".rstrip(),
                    url=str(target),
                    status=status,
                )
            return self._result(answer, answer.body)

    def _check_open(self, url: httpx.URL) -> None:
        """Fail at once, without a request, when the host asked us to stay away this run."""
        closed = self._closed.get(_host_entry(url.host, url.port))
        if closed is not None:
            status, why = closed
            raise HTTPStatusError(f"GET {url}: not fetched; {why}", url=str(url), status=status)

    def _result(self, answer: _Answer, body: bytes) -> FetchResult:
        content_type = answer.headers.get("content-type")
        xml = _media_type(content_type) in XML_TYPES
        if not xml and is_consent_page(body, charset_from_content_type(content_type)):
            raise ConsentWallError(
                f"GET {answer.url}: got a cookie/consent notice instead of the page",
                url=str(answer.url),
                status=answer.status,
            )
        capture = Capture(
            url=str(answer.url),
            fetched_at=answer.fetched_at,
            status=answer.status,
            body=body,
            headers=tuple((k.lower(), v) for k, v in answer.headers.multi_items()),
        )
        return FetchResult(
            url=str(answer.url),
            status=answer.status,
            not_modified=False,
            capture=capture,
            etag=answer.headers.get("etag"),
            last_modified=answer.headers.get("last-modified"),
        )

    def _next_hop(self, answer: _Answer, visited: set[str], redirects: int) -> httpx.URL:
        """Where a redirect may go, or the RedirectError/ConsentWallError that stops it."""
        here = str(answer.url)
        location = answer.headers.get("location")
        if not location:
            raise HTTPStatusError(
                f"GET {here}: HTTP {answer.status} redirect without a Location header",
                url=here,
                status=answer.status,
            )
        try:
            there = answer.url.join(location.strip()).copy_with(fragment=None)
        except HTTPX_ERRORS as exc:
            raise RedirectError(
                f"GET {here}: redirect to an invalid URL {location!r}",
                url=here,
                status=answer.status,
            ) from exc
        # A consent gate on any host is a consent wall, not merely an off-site redirect.
        if is_consent_url(str(there)):
            raise ConsentWallError(
                f"GET {here}: redirected to a consent/privacy gate ({there})",
                url=here,
                status=answer.status,
            )
        if not self.settings.allows(there):
            raise RedirectError(
                f"GET {here}: redirect to {there} leaves the allowed hosts "
                f"({', '.join(sorted(self.settings.allowed_hosts))}); not followed",
                url=here,
                status=answer.status,
            )
        if len(str(there)) > MAX_URL_LENGTH:
            raise RedirectError(
                f"GET {here}: redirect to a URL of {len(str(there))} characters "
                f"({_short(there)}), over the {MAX_URL_LENGTH}-character limit; not followed",
                url=here,
                status=answer.status,
            )
        if str(there) in visited:
            raise RedirectError(
                f"GET {here}: redirect loop (back to {there})", url=here, status=answer.status
            )
        if redirects >= self.settings.max_redirects:
            raise RedirectError(
                f"GET {here}: more than {self.settings.max_redirects} redirects",
                url=here,
                status=answer.status,
            )
        return there

    async def sitemaps_for(self, url: str) -> list[str]:
        """The ``Sitemap:`` URLs of the robots.txt of ``url``'s origin (read once per run)."""
        try:
            target = httpx.URL(url)
        except HTTPX_ERRORS:
            return []
        if target.scheme not in _SCHEMES or not target.host:
            return []
        return (await self._robots_for(target)).sitemaps()

    async def _read_page(
        self, response: httpx.Response, accept: frozenset[str] = HTML_TYPES
    ) -> bytes | None:
        """The body of a 2xx page of an ``accept`` type, streamed under the size cap; None
        for other statuses."""
        status = response.status_code
        url = str(response.request.url)
        if not 200 <= status < 300:
            await _drain(response)
            return None
        content_type = response.headers.get("content-type")
        media_type = _media_type(content_type)
        html = accept is HTML_TYPES
        if media_type and media_type not in accept:
            raise UnsupportedContentError(
                f"GET {url}: {media_type} is not HTML; only text/html and "
                "application/xhtml+xml pages are archived"
                if html
                else f"GET {url}: {media_type} is not a feed or sitemap "
                f"({', '.join(sorted(accept))})",
                url=url,
                status=status,
            )
        cap = self.settings.max_bytes
        declared = _content_length(response.headers)
        if declared is not None and declared > cap:
            raise ResponseTooLargeError(
                f"GET {url}: Content-Length {declared} bytes is over the {cap}-byte cap "
                "(max_bytes); not downloaded",
                url=url,
                status=status,
            )
        body = await _read_decoded(response, cap, truncate=False)
        if not media_type and html and not _looks_like_html(body):
            raise UnsupportedContentError(
                f"GET {url}: no Content-Type and the body does not look like HTML",
                url=url,
                status=status,
            )
        return body

    async def _read_robots(self, response: httpx.Response) -> bytes | None:
        """Up to ROBOTS_MAX_BYTES of a 2xx robots.txt (RFC 9309 lets us ignore the rest)."""
        if not 200 <= response.status_code < 300:
            await _drain(response)
            return None
        return await _read_decoded(response, ROBOTS_MAX_BYTES, truncate=True)

    async def _exchange(
        self, url: httpx.URL, headers: dict[str, str], read_body: _BodyReader
    ) -> _Answer:
        """One request with retries on transport failures, 429 and 5xx.

        Every wait goes through the host's slot (``defer``), so a Retry-After or a backoff
        also holds back the other requests queued for the same host.
        """
        host = url.host
        attempt = 0
        while True:
            attempt += 1
            try:
                answer = await self._attempt(url, headers, read_body)
            except _ATTEMPT_ERRORS as exc:
                if not is_retryable_error(exc) or attempt > self.settings.retries:
                    raise translate_error(
                        exc, str(url), attempts=attempt, timeout_s=self.settings.timeout_s
                    ) from exc
                wait = self._backoff(attempt)
                log.debug("GET %s failed (%r); retry %d in %.2f s", url, exc, attempt, wait)
                self._politeness.defer(host, wait)
                continue
            if not is_retryable_status(answer.status):
                return answer
            status_text = f"HTTP {answer.status} {answer.reason}".rstrip()
            retry_after = parse_retry_after(answer.headers.get("retry-after"))
            cap = self.settings.max_retry_after_s
            if retry_after is not None and retry_after > cap:
                # Retrying sooner than asked would be rude, waiting longer would stall the
                # run: leave the whole host alone for the rest of the run (the server meant
                # all of us, not this URL); the next cron run tries again.
                why = (
                    f"host {_host_entry(host, url.port)} asked us to wait {retry_after:g} s "
                    f"({status_text}, Retry-After over max_retry_after_s {cap:g} s); "
                    "it is not contacted again in this run"
                )
                self._closed[_host_entry(host, url.port)] = (answer.status, why)
                log.warning("%s", why)
                raise HTTPStatusError(f"GET {url}: {why}", url=str(url), status=answer.status)
            if attempt > self.settings.retries:
                tries = f" after {attempt} attempts" if attempt > 1 else ""
                raise HTTPStatusError(
                    f"GET {url} failed{tries}: {status_text}", url=str(url), status=answer.status
                )
            wait = retry_after if retry_after is not None else self._backoff(attempt)
            log.debug("GET %s: %s; retry %d in %.2f s", url, status_text, attempt, wait)
            self._politeness.defer(host, wait)

    def _backoff(self, attempt: int) -> float:
        return backoff_delay(attempt, base_s=self.settings.backoff_s, rng=self._rng)

    async def _attempt(
        self, url: httpx.URL, headers: dict[str, str], read_body: _BodyReader
    ) -> _Answer:
        """One request: wait for the slot, send, and read what ``read_body`` wants."""
        async with self._politeness.slot(url.host):
            # Another task may have closed the host while this one waited for its turn.
            self._check_open(url)
            self.requests_made += 1
            # httpx's timeout applies per phase (connect, each read); this deadline also
            # stops a server that trickles a byte at a time.
            async with (
                asyncio.timeout(self.settings.timeout_s),
                self._client.stream("GET", url, headers=headers) as response,
            ):
                fetched_at = datetime.now(UTC)
                if is_retryable_status(response.status_code):
                    await _drain(response)
                    body = None
                else:
                    body = await read_body(response)
                return _Answer(
                    url=url,
                    status=response.status_code,
                    reason=response.reason_phrase,
                    headers=response.headers,
                    body=body,
                    fetched_at=fetched_at,
                )

    async def _check_robots(self, url: httpx.URL) -> None:
        rules = await self._robots_for(url)
        if rules.allows(str(url), self.settings.user_agent):
            return
        if rules.unreachable_status is not None:
            # The server is there and answered: "no network?" would send the operator the
            # wrong way.
            raise RobotsUnreachableError(
                f"robots.txt of {rules.origin.split('://', 1)[-1]} answered "
                f"{rules.unreachable_status}: the site "
                f"is treated as disallowed for this run (RFC 9309); {url} was not fetched",
                url=str(url),
                status=rules.unreachable_status,
            )
        if rules.unreachable_reason is not None:
            raise RobotsUnreachableError(
                f"robots.txt of {rules.origin} could not be read ({rules.unreachable_reason}); "
                f"RFC 9309 says to treat the site as disallowed, so {url} was not fetched",
                url=str(url),
            )
        raise RobotsDisallowedError(
            f"robots.txt of {rules.origin} disallows {url}; not fetched", url=str(url)
        )

    async def _robots_for(self, url: httpx.URL) -> RobotsRules:
        """The origin's rules, fetched once per run even when many tasks ask at once."""
        origin = origin_of(url)
        rules = self._robots.get(origin)
        if rules is not None:
            return rules
        lock = self._robots_locks.setdefault(origin, asyncio.Lock())
        async with lock:
            rules = self._robots.get(origin)
            if rules is None:
                rules = await self._load_robots(url, origin)
                self._robots[origin] = rules
                delay = rules.crawl_delay(self.settings.user_agent)
                if delay is not None:
                    cap = self.settings.max_crawl_delay_s
                    if delay > cap:
                        log.warning(
                            "robots.txt of %s asks for Crawl-delay %g s; using the "
                            "max_crawl_delay_s cap of %g s instead",
                            origin,
                            delay,
                            cap,
                        )
                        delay = cap
                    self._politeness.set_min_delay(url.host, delay)
        return rules

    async def _load_robots(self, url: httpx.URL, origin: str) -> RobotsRules:
        """Download and judge robots.txt per RFC 9309 §2.3.1 (see robots.py)."""
        target = robots_url_for(url)
        visited = {str(target)}
        # RFC 9309 §2.3.1.2: follow at least five redirects. We follow them only within the
        # allowed hosts; one that leaves them, loops or goes on longer counts as
        # "unavailable", like a 4xx (the RFC's own reading of too many redirects).
        for _ in range(max(5, self.settings.max_redirects) + 1):
            try:
                answer = await self._exchange(target, {}, self._read_robots)
            except FetchError as exc:  # 429/5xx after retries, timeouts, connection errors
                return RobotsRules.disallow_all(origin, _reason(exc), exc.status)
            status = answer.status
            if 200 <= status < 300:
                return RobotsRules.parse(origin, answer.body or b"")
            if status in REDIRECT_STATUSES and answer.headers.get("location"):
                try:
                    there = target.join(answer.headers["location"].strip())
                except HTTPX_ERRORS:
                    return RobotsRules.allow_all(origin)
                if not self.settings.allows(there) or str(there) in visited:
                    return RobotsRules.allow_all(origin)
                visited.add(str(there))
                target = there
                continue
            if 300 <= status < 500:  # 4xx, or a redirect we cannot follow: "unavailable"
                return RobotsRules.allow_all(origin)
            return RobotsRules.disallow_all(origin, f"HTTP {status} for {target}", status)
        return RobotsRules.allow_all(origin)


def _reason(exc: FetchError) -> str:
    text = str(exc)
    # "GET <url> failed after 4 attempts: HTTP 503 ..." -> keep what follows "failed".
    _, sep, rest = text.partition(" failed")
    return rest.lstrip(" :") if sep else text
