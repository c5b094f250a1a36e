"""The other URLs a page declares for itself: ``rel=canonical`` and ``rel=amphtml``.

An AMP page and its canonical page are one story. The crawl marks the URLs a fetched page
declares as seen, so a ticker link to the canonical URL of an AMP page just fetched (or to
the AMP copy of a canonical page) is not fetched a second time.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from urllib.parse import urljoin, urlsplit

from anp_archive.parse.decode import decode
from anp_archive.urls import clean

__all__ = ["canonical_url", "declared_urls"]

_RELS = ("canonical", "amphtml")
_HEAD_BYTES = 65536
_LINK_TAG = re.compile(r"<link\b[^>]*>", re.IGNORECASE)
_ATTR_REL = re.compile(r"""\brel\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""", re.IGNORECASE)
_ATTR_HREF = re.compile(r"""\bhref\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""", re.IGNORECASE)


def _unquote(value: str) -> str:
    return value[1:-1] if value[:1] in "\"'" and value[-1:] == value[:1] else value


def _links(text: str) -> Iterator[tuple[list[str], str]]:
    """``(rels, href)`` of each ``<link>`` tag with both, read without building a tree."""
    for tag in _LINK_TAG.findall(text):
        rel = _ATTR_REL.search(tag)
        href = _ATTR_HREF.search(tag)
        if rel is not None and href is not None:
            rels = _unquote(rel.group(1)).lower().split()
            yield rels, html.unescape(_unquote(href.group(1))).strip()


def declared_urls(data: bytes, *, base_url: str, encoding: str | None = None) -> list[str]:
    """The absolute ``<link rel=canonical|amphtml href>`` URLs in the page; never raises
    (input that is not HTML gives [])."""
    try:
        text = decode(data, encoding)
        return [
            urljoin(base_url, href)
            for rels, href in _links(text)
            if href and any(r in rels for r in _RELS)
        ]
    except Exception:  # a page we cannot read declares nothing; the crawl goes on
        return []


def _site(url: str) -> str | None:
    host = urlsplit(url).hostname
    if host is None:
        return None
    return host[4:] if host.startswith("www.") else host


def canonical_url(data: bytes, *, base_url: str, encoding: str | None = None) -> str | None:
    """The page's ``rel=canonical`` URL when it names another page on the site of
    ``base_url`` (``www.`` and scheme aside); None otherwise. Never raises.

    A canonical link to another site (a syndicated copy) says nothing about which of our
    pages this is, so it is ignored.
    """
    try:
        # Read from the head only: every page stored asks this.
        head = decode(data[:_HEAD_BYTES], encoding)
        for rels, value in _links(head):
            if "canonical" not in rels:
                continue
            if not value:
                return None
            found = clean(urljoin(base_url, value))
            if found is None or _site(found) != _site(base_url):
                return None
            return found if found != clean(base_url) else None
        return None
    except Exception:  # a page we cannot read declares nothing
        return None
