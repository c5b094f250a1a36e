"""Scrape throughput against a local fixture server, compared with plain httpx GETs.

Usage: python benchmarks/scrape_bench.py [--articles 300] [--concurrency 4]

Generates a synthetic site (section index pages with pagination, article pages whose
``Meer uit`` tickers link to each other), serves it on 127.0.0.1 and, twice (no added
latency, then 50 ms added to every response):

- scrapes it with ``--delay 0`` into a fresh SQLite file: pages/s end to end;
- GETs the very same URLs with a plain ``httpx.AsyncClient`` at the same concurrency, in the
  same process and run: pages/s; and prints the ratio (target with 50 ms: <= 1.1, i.e. parse
  and store hide behind network waits);
- with no latency, the per-page cost of parse + store (the same captures into a fresh file);

The server runs in a child process, as a real site would: its CPU time is not ours.
- a second, no-change run: its time and its requests (conditional only).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ClassVar

import httpx

from anp_archive.config import Settings
from anp_archive.demo import SiteHandler, serve_site
from anp_archive.errors import ParseError
from anp_archive.parse import PARSER_VERSION, parse_page
from anp_archive.pipeline import scrape
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
    rng = random.Random(i)  # varied but reproducible: no two items read alike
    words = rng.sample(WORDS, 12)
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
    """Adds a fixed latency to every response."""

    latency_s: ClassVar[float] = 0.0

    def do_GET(self) -> None:
        if self.latency_s:
            time.sleep(self.latency_s)
        super().do_GET()


def _serve_forever(root: Path, latency_s: float) -> None:
    """Child-process mode: serve ``root`` and print the base URL (the parent reads it)."""
    handler = type("Bound", (LatencyHandler,), {"latency_s": latency_s})
    with serve_site(root, handler) as base:
        print(base, flush=True)
        sys.stdin.read()  # until the parent closes our stdin


@contextmanager
def _server(root: Path, latency_s: float) -> Iterator[str]:
    """The site served from a separate process, as a real site is: its CPU is not ours."""
    proc = subprocess.Popen(
        [sys.executable, __file__, "--serve", str(root), "--latency", str(latency_s)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert proc.stdout is not None
        yield proc.stdout.readline().strip()
    finally:
        assert proc.stdin is not None
        proc.stdin.close()
        proc.wait(timeout=10)
        if proc.stdout is not None:
            proc.stdout.close()


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


def _trial(base: str, db: Path, concurrency: int, pages: int) -> tuple[float, float, Any]:
    """One scrape into a fresh ``db``, then plain GETs of the same URLs: (scrape s, plain s)."""
    profile = default_profile().with_start_url(f"{base}/nieuws")
    settings = Settings(db_url=f"sqlite:///{db}", delay_s=0.0, concurrency=concurrency,
                        max_pages=pages, max_depth=50, retries=0)
    with Archive.open(settings.db_url):
        pass  # migrations are a one-time cost, not part of a scrape
    gc.collect()
    started = time.perf_counter()
    summary = scrape(settings, profile)
    scrape_s = time.perf_counter() - started
    with Archive.open(settings.db_url) as archive:
        fetched = [
            httpx.URL(s.capture.url or "").raw_path.decode() for s in archive.iter_captures()
        ]
    gc.collect()
    plain_s = asyncio.run(_plain_gets(base, fetched, concurrency))
    return scrape_s, plain_s, summary


def bench(site: Path, work: Path, latency_s: float, concurrency: int, pages: int,
          trials: int) -> None:
    """Interleaved trials (scrape, then plain GETs) so load on the machine hits both alike."""
    results = []
    with _server(site, latency_s) as base:
        for n in range(trials):
            db = work / f"bench-{int(latency_s * 1000)}ms-{n}.sqlite"
            results.append((*_trial(base, db, concurrency, pages), db))
        scrape_s, plain_s, summary, db = sorted(results, key=lambda r: r[0] / r[1])[trials // 2]
        profile = default_profile().with_start_url(f"{base}/nieuws")
        settings = Settings(db_url=f"sqlite:///{db}", delay_s=0.0, concurrency=concurrency,
                            max_pages=pages, max_depth=50, retries=0)
        started = time.perf_counter()
        second = scrape(settings, profile)
        second_s = time.perf_counter() - started

    n = summary.pages
    ratios = ", ".join(f"{r[0] / r[1]:.2f}" for r in results)
    print(f"latency {latency_s * 1000:.0f} ms, concurrency {concurrency} "
          f"(median of {trials} trials):")
    print(f"  scrape: {n} pages, {summary.new_stories} stories, {summary.new_sightings} "
          f"sightings in {scrape_s:.2f} s = {n / scrape_s:.1f} pages/s "
          f"({summary.requests} requests incl. robots.txt)")
    print(f"  plain httpx GETs of the same {n} URLs: {plain_s:.2f} s = "
          f"{n / plain_s:.1f} pages/s")
    print(f"  ratio scrape/plain: {scrape_s / plain_s:.2f} (trials: {ratios})"
          + ("  target <= 1.1" if latency_s else ""))
    if not latency_s:
        print(f"  parse + store per page, first time (fresh archive): "
              f"{_parse_store_cost(db, work) * 1000:.2f} ms")
        print(f"  scrape overhead over plain GETs per page: "
              f"{(scrape_s - plain_s) / max(1, n) * 1000:.2f} ms")
    print(f"  no-change second run: {second_s:.2f} s, {second.requests} requests "
          f"({second.unchanged} unchanged, {second.new_stories} new stories)")


def _parse_store_cost(db: Path, work: Path) -> float:
    """Seconds per page to parse and store the bench's captures into a fresh archive."""
    with Archive.open(f"sqlite:///{db}") as archive:
        captures = [s.capture for s in archive.iter_captures()]
    with Archive.open(f"sqlite:///{work / 'cost.sqlite'}") as fresh:
        started = time.perf_counter()
        for capture in captures:
            ref = fresh.add_capture(capture)
            try:
                page = parse_page(capture.body, url=capture.url, fetched_at=capture.fetched_at,
                                  encoding="utf-8")
            except ParseError:  # the front page is only links
                continue
            fresh.store_page(ref.id, page, parser_version=PARSER_VERSION)
        return (time.perf_counter() - started) / max(1, len(captures))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--trials", type=int, default=3)
    parser.add_argument("--serve", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--latency", type=float, default=0.0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        _serve_forever(args.serve, args.latency)
        return 0
    work = Path(tempfile.mkdtemp(prefix="anp-scrape-bench-"))
    try:
        site = work / "site"
        build_site(site, args.articles)
        pages = args.articles * 2
        for latency in (0.0, 0.05):
            bench(site, work, latency, args.concurrency, pages, args.trials)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
