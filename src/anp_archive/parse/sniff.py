"""Bodies that are no page at all (JSON, XML feeds and sitemaps), told apart before layout.

A JSON API response or an RSS feed can hold ``AMSTERDAM (ANP) - ...`` in a string; read
as text it gives a 300-character "title". These bodies are refused on their first bytes,
before any layout logic sees them.
"""

from __future__ import annotations

import re

from anp_archive.errors import NotANewsPageError

__all__ = ["refuse_non_page"]

# An object opening with a key or closing at once; an array of values.
_JSON = re.compile(r'\{\s*(?:"|\})|\[\s*(?:[{\["\]]|-?\d|true|false|null)')
_XML_ROOTS = re.compile(r"<(?:rss|feed|urlset|sitemapindex|rdf:RDF|soap:Envelope)\b",
                        re.IGNORECASE)


def refuse_non_page(head: str) -> None:
    """Raise for a body whose start (``head``, the first few KiB) is JSON or non-HTML XML.

    Raises:
        NotANewsPageError: the body is JSON, a feed, a sitemap or another XML document.
    """
    start = head.lstrip("\ufeff \t\r\n")
    if _JSON.match(start) is not None:
        raise NotANewsPageError(
            "the input is JSON, not an HTML or text page; pass the page itself, not an API"
            " response"
        )
    if start[:5].lower() == "<?xml" or _XML_ROOTS.match(start) is not None:
        low = start[:4096].lower()
        if "<html" not in low and "xhtml" not in low:
            raise NotANewsPageError(
                "the input is an XML document (a feed or sitemap?), not an HTML page;"
                " pass the page itself"
            )
