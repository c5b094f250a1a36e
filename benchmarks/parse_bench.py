"""How much parse_page costs on top of lexbor's own HTML parse (run by hand).

    .venv/bin/python benchmarks/parse_bench.py [--rounds N] [--set full|small|fixtures|all]

Both sides get the same bytes: ``parse_page(html)`` and a bare
``selectolax.lexbor.LexborHTMLParser(html)``. Every round times both sides over the whole
set, alternating page by page (the order flips every round, so a change in CPU speed or
load hits both alike), and gives one ratio; the script prints per set the median ratio,
its min-max range and the number of rounds. Targets: full-size pages <= 1.6, 8 KiB pages <= 5.

The page sets are built here from the repository's own fixture renderings
(``fixtures/pages/*/*.html``, ``fixtures/single/*/*.html``), wrapped in generated site
chrome made of our own words (no real news text):

* ``full``: every fixture page inside one of four page shells of 100-300 KiB, the way real
  news pages are built: a cookie/consent dialog (purposes, a vendor list with hundreds of
  entries, buttons), a mega-menu with hundreds of links, teaser cards with clock times
  (``10:42``) and video durations (``2:31``), inline SVG icons, a big JSON state blob in a
  ``<script>`` (``__NEXT_DATA__``, ``window.__STATE__``), CSS, and footer link farms. The
  shells differ in markup style: WordPress-like (ul/li, <nav>, <footer>), Next.js-like
  (div soup, no list or nav tags, links wrapping cards), semantic HTML5 (<dialog>,
  <aside>, <section> cards, <dl> footers) and a regional portal (custom elements, tables,
  weather and traffic widgets, a video strip).
* ``small``: every fixture page in a light shell bringing it to about 8 KiB (a cookie bar,
  a short menu, three teaser cards, an icon, a small state script).
* ``fixtures``: the fixture pages as they are (1-15 KiB; fixed costs dominate).

A shell must not change what the page says: every wrapped page is also parsed once and
compared with its bare fixture; the script prints how many differ (and which, with
``--show-diff``).

Each set also prints a *floor*: lexbor's parse, plus lexbor reading out every text node
of the body in C (``body.text(separator="\\n")``), plus building the very result objects
parse_page returns from values computed beforehand. No parser that reads the text and
returns the contract's objects can cost less.
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from anp_archive.errors import ParseError
from anp_archive.models import Dateline, LatestItem, Lead, Page, TickerItem
from anp_archive.parse import parse_page

REPO = Path(__file__).resolve().parents[1]
FETCHED_AT = datetime.fromisoformat("2026-01-01T12:00:00+01:00")


def _fixture_pages() -> list[tuple[str, bytes]]:
    files = sorted((REPO / "fixtures" / "pages").glob("*/*.html"))
    files += sorted((REPO / "fixtures" / "single").glob("*/*.html"))
    out = []
    for f in files:
        data = f.read_bytes()
        try:
            parse_page(data, fetched_at=FETCHED_AT, format="html")
        except ParseError:
            continue  # (a fixture that is meant to be refused)
        out.append((f"{f.parent.name}/{f.name}", data))
    return out


# --- our own words for the chrome --------------------------------------------------------

_WORDS = (
    "gemeente", "fietspad", "zomer", "haven", "brug", "raad", "plan", "school", "kermis",
    "markt", "dijk", "polder", "molen", "vereniging", "bibliotheek", "wijk", "straat", "plein",
    "festival", "concert", "theater", "museum", "strand", "duin", "trein", "bus", "station",
    "parkeren", "water", "tuin", "park", "boom", "bos", "natuur", "weer", "regen", "zon",
    "wind", "storm", "buurt", "bewoners", "ondernemers", "winkels", "horeca", "terras",
    "sport", "club", "wedstrijd", "toernooi", "elftal", "zwembad", "ijsbaan", "kunst",
    "expositie", "kerk", "toren", "gracht", "kade", "sluis", "veerpont", "jeugd", "ouderen",
    "zorg", "huisarts", "ziekenhuis", "woning", "bouw", "project", "subsidie", "begroting",
    "wethouder", "burgemeester",
)
_VERBS = ("krijgt", "opent", "sluit", "zoekt", "vraagt", "wint", "verliest", "viert",
          "bouwt", "start", "stopt", "verhuist", "vernieuwt", "test", "kiest")
_SECTIONS = ("Binnenland", "Buitenland", "Economie", "Sport", "Cultuur", "Politiek", "Regio",
             "Tech", "Wetenschap", "Opmerkelijk", "Media", "Gezondheid", "Wonen", "Auto",
             "Reizen", "Eten", "Podcast", "Video", "Weer", "Verkeer")
_ICONS = (
    '<svg class="icon icon-{n}" viewBox="0 0 24 24" aria-hidden="true" focusable="false">'
    '<path d="M12 2L2 7l10 5 10-5-10-5z"/><path d="M2 17l10 5 10-5"/>'
    '<path d="M2 12l10 5 10-5"/></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20" class="ico-{n}">'
    '<g fill="none" stroke="currentColor" stroke-width="2"><circle cx="10" cy="10" r="7"/>'
    '<line x1="15" y1="15" x2="19" y2="19"/></g><title>Zoeken</title></svg>',
    '<svg viewBox="0 0 32 32" class="play-{n}"><use href="#sprite-play"></use>'
    '<polygon points="12,8 24,16 12,24"/></svg>',
)


class _Gen:
    """Deterministic chrome: the same seed gives the same bytes."""

    def __init__(self, seed: int) -> None:
        self.r = random.Random(seed)
        self.n = 0

    def word(self) -> str:
        return self.r.choice(_WORDS)

    def title(self) -> str:
        w = [self.word() for _ in range(self.r.randint(3, 6))]
        return (f"{w[0].capitalize()} {self.r.choice(_VERBS)} {' '.join(w[1:])}"
                .replace("  ", " "))

    def sentence(self) -> str:
        w = [self.word() for _ in range(self.r.randint(8, 16))]
        return f"{w[0].capitalize()} {' '.join(w[1:])}."

    def icon(self) -> str:
        self.n += 1
        return self.r.choice(_ICONS).format(n=self.n)

    def clock(self) -> str:
        return f"{self.r.randint(6, 23):02d}:{self.r.randint(0, 59):02d}"

    def duration(self) -> str:
        return f"{self.r.randint(0, 12)}:{self.r.randint(0, 59):02d}"

    def slug(self) -> str:
        return "-".join(self.word() for _ in range(self.r.randint(3, 6)))

    # Pieces of a page ------------------------------------------------------------------

    def state_json(self, kib: int, name: str) -> str:
        """A framework's state blob: teasers, menu, config, with HTML in strings."""
        items: list[str] = []
        size = 0
        while size < kib * 1024:
            item = (f'{{"id":{self.r.randint(10**5, 10**6)},"slug":"{self.slug()}",'
                    f'"title":"{self.title()}","intro":"{self.sentence()}",'
                    f'"section":"{self.r.choice(_SECTIONS)}","time":"{self.clock()}",'
                    f'"video":{{"duration":"{self.duration()}","poster":"/img/{self.slug()}.jpg"}},'
                    f'"html":"<p class=\\"intro\\">{self.sentence()}</p>","tags":["{self.word()}",'
                    f'"{self.word()}"],"premium":{str(self.r.random() < 0.2).lower()}}}')
            items.append(item)
            size += len(item) + 1
        body = ",".join(items)
        if name == "next":
            return ('<script id="__NEXT_DATA__" type="application/json">{"props":{"pageProps":'
                    f'{{"teasers":[{body}]}}}},"page":"/[section]/[slug]","buildId":"b{self.n}"}}'
                    "</script>")
        return f"<script>window.__STATE__={{\"teasers\":[{body}],\"ready\":true}};</script>"

    def css(self, kib: int) -> str:
        rules = []
        size = 0
        while size < kib * 1024:
            w = self.word()
            rule = (f".c-{w}__{self.word()}--{self.r.randint(1, 99)}"
                    f"{{margin:0 0 {self.r.randint(0, 24)}px;"
                    f"color:#{self.r.randint(0, 0xFFFFFF):06x};font:{self.r.randint(12, 24)}px/1.4 "
                    "system-ui,sans-serif}")
            rules.append(rule)
            size += len(rule)
        return "<style>" + "".join(rules) + "</style>"

    def consent(self, vendors: int, tag: str) -> str:
        purposes = "".join(
            f'<div class="cmp-purpose"><h4>{self.title()}</h4><p>{self.sentence()} '
            f'{self.sentence()}</p><label class="cmp-switch"><input type="checkbox" '
            f'name="p{i}"><span>Toestaan</span></label></div>'
            for i in range(8)
        )
        vendor_list = "".join(
            f'<li class="cmp-vendor"><label><input type="checkbox" name="v{i}">'
            f'<span class="cmp-vendor__name">{self.word().capitalize()} {self.word()} B.V.</span>'
            f'</label><a href="https://{self.word()}.example/privacy">Privacybeleid</a></li>'
            for i in range(vendors)
        )
        inner = (
            f'<div class="cmp-inner"><h2 id="cmp-title">Wij vragen uw toestemming</h2>'
            f"<p>{self.sentence()} {self.sentence()} {self.sentence()}</p>"
            f'<div class="cmp-purposes">{purposes}</div>'
            f'<h3>Onze {vendors} partners</h3><ul class="cmp-vendors">{vendor_list}</ul>'
            '<div class="cmp-buttons"><button class="cmp-accept">Akkoord</button>'
            '<button class="cmp-reject">Weigeren</button>'
            '<a href="/privacy" class="cmp-more">Instellingen beheren</a></div></div>'
        )
        if tag == "dialog":
            return f'<dialog open class="cmp" aria-labelledby="cmp-title">{inner}</dialog>'
        return f'<div id="cmp-root" class="cmp" role="dialog" aria-modal="true">{inner}</div>'

    def mega_menu_ul(self, columns: int, links: int) -> str:
        cols = []
        for c in range(columns):
            items = "".join(
                f'<li class="menu-item menu-item-type-taxonomy menu-item-{c}{j}">'
                f'<a class="menu-link" href="/{_SECTIONS[c % len(_SECTIONS)].lower()}/'
                f'{self.slug()}"><span class="menu-text">{self.word().capitalize()} '
                f"{self.word()}</span></a></li>"
                for j in range(links)
            )
            cols.append(f'<li class="menu-col"><a href="/{_SECTIONS[c % 20].lower()}">'
                        f"{_SECTIONS[c % 20]}</a>{self.icon()}"
                        f'<ul class="sub-menu">{items}</ul></li>')
        return (f'<nav class="c-nav" aria-label="Hoofdmenu">{self.icon()}'
                f'<ul class="c-nav__list">{"".join(cols)}</ul></nav>')

    def mega_menu_div(self, columns: int, links: int) -> str:
        cols = []
        for c in range(columns):
            items = "".join(
                f'<a class="Menu_link__x{j % 7}" href="/{self.slug()}">'
                f"<span>{self.word().capitalize()}</span></a>"
                for j in range(links)
            )
            cols.append(f'<div class="Menu_col__q"><div class="Menu_head__h">'
                        f"{_SECTIONS[c % 20]}</div>{self.icon()}"
                        f'<div class="Menu_links__l">{items}</div></div>')
        return f'<div class="Menu_root__m" role="navigation">{"".join(cols)}</div>'

    def teaser_li(self) -> str:
        video = self.r.random() < 0.4
        return (
            f'<li class="teaser"><a href="/{self.slug()}" class="teaser__link">'
            f'<figure class="teaser__img"><img src="/img/{self.slug()}.jpg" alt="" loading="lazy">'
            + (f'<span class="teaser__duration">{self.icon()}{self.duration()}</span>' if video
               else "")
            + f'</figure><span class="teaser__label">{self.r.choice(_SECTIONS)}</span>'
            f'<h3 class="teaser__title">{self.title()}</h3>'
            f'<span class="teaser__time">{self.clock()}</span></a></li>'
        )

    def teaser_div(self) -> str:
        video = self.r.random() < 0.4
        return (
            f'<div class="Card_root__c"><a class="Card_link__l" href="/{self.slug()}">'
            f'<div class="Card_media__m"><img src="/img/{self.slug()}.webp" alt="">'
            + (f'<div class="Card_video__v">{self.icon()}<span>{self.duration()}</span></div>'
               if video else "")
            + f'</div><div class="Card_body__b"><div class="Card_kicker__k">'
            f'{self.r.choice(_SECTIONS)}</div><div class="Card_title__t">{self.title()}</div>'
            f'<div class="Card_meta__t"><span>{self.clock()}</span></div></div></a></div>'
        )

    def teaser_section(self) -> str:
        video = self.r.random() < 0.4
        return (
            f'<article class="card"><a href="/{self.slug()}"><picture><source srcset="/i/'
            f'{self.slug()}.avif" type="image/avif"><img src="/i/{self.slug()}.jpg" alt="">'
            f"</picture>"
            + (f'<span class="card__video">Video {self.duration()}</span>' if video else "")
            + f'<h3>{self.title()}</h3></a><p class="card__meta"><time>{self.clock()}</time> '
            f'&middot; {self.r.choice(_SECTIONS)}</p></article>'
        )

    def footer_ul(self, columns: int, links: int) -> str:
        cols = "".join(
            f'<div class="c-footer__col"><h4 class="c-footer__title">{_SECTIONS[c % 20]}</h4>'
            "<ul>"
            + "".join(f"<li><a href=/{self.slug()}>{self.word().capitalize()}</a></li>"
                      for _ in range(links))
            + "</ul></div>"
            for c in range(columns)
        )
        return (f'<footer class="site-footer">{cols}<div class="c-footer__legal">'
                '<a href="/privacy">Privacy</a> &middot; <a href="/cookies">Cookies</a> &middot;'
                ' <a href="/voorwaarden">Voorwaarden</a> &middot; &copy; 2026 Nieuwsbode</div>'
                "</footer>")

    def footer_div(self, columns: int, links: int) -> str:
        cols = "".join(
            f'<div class="Footer_col__c"><div class="Footer_head__h">{_SECTIONS[c % 20]}</div>'
            + "".join(f'<a class="Footer_link__l" href="/{self.slug()}">{self.word().capitalize()}'
                      "</a>" for _ in range(links))
            + "</div>"
            for c in range(columns)
        )
        return f'<div class="Footer_root__f">{cols}<div>&copy; 2026 Geldnieuws B.V.</div></div>'

    def footer_dl(self, columns: int, links: int) -> str:
        cols = "".join(
            f"<dl><dt>{_SECTIONS[c % 20]}</dt>"
            + "".join(f'<dd><a href="/{self.slug()}">{self.word().capitalize()} '
                      f"{self.word()}</a></dd>" for _ in range(links))
            + "</dl>"
            for c in range(columns)
        )
        return f'<footer><div class="sitemap">{cols}</div><p>&copy; 2026 Omroep Kust</p></footer>'


