"""How much parse_page costs on top of lexbor's own HTML parse (run by hand).

    .venv/bin/python benchmarks/parse_bench.py [--rounds N]

Parses every HTML fixture (fixtures/pages/**/*.html) many times, interleaving the two
measurements round by round so CPU frequency changes hit both alike, and prints pages/s
for both and the ratio parse_page / bare ``LexborHTMLParser(html)``. Both get the same
bytes. The issue's target is a ratio <= 1.5. Without fixtures it generates some pages.

``--pad-kib N`` adds N KiB of inline script and style to each page's <head>, the weight
real news pages carry (framework bundles, JSON state, CSS): lexbor has to tokenise it, the
parser's walk sees one text node. It shows the ratio at realistic page sizes.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from anp_archive.parse import parse_page

REPO = Path(__file__).resolve().parents[1]
FETCHED_AT = datetime.fromisoformat("2026-01-01T12:00:00+01:00")


def _generated_pages() -> list[bytes]:
    items = "".join(
        f'<li><a href="/nieuws/{i}">PLAATS{i} (ANP/AFP) - Bericht nummer {i} over iets.</a>'
        f"<span>{i + 1} uur geleden</span></li>"
        for i in range(8)
    )
    page = (
        "<!doctype html><html><head><meta charset=utf-8><title>Kop</title></head><body>"
        "<nav><a href=/>Home</a></nav><article><h1>Kop van het verhaal</h1>"
        "<p><b>MOSKOU</b> (ANP/RTR) - Eerste alinea van het verhaal.</p>"
        "<p>Tweede alinea.</p></article><aside><h2>Meer uit Buitenland</h2>"
        f"<ul>{items}</ul></aside><footer>(c) 2026</footer></body></html>"
    )
    return [page.encode()]


def _pages() -> list[bytes]:
    files = sorted((REPO / "fixtures" / "pages").glob("**/*.html"))
    return [f.read_bytes() for f in files] or _generated_pages()


def _pad(page: bytes, kib: int) -> bytes:
    state = b'{"id":12345,"title":"Kop","tags":["a","b"],"html":"<div class=x></div>"},'
    script = b"<script>window.__STATE__=["
    script += state * (kib * 1024 // 2 // len(state)) + b"];</script>"
    style = b"<style>" + b".c-teaser__p{margin:0 0 4px;color:#333}" * (kib * 1024 // 2 // 40)
    style += b"</style>"
    marker = page.lower().find(b"</head>")
    if marker < 0:
        return script + style + page
    return page[:marker] + script + style + page[marker:]


def _time(func: object, pages: list[bytes], repeat: int) -> float:
    call = func  # local for speed
    start = time.perf_counter()
    for _ in range(repeat):
        for page in pages:
            call(page)  # type: ignore[operator]
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--rounds", type=int, default=15)
    ap.add_argument("--repeat", type=int, default=40, help="passes over all pages per round")
    ap.add_argument("--pad-kib", type=int, default=0,
                    help="add this much inline script/style to each page (realistic weight)")
    args = ap.parse_args(argv)
    pages = _pages()
    if args.pad_kib:
        pages = [_pad(page, args.pad_kib) for page in pages]

    def bare(page: bytes) -> object:
        return LexborHTMLParser(page)

    def full(page: bytes) -> object:
        return parse_page(page, fetched_at=FETCHED_AT, format="html")

    for page in pages:  # warm-up; also proves every page parses
        full(page)
    gc.collect()
    gc.disable()
    bare_t: list[float] = []
    full_t: list[float] = []
    try:
        for _ in range(args.rounds):
            bare_t.append(_time(bare, pages, args.repeat))
            full_t.append(_time(full, pages, args.repeat))
    finally:
        gc.enable()
    n = len(pages) * args.repeat
    b, f = statistics.median(bare_t), statistics.median(full_t)
    size = sum(len(p) for p in pages) / len(pages)
    print(f"pages: {len(pages)} HTML pages, mean {size / 1024:.1f} KiB, "
          f"{args.rounds} rounds x {n} parses")
    print(f"bare LexborHTMLParser: {n / b:9.0f} pages/s  ({b / n * 1e6:7.1f} us/page)")
    print(f"parse_page:            {n / f:9.0f} pages/s  ({f / n * 1e6:7.1f} us/page)")
    print(f"ratio parse_page / bare lexbor: {f / b:.2f}  (target <= 1.5)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
