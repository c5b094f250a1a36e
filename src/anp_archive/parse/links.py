"""Every link on a page, absolute: what the scraper follows to discover pages."""

from __future__ import annotations

from urllib.parse import urldefrag, urljoin

from selectolax.lexbor import LexborHTMLParser

from anp_archive.errors import ParseError
from anp_archive.parse.decode import decode
from anp_archive.parse.limits import check_markup

__all__ = ["absolute_url", "extract_links"]

_SKIP_SCHEMES = ("javascript:", "mailto:", "tel:", "data:", "about:", "sms:", "ftp:", "file:")


def absolute_url(href: str, base: str | None) -> str | None:
    """``href`` resolved against ``base`` without its fragment; None for non-web links."""
    href = href.strip()
    if not href or href.startswith("#") or href.lower().startswith(_SKIP_SCHEMES):
        return None
    try:
        joined = urljoin(base, href) if base else href
        return urldefrag(joined).url or None
    except ValueError:  # e.g. a malformed IPv6 host
        return None


def extract_links(data: bytes | str, *, base_url: str, encoding: str | None = None) -> list[str]:
    """Every ``<a href>`` as an absolute http(s) URL: fragment stripped, deduplicated, in order.

    Same-page fragments (``#top``) and non-web schemes (mailto:, javascript:) are left out.

    Links inside script/style/template/noscript are not links and are skipped. Never
    raises: input that is not HTML gives ``[]``.
    """
    try:
        text = decode(data, encoding) if isinstance(data, bytes) else data
        if "<" not in text:
            return []
        check_markup(text)  # a page too complex to parse has no links worth the minutes
        tree = LexborHTMLParser(text)
        base = base_url
        base_node = tree.css_first("base[href]")
        if base_node is not None:
            base = urljoin(base_url, (base_node.attributes.get("href") or "").strip())
        seen: dict[str, None] = {}
        for node in tree.css("a[href]"):
            url = absolute_url(node.attributes.get("href") or "", base)
            if url is not None and url.startswith(("http://", "https://")):
                seen.setdefault(url, None)
        return list(seen)
    except (ParseError, ValueError):
        return []
