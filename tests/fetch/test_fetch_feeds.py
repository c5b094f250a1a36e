"""The fetcher takes feeds and sitemaps only when asked to, under the same caps."""

from __future__ import annotations

import gzip
from collections.abc import Callable

import httpx
import pytest
import respx

from anp_archive.errors import ResponseTooLargeError, UnsupportedContentError
from anp_archive.fetch import XML_TYPES, Fetcher

HOST = "news.test"
BASE = f"https://{HOST}"
SITEMAP = (b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
           b"<url><loc>https://news.test/nieuws/a</loc></url></urlset>")

MakeFetcher = Callable[..., Fetcher]


def _xml(body: bytes, kind: str = "application/xml", **headers: str) -> httpx.Response:
    all_headers = {"content-type": kind, "content-length": str(len(body)), **headers}
    return httpx.Response(200, headers=all_headers, stream=httpx.ByteStream(body))


async def test_xml_is_refused_as_a_page_and_taken_as_a_source(
    router: respx.MockRouter, make_fetcher: MakeFetcher
) -> None:
    router.get(f"{BASE}/sitemap.xml").mock(side_effect=lambda _r: _xml(SITEMAP, ETag='"s1"'))
    async with make_fetcher() as fetcher:
        with pytest.raises(UnsupportedContentError):
            await fetcher.fetch(f"{BASE}/sitemap.xml")
        result = await fetcher.fetch(f"{BASE}/sitemap.xml", accept=XML_TYPES)
    assert result.capture is not None and result.capture.body == SITEMAP
    assert result.etag == '"s1"'


async def test_html_is_refused_where_a_feed_was_asked_for(
    router: respx.MockRouter, make_fetcher: MakeFetcher
) -> None:
    router.get(f"{BASE}/rss.xml").mock(
        side_effect=lambda _r: _xml(b"<html></html>", "text/html; charset=utf-8"))
    async with make_fetcher() as fetcher:
        with pytest.raises(UnsupportedContentError, match="not a feed or sitemap"):
            await fetcher.fetch(f"{BASE}/rss.xml", accept=XML_TYPES)


async def test_a_source_keeps_the_size_cap_and_gzip_files_come_as_they_are(
    router: respx.MockRouter, make_fetcher: MakeFetcher
) -> None:
    packed = gzip.compress(SITEMAP)
    router.get(f"{BASE}/sitemap.xml.gz").mock(
        side_effect=lambda _r: _xml(packed, "application/gzip"))
    router.get(f"{BASE}/groot.xml").mock(side_effect=lambda _r: _xml(b"<a>" + b"x" * 5000))
    async with make_fetcher(max_bytes=1000) as fetcher:
        result = await fetcher.fetch(f"{BASE}/sitemap.xml.gz", accept=XML_TYPES)
        with pytest.raises(ResponseTooLargeError):
            await fetcher.fetch(f"{BASE}/groot.xml", accept=XML_TYPES)
    assert result.capture is not None and result.capture.body == packed  # inflated later


async def test_sitemaps_for_reads_the_robots_sitemap_lines(
    router: respx.MockRouter, make_fetcher: MakeFetcher
) -> None:
    router.get(f"{BASE}/robots.txt", name="robots").mock(return_value=httpx.Response(
        200, text="User-agent: *\nDisallow: /zoeken\nSitemap: https://news.test/news.xml\n"))
    async with make_fetcher() as fetcher:
        assert await fetcher.sitemaps_for(f"{BASE}/nieuws") == [f"{BASE}/news.xml"]
        assert await fetcher.sitemaps_for(f"{BASE}/nieuws/b") == [f"{BASE}/news.xml"]
    assert router.routes["robots"].call_count == 1
