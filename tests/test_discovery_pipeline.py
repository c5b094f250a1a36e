"""scrape with feeds and sitemaps as discovery sources, over an httpx MockTransport.

The site's articles are partly reachable only from a news sitemap (named in robots.txt),
an RSS feed (declared by the front page), an Atom feed (listed in the profile) or, for
the back catalogue, a plain sitemap behind /sitemap.xml (``--backfill``).
"""

from __future__ import annotations

import gzip
import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import httpx
import sqlalchemy as sa

from anp_archive.config import Settings
from anp_archive.pipeline import RunSummary, scrape
from anp_archive.profile import SiteProfile, profile_from_dict
from anp_archive.store import Archive

BASE = "http://oefennieuws.test"
NOW = datetime.now(UTC).replace(microsecond=0)


def _article(title: str, place: str, text: str, ticker: str = "") -> str:
    return f"""<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8">
<title>{title} | Oefennieuws</title></head><body><main>
<article class="artikel"><h1>{title}</h1><p class="datum">Bron: ANP</p>
<p>{place} (ANP) - {text}</p>
<p>Meer informatie volgt later vandaag, meldt het persbureau.</p></article>
{ticker}</main></body></html>"""


ARTICLES = {
    # on the front page
    "gemeente-opent-nieuwe-fietsbrug": (
        "Gemeente opent nieuwe fietsbrug", "ZWOLLE",
        "De gemeente heeft vrijdag een nieuwe fietsbrug over de IJssel geopend. De brug "
        "verbindt twee woonwijken en scheelt fietsers een omweg van drie kilometer."),
    # only in the news sitemap
    "dijk-langs-ijsselmeer-hersteld": (
        "Dijk langs IJsselmeer hersteld", "LELYSTAD",
        "Het waterschap heeft de beschadigde dijk langs het IJsselmeer hersteld. Na de "
        "storm van vorige week was een deel van de bekleding weggeslagen."),
    # only in the RSS feed the front page declares
    "veerpont-weer-in-de-vaart": (
        "Veerpont weer in de vaart", "DORDRECHT",
        "De veerpont tussen Dordrecht en Zwijndrecht vaart weer. Door een defecte motor "
        "lag de pont bijna een week stil, tot ergernis van forenzen."),
    # only in the Atom feed the profile lists
    "beurs-opent-lager": (
        "Beurs opent lager", "AMSTERDAM",
        "De Amsterdamse effectenbeurs is maandag lager geopend. Beleggers wachten op "
        "nieuwe cijfers over de inflatie in de Verenigde Staten."),
    # the back catalogue: only in the plain sitemap behind /sitemap.xml
    "museum-krijgt-schilderij-terug": (
        "Museum krijgt schilderij terug", "HAARLEM",
        "Een museum in Haarlem krijgt een gestolen schilderij terug. Het werk was ruim "
        "twintig jaar zoek en dook op bij een veiling in Londen."),
    "haven-verwerkt-meer-graan": (
        "Haven verwerkt meer graan", "VLISSINGEN",
        "De haven van Vlissingen heeft vorig jaar meer graan verwerkt dan ooit. Vooral de "
        "overslag naar binnenvaartschepen nam flink toe."),
}

NEWS_TIME = (NOW - timedelta(minutes=41)).replace(second=0)
RSS_TIME = (NOW - timedelta(minutes=12)).replace(second=0)
ATOM_TIME = (NOW - timedelta(minutes=5)).replace(second=0)


def _iso(when: datetime) -> str:
    return when.isoformat().replace("+00:00", "Z")


