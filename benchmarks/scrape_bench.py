"""Scrape throughput against a local fixture server, compared with plain httpx GETs.

Usage: python benchmarks/scrape_bench.py [--articles 300] [--concurrency 4]

Generates a synthetic site (section index pages with pagination, article pages whose
``Meer uit`` tickers link to each other), serves it on 127.0.0.1 and, twice (no added
latency, then 50 ms added to every response):

- scrapes it with ``--delay 0`` into a fresh SQLite file: pages/s end to end;
- GETs the very same URLs with a plain ``httpx.AsyncClient`` at the same concurrency, in the
  same process and run: pages/s; and prints the ratio (target with 50 ms: <= 1.1, i.e. parse
  and store hide behind network waits);
- with no latency, the per-page cost of parse + store (a ``reparse`` of the same captures);
- a second, no-change run: its time and its requests (conditional only).
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import ClassVar

import httpx

from anp_archive.config import Settings
from anp_archive.demo import SiteHandler, serve_site
from anp_archive.pipeline import reparse, scrape
from anp_archive.profile import default_profile
from anp_archive.store import Archive

PLACES = ["DEN HAAG", "AMSTERDAM", "ROTTERDAM", "UTRECHT", "MIDDELBURG", "PARIJS", "BERLIJN",
          "WASHINGTON", "NEW YORK", "SÃO PAULO", "TOKIO", "BRUSSEL", "'S-HERTOGENBOSCH"]
AGENCIES = ["ANP", "ANP/AFP", "ANP/RTR", "ANP/DPA", "ANP/BLOOMBERG"]
WORDS = [
    "kabinet", "gemeente", "minister", "haven", "spoor", "storm", "rente", "beurs", "rechter",
    "politie", "school", "ziekenhuis", "boeren", "vissers", "dijk", "brug", "trein",
    "vliegveld", "museum", "festival",
]
SECTIONS = ["binnenland", "buitenland", "economie", "sport"]


def _story(i: int) -> tuple[str, str, str, str]:
    place = PLACES[i % len(PLACES)]
    agency = AGENCIES[(i // 3) % len(AGENCIES)]
    words = [WORDS[(i * 7 + k * 3) % len(WORDS)] for k in range(12)]
    title = f"Bericht {i}: {' '.join(words[:4])}"
    lede = f"Het {words[0]} en de {words[1]} melden dat {' '.join(words[2:])} (nummer {i})."
    return f"bericht-{i}-{words[0]}-{words[1]}", title, place, agency + "\x00" + lede


def build_site(root: Path, articles: int) -> None:
    """Write a synthetic site of ``articles`` article pages plus index pages into ``root``."""
    (root / "nieuws").mkdir(parents=True)
    (root / "robots.txt").write_text("User-agent: *\nDisallow: /zoeken\n", encoding="utf-8")
    stories = [_story(i) for i in range(articles)]

    def item(j: int) -> str:
        slug, _title, place, rest = stories[j]
        agency, lede = rest.split("\x00")
        age = f"{(j % 50) + 1} minuten geleden"
        return (f'<li><a href="/nieuws/{slug}"><p>{place} ({agency}) - {lede}</p></a>'
                f"<span>{age}</span></li>")

    per_page = 20
    for s, section in enumerate(SECTIONS):
        mine = [j for j in range(articles) if j % len(SECTIONS) == s]
        pages = [mine[k:k + per_page] for k in range(0, len(mine), per_page)] or [[]]
        for n, chunk in enumerate(pages, 1):
            nxt = (f'<a href="/nieuws/{section}?page={n + 1}">Volgende</a>'
                   if n < len(pages) else "")
            html = (f"<html><body><main><h1>{section.title()}</h1><h2>Meer uit {section.title()}"
                    f"</h2><ul>{''.join(item(j) for j in chunk)}</ul>{nxt}</main></body></html>")
            name = f"{section}.html" if n == 1 else f"{section}@page={n}.html"
            (root / "nieuws" / name).write_text(html, encoding="utf-8")
    links = "".join(f'<a href="/nieuws/{s}">{s}</a> ' for s in SECTIONS)
    (root / "nieuws.html").write_text(
        f"<html><body><main><h1>Nieuws</h1>{links}</main></body></html>", encoding="utf-8"
    )
    for i, (slug, title, place, rest) in enumerate(stories):
        agency, lede = rest.split("\x00")
        ticker = "".join(item((i + k) % articles) for k in range(1, 9))
        body = " ".join(f"<p>Alinea {k} over het {WORDS[(i + k) % len(WORDS)]}.</p>"
                        for k in range(6))
        html = (f"<html><head><title>{title}</title></head><body><main><article><h1>{title}</h1>"
                f"<p>{place} ({agency}) - {lede}</p>{body}</article><aside><h2>Meer uit "
                f"{SECTIONS[i % len(SECTIONS)].title()}</h2><ul>{ticker}</ul></aside></main>"
                "</body></html>")
        (root / "nieuws" / f"{slug}.html").write_text(html, encoding="utf-8")


class LatencyHandler(SiteHandler):
    """Adds a fixed latency to every response and logs the paths served."""

    latency_s: ClassVar[list[float]] = [0.0]
    served: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        if self.latency_s[0]:
            time.sleep(self.latency_s[0])
        self.served.append(self.path)
        super().do_GET()


async def _plain_gets(base: str, paths: list[str], concurrency: int) -> float:
    """Time plain httpx GETs of ``paths`` at ``concurrency``, bodies read in full."""
    sem = asyncio.Semaphore(concurrency)
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:

        async def get(path: str) -> None:
            async with sem:
                response = await client.get(path)
                response.read()

        started = time.perf_counter()
        await asyncio.gather(*(get(p) for p in paths))
        return time.perf_counter() - started


def bench(site: Path, work: Path, latency_s: float, concurrency: int, pages: int) -> None:
    LatencyHandler.latency_s[0] = latency_s
    LatencyHandler.served.clear()
    db = work / f"bench-{int(latency_s * 1000)}ms.sqlite"
    with serve_site(site, LatencyHandler) as base:
        profile = default_profile().with_start_url(f"{base}/nieuws")
        settings = Settings(db_url=f"sqlite:///{db}", delay_s=0.0, concurrency=concurrency,
                            max_pages=pages, max_depth=50, retries=0)
        with Archive.open(settings.db_url):
            pass  # migrations are a one-time cost, not part of a scrape
        started = time.perf_counter()
        summary = scrape(settings, profile)
        scrape_s = time.perf_counter() - started
        fetched = [p for p in LatencyHandler.served if p != "/robots.txt"]
        plain_s = asyncio.run(_plain_gets(base, fetched, concurrency))

        LatencyHandler.served.clear()
        started = time.perf_counter()
        second = scrape(settings, profile)
        second_s = time.perf_counter() - started
        second_requests = len(LatencyHandler.served)

    n = summary.pages
    print(f"latency {latency_s * 1000:.0f} ms, concurrency {concurrency}:")
    print(f"  scrape: {n} pages, {summary.new_stories} stories, {summary.new_sightings} "
          f"sightings in {scrape_s:.2f} s = {n / scrape_s:.1f} pages/s")
    print(f"  plain httpx GETs of the same {len(fetched)} URLs: {plain_s:.2f} s = "
          f"{len(fetched) / plain_s:.1f} pages/s")
    print(f"  ratio scrape/plain: {scrape_s / plain_s:.2f}"
          + ("  (target <= 1.1)" if latency_s else ""))
    if not latency_s:
        with Archive.open(settings.db_url) as archive:
            started = time.perf_counter()
            again = reparse(archive)
            reparse_s = time.perf_counter() - started
        print(f"  parse + store per page (reparse of {again.captures} captures): "
              f"{reparse_s / max(1, again.captures) * 1000:.2f} ms")
        print(f"  scrape overhead over plain GETs per page: "
              f"{(scrape_s - plain_s) / max(1, n) * 1000:.2f} ms")
    print(f"  no-change second run: {second_s:.2f} s, {second_requests} requests "
          f"({second.unchanged} unchanged, {second.new_stories} new stories)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="anp-scrape-bench-"))
    try:
        site = work / "site"
        build_site(site, args.articles)
        pages = args.articles * 2
        for latency in (0.0, 0.05):
            bench(site, work, latency, args.concurrency, pages)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