def _fill(parts: list[str], make: Callable[[], str], kib: float) -> None:
    size = 0
    while size < kib * 1024:
        piece = make()
        parts.append(piece)
        size += len(piece)


def _shell(g: _Gen, style: int, kib: int) -> tuple[str, str, str]:
    """(head, top of body, bottom of body) of a page shell of about ``kib`` KiB."""
    if style == 0:  # WordPress-like: ul/li menus, <nav>, <footer>, div consent box
        head = g.css(kib * 0.12) + g.state_json(int(kib * 0.22), "state")
        top = [g.consent(320, "div"), '<header class="site-header">', g.icon(),
               g.mega_menu_ul(14, 24), "</header>", '<section class="top-stories"><ul>']
        _fill(top, g.teaser_li, kib * 0.12)
        top.append("</ul></section>")
        bottom = ['<section class="more"><h2>Ook interessant</h2><ul>']
        _fill(bottom, g.teaser_li, kib * 0.08)
        bottom += ["</ul></section>", g.footer_ul(12, 18)]
    elif style == 1:  # Next.js-like: div soup, links wrapping cards, __NEXT_DATA__
        head = g.css(kib * 0.06)
        top = [g.consent(360, "div"), '<div class="Header_root__h">', g.icon(),
               g.mega_menu_div(16, 22), "</div>", '<div class="Grid_root__g">']
        _fill(top, g.teaser_div, kib * 0.14)
        top.append("</div>")
        bottom = ['<div class="Grid_root__g">']
        _fill(bottom, g.teaser_div, kib * 0.10)
        bottom += ["</div>", g.footer_div(10, 20), g.state_json(int(kib * 0.25), "next")]
    elif style == 2:  # semantic HTML5: <dialog>, <aside>, <article> cards, <dl> footer
        head = g.css(kib * 0.15) + g.state_json(int(kib * 0.15), "state")
        top = [g.consent(280, "dialog"), "<header>", g.icon(), g.mega_menu_ul(12, 20),
               "</header>", '<aside class="rail"><h2>Video</h2>']
        _fill(top, g.teaser_section, kib * 0.10)
        top.append("</aside>")
        bottom = ['<section class="grid"><h2>Meest bekeken</h2>']
        _fill(bottom, g.teaser_section, kib * 0.12)
        bottom += ["</section>", g.footer_dl(12, 16)]
    else:  # regional portal: custom elements, tables, widgets, video strip
        head = g.css(kib * 0.10) + g.state_json(int(kib * 0.20), "state")
        weather = "".join(f"<td>{g.icon()}<span>{d}</span><b>{g.r.randint(2, 24)}&deg;</b></td>"
                          for d in ("ma", "di", "wo", "do", "vr", "za", "zo"))
        traffic = "".join(f"<li>{g.icon()}A{g.r.randint(2, 80)}: {g.word()} {g.clock()}</li>"
                          for _ in range(12))
        top = [g.consent(300, "div"), "<site-header>", g.icon(), g.mega_menu_div(12, 18),
               "</site-header>", f'<table class="weer"><tr>{weather}</tr></table>',
               f'<div class="verkeer"><h3>Verkeer</h3><ul>{traffic}</ul></div>',
               '<video-strip class="strip">']
        _fill(top, lambda: f"<teaser-card>{g.teaser_div()}</teaser-card>", kib * 0.12)
        top.append("</video-strip>")
        bottom = ['<div class="regio-rail">']
        _fill(bottom, g.teaser_li, kib * 0.08)
        bottom += ["</div>", g.footer_ul(10, 16), g.footer_dl(4, 12)]
    return head, "".join(top), "".join(bottom)


