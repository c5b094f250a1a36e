"""How much parse_page costs on top of lexbor's own HTML parse (run by hand).

    .venv/bin/python benchmarks/parse_bench.py [--rounds N] [--pad-kib N] [--case CASE]

Parses every HTML fixture (fixtures/pages/**/*.html) many times, interleaving the two
measurements round by round so CPU frequency changes hit both alike, and prints pages/s
for both and the ratio parse_page / bare ``LexborHTMLParser(html)``. Both get the same
bytes. The issue's target is a ratio <= 1.5. Without fixtures it generates some pages.

Three cases, each with its own ratio (``--case`` picks one):

* the fixture pages as they are (about 3 KiB: fixed costs dominate);
* ``+N KiB inline script/style`` (``--pad-kib``, default 150) in each page's <head>: framework
  bundles, JSON state, CSS. lexbor has to tokenise it, the parser's walk sees one text node;
* ``+N KiB realistic``: about 40% navigation (mega menu, many small elements, svg icons) at
  the top of the body, 20% footer link lists, 40% script/style. This is what real news
  pages of 50-300 KiB look like, and the case that matters most: every element costs
  lexbor and the parser's walk alike.

Padded pages must parse to the same result as the originals; a warning says when not.

Each case also prints a *floor*: lexbor's parse, plus lexbor reading out every text node
of the body in C (``body.text(separator="\n")``), plus building the very result objects
parse_page returns (Page, Lead, TickerItem, Dateline) from values computed beforehand.
Any parser that reads the text and returns the contract's objects pays at least that, so
a floor ratio above 1.5 shows the target cannot be reached on those pages by any Python
code on top of lexbor, however it finds the structure.
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

from anp_archive.models import Dateline, LatestItem, Lead, Page, TickerItem
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
    """``kib`` KiB of inline script and style in the <head>: one text node each for lexbor."""
    state = b'{"id":12345,"title":"Kop","tags":["a","b"],"html":"<div class=x></div>"},'
    script = b"<script>window.__STATE__=["
    script += state * (kib * 1024 // 2 // len(state)) + b"];</script>"
    style = b"<style>" + b".c-teaser__p{margin:0 0 4px;color:#333}" * (kib * 1024 // 2 // 40)
    style += b"</style>"
    marker = page.lower().find(b"</head>")
    if marker < 0:
        return script + style + page
    return page[:marker] + script + style + page[marker:]


_SECTIONS = ("Binnenland", "Buitenland", "Economie", "Sport", "Cultuur", "Politiek", "Regio",
             "Tech", "Wetenschap", "Opmerkelijk")


def _menu(n: int, prefix: str) -> str:
    items = "".join(
        f'<li class="menu-item menu-item-type-taxonomy menu-item-{n}{j}">'
        f'<a class="menu-link" href="/{prefix}/{_SECTIONS[j].lower()}/{n}{j}">'
        f'<span class="menu-text">{_SECTIONS[j]} {n}</span></a></li>\n'
        for j in range(len(_SECTIONS))
    )
    return f'<div class="c-menu c-menu--{n}"><ul class="c-menu__list">{items}</ul></div>\n'


def _pad_realistic(page: bytes, kib: int) -> bytes:
    """``kib`` KiB the way real news pages carry it: about 40% navigation (mega menu with
    many small elements, svg icons), 20% footer link lists and 40% script, JSON state and
    CSS. Node-heavy markup costs lexbor and the parser's walk far more per byte than one
    big script does."""
    icon = ('<svg class="icon" viewBox="0 0 24 24" aria-hidden="true"><path d="M12 2L2 7l10 5'
            ' 10-5-10-5z"/><path d="M2 17l10 5 10-5"/></svg>')
    nav_parts: list[str] = ['<header class="site-header"><div class="c-top">',
                            '<a href="/" class="logo">', icon, "Nieuwsbode</a>",
                            '<button class="c-burger" aria-label="Menu">', icon, "</button>",
                            '<nav class="c-nav" aria-label="Hoofdmenu">']
    size, n = 0, 0
    while size < kib * 1024 * 4 // 10:
        block = _menu(n, "nieuws") + icon
        nav_parts.append(block)
        size += len(block)
        n += 1
    nav_parts.append("</nav></div></header>")
    foot_parts: list[str] = ['<footer class="site-footer">']
    size = 0
    while size < kib * 1024 * 2 // 10:
        block = (f'<div class="c-footer__col"><h4 class="c-footer__title">Rubriek {n}</h4>'
                 f"{_menu(n, 'rubriek')}<p class=\"small\">Over ons &middot; Contact"
                 f" &middot; Privacy</p></div>\n")
        foot_parts.append(block)
        size += len(block)
        n += 1
    foot_parts.append("</footer>")
    head_pad = _pad(b"</head>", kib * 4 // 10)[: -len(b"</head>")]
    nav = "".join(nav_parts).encode()
    foot = "".join(foot_parts).encode()
    lower = page.lower()
    h = lower.find(b"</head>")
    if h >= 0:
        page = page[:h] + head_pad + page[h:]
        lower = page.lower()
    b = lower.find(b"<body")
    b = lower.find(b">", b) + 1 if b >= 0 else 0
    page = page[:b] + nav + page[b:]
    e = page.lower().rfind(b"</body>")
    e = e if e >= 0 else len(page)
    return page[:e] + foot + page[e:]


def _time(func: object, pages: list[bytes], repeat: int) -> float:
    call = func  # local for speed
    start = time.perf_counter()
    for _ in range(repeat):
        for page in pages:
            call(page)  # type: ignore[operator]
    return time.perf_counter() - start


def _rebuild(page: Page) -> Page:
    """New result objects with ``page``'s values: what returning the result costs."""

    def dl(d: Dateline | None) -> Dateline | None:
        return Dateline(d.place, d.agencies) if d is not None else None

    lead = page.lead
    return Page(
        page.url, page.fetched_at, page.section,
        Lead(lead.title, dl(lead.dateline), lead.paragraphs, lead.published_at)
        if lead is not None else None,
        tuple(TickerItem(t.title, dl(t.dateline), t.text, t.age, t.published_earliest,
                         t.published_latest, t.url) for t in page.ticker),
        tuple(LatestItem(x.section, x.time, x.title, x.published_at) for x in page.latest),
    )


