"""RSS and Atom feeds: the ``<link rel="alternate">`` a page declares, and a feed's items.

Parsing is feedparser's: it copes with the RSS 0.9x/1.0/2.0 and Atom dialects sites
actually serve, broken ones included, and does not resolve external entities.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin

import feedparser
from selectolax.lexbor import LexborHTMLParser

__all__ = ["FEED_TYPES", "FeedItem", "declared_feeds", "read_feed"]

#: The ``type`` of a ``<link rel="alternate">`` that names a feed.
FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml"})


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One feed entry: its article URL and, when the feed gives one, its publication time."""

    url: str
    published_at: datetime | None


def declared_feeds(body: bytes, *, base_url: str, encoding: str | None = None) -> list[str]:
    """Absolute URLs of the RSS/Atom feeds an HTML page declares in its ``<head>``."""
    try:
        text = body.decode(encoding or "utf-8", errors="replace")
    except LookupError:  # an unknown charset label: the URLs are ASCII anyway
        text = body.decode("utf-8", errors="replace")
    tree = LexborHTMLParser(text)
    found: list[str] = []
    for node in tree.css('link[rel~="alternate" i][href]'):
        kind = (node.attributes.get("type") or "").split(";", 1)[0].strip().lower()
        href = (node.attributes.get("href") or "").strip()
        if kind in FEED_TYPES and href:
            url = urljoin(base_url, href)
            if url not in found:
                found.append(url)
    return found


def _time(entry: feedparser.FeedParserDict) -> datetime | None:
    # feedparser gives every date it understood as a UTC struct_time.
    for key in ("published_parsed", "updated_parsed"):
        parsed = entry.get(key)
        if parsed:
            try:
                return datetime.fromtimestamp(calendar.timegm(parsed), UTC)
            except (OverflowError, ValueError, OSError):
                return None
    return None


def read_feed(body: bytes, *, base_url: str) -> list[FeedItem] | None:
    """The items of an RSS or Atom feed, in feed order; None for a document that is no feed."""
    parsed = feedparser.parse(body, response_headers={"content-location": base_url})
    if not parsed.get("version"):
        return None
    items: list[FeedItem] = []
    seen: set[str] = set()
    for entry in parsed.entries:
        link = entry.get("link") or ""
        if not isinstance(link, str) or not link.strip():
            continue
        url = urljoin(base_url, link.strip())
        if url in seen:
            continue
        seen.add(url)
        items.append(FeedItem(url=url, published_at=_time(entry)))
    return items
