"""The other URLs a page declares for itself: ``rel=canonical`` and ``rel=amphtml``.

An AMP page and its canonical page are one story. The crawl marks the URLs a fetched page
declares as seen, so a ticker link to the canonical URL of an AMP page just fetched (or to
the AMP copy of a canonical page) is not fetched a second time.
"""

from __future__ import annotations

from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser

from anp_archive.parse.decode import decode

__all__ = ["declared_urls"]

_RELS = ("canonical", "amphtml")


def declared_urls(data: bytes, *, base_url: str, encoding: str | None = None) -> list[str]:
    """The absolute ``<link rel=canonical|amphtml href>`` URLs in the page's head; never
    raises (input that is not HTML gives [])."""
    try:
        text = decode(data, encoding)
        if "<link" not in text and "<LINK" not in text:
            return []
        tree = LexborHTMLParser(text)
        found: list[str] = []
        for node in tree.css("link[rel][href]"):
            rels = (node.attributes.get("rel") or "").lower().split()
            href = (node.attributes.get("href") or "").strip()
            if href and any(r in rels for r in _RELS):
                found.append(urljoin(base_url, href))
        return found
    except Exception:  # a page we cannot read declares nothing; the crawl goes on
        return []