def _measure(pages: list[bytes], rounds: int, repeat: int) -> tuple[float, float, float]:
    """Median seconds per page for (bare lexbor, parse_page, floor), interleaved round by
    round."""

    def bare(page: bytes) -> object:
        return LexborHTMLParser(page)

    def full(page: bytes) -> object:
        return parse_page(page, fetched_at=FETCHED_AT, format="html")

    results = {page: full(page) for page in pages}  # warm-up; proves every page parses

    def floor(page: bytes) -> object:
        body = LexborHTMLParser(page).body
        text = body.text(separator="\n") if body is not None else ""
        return text, _rebuild(results[page])  # type: ignore[arg-type]

    gc.collect()
    gc.disable()
    bare_t: list[float] = []
    full_t: list[float] = []
    floor_t: list[float] = []
    try:
        for _ in range(rounds):
            bare_t.append(_time(bare, pages, repeat))
            full_t.append(_time(full, pages, repeat))
            floor_t.append(_time(floor, pages, repeat))
    finally:
        gc.enable()
    n = len(pages) * repeat
    return (statistics.median(bare_t) / n, statistics.median(full_t) / n,
            statistics.median(floor_t) / n)


def _same_result(plain: list[bytes], padded: list[bytes]) -> int:
    """How many padded pages parse differently from the page without padding."""
    differ = 0
    for a, b in zip(plain, padded, strict=True):
        one = parse_page(a, fetched_at=FETCHED_AT, format="html").to_dict()
        two = parse_page(b, fetched_at=FETCHED_AT, format="html").to_dict()
        differ += one != two
    return differ


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--rounds", type=int, default=9)
    ap.add_argument("--repeat", type=int, default=20,
                    help="passes over all pages per round (fixture pages; padded cases do fewer)")
    ap.add_argument("--pad-kib", type=int, default=150,
                    help="padding per page for the padded cases (default 150 KiB)")
    ap.add_argument("--case", choices=("all", "fixtures", "script", "realistic"), default="all")
    args = ap.parse_args(argv)
    plain = _pages()
    cases: list[tuple[str, list[bytes], int]] = []
    if args.case in ("all", "fixtures"):
        cases.append(("fixture pages as they are", plain, args.repeat))
    small_repeat = max(1, args.repeat // 10)
    if args.case in ("all", "script"):
        cases.append((f"+{args.pad_kib} KiB inline script/style",
                       [_pad(p, args.pad_kib) for p in plain], small_repeat))
    if args.case in ("all", "realistic"):
        cases.append((f"+{args.pad_kib} KiB realistic (nav/menu/footer/svg + script/style)",
                       [_pad_realistic(p, args.pad_kib) for p in plain], small_repeat))
    results: list[tuple[str, float]] = []
    for label, pages, repeat in cases:
        b, f, fl = _measure(pages, args.rounds, repeat)
        size = sum(len(p) for p in pages) / len(pages)
        print(f"== {label}: {len(pages)} HTML pages, mean {size / 1024:.1f} KiB, "
              f"{args.rounds} rounds x {len(pages) * repeat} parses")
        print(f"   bare LexborHTMLParser: {1 / b:9.0f} pages/s  ({b * 1e6:8.1f} us/page)")
        print(f"   parse_page:            {1 / f:9.0f} pages/s  ({f * 1e6:8.1f} us/page)")
        print(f"   ratio parse_page / bare lexbor: {f / b:.2f}  (target <= 1.5)")
        print(f"   floor (lexbor + C text read-out + result objects): {fl * 1e6:.1f} us/page,"
              f" ratio {fl / b:.2f}")
        if pages is not plain:
            differ = _same_result(plain, pages)
            if differ:
                print(f"   WARNING: {differ} padded page(s) parse differently from the original")
        results.append((label, f / b))
    if len(results) > 1:
        print("summary: " + "; ".join(f"{label.split(' (')[0]}: {r:.2f}" for label, r in results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
