"""robots.txt rules for one origin, read with protego, following RFC 9309.

The fetcher downloads each origin's robots.txt once per run and keeps the
:class:`RobotsRules` built here. RFC 9309 §2.3.1 decides what an answer means:

* 2xx: parse the file (the first :data:`ROBOTS_MAX_BYTES` bytes; the RFC allows ignoring
  the rest);
* 4xx (the file is "unavailable"): everything is allowed;
* 5xx or no answer at all ("unreachable"): the whole site is disallowed for this run.
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx
from protego import Protego

__all__ = ["ROBOTS_MAX_BYTES", "RobotsRules", "origin_of", "robots_url_for"]

# RFC 9309 §2.5: crawlers must parse at least 500 KiB.
ROBOTS_MAX_BYTES = 512 * 1024


def origin_of(url: httpx.URL) -> str:
    """``scheme://host[:port]``: robots.txt applies per origin (RFC 9309 §2.3)."""
    default = {"http": 80, "https": 443}.get(url.scheme)
    port = "" if url.port is None or url.port == default else f":{url.port}"
    host = f"[{url.host}]" if ":" in url.host else url.host  # IPv6 literal
    return f"{url.scheme}://{host}{port}"


def robots_url_for(url: httpx.URL) -> httpx.URL:
    """The robots.txt URL of ``url``'s origin."""
    return httpx.URL(origin_of(url) + "/robots.txt")


@dataclass(frozen=True, slots=True)
class RobotsRules:
    """What one origin's robots.txt allows this user agent to do, for the rest of the run."""

    origin: str
    parser: Protego | None = None
    # Set when robots.txt could not be read (5xx/unreachable): then nothing is allowed.
    unreachable_reason: str | None = None
    # The 5xx/429 status when the server answered but would not give robots.txt; None when
    # it could not be reached at all.
    unreachable_status: int | None = None

    @classmethod
    def allow_all(cls, origin: str) -> RobotsRules:
        """No robots.txt (4xx): RFC 9309 lets a crawler fetch anything."""
        return cls(origin=origin)

    @classmethod
    def disallow_all(cls, origin: str, reason: str, status: int | None = None) -> RobotsRules:
        """robots.txt unreachable (5xx, network error): RFC 9309 says assume full disallow."""
        return cls(origin=origin, unreachable_reason=reason, unreachable_status=status)

    @classmethod
    def parse(cls, origin: str, body: bytes) -> RobotsRules:
        """Rules from a robots.txt body (bytes past :data:`ROBOTS_MAX_BYTES` are ignored)."""
        text = body[:ROBOTS_MAX_BYTES].decode("utf-8", errors="replace")
        try:
            parser = Protego.parse(text)
        except Exception as exc:  # protego is lenient; if it still fails, the file is unreadable
            return cls.disallow_all(
                origin, f"robots.txt could not be parsed ({type(exc).__name__})"
            )
        return cls(origin=origin, parser=parser)

    def allows(self, url: str, user_agent: str) -> bool:
        """True when ``user_agent`` may fetch ``url`` (robots.txt itself is always allowed)."""
        if self.unreachable_reason is not None:
            return False
        if self.parser is None:
            return True
        return bool(self.parser.can_fetch(url, user_agent))

    def sitemaps(self) -> list[str]:
        """The ``Sitemap:`` URLs robots.txt lists (they apply to every user agent)."""
        if self.parser is None:
            return []
        return [str(u) for u in self.parser.sitemaps]

    def crawl_delay(self, user_agent: str) -> float | None:
        """Seconds between requests that robots.txt asks for (Crawl-delay or Request-rate)."""
        if self.parser is None:
            return None
        delays: list[float] = []
        crawl_delay = self.parser.crawl_delay(user_agent)
        if crawl_delay is not None and crawl_delay > 0:
            delays.append(float(crawl_delay))
        rate = self.parser.request_rate(user_agent)
        if rate is not None and rate.requests > 0 and rate.seconds > 0:
            delays.append(rate.seconds / rate.requests)
        return max(delays) if delays else None
