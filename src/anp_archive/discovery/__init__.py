"""Discovery sources beside index pages and tickers: RSS/Atom feeds and sitemaps.

Both readers are pure (bytes in, URLs and times out) and never raise for a bad document:
a feed or sitemap that does not parse gives nothing, and the crawl goes on from the pages.
"""

from __future__ import annotations

from anp_archive.discovery.feeds import FeedItem, declared_feeds, read_feed
from anp_archive.discovery.sitemaps import Sitemap, SitemapEntry, read_sitemap
from anp_archive.discovery.sources import RECENT, Found, Listed, read_source

__all__ = [
    "RECENT",
    "FeedItem",
    "Found",
    "Listed",
    "Sitemap",
    "SitemapEntry",
    "declared_feeds",
    "read_feed",
    "read_sitemap",
    "read_source",
]
