"""Ingest benchmark: how fast pages go into the archive, and what it costs in memory.

Generates N synthetic, varied pages (default 2,000): each has its own lead story and a
ticker of 10 items drawn from a sliding window of shared stories, as on the real sites,
where one wire item shows up on dozens of pages with a growing age. Pages are generated
lazily, so memory does not grow with N. Prints, measured in one run:

- import pages/s into SQLite (``Archive.ingest_many``: capture + stories + sightings, in
  transactions of 50 pages as ``anp-archive import`` does), and the ratio of its time to
  plain ``sqlite3`` ``executemany`` of the same number of story and sighting rows, with a
  commit per 50 pages (like for like), per page, and in one transaction;
- a floor: plain ``executemany`` of every row the import stored (capture, stories, revisions,
  identity keys, sightings, full text) into the archive's own schema, as a multiple of
  that baseline: no store keeping what the archive must keep can beat it;
- re-import of the same pages: the speed-up and the number of new rows (must be 0);
- peak memory flat in archive size: the peak traced memory (tracemalloc) of importing
  1,000 pages into one archive three times over (holding 0, 1,000 and 2,000 pages), in a
  subprocess of its own;
- ``search`` median latency over 100,000 stories;
- the same import figures on PostgreSQL, when a server is reachable.

Only the archive's own work is timed (see :func:`import_pages`).

Capture bodies are real-size HTML renderings of the pages (about 150-200 KiB each), so
compression and deltas cost what they cost on real captures. The import and the baseline
alternate for ``--rounds`` rounds (default 5); the median and range of the ratio are printed.

Usage: python benchmarks/ingest_bench.py [--pages 2000] [--rounds 5] [--pg-url URL]
[--skip-search] [--skip-memory] [--memory-pages 1000]
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import os
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from anp_archive.models import Capture, Dateline, Lead, Page, TickerItem
from anp_archive.store import Archive, SearchQuery

T0 = datetime(2026, 1, 1, 6, 0, tzinfo=UTC)
PARSER_VERSION = "bench"
PLACES = [
    "DEN HAAG",
    "AMSTERDAM",
    "WASHINGTON",
    "MOSKOU",
    "KYIV",
    "BRUSSEL",
    "PARIJS",
    "NEW YORK",
    "'S-HERTOGENBOSCH",
    "SÃO PAULO",
    "BERLIJN",
    "LONDEN",
    "ROTTERDAM",
    "PYONGYANG",
    "BRASILIA",
    "GAZA",
    "TOKIO",
    "MADRID",
]
AGENCIES = [("ANP",), ("ANP", "AFP"), ("ANP", "RTR"), ("ANP", "DPA"), ("ANP", "BLOOMBERG")]
SECTIONS = ["Buitenland", "Binnenland", "Economie", "Sport", "Politiek"]
OPENINGS = [
    "De Amerikaanse president Donald Trump heeft",
    "Het kabinet heeft",
    "De Oekraïense president Volodymyr Zelensky heeft",
    "De politie heeft",
    "Een woordvoerder van het ministerie zegt dat",
    "Bij een ongeluk op de snelweg",
]
WORDS = [
    "oorlog",
    "vrede",
    "verkiezing",
    "regering",
    "begroting",
    "staking",
    "rechter",
    "vonnis",
    "brand",
    "explosie",
    "akkoord",
    "onderhandelingen",
    "minister",
    "premier",
    "parlement",
    "storm",
    "overstroming",
    "beurs",
    "rente",
    "inflatie",
    "energie",
    "gasprijs",
    "klimaat",
    "stikstof",
    "asiel",
    "grens",
    "leger",
    "drone",
    "raket",
    "ziekenhuis",
    "school",
    "universiteit",
    "voetbal",
    "wielrennen",
    "schaatsen",
    "kampioen",
    "record",
    "Oekraïne",
    "Rusland",
    "Europa",
    "Amerika",
    "China",
    "Israël",
    "Frankrijk",
    "Duitsland",
    "Brazilië",
    "protest",
    "demonstratie",
    "onderzoek",
    "rapport",
    "aanslag",
    "sancties",
    "olie",
    "tarieven",
]
TICKER_LEN = 10
WINDOW = 40  # shared stories visible at once
BATCH = 50  # pages per transaction, as importer.import_paths does
# CPU seconds (every thread of the process) of the last import_pages, of the last import
# into a fresh archive, and of the last baseline_sqlite "batch" run: on a machine loaded by
# other work, wall-clock ratios swing widely; CPU time shows what the two sides themselves
# cost (compression on its own thread counts in full).
LAST_CPU: dict[str, float] = {}


def _text(rng: random.Random, n: int) -> str:
    opening = rng.choice(OPENINGS) if rng.random() < 0.4 else "Volgens ingewijden is"
    body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(18, 30)))
    return f"{opening} {body} (bericht {n})."


def _age(fetched_at: datetime, published: datetime) -> tuple[str, datetime, datetime]:
    minutes = max(0, int((fetched_at - published).total_seconds() // 60))
    if minutes < 60:
        return (
            f"{minutes} minuten geleden",
            fetched_at - timedelta(minutes=minutes + 1),
            fetched_at - timedelta(minutes=minutes),
        )
    hours = minutes // 60
    return (
        f"{hours} uur geleden",
        fetched_at - timedelta(hours=hours + 1),
        fetched_at - timedelta(hours=hours),
    )


def _shared(j: int) -> tuple[str, tuple[str, ...], str, datetime]:
    rng = random.Random(j * 7919)
    return (rng.choice(PLACES), rng.choice(AGENCIES), _text(rng, j), T0 + timedelta(minutes=2 * j))


def _chrome(rng: random.Random) -> str:
    """Site furniture around an article (menus, related links, inline script and styles),
    about 150 KiB as on the real sites; mostly the same from page to page, as there."""
    menu = "".join(
        f'<li class="menu__item"><a href="/rubriek/{w}">{w.capitalize()}</a></li>' for w in WORDS
    )
    style = "".join(
        f".blok-{i}{{margin:{i % 7}px {i % 5}px;color:#{i * 2731 % 0xFFFFFF:06x}}}"
        for i in range(2400)
    )
    related = "".join(
        f'<li><a href="/nieuws/{rng.randint(1, 10**6)}">'
        f"{' '.join(rng.choice(WORDS) for _ in range(7))}</a></li>"
        for _ in range(60)
    )
    script = "".join(f'window.__cfg_{i}="{i * 7919 % 104729:x}";' for i in range(1500))
    return (
        f"<style>{style}</style><nav><ul>{menu * 8}</ul></nav>"
        f"<script>{script}</script><section class=\"gerelateerd\"><ul>{related}</ul></section>"
    )


def render_html(page: Page, rng: random.Random) -> bytes:
    """The page as a site would serve it: real-size HTML (about 150-200 KiB)."""
    assert page.lead is not None and page.lead.dateline is not None
    lead = page.lead
    paragraphs = "".join(f"<p>{text}</p>" for text in lead.paragraphs)
    items = "".join(
        f'<li><a href="{t.url}">{t.dateline.place if t.dateline else ""} '
        f'({"/".join(t.dateline.agencies) if t.dateline else "ANP"}) - {t.text}</a>'
        f"<span>{t.age}</span></li>"
        for t in page.ticker
    )
    dateline = f"{lead.dateline.place} ({'/'.join(lead.dateline.agencies)}) - "
    html = (
        f'<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>{lead.title}</title>'
        f'<link rel="canonical" href="{page.url}"></head><body>{_chrome(rng)}'
        f"<article><h1>{lead.title}</h1><p>{dateline}</p>{paragraphs}</article>"
        f"<aside><h2>Meer uit {page.section}</h2><ul>{items}</ul></aside></body></html>"
    )
    return html.encode("utf-8")


def pages(
    n: int, *, fresh_ticker: bool = False, seed: int = 1, start: int = 0
) -> Iterator[tuple[Capture, Page]]:
    """Pages ``start``..``n`` - 1 as (capture, page) pairs; ``fresh_ticker`` makes every
    ticker item a new story."""
    for p in range(start, n):
        rng = random.Random(seed * 1_000_003 + p)
        fetched_at = T0 + timedelta(minutes=2 * (p // 3) + 5, seconds=p % 3)
        section = rng.choice(SECTIONS)
        place = rng.choice(PLACES)
        title = " ".join(rng.choice(WORDS) for _ in range(6)).capitalize()
        lead = Lead(
            title,
            Dateline(place, rng.choice(AGENCIES)),
            (_text(rng, -p - 1), _text(rng, p), _text(rng, p + 1)),
            fetched_at - timedelta(minutes=rng.randint(1, 90)),
        )
        ticker: list[TickerItem] = []
        for k in range(TICKER_LEN):
            if fresh_ticker:
                j = 10_000_000 + p * TICKER_LEN + k
                t_place, agencies, text, _ = _shared(j)
                published = fetched_at - timedelta(minutes=rng.randint(0, 600))
            else:
                j = max(0, p // 3 - rng.randint(0, WINDOW))
                t_place, agencies, text, published = _shared(j)
            age, earliest, latest = _age(fetched_at, min(published, fetched_at))
            ticker.append(
                TickerItem(
                    None,
                    Dateline(t_place, agencies),
                    text,
                    age,
                    earliest,
                    latest,
                    f"https://bench.example/nieuws/{j}",
                )
            )
        page = Page(f"https://bench.example/nieuws/p{p}", fetched_at, section, lead, tuple(ticker))
        yield Capture(page.url, fetched_at, 200, render_html(page, rng)), page


def import_pages(archive: Archive, n: int, **kw: Any) -> tuple[float, int, int, int]:
    """(seconds, pages stored, new stories, new sightings), the way ``anp-archive import``
    stores them: pages already stored are skipped unread, the rest go in batches of 50 per
    transaction.

    The clock runs only while the archive works (``is_parsed`` and ``ingest_many``): making
    up the synthetic pages stands in for reading and parsing files, which a re-import
    skips and which is not the store's cost, so it is kept out of both measurements."""
    stories = sightings = done = 0
    elapsed = cpu = 0.0
    generator = pages(n, **kw)
    while True:
        chunk = list(itertools.islice(generator, BATCH))
        if not chunk:
            break
        start, cpu_start = time.perf_counter(), time.process_time()
        batch = [
            (capture, page)
            for capture, page in chunk
            if not archive.is_parsed(capture.sha256, PARSER_VERSION)
        ]
        if batch:
            for result in archive.ingest_many(batch, parser_version=PARSER_VERSION):
                stories += result.new_stories
                sightings += result.new_sightings
                done += 1
        elapsed += time.perf_counter() - start
        cpu += time.process_time() - cpu_start
    LAST_CPU["import"] = cpu
    return elapsed, done, stories, sightings


