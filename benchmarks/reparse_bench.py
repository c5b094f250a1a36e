"""Reparse benchmark: ``reparse --all`` of an archive vs importing the same captures fresh.

Both sides do the same work on the same captures: read each page, parse it with the real
parser, and store its stories and sightings. ``reparse --all`` reads the captures back
from the archive (decompressing them) and replaces each capture's earlier reading;
``import`` reads them from a WARC file into an empty archive. The goal (issue 11) is
reparse <= 1.2x import.

The captures are ingest_bench's real-size HTML pages (about 150-200 KiB each, a lead and a
ticker of shared stories, as on the real sites). They are written to a WARC file once and
imported once to make the archive that is reparsed. Then, for ``--rounds`` rounds
(default 5), the two sides alternate (the order swaps every round, so neither always
runs on a warmer machine); each import goes into a new, empty archive. Prints each round's
seconds, and the median and range of the reparse/import ratio.

Usage: python benchmarks/reparse_bench.py [--pages 1000] [--rounds 5] [--pg-url URL]
       [--profile]  (cProfile of one reparse --all: the 25 most expensive functions)
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

# The captures come from ingest_bench's page builder, next to this file.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from ingest_bench import pages

from anp_archive.importer import import_paths
from anp_archive.pipeline import reparse
from anp_archive.store import Archive
from anp_archive.warc import write_warc


def _write_captures(folder: Path, n: int) -> Path:
    """A WARC file of ``n`` real-size captures (stored unparsed in a scratch archive)."""
    scratch = f"sqlite:///{folder / 'scratch.sqlite'}"
    with Archive.open(scratch) as archive:
        for capture, _ in pages(n):
            archive.add_capture(capture)
        target = folder / "captures.warc.gz"
        write_warc(archive, target)
    return target


@contextmanager
def _fresh_url(folder: Path, pg_url: str | None) -> Iterator[str]:
    """A new, empty archive: a SQLite file in ``folder``, or a PostgreSQL database."""
    if pg_url is None:
        path = folder / f"fresh-{uuid.uuid4().hex[:8]}.sqlite"
        try:
            yield f"sqlite:///{path}"
        finally:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    admin = pg_url.replace("postgresql+psycopg://", "postgresql://")
    name = f"anp_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = admin.rsplit("/", 1)[0].split("://", 1)[1]
    try:
        yield f"postgresql+psycopg://{base}/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--pg-url", help="a PostgreSQL server's admin URL (default: SQLite)")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="anp-reparse-bench-") as tmp:
        folder = Path(tmp)
        warc = _write_captures(folder, args.pages)
        print(f"{args.pages} captures, WARC {warc.stat().st_size / 2**20:.1f} MiB, "
              f"{'PostgreSQL' if args.pg_url else 'SQLite'}")
        with _fresh_url(folder, args.pg_url) as url, Archive.open(url) as archive:
            first = import_paths(archive, [warc])
            print(f"archive: {first.line()}")
            if args.profile:
                profiler = cProfile.Profile()
                profiler.runcall(reparse, archive, all_captures=True)
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
                return

            def reparse_all() -> None:
                summary = reparse(archive, all_captures=True)
                assert summary.new_stories == 0 and summary.failed == 0, summary.line()

            def import_fresh() -> None:
                with _fresh_url(folder, args.pg_url) as fresh, Archive.open(fresh) as target:
                    summary = import_paths(target, [warc])
                    assert summary.new_stories == first.new_stories, summary.line()

            ratios: list[float] = []
            for round_ in range(args.rounds):
                if round_ % 2 == 0:
                    r = _timed(reparse_all)
                    i = _timed(import_fresh)
                else:
                    i = _timed(import_fresh)
                    r = _timed(reparse_all)
                ratios.append(r / i)
                print(f"round {round_ + 1}: reparse --all {r:.2f} s, import {i:.2f} s, "
                      f"ratio {r / i:.2f}")
            print(f"reparse/import: median {statistics.median(ratios):.2f}x, range "
                  f"{min(ratios):.2f}-{max(ratios):.2f}x over {args.rounds} rounds "
                  "(goal <= 1.2x)")


if __name__ == "__main__":
    main()
