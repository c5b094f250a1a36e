"""One entry point for a fetched feed or sitemap: what it links to, and which times.

The crawl does not need to know in advance what a URL serves: a robots.txt ``Sitemap:``
line may name an RSS feed, and a profile's feed may be a news sitemap.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from anp_archive.discovery.feeds import read_feed
from anp_archive.discovery.sitemaps import read_sitemap

__all__ = ["RECENT", "Found", "Listed", "read_source"]

#: Without ``--backfill``, a plain sitemap's entries (and an index's children) older than
#: this are the back catalogue and are left alone; feeds and news sitemaps are read whole.
RECENT = timedelta(days=2)


@dataclass(frozen=True, slots=True)
class Listed:
    """An article URL a source lists, with its exact publication time when it gives one."""

    url: str
    published_at: datetime | None = None


@dataclass(slots=True)
class Found:
    """What one source gave: articles, further sources (sitemap index children), an error."""

    kind: str  # "feed", "sitemap", "news-sitemap", "sitemap-index" or "unreadable"
    articles: list[Listed] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    error: str = ""


def _recent(lastmod: datetime | None, now: datetime, backfill: bool) -> bool:
    return backfill or (lastmod is not None and now - lastmod <= RECENT)


def read_source(
    body: bytes, *, base_url: str, max_bytes: int, now: datetime, backfill: bool = False
) -> Found:
    """Read ``body`` as a sitemap, a sitemap index or an RSS/Atom feed; never raises.

    Without ``backfill`` only what is recent is listed (see :data:`RECENT`): the normal
    run keeps up with the wire, ``--backfill`` walks the archive.
    """
    sitemap = read_sitemap(body, max_bytes=max_bytes)
    if sitemap.children:
        return Found(
            "sitemap-index",
            sources=[c.url for c in sitemap.children if _recent(c.lastmod, now, backfill)],
        )
    if sitemap.urls:
        if sitemap.is_news:
            return Found(
                "news-sitemap", articles=[Listed(e.url, e.published_at) for e in sitemap.urls]
            )
        return Found(
            "sitemap",
            articles=[Listed(e.url) for e in sitemap.urls if _recent(e.lastmod, now, backfill)],
        )
    if not sitemap.error:
        return Found("sitemap")  # an empty sitemap is a sitemap
    items = read_feed(body, base_url=base_url)
    if items is not None:
        return Found("feed", articles=[Listed(i.url, i.published_at) for i in items])
    return Found("unreadable", error=sitemap.error)