def site_files(base: str = BASE) -> dict[str, tuple[bytes, str]]:
    """The site's files by path; ``base`` is the origin its sitemaps and feeds name."""
    pages: dict[str, tuple[bytes, str]] = {}
    html = "text/html; charset=utf-8"
    for slug, (title, place, text) in ARTICLES.items():
        pages[f"/nieuws/{slug}"] = (_article(title, place, text).encode(), html)
    front = """<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>Nieuws</title>
<link rel="alternate" type="application/rss+xml" title="Binnenland" href="/rss/binnenland.xml">
</head><body><main><h1>Nieuws</h1><ul>
<li><a href="/nieuws/gemeente-opent-nieuwe-fietsbrug">Gemeente opent nieuwe fietsbrug</a></li>
</ul></main></body></html>"""
    pages["/nieuws"] = (front.encode(), html)
    pages["/robots.txt"] = (
        f"User-agent: *\nDisallow: /zoeken\nSitemap: {base}/news-sitemap.xml\n".encode(),
        "text/plain")
    pages["/news-sitemap.xml"] = (f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
 xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>{base}/nieuws/dijk-langs-ijsselmeer-hersteld</loc><news:news>
<news:publication><news:name>Oefennieuws</news:name><news:language>nl</news:language>
</news:publication><news:publication_date>{_iso(NEWS_TIME)}</news:publication_date>
<news:title>Dijk langs IJsselmeer hersteld</news:title></news:news></url>
<url><loc>{base}/nieuws/gemeente-opent-nieuwe-fietsbrug</loc><news:news>
<news:publication_date>{_iso(NEWS_TIME - timedelta(hours=1))}</news:publication_date>
</news:news></url>
</urlset>""".encode(), "application/xml")
    pages["/rss/binnenland.xml"] = (f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Oefennieuws binnenland</title><link>{base}/nieuws</link>
<item><title>Veerpont weer in de vaart</title><link>{base}/nieuws/veerpont-weer-in-de-vaart</link>
<pubDate>{RSS_TIME.strftime("%a, %d %b %Y %H:%M:%S +0000")}</pubDate></item>
</channel></rss>""".encode(), "application/rss+xml")
    pages["/atom.xml"] = (f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Oefennieuws economie</title>
<id>urn:oefen:economie</id><updated>{_iso(ATOM_TIME)}</updated>
<entry><title>Beurs opent lager</title><id>urn:oefen:beurs</id>
<link rel="alternate" href="{base}/nieuws/beurs-opent-lager"/>
<published>{_iso(ATOM_TIME)}</published></entry></feed>""".encode(), "application/atom+xml")
    old = "2019-05-01"
    pages["/sitemap.xml"] = (f"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>{base}/sitemap-2019.xml.gz</loc><lastmod>{old}</lastmod></sitemap>
</sitemapindex>""".encode(), "application/xml")
    pages["/sitemap-2019.xml.gz"] = (gzip.compress(f"""<?xml version="1.0"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>{base}/nieuws/museum-krijgt-schilderij-terug</loc><lastmod>{old}</lastmod></url>
<url><loc>{base}/nieuws/haven-verwerkt-meer-graan</loc><lastmod>{old}</lastmod></url>
</urlset>""".encode()), "application/gzip")
    return pages


@dataclass
class Site:
    pages: dict[str, tuple[bytes, str]] = field(default_factory=site_files)
    requests: list[httpx.Request] = field(default_factory=list)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        found = self.pages.get(request.url.raw_path.decode())
        if found is None:
            return httpx.Response(404, headers={"content-type": "text/html"},
                                  stream=httpx.ByteStream(b"niet gevonden"))
        body, kind = found
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if request.headers.get("if-none-match") == etag:
            return httpx.Response(304, headers={"etag": etag})
        return httpx.Response(
            200, headers={"content-type": kind, "content-length": str(len(body)), "etag": etag},
            stream=httpx.ByteStream(body))

    def paths(self) -> list[str]:
        return [r.url.raw_path.decode() for r in self.requests]


def _profile() -> SiteProfile:
    return profile_from_dict({
        "name": "oefennieuws",
        "start_urls": [f"{BASE}/nieuws"],
        "article_pattern": "^/nieuws/[^/?]+$",
        "index_pattern": "^/nieuws$",
        "feeds": [f"{BASE}/atom.xml"],
    })


def _scrape(db_url: str, site: Site, *, backfill: bool = False, **kw: object) -> RunSummary:
    values: dict[str, object] = {"delay_s": 0.0, "retries": 0, "timeout_s": 5.0}
    values.update(kw)
    settings = Settings(db_url=db_url, **values)  # type: ignore[arg-type]
    return scrape(settings, _profile(), transport=httpx.MockTransport(site), backfill=backfill)


