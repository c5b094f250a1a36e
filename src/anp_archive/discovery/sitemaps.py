"""Sitemaps (sitemaps.org): URL sets, sitemap indexes, gzip files and Google News sitemaps.

Sitemaps are untrusted XML, so they are read with defusedxml (no DTDs, no entity
expansion: a "billion laughs" sitemap is refused, not expanded) and a gzip file is
inflated only up to the same byte cap as any page. No sitemap library fits: they fetch
on their own, outside the fetcher's robots, politeness and conditional GET.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

__all__ = ["Sitemap", "SitemapEntry", "read_sitemap"]

_GZIP_MAGIC = b"\x1f\x8b"


@dataclass(frozen=True, slots=True)
class SitemapEntry:
    """A ``<url>`` (an article) or a ``<sitemap>`` (a child of an index).

    ``published_at`` is a Google News ``<news:publication_date>`` with a time of day and
    a zone, the only sitemap time exact enough to be a story's publication time.
    """

    url: str
    lastmod: datetime | None = None
    published_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Sitemap:
    """What one sitemap document lists; ``error`` says why it listed nothing."""

    urls: list[SitemapEntry] = field(default_factory=list)
    children: list[SitemapEntry] = field(default_factory=list)
    error: str = ""

    @property
    def is_news(self) -> bool:
        """True for a Google News sitemap (its entries carry publication times)."""
        return any(e.published_at is not None for e in self.urls)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _w3c_time(text: str | None, *, exact: bool) -> datetime | None:
    """A W3C datetime; with ``exact`` only one with a time of day and a zone."""
    if not text or not text.strip():
        return None
    value = text.strip()
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if when.tzinfo is None:
        if exact:
            return None  # a date, or a time in no known zone: not an exact moment
        when = when.replace(tzinfo=UTC)
    elif exact and "T" not in value:
        return None
    return when.astimezone(UTC)


def _inflate(body: bytes, cap: int) -> bytes:
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    data = inflater.decompress(body, cap + 1)
    if len(data) > cap:
        raise ValueError(f"the gzip sitemap inflates past the {cap}-byte cap")
    return data


def _child_text(node: Element, name: str) -> str | None:
    for child in node.iter():
        if _local(child.tag) == name and child.text:
            return child.text
    return None


def read_sitemap(body: bytes, *, max_bytes: int) -> Sitemap:
    """Read a sitemap or sitemap index (plain or gzip); never raises for a bad one."""
    try:
        if body[:2] == _GZIP_MAGIC:
            body = _inflate(body, max_bytes)
        root = fromstring(body, forbid_dtd=True)
    except (ParseError, DefusedXmlException, ValueError, zlib.error) as exc:
        return Sitemap(error=f"not a readable sitemap: {type(exc).__name__}: {exc}")
    kind = _local(root.tag)
    if kind not in ("urlset", "sitemapindex"):
        return Sitemap(error=f"not a sitemap: the document is <{kind}>")
    entries: list[SitemapEntry] = []
    wanted = "url" if kind == "urlset" else "sitemap"
    for node in root:
        if _local(node.tag) != wanted:
            continue
        loc = _child_text(node, "loc")
        if not loc or not loc.strip():
            continue
        entries.append(
            SitemapEntry(
                url=loc.strip(),
                lastmod=_w3c_time(_child_text(node, "lastmod"), exact=False),
                published_at=_w3c_time(_child_text(node, "publication_date"), exact=True),
            )
        )
    if kind == "urlset":
        return Sitemap(urls=entries)
    return Sitemap(children=entries)
