"""Feeds and sitemaps read into article URLs, child sitemaps and exact times."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime, timedelta

from anp_archive.discovery import declared_feeds, read_feed, read_sitemap, read_source

NOW = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)
BASE = "https://oefennieuws.test"

NEWS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url>
    <loc>https://oefennieuws.test/nieuws/ijsselmeer-dijk-hersteld</loc>
    <news:news>
      <news:publication><news:name>Oefennieuws</news:name><news:language>nl</news:language>
      </news:publication>
      <news:publication_date>2026-12-07T09:41:00+01:00</news:publication_date>
      <news:title>Dijk langs IJsselmeer hersteld</news:title>
    </news:news>
  </url>
  <url>
    <loc>https://oefennieuws.test/nieuws/alleen-een-datum</loc>
    <news:news><news:publication_date>2026-12-07</news:publication_date></news:news>
  </url>
</urlset>
"""

PLAIN = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>https://oefennieuws.test/nieuws/vers</loc><lastmod>2026-12-06T22:00:00Z</lastmod></url>
  <url><loc>https://oefennieuws.test/nieuws/oud</loc><lastmod>2025-03-01</lastmod></url>
  <url><loc>https://oefennieuws.test/nieuws/zonder-datum</loc></url>
</urlset>
"""

INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://oefennieuws.test/sitemap-2026-12.xml</loc>
    <lastmod>2026-12-07T08:00:00+00:00</lastmod></sitemap>
  <sitemap><loc>https://oefennieuws.test/sitemap-2024-01.xml.gz</loc>
    <lastmod>2024-02-01</lastmod></sitemap>
</sitemapindex>
"""

RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Oefennieuws binnenland</title>
<link>https://oefennieuws.test/nieuws</link>
<item><title>Veerpont weer in de vaart</title><link>/nieuws/veerpont-weer-in-de-vaart</link>
<pubDate>Mon, 07 Dec 2026 09:12:00 +0100</pubDate></item>
<item><title>Zonder tijd</title><link>https://oefennieuws.test/nieuws/zonder-tijd</link></item>
<item><title>Dubbel</title><link>/nieuws/veerpont-weer-in-de-vaart</link></item>
</channel></rss>
"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Oefennieuws economie</title>
<id>urn:oefen:economie</id><updated>2026-12-07T08:30:00Z</updated>
<entry><title>Beurs opent lager</title><id>urn:oefen:1</id>
<link rel="alternate" href="https://oefennieuws.test/nieuws/beurs-opent-lager"/>
<published>2026-12-07T08:05:00Z</published><updated>2026-12-07T08:30:00Z</updated></entry>
</feed>
"""


def test_news_sitemap_gives_exact_times_only_with_a_time_of_day_and_zone() -> None:
    sitemap = read_sitemap(NEWS_SITEMAP, max_bytes=1 << 20)
    assert sitemap.is_news
    times = {e.url.rsplit("/", 1)[-1]: e.published_at for e in sitemap.urls}
    assert times == {
        "ijsselmeer-dijk-hersteld": datetime(2026, 12, 7, 8, 41, tzinfo=UTC),
        "alleen-een-datum": None,  # a date is not an exact moment
    }


def test_sitemap_index_lists_children_and_gzip_is_read() -> None:
    index = read_sitemap(gzip.compress(INDEX), max_bytes=1 << 20)
    assert [c.url for c in index.children] == [
        f"{BASE}/sitemap-2026-12.xml", f"{BASE}/sitemap-2024-01.xml.gz"]
    assert index.urls == []


def test_gzip_that_inflates_past_the_cap_is_refused_not_inflated() -> None:
    big = PLAIN.replace(b"</urlset>", b"<!--" + b"x" * 200_000 + b"--></urlset>")
    sitemap = read_sitemap(gzip.compress(big), max_bytes=100_000)
    assert sitemap.urls == [] and "cap" in sitemap.error


def test_entity_expansion_is_refused() -> None:
    bomb = (b'<?xml version="1.0"?><!DOCTYPE u [<!ENTITY a "aaaaaaaaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
            b"<urlset><url><loc>https://oefennieuws.test/&b;</loc></url></urlset>")
    sitemap = read_sitemap(bomb, max_bytes=1 << 20)
    assert sitemap.urls == [] and "DTD" in sitemap.error
    found = read_source(bomb, base_url=BASE, max_bytes=1 << 20, now=NOW)
    assert found.kind == "unreadable" and found.articles == []


def test_rss_items_resolve_relative_links_once_with_their_times() -> None:
    items = read_feed(RSS, base_url=f"{BASE}/rss/binnenland.xml")
    assert items is not None
    assert [(i.url, i.published_at) for i in items] == [
        (f"{BASE}/nieuws/veerpont-weer-in-de-vaart", datetime(2026, 12, 7, 8, 12, tzinfo=UTC)),
        (f"{BASE}/nieuws/zonder-tijd", None),
    ]


def test_atom_entry_published_time_wins_over_updated() -> None:
    items = read_feed(ATOM, base_url=f"{BASE}/atom.xml")
    assert items is not None
    assert [(i.url, i.published_at) for i in items] == [
        (f"{BASE}/nieuws/beurs-opent-lager", datetime(2026, 12, 7, 8, 5, tzinfo=UTC))]


def test_html_is_no_feed() -> None:
    assert read_feed(b"<html><body><p>Geen feed</p></body></html>", base_url=BASE) is None


def test_declared_feeds_are_the_rss_and_atom_alternates_only() -> None:
    page = b"""<html><head>
    <link rel="alternate" type="application/rss+xml" title="Binnenland" href="/rss/binnenland.xml">
    <link rel="Alternate" type="application/atom+xml" href="https://oefennieuws.test/atom.xml">
    <link rel="alternate" hreflang="en" href="/en/nieuws">
    <link rel="stylesheet" type="text/css" href="/static/site.css">
    <link rel="alternate" type="application/rss+xml" href="/rss/binnenland.xml">
    </head><body></body></html>"""
    assert declared_feeds(page, base_url=f"{BASE}/nieuws") == [
        f"{BASE}/rss/binnenland.xml", f"{BASE}/atom.xml"]


def test_without_backfill_only_recent_sitemap_entries_are_listed() -> None:
    recent = read_source(PLAIN, base_url=BASE, max_bytes=1 << 20, now=NOW)
    assert [a.url for a in recent.articles] == [f"{BASE}/nieuws/vers"]
    whole = read_source(PLAIN, base_url=BASE, max_bytes=1 << 20, now=NOW, backfill=True)
    assert len(whole.articles) == 3
    index = read_source(INDEX, base_url=BASE, max_bytes=1 << 20, now=NOW)
    assert index.sources == [f"{BASE}/sitemap-2026-12.xml"]
    later = read_source(INDEX, base_url=BASE, max_bytes=1 << 20, now=NOW + timedelta(days=3))
    assert later.sources == []


def test_news_sitemaps_and_feeds_are_read_whole_and_say_what_they_are() -> None:
    news = read_source(NEWS_SITEMAP, base_url=BASE, max_bytes=1 << 20, now=NOW)
    assert news.kind == "news-sitemap" and len(news.articles) == 2
    feed = read_source(RSS, base_url=BASE, max_bytes=1 << 20, now=NOW + timedelta(days=30))
    assert feed.kind == "feed" and len(feed.articles) == 2
    empty = read_source(b'<rss version="2.0"><channel><title>x</title></channel></rss>',
                        base_url=BASE, max_bytes=1 << 20, now=NOW)
    assert empty.kind == "feed" and empty.error == ""
