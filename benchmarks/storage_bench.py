"""How much an index page costs the archive on every cron run (run by hand).

    .venv/bin/python benchmarks/storage_bench.py [--pad-kib 150] [--every-min 5]

An index page changes on every fetch: each age label moves on and now and then a new item
comes in at the top. So each run stores it again. For every index and regional page in
``fixtures/pages`` (HTML variants), as they are and padded to a real page's size with the
navigation, footer and scripts of ``parse_bench.py``, this prints the bytes one more
capture of it takes:

* ``raw``: the page itself;
* ``zlib``: the whole page at zlib level 6 (how captures were stored before);
* ``zstd``: the whole page with zstd (a keyframe);
* ``delta``: the page five minutes later (every age label ``N minuten``/``N uur`` moved on,
  one new item at the top) as a zstd delta against the keyframe, as the archive stores it.

and what that comes to per year for one index page fetched every ``--every-min`` minutes.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from parse_bench import padded

from anp_archive.store.bodies import DELTA, compress_body

REPO = Path(__file__).resolve().parents[1]
_MINUTES = re.compile(rb"(\d+) minuten geleden")
_HOURS = re.compile(rb"(\d+) uur geleden")
_DATELINE = re.compile(rb"[A-Z][A-Z' -]{2,30} \(ANP[^)]*\) - ")


def _later(page: bytes, minutes: int) -> bytes:
    """The page ``minutes`` later: ages moved on, a new item before the first one."""
    moved = _MINUTES.sub(lambda m: b"%d minuten geleden" % (int(m.group(1)) + minutes), page)
    moved = _HOURS.sub(lambda m: b"%d uur geleden" % (int(m.group(1)) + 1), moved)
    first = _DATELINE.search(moved)
    if first is None:
        return moved
    new = b"ROTTERDAM (ANP) - Een nieuw bericht over de haven, zojuist binnengekomen. "
    return moved[: first.start()] + new + moved[first.start():]


def _pages() -> list[Path]:
    folders = [p for p in (REPO / "fixtures" / "pages").iterdir()
               if p.is_dir() and ("index" in p.name or "regio" in p.name)]
    return sorted(f for folder in folders for f in folder.glob("*.html"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--pad-kib", type=int, default=150)
    ap.add_argument("--every-min", type=int, default=5)
    args = ap.parse_args(argv)
    files = _pages()
    runs_per_year = 365 * 24 * 60 // args.every_min
    for label, pad in (("fixture index pages as they are", 0),
                       (f"padded with {args.pad_kib} KiB of site chrome", args.pad_kib)):
        raw, zl, full, delta, kept = [], [], [], [], 0
        for path in files:
            page = path.read_bytes()
            if pad:
                page = padded(page, pad)
            later = _later(page, args.every_min)
            raw.append(len(later))
            zl.append(len(zlib.compress(later, 6)))
            full.append(len(compress_body(later)[0]))
            stored, method = compress_body(later, page)
            delta.append(len(stored))
            kept += method == DELTA
        med = statistics.median
        print(f"== {label}: {len(files)} HTML pages")
        print(f"   bytes per capture (median): raw {med(raw):,.0f}, zlib-6 {med(zl):,.0f}, "
              f"zstd {med(full):,.0f}, delta {med(delta):,.0f} "
              f"({kept}/{len(files)} stored as deltas)")
        per_year_zlib = med(zl) * runs_per_year / 2**20
        per_year_delta = med(delta) * runs_per_year / 2**20
        print(f"   one index page every {args.every_min} min for a year ({runs_per_year:,} "
              f"captures): zlib-6 {per_year_zlib:,.0f} MiB, deltas {per_year_delta:,.1f} MiB "
              f"({per_year_zlib / per_year_delta:,.0f}x less)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