def _times(db_url: str) -> dict[str, datetime | None]:
    with Archive.open(db_url) as archive, archive.engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT url, published_at FROM stories")).all()
    out: dict[str, datetime | None] = {}
    for url, at in rows:
        assert url not in out, f"{url} stored twice"
        if isinstance(at, str):
            at = datetime.fromisoformat(at)
        if at is not None and at.tzinfo is None:
            at = at.replace(tzinfo=UTC)
        out[str(url).rsplit("/", 1)[-1]] = at
    return out


RECENT = ["gemeente-opent-nieuwe-fietsbrug", "dijk-langs-ijsselmeer-hersteld",
          "veerpont-weer-in-de-vaart", "beurs-opent-lager"]


def test_feeds_and_sitemaps_find_every_story_once_with_their_times(db_url: str) -> None:
    site = Site()
    summary = _scrape(db_url, site)
    assert summary.exit_code == 0, summary.messages
    paths = site.paths()
    for slug in RECENT:
        assert paths.count(f"/nieuws/{slug}") == 1, slug
    for source in ("/news-sitemap.xml", "/rss/binnenland.xml", "/atom.xml"):
        assert paths.count(source) == 1, source
    # The back catalogue and the unadvertised /sitemap.xml wait for --backfill.
    assert "/sitemap.xml" not in paths
    assert "/nieuws/museum-krijgt-schilderij-terug" not in paths
    assert summary.sources == 3 and summary.new_captures == len(RECENT) + 1
    times = _times(db_url)
    assert set(times) == set(RECENT)
    assert times["dijk-langs-ijsselmeer-hersteld"] == NEWS_TIME
    assert times["veerpont-weer-in-de-vaart"] == RSS_TIME
    assert times["beurs-opent-lager"] == ATOM_TIME
    assert times["gemeente-opent-nieuwe-fietsbrug"] == NEWS_TIME - timedelta(hours=1)
    with Archive.open(db_url) as archive:
        # Sources are never captures the parser (or reparse) would read.
        urls = {s.capture.url for s in archive.iter_captures()}
    assert urls == {f"{BASE}/nieuws"} | {f"{BASE}/nieuws/{s}" for s in RECENT}


def test_a_rerun_asks_the_sources_conditionally_and_fetches_no_article(db_url: str) -> None:
    site = Site()
    _scrape(db_url, site)
    site.requests.clear()
    again = _scrape(db_url, site)
    assert again.exit_code == 0, again.messages
    assert again.new_stories == 0 and again.new_captures == 0
    fetched = [r for r in site.requests if r.url.path != "/robots.txt"]
    assert {r.url.path for r in fetched} == {
        "/nieuws", "/news-sitemap.xml", "/rss/binnenland.xml", "/atom.xml"}
    assert all("if-none-match" in r.headers for r in fetched)
    assert again.unchanged == again.pages == len(fetched)


def test_a_time_listed_after_the_story_was_stored_is_applied_at_once(sqlite_url: str) -> None:
    site = Site()
    del site.pages["/rss/binnenland.xml"]
    site.pages["/nieuws"] = (site.pages["/nieuws"][0].replace(
        b"</ul>", b'<li><a href="/nieuws/veerpont-weer-in-de-vaart">Veerpont</a></li></ul>'),
        site.pages["/nieuws"][1])
    _scrape(sqlite_url, site)
    assert _times(sqlite_url)["veerpont-weer-in-de-vaart"] is None
    site.pages["/rss/binnenland.xml"] = site_files()["/rss/binnenland.xml"]
    site.requests.clear()
    _scrape(sqlite_url, site)
    assert "/nieuws/veerpont-weer-in-de-vaart" not in site.paths()  # known: not fetched
    assert _times(sqlite_url)["veerpont-weer-in-de-vaart"] == RSS_TIME