def _wrap(page: bytes, head: str, top: str, bottom: str) -> bytes:
    lower = page.lower()
    h = lower.find(b"</head>")
    page = page[:h] + head.encode() + page[h:] if h >= 0 else head.encode() + page
    lower = page.lower()
    b = lower.find(b"<body")
    b = lower.find(b">", b) + 1 if b >= 0 else 0
    page = page[:b] + top.encode() + page[b:]
    e = page.lower().rfind(b"</body>")
    e = e if e >= 0 else len(page)
    return page[:e] + bottom.encode() + page[e:]


def padded(page: bytes, kib: int, seed: int = 0) -> bytes:
    """``page`` inside one full-size shell of about ``kib`` KiB (for other benchmarks)."""
    g = _Gen(seed)
    return _wrap(page, *_shell(g, seed % 4, kib))


def full_size_pages(fixtures: list[tuple[str, bytes]], seed: int = 10) -> list[bytes]:
    """Every fixture page inside one of four shells (taken in turn), 100-300 KiB."""
    out = []
    for i, (_, data) in enumerate(fixtures):
        g = _Gen(seed * 1000 + i)
        kib = g.r.randint(90, 260)  # (the shells come out a little over this)
        out.append(_wrap(data, *_shell(g, i % 4, kib)))
    return out