def baseline_sqlite(
    path: Path, n_pages: int, n_stories: int, n_sightings: int
) -> dict[str, float]:
    """Plain sqlite3 ``executemany`` of the same number of story and sighting rows.

    Three transaction sizes, seconds each: ``one`` (everything in one transaction),
    ``batch`` (a commit per BATCH pages: the import's own transaction size, so the
    like-for-like baseline) and ``page`` (a commit per page). The rows are built before the
    clock starts; only the inserts are timed."""
    results: dict[str, float] = {}
    for mode, pages_per_tx in (("one", n_pages), ("batch", BATCH), ("page", 1)):
        target = path.with_suffix(f".{mode}.sqlite")
        conn = sqlite3.connect(target, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute(
            "CREATE TABLE stories (id INTEGER PRIMARY KEY, place TEXT, agencies TEXT, "
            "title TEXT, lede TEXT, body TEXT, fingerprint TEXT)"
        )
        conn.execute("CREATE INDEX ix_fp ON stories (fingerprint)")
        conn.execute(
            "CREATE TABLE sightings (id INTEGER PRIMARY KEY, story_id INTEGER, "
            "capture INTEGER, role TEXT, position INTEGER, age TEXT, seen_at TEXT)"
        )
        conn.execute("CREATE INDEX ix_story ON sightings (story_id)")
        text = "x" * 200
        story_rows = [
            (
                i,
                "KYIV",
                "ANP/AFP",
                "titel",
                text,
                text * 3,
                hashlib.sha256(str(i).encode()).hexdigest()[:40],
            )
            for i in range(n_stories)
        ]
        sighting_rows = [
            (
                i,
                i % max(1, n_stories),
                i // 11,
                "ticker",
                i % 11,
                "1 uur geleden",
                "2026-01-01 12:00:00",
            )
            for i in range(n_sightings)
        ]
        # Rows per page, spread evenly (the last page takes the remainder).
        s_cuts = [n_stories * p // n_pages for p in range(n_pages + 1)]
        g_cuts = [n_sightings * p // n_pages for p in range(n_pages + 1)]
        start, cpu_start = time.perf_counter(), time.process_time()
        for first in range(0, n_pages, pages_per_tx):
            last = min(n_pages, first + pages_per_tx)
            conn.execute("BEGIN")
            for p in range(first, last):
                conn.executemany(
                    "INSERT INTO stories VALUES (?,?,?,?,?,?,?)",
                    story_rows[s_cuts[p] : s_cuts[p + 1]],
                )
                conn.executemany(
                    "INSERT INTO sightings VALUES (?,?,?,?,?,?,?)",
                    sighting_rows[g_cuts[p] : g_cuts[p + 1]],
                )
            conn.execute("COMMIT")
        results[mode] = time.perf_counter() - start
        if mode == "batch":
            LAST_CPU["baseline"] = time.process_time() - cpu_start
        conn.close()
    return results


# The tables an import writes.
_STORED_TABLES = ("captures", "stories", "story_revisions", "story_keys", "sightings")


def same_rows_sqlite(archive_file: Path, path: Path, n_pages: int) -> float:
    """Seconds of plain sqlite3 ``executemany`` of every row the import stored.

    A floor for any store that keeps what the issue asks for (the page's capture, the
    stories with their first revision and identity keys, the sightings, the full-text
    index): the rows are copied out of the archive the import built, into a fresh archive
    with the same schema (indexes, triggers), a commit per BATCH pages, each table's rows
    spread evenly over the pages, and the full-text rows added per batch as the import
    does. No matching, no reading, no updates: only the inserts, built before the clock
    starts.
    """
    with Archive.open(f"sqlite:///{path}"):
        pass  # the schema, by the migrations
    source = sqlite3.connect(archive_file)
    rows = {t: source.execute(f"SELECT * FROM {t} ORDER BY id").fetchall()
            for t in _STORED_TABLES}
    source.close()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    # Off: evenly spread rows can name a story a later batch inserts. The archive checks
    # them, so this only makes the floor lower.
    conn.execute("PRAGMA foreign_keys=OFF")
    sql = {t: f"INSERT INTO {t} VALUES ({','.join('?' * len(rows[t][0]))})"
           for t in _STORED_TABLES if rows[t]}
    cuts = {t: [len(rows[t]) * p // n_pages for p in range(n_pages + 1)] for t in sql}
    start = time.perf_counter()
    for first in range(0, n_pages, BATCH):
        last = min(n_pages, first + BATCH)
        conn.execute("BEGIN")
        for table in sql:
            chunk = rows[table][cuts[table][first] : cuts[table][last]]
            conn.executemany(sql[table], chunk)
            if table == "stories" and chunk:
                conn.execute(
                    "INSERT INTO stories_fts (rowid, title, place, lede, body) SELECT id, "
                    "title, place, lede, body FROM stories WHERE id BETWEEN ? AND ?",
                    (chunk[0][0], chunk[-1][0]),
                )
        conn.execute("COMMIT")
    elapsed = time.perf_counter() - start
    conn.close()
    return elapsed


def _peak_rss_kib() -> int:
    """This process's peak RSS in KiB.

    ``VmHWM`` where Linux has it: ``ru_maxrss`` keeps the high-water mark from before
    ``exec``, i.e. the forking parent's size, so in a child it can show the parent's peak.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def child_memory(n: int) -> None:
    """Subprocess entry: import 3 x N pages into one fresh SQLite archive, N at a time, and
    print the peak traced memory (tracemalloc, KiB) of each N, then the peak RSS."""
    tracemalloc.start()
    with tempfile.TemporaryDirectory() as tmp, Archive.open(f"sqlite:///{tmp}/mem.sqlite") as a:
        peaks = []
        for k in range(3):
            tracemalloc.reset_peak()
            import_pages(a, (k + 1) * n, start=k * n)
            peaks.append(tracemalloc.get_traced_memory()[1] // 1024)
        print(*peaks, _peak_rss_kib())


def _memory_of(n: int) -> list[int]:
    out = subprocess.run(
        [sys.executable, __file__, "--child-memory", str(n)],
        check=True,
        capture_output=True,
        text=True,
    )
    return [int(v) for v in out.stdout.strip().splitlines()[-1].split()]


def bench_import(label: str, url: str, n: int) -> tuple[float, int, int]:
    with Archive.open(url) as archive:
        secs, done, stories, sightings = import_pages(archive, n)
        LAST_CPU["fresh"] = LAST_CPU["import"]  # before the re-import below
        print(
            f"[{label}] import: {done} pages in {secs:.1f} s = {done / secs:,.0f} pages/s "
            f"({stories} stories, {sightings} sightings)"
        )
        again, redone, s2, g2 = import_pages(archive, n)
        print(
            f"[{label}] re-import: {again:.2f} s = {n / again:,.0f} pages/s, "
            f"{secs / again:.1f}x faster, {redone} pages stored again, {s2 + g2} new rows"
        )
    return secs, stories, sightings


def bench_search(tmp: Path, total: int) -> None:
    url = f"sqlite:///{tmp / 'search.sqlite'}"
    n_pages = total // (TICKER_LEN + 1) + 1
    with Archive.open(url) as archive:
        start = time.perf_counter()
        import_pages(archive, n_pages, fresh_ticker=True)
        stories = archive.stats().stories
        print(f"[search] built {stories:,} stories in {time.perf_counter() - start:.0f} s")
        rng = random.Random(5)
        queries = []
        for i in range(200):
            kind = i % 4
            if kind == 0:
                queries.append(SearchQuery(text=rng.choice(WORDS), limit=20))
            elif kind == 1:
                two = f"{rng.choice(WORDS)} {rng.choice(WORDS)}"
                queries.append(SearchQuery(text=two, limit=20))
            elif kind == 2:
                queries.append(
                    SearchQuery(text=rng.choice(WORDS), place=rng.choice(PLACES), limit=20)
                )
            else:
                queries.append(SearchQuery(agency="RTR", section=rng.choice(SECTIONS), limit=20))
        archive.search(queries[0])
        timings = []
        for q in queries:
            t = time.perf_counter()
            archive.search(q)
            timings.append((time.perf_counter() - t) * 1000)
        print(
            f"[search] median {statistics.median(timings):.1f} ms, p95 "
            f"{sorted(timings)[int(len(timings) * 0.95)]:.1f} ms over {len(queries)} queries "
            f"on {stories:,} stories (target < 50 ms)"
        )


def bench_postgres(pg_url: str, n: int) -> None:
    try:
        import psycopg
    except ImportError:
        print("[postgresql] skipped: psycopg not installed")
        return
    admin = pg_url.replace("postgresql+psycopg://", "postgresql://")
    name = f"anp_bench_{uuid.uuid4().hex[:8]}"
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as exc:
        print(f"[postgresql] skipped: {type(exc).__name__}: {str(exc).splitlines()[0]}")
        return
    base = admin.rsplit("/", 1)[0]
    try:
        bench_import("postgresql", f"{base}/{name}", n)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2_000)
    parser.add_argument("--search-stories", type=int, default=100_000)
    parser.add_argument(
        "--pg-url",
        default=os.environ.get(
            "ANP_ARCHIVE_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test"
        ),
    )
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--skip-search", action="store_true")
    parser.add_argument("--skip-memory", action="store_true")
    parser.add_argument("--memory-pages", type=int, default=1_000)
    parser.add_argument("--child-memory", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_memory:
        child_memory(args.child_memory)
        return
    n = args.pages
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        # The import and its baseline alternate, round after round in one run, so a
        # machine that slows down or speeds up weighs on both sides alike.
        ratios: list[float] = []
        cpu_ratios: list[float] = []
        for r in range(args.rounds):
            target = tmp / f"bench-{r}.sqlite"
            secs, stories, sightings = bench_import("sqlite", f"sqlite:///{target}", n)
            import_cpu = LAST_CPU["fresh"]
            base = baseline_sqlite(tmp / f"baseline-{r}", n, stories, sightings)
            ratios.append(secs / base["batch"])
            cpu_ratios.append(import_cpu / LAST_CPU["baseline"])
            print(f"[round {r + 1}] import {secs:.2f} s, baseline {base['batch']:.2f} s, "
                  f"ratio {ratios[-1]:.1f}; CPU {import_cpu:.2f} s / "
                  f"{LAST_CPU['baseline']:.2f} s = {cpu_ratios[-1]:.1f}")
            if r < args.rounds - 1:
                target.unlink()
        print(
            f"[sqlite] import / baseline (commit per {BATCH} pages), {args.rounds} alternating "
            f"rounds: median {statistics.median(ratios):.1f}, range "
            f"{min(ratios):.1f}-{max(ratios):.1f} (target <= 8)"
        )
        print(
            f"[sqlite] the same in CPU time: median {statistics.median(cpu_ratios):.1f}, "
            f"range {min(cpu_ratios):.1f}-{max(cpu_ratios):.1f}"
        )
        (tmp / f"bench-{args.rounds - 1}.sqlite").rename(tmp / "bench.sqlite")
        print(
            f"[sqlite] baseline, plain sqlite3 executemany of the same {stories} story + "
            f"{sightings} sighting rows (same run), and import time / baseline time:"
        )
        print(
            f"[sqlite]   commit per {BATCH} pages (the import's own transactions; "
            f"like for like): {base['batch']:.2f} s, ratio {secs / base['batch']:.1f} "
            "(last round only; the median above is the figure)"
        )
        print(
            f"[sqlite]   commit per page: {base['page']:.2f} s, "
            f"ratio {secs / base['page']:.1f}"
        )
        print(
            f"[sqlite]   one transaction: {base['one']:.2f} s, ratio {secs / base['one']:.1f}"
        )
        floor = same_rows_sqlite(tmp / "bench.sqlite", tmp / "same-rows.sqlite", n)
        print(
            f"[sqlite] floor, plain sqlite3 executemany of every row the import stored "
            f"(captures, stories, revisions, keys, sightings, full text; commit per {BATCH} "
            f"pages): {floor:.2f} s = {floor / base['batch']:.1f}x the baseline above; "
            f"import / floor {secs / floor:.1f}"
        )
        if not args.skip_memory:
            m = args.memory_pages
            first, second, third, rss = _memory_of(m)
            print(
                f"[memory] peak traced memory (tracemalloc) importing {m:,} pages into one "
                f"archive holding 0 / {m:,} / {2 * m:,} pages: {first / 1024:.1f} / "
                f"{second / 1024:.1f} / {third / 1024:.1f} MiB, last / first "
                f"{third / first:.2f} (flat: about 1); peak RSS of the process "
                f"{rss / 1024:.1f} MiB"
            )
        if not args.skip_search:
            bench_search(tmp, args.search_stories)
    bench_postgres(args.pg_url, n)


if __name__ == "__main__":
    main()