def test_backfill_walks_the_sitemaps_capped_and_resumed_across_runs(db_url: str) -> None:
    site = Site()
    _scrape(db_url, site)
    site.requests.clear()
    # The 4 sources (with /sitemap.xml, which robots.txt does not name), the front page
    # and the gzip sitemap behind the index: the cap leaves the old articles to the next run.
    first = _scrape(db_url, site, backfill=True, max_pages=6)
    assert first.capped == 1, first
    done = set(site.paths())
    assert "/sitemap.xml" in done and "/sitemap-2019.xml.gz" in done
    assert not {"/nieuws/museum-krijgt-schilderij-terug", "/nieuws/haven-verwerkt-meer-graan"
                } & done
    first_sources = [r for r in site.requests if r.url.path.endswith((".xml", ".gz"))]
    assert all("if-none-match" not in r.headers for r in first_sources)  # read whole
    site.requests.clear()
    second = _scrape(db_url, site, backfill=True, max_pages=20)
    assert second.exit_code == 0, second.messages
    assert second.capped == 0
    # The sitemaps the capped run read are not read again; the articles they listed are.
    assert site.paths().count("/sitemap-2019.xml.gz") == 0
    for slug in ("museum-krijgt-schilderij-terug", "haven-verwerkt-meer-graan"):
        assert site.paths().count(f"/nieuws/{slug}") == 1
    assert set(_times(db_url)) == set(ARTICLES)


def test_a_feed_time_waits_in_the_archive_for_the_run_that_stores_the_article(
    db_url: str,
) -> None:
    site = Site()
    article = site.pages.pop("/nieuws/veerpont-weer-in-de-vaart")
    first = _scrape(db_url, site)  # the feed lists it, but the article is not there yet
    assert "/nieuws/veerpont-weer-in-de-vaart" in site.paths()
    assert "veerpont-weer-in-de-vaart" not in _times(db_url)
    with Archive.open(db_url) as archive:
        assert list(archive.listed_times("oefennieuws").values()) == [RSS_TIME]
    assert first.exit_code in (0, 1)
    # The next run finds the article through the front page; the feed is unchanged (304).
    site.pages["/nieuws/veerpont-weer-in-de-vaart"] = article
    site.pages["/nieuws"] = (site.pages["/nieuws"][0].replace(
        b"</ul>", b'<li><a href="/nieuws/veerpont-weer-in-de-vaart">Veerpont</a></li></ul>'),
        site.pages["/nieuws"][1])
    site.requests.clear()
    second = _scrape(db_url, site)
    assert second.exit_code == 0, second.messages
    rss = [r for r in site.requests if r.url.path == "/rss/binnenland.xml"]
    assert rss and all("if-none-match" in r.headers for r in rss)
    assert _times(db_url)["veerpont-weer-in-de-vaart"] == RSS_TIME
    with Archive.open(db_url) as archive:
        assert archive.listed_times("oefennieuws") == {}  # applied: not kept any longer


def test_a_feed_time_reaches_an_article_stored_under_its_canonical_url(db_url: str) -> None:
    site = Site()
    path = "/nieuws/veerpont-weer-in-de-vaart"
    body, kind = site.pages.pop(path)
    _scrape(db_url, site)  # the feed lists the article, which is not there yet
    # The article now names another URL of the site as its canonical one: its story is
    # stored under that URL, and the feed's time, waiting under the URL the feed gave,
    # must still reach it.
    site.pages[path] = (body.replace(
        b"</head>", f'<link rel="canonical" href="{BASE}/nieuws/veerpont-vaart-weer"></head>'
        .encode(), 1), kind)
    assert b'rel="canonical"' in site.pages[path][0]
    site.pages["/nieuws"] = (site.pages["/nieuws"][0].replace(
        b"</ul>", f'<li><a href="{path}">Veerpont</a></li></ul>'.encode()),
        site.pages["/nieuws"][1])
    second = _scrape(db_url, site)
    assert second.exit_code == 0, second.messages
    assert _times(db_url)["veerpont-vaart-weer"] == RSS_TIME
    with Archive.open(db_url) as archive:
        assert archive.listed_times("oefennieuws") == {}


def test_a_listed_time_for_a_story_with_its_own_time_is_not_kept(db_url: str) -> None:
    site = Site()
    del site.pages["/news-sitemap.xml"]
    _scrape(db_url, site)
    assert "gemeente-opent-nieuwe-fietsbrug" in _times(db_url)
    # The news sitemap appears and lists the stored fietsbrug article, whose page gave
    # its own time: that time stays, and nothing is kept waiting for a later run.
    site.pages["/news-sitemap.xml"] = site_files()["/news-sitemap.xml"]
    _scrape(db_url, site)
    assert _times(db_url)["gemeente-opent-nieuwe-fietsbrug"] == NEWS_TIME - timedelta(hours=1)
    with Archive.open(db_url) as archive:
        assert archive.listed_times("oefennieuws") == {}