def small_pages(fixtures: list[tuple[str, bytes]], seed: int = 10) -> list[bytes]:
    """Every fixture page in a light shell, about 8 KiB in all."""
    out = []
    for i, (_, data) in enumerate(fixtures):
        g = _Gen(seed * 1000 + i)
        room = max(0, 8 * 1024 - len(data))
        head = g.css(room * 0.12 / 1024)
        menu = "".join(f'<li><a href="/{s.lower()}">{s}</a></li>' for s in _SECTIONS[:12])
        top = [f'<div class="cookiebar" role="dialog"><p>{g.sentence()}</p>'
               '<button>Akkoord</button></div>',
               f'<header>{g.icon()}<nav><ul class="menu">{menu}</ul></nav></header>']
        cards = [g.teaser_li() for _ in range(3)]
        bottom = [f'<section class="more"><ul>{"".join(cards)}</ul></section>',
                  '<footer><a href="/privacy">Privacy</a> &middot; &copy; 2026</footer>']
        used = len(head) + sum(map(len, top)) + sum(map(len, bottom))
        if used < room:
            bottom.append(g.state_json(max(0, (room - used) // 1024), "state")
                          if room - used >= 1024 else "")
        out.append(_wrap(data, head, "".join(top), "".join(bottom)))
    return out


# --- measuring -----------------------------------------------------------------------------

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


def _bare(page: bytes) -> object:
    return LexborHTMLParser(page)


def _full(page: bytes) -> object:
    return parse_page(page, fetched_at=FETCHED_AT, format="html")


def measure(
    pages: list[bytes], rounds: int, repeat: int, cpu: bool = True
) -> dict[str, list[float]]:
    """Per round: seconds for bare lexbor, parse_page and the floor over ``pages``.

    ``cpu``: the process's CPU time (``time.process_time``) instead of wall time; on a
    machine shared with other work, time spent waiting for a core is not the parser's.

    The sides alternate page by page (and their order flips every round), so a burst of
    load from other processes falls on both sides alike rather than on one side's turn.
    """
    results = {page: _full(page) for page in pages}  # warm-up; proves every page parses

    def floor(page: bytes) -> object:
        body = LexborHTMLParser(page).body
        text = body.text(separator="\n") if body is not None else ""
        return text, _rebuild(results[page])  # type: ignore[arg-type]

    times: dict[str, list[float]] = {"bare": [], "full": [], "floor": []}
    clock = time.process_time if cpu else time.perf_counter
    gc.collect()
    gc.disable()
    try:
        for r in range(rounds):
            sides: list[tuple[str, Callable[[bytes], object]]] = [
                ("bare", _bare), ("full", _full), ("floor", floor)]
            if r % 2:
                sides.reverse()
            spent = dict.fromkeys(times, 0.0)
            for _ in range(repeat):
                for page in pages:
                    for name, func in sides:
                        start = clock()
                        func(page)
                        spent[name] += clock() - start
            for name in times:
                times[name].append(spent[name])
    finally:
        gc.enable()
    return times


def _differ(plain: list[tuple[str, bytes]], wrapped: list[bytes]) -> list[str]:
    """The fixture pages whose wrapped form parses differently from the bare one."""
    out = []
    for (name, a), b in zip(plain, wrapped, strict=True):
        one = parse_page(a, fetched_at=FETCHED_AT, format="html").to_dict()
        try:
            two = parse_page(b, fetched_at=FETCHED_AT, format="html").to_dict()
        except ParseError as exc:
            out.append(f"{name}: {exc}")
            continue
        if one != two:
            keys = [k for k in one if one[k] != two.get(k)]
            out.append(f"{name}: {', '.join(keys)}")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--set", choices=("all", "full", "small", "fixtures"), default="all")
    ap.add_argument("--limit", type=int, default=0,
                    help="use only every k-th fixture page, so about this many (0: all)")
    ap.add_argument("--clock", choices=("cpu", "wall"), default="cpu",
                    help="CPU time of this process (default) or wall-clock time")
    ap.add_argument("--show-diff", action="store_true",
                    help="list the wrapped pages that parse differently from their fixture")
    args = ap.parse_args(argv)
    fixtures = _fixture_pages()
    if args.limit and len(fixtures) > args.limit:
        fixtures = fixtures[:: len(fixtures) // args.limit]
    sets: list[tuple[str, list[bytes], int]] = []
    if args.set in ("all", "full"):
        sets.append(("full-size pages (4 shells)", full_size_pages(fixtures), 1))
    if args.set in ("all", "small"):
        sets.append(("8 KiB pages", small_pages(fixtures), 4))
    if args.set in ("all", "fixtures"):
        sets.append(("fixture pages as they are", [d for _, d in fixtures], 8))
    summary = []
    for label, pages, repeat in sets:
        sizes = sorted(len(p) / 1024 for p in pages)
        times = measure(pages, args.rounds, repeat, cpu=args.clock == "cpu")
        ratios = [f / b for f, b in zip(times["full"], times["bare"], strict=True)]
        floors = [f / b for f, b in zip(times["floor"], times["bare"], strict=True)]
        n = len(pages) * repeat
        print(f"== {label}: {len(pages)} HTML pages, {sizes[0]:.1f}-{sizes[-1]:.1f} KiB "
              f"(median {statistics.median(sizes):.1f}), {args.rounds} rounds x {n} parses, "
              f"{args.clock} time")
        bare_us = statistics.median(times["bare"]) / n * 1e6
        full_us = statistics.median(times["full"]) / n * 1e6
        print(f"   bare LexborHTMLParser: {bare_us:8.1f} us/page (median round)")
        print(f"   parse_page:            {full_us:8.1f} us/page")
        print(f"   ratio parse_page / bare lexbor: median {statistics.median(ratios):.2f}, "
              f"range {min(ratios):.2f}-{max(ratios):.2f}, {len(ratios)} rounds")
        print(f"   floor (lexbor + C text read-out + result objects): median "
              f"{statistics.median(floors):.2f}, range {min(floors):.2f}-{max(floors):.2f}")
        if label != "fixture pages as they are":
            differ = _differ(fixtures, pages)
            print(f"   wrapped pages parsing differently from their fixture: {len(differ)}")
            if args.show_diff:
                for line in differ:
                    print(f"     {line}")
        summary.append(f"{label}: {statistics.median(ratios):.2f} "
                       f"({min(ratios):.2f}-{max(ratios):.2f})")
    print("summary (median ratio, range): " + "; ".join(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
