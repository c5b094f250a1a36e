"""Site chrome around a story: skipped before the layout logic sees it, never the story.

Real news pages carry a consent dialog, mega menus, teaser grids with clock times and video
durations, inline SVG, JSON state and footer link farms around the wire story. The HTML
reader judges big containers as a whole from their text (see ``parse/html.py``) and leaves
the chrome out of the lines; these tests pin both halves: the chrome's lines are gone, and
the page says exactly what it says without the chrome.
"""

from __future__ import annotations

from datetime import datetime

from anp_archive.parse import parse_page
from anp_archive.parse.html import parse_html_tree

T = datetime.fromisoformat("2026-03-04T12:00:00+01:00")
_WORDS = ("haven", "dijk", "markt", "molen", "plein", "sluis", "kade", "polder", "brug",
          "school", "zwembad", "kerk", "toren", "station", "strand", "duin")

STORY = """<article><h1>Gemeente opent nieuwe fietsbrug over de haven</h1>
<p><b>VLISSINGEN</b> (ANP) - De gemeente heeft dinsdag een nieuwe fietsbrug over de
binnenhaven geopend. De brug verbindt het station met de boulevard.</p>
<p>Volgens de wethouder fietsen er straks dagelijks duizenden mensen over.</p></article>
<aside><h2>Meer uit Binnenland</h2><ul>
<li><a href="/binnenland/dijk">MIDDELBURG (ANP) - Het waterschap versterkt de dijk bij de
kade.</a> <span>12 minuten geleden</span></li>
<li><a href="/binnenland/markt">GOES (ANP) - De weekmarkt verhuist tijdelijk naar het
plein.</a> <span>2 uur geleden</span></li></ul></aside>"""

# Heading and list side by side, each judged on its own: the list alone is clock times
# and short titles.
NET_BINNEN = """<div class="latest__head">Net binnen</div>
<div class="latest__list">{entries}</div>"""


def _word(i: int) -> str:
    return _WORDS[i % len(_WORDS)]


def _icon(i: int) -> str:
    return (f'<svg viewBox="0 0 24 24" class="i{i}"><path d="M12 2L2 7l10 5 10-5-10-5z"/>'
            "</svg>")


def _consent() -> str:
    vendors = "".join(
        f'<li><label><input type="checkbox" name="v{i}">{_word(i).capitalize()} '
        f"{_word(i + 3)} B.V.</label><a href='/privacy/{i}'>Privacybeleid</a></li>"
        for i in range(120)
    )
    return (
        '<div id="cmp" role="dialog" aria-modal="true"><h2>Wij vragen uw toestemming</h2>'
        "<p>Wij en onze partners slaan informatie op een apparaat op en lezen die uit.</p>"
        # A consent text may hold anything, even what looks like a dateline or an age:
        "<p>AMSTERDAM - Uw keuze geldt voor alle sites van de uitgever.</p>"
        "<p>Bijgewerkt 3 uur geleden</p>"
        f"<ul>{vendors}</ul><button>Akkoord</button><button>Weigeren</button></div>"
    )


def _mega_menu() -> str:
    cols = "".join(
        f'<div class="m-col"><div class="m-head">{_word(c).capitalize()}</div>{_icon(c)}'
        + "".join(f'<a href="/{_word(c)}/{j}"><span>{_word(c + j).capitalize()} '
                  f"{_word(j)}</span></a>" for j in range(14))
        + "</div>"
        for c in range(10)
    )
    return f'<div class="menu">{cols}</div>'


def _teasers(n: int) -> str:
    return "".join(
        f'<div class="card"><a href="/video/{i}"><div class="card__media"><img src="/i/{i}.jpg"'
        f' alt="">{_icon(i)}<span>{i % 9}:{10 + i % 50:02d}</span></div>'
        f'<div class="card__title">{_word(i).capitalize()} krijgt een nieuwe {_word(i + 5)}'
        f'</div><div class="card__time">{8 + i % 12:02d}:{i % 60:02d}</div></a></div>'
        for i in range(n)
    )


def _footer() -> str:
    cols = "".join(
        f'<div class="f-col"><div>{_word(c).capitalize()}</div>'
        + "".join(f'<a href="/{_word(c + j)}">{_word(c + j).capitalize()}</a>'
                  for j in range(16))
        + "</div>"
        for c in range(8)
    )
    return f'<div class="footer">{cols}<div>© 2026 Kustbode Media B.V.</div></div>'


def _page(body: str, *, chrome: bool) -> str:
    head = '<meta charset="utf-8">'
    top = bottom = ""
    if chrome:
        state = ",".join(f'{{"id":{i},"title":"{_word(i)}","time":"10:{i % 60:02d}"}}'
                         for i in range(300))
        head += f"<style>{'.c-x{margin:0}' * 400}</style>"
        top = (_consent() + f"<div class='top'>{_icon(0)}{_mega_menu()}</div>"
               f'<div class="grid">{_teasers(40)}</div>')
        bottom = (f'<div class="grid">{_teasers(30)}</div>{_footer()}'
                  f'<script id="__NEXT_DATA__" type="application/json">[{state}]</script>')
    return f"<!doctype html><html><head>{head}</head><body>{top}{body}{bottom}</body></html>"


def _texts(html: str) -> list[str]:
    lines, _ = parse_html_tree(html.encode())
    return [ln.text for ln in lines]


def test_chrome_stays_out_of_the_lines() -> None:
    texts = _texts(_page(STORY, chrome=True))
    joined = "\n".join(texts)
    for chrome in ("Privacybeleid", "AMSTERDAM - Uw keuze", "Wij vragen", "Akkoord",
                   "krijgt een nieuwe", "Kustbode Media"):
        assert chrome not in joined
    assert len(texts) == len(_texts(_page(STORY, chrome=False)))


def test_chrome_does_not_change_the_page() -> None:
    bare = parse_page(_page(STORY, chrome=False).encode(), fetched_at=T)
    full = parse_page(_page(STORY, chrome=True).encode(), fetched_at=T)
    assert full.to_dict() == bare.to_dict()
    assert bare.lead is not None and bare.lead.title is not None
    assert len(bare.ticker) == 2


def test_clock_times_after_a_net_binnen_heading_are_read() -> None:
    # Before the heading, a grid of clock times and short titles is chrome; after it, the
    # same markup is the list's entries.
    entries = "".join(
        f'<div class="e"><span class="t">{9 + i // 6:02d}:{(i * 7) % 60:02d}</span>'
        f'<a href="/regio/{i}">{_word(i).capitalize()} gaat later open</a></div>'
        for i in range(12)
    )
    # (the list before the story: a "Net binnen" list runs on into whatever entries with
    # clock times follow it, a teaser grid after the page's own content included)
    body = NET_BINNEN.format(entries=entries) + STORY
    page = parse_page(_page(body, chrome=True).encode(), fetched_at=T)
    assert len(page.latest) == 12
    assert page.to_dict() == parse_page(_page(body, chrome=False).encode(),
                                        fetched_at=T).to_dict()


def test_an_article_header_that_reads_like_a_menu_keeps_its_title() -> None:
    # Breadcrumbs, the title, the byline and share and tag links: short pieces without a
    # dateline or an age, as many as a menu has. The title must stay.
    crumbs = "".join(f'<a href="/{w}">{w.capitalize()}</a> › ' for w in _WORDS[:6])
    share = "".join(f'<a href="/deel/{w}">Deel via {w}</a>' for w in _WORDS)
    tags = "".join(f'<a href="/tag/{w}">{w}</a>' for w in _WORDS)
    header = (f'<div class="article-head"><div class="crumbs">{crumbs}</div>'
              "<h1>Sluis bij Veere gaat dicht voor onderhoud</h1>"
              f'<div class="by">Redactie</div><div class="share">{share}</div>'
              f'<div class="tags">{tags}</div></div>')
    body = (header + '<div class="article-body"><p><b>VEERE</b> (ANP) - De sluis bij Veere'
            " gaat vanaf maandag drie weken dicht voor groot onderhoud.</p>"
            "<p>Schepen moeten omvaren via Vlissingen.</p></div>")
    page = parse_page(_page(body, chrome=True).encode(), fetched_at=T)
    assert page.lead is not None
    assert page.lead.title == "Sluis bij Veere gaat dicht voor onderhoud"


# Sections of site chrome that open with a heading: the heading is read, the teasers
# or links under it are not, and a story or ticker in the same markup is read whole.

_CARD = ('<article><a href="/v/{i}"><picture><img src="/i/{i}.jpg" alt=""></picture>'
         "<span>Video {m}:{s:02d}</span><h3>{a} krijgt {b}</h3></a>"
         "<p><time>{h:02d}:{s:02d}</time> &middot; {c}</p></article>")


def _cards(n: int) -> str:
    # A card as semantic markup has it: a link round picture, duration and title, then
    # a clock time and a section.
    return "".join(_CARD.format(i=i, m=i % 9, s=i % 60, h=8 + i % 12, a=_word(i).capitalize(),
                                b=_word(i + 3), c=_word(i + 7).capitalize()) for i in range(n))


SECTION_STORY = (
    "<section><h2>Veerpont vaart weer tussen Vlissingen en Breskens</h2>"
    "<p><b>VLISSINGEN</b> (ANP) - De veerpont over de Westerschelde vaart sinds dinsdag "
    "weer volgens de dienstregeling.</p><p>De pont lag twee weken stil voor onderhoud.</p>"
    "</section>"
    "<section><h2>Meer uit Binnenland</h2>"
    '<article><a href="/b/1"><h3>MIDDELBURG (ANP) - Het waterschap versterkt de dijk.</h3>'
    "</a><p>12 minuten geleden</p></article>"
    '<article><a href="/b/2"><h3>GOES (ANP) - De weekmarkt verhuist naar het plein.</h3>'
    "</a><p>2 uur geleden</p></article></section>"
)


def _sections_page(chrome: bool) -> bytes:
    top = f"<aside><h2>Video</h2>{_cards(30)}</aside>" if chrome else ""
    bottom = f"<section><h2>Meest bekeken</h2>{_cards(40)}</section>" if chrome else ""
    return (f"<!doctype html><html><head><title>x</title></head><body>{top}{SECTION_STORY}{bottom}"
            "</body></html>").encode()


def test_a_teaser_section_under_a_heading_is_left_out() -> None:
    lines, _ = parse_html_tree(_sections_page(chrome=True))
    texts = [ln.text for ln in lines]
    assert not any("krijgt" in t for t in texts)
    assert texts[0] == "Video"
    assert texts[-1] == "Meest bekeken"
    assert texts[1:-1] == [ln.text for ln in parse_html_tree(_sections_page(chrome=False))[0]]


def test_a_story_and_ticker_in_the_same_markup_are_read() -> None:
    full = parse_page(_sections_page(chrome=True), fetched_at=T)
    bare = parse_page(_sections_page(chrome=False), fetched_at=T)
    assert full.to_dict() == bare.to_dict()
    assert bare.lead is not None
    assert bare.lead.title == "Veerpont vaart weer tussen Vlissingen en Breskens"
    assert [t.url for t in bare.ticker] == ["/b/1", "/b/2"]


def test_a_section_heading_over_an_h1_is_no_teaser_section() -> None:
    # An article header that opens with a kicker heading still holds the title.
    crumbs = "".join(f'<a href="/{w}">{w.capitalize()} {w}</a>' for w in _WORDS)
    head = (f"<header><h2>Binnenland</h2><div>{crumbs}</div>"
            "<h1>Sluis bij Veere gaat dicht</h1>"
            f"<div>{crumbs}</div><div>{crumbs}</div></header>")
    lines, _ = parse_html_tree(f"<body>{head}<p>x</p></body>".encode())
    assert "Sluis bij Veere gaat dicht" in [ln.text for ln in lines]


def test_a_header_with_a_kicker_and_a_title_in_h2s_keeps_its_title() -> None:
    # No <h1> at all: a kicker <h2>, breadcrumbs, then the title in a second <h2>. The
    # header reads like a menu, but it is no teaser section: its title is the lead's.
    crumbs = "".join(f'<a href="/{w}">{w.capitalize()} {w}</a>' for w in _WORDS)
    head = (f'<header class="article-head"><h2>Buitenland</h2><div>{crumbs}</div>'
            "<h2>Sluis bij Veere gaat dicht voor onderhoud</h2>"
            f"<div>{crumbs}</div><div>{crumbs}</div></header>")
    body = (head + "<div><p><b>VEERE</b> (ANP) - De sluis bij Veere gaat vanaf maandag"
            " drie weken dicht voor groot onderhoud.</p>"
            "<p>Schepen moeten omvaren via Vlissingen.</p></div>")
    page = parse_page(_page(body, chrome=True).encode(), fetched_at=T)
    assert page.lead is not None
    assert page.lead.title == "Sluis bij Veere gaat dicht voor onderhoud"


_SECTION_NAMES = ("Binnenland", "Buitenland", "Economie", "Sport", "Cultuur", "Politiek",
                  "Regio", "Weer", "Verkeer", "Video")


def _nav(items: str) -> str:
    return f'<header><nav><ul>{items}</ul></nav></header>'


def test_a_short_section_menu_in_a_nav_is_left_out() -> None:
    items = "".join(f'<li><a href="/{s.lower()}">{s}</a></li>' for s in _SECTION_NAMES)
    bare = f"<!doctype html><html><body>{STORY}</body></html>"
    # Wherever the <nav> stands: in a header, straight in the body (whose children are
    # looked at as a whole), or in a wrapper.
    for menu in (_nav(items), f"<nav><ul>{items}</ul></nav>",
                 f'<div class="top"><nav><ul>{items}</ul></nav></div>'):
        page = f"<!doctype html><html><body>{menu}{STORY}</body></html>"
        assert not set(_SECTION_NAMES) & set(_texts(page)), menu
        assert parse_page(page.encode(), fetched_at=T).to_dict() == (
            parse_page(bare.encode(), fetched_at=T).to_dict())


def test_a_short_nav_holding_wire_items_or_latest_times_is_read() -> None:
    ages = _nav("".join(f'<li><a href="/{s.lower()}">{s}</a> 5 min geleden</li>'
                        for s in _SECTION_NAMES))
    latest = _nav("<li>Net binnen</li>" + "".join(
        f'<li><a href="/{s.lower()}">10:{i:02d} {s}</a></li>'
        for i, s in enumerate(_SECTION_NAMES)))
    crumbs = _nav('<li><a href="/">Home</a></li><li><a href="/binnenland">Binnenland</a></li>')
    for nav in (ages, latest, crumbs):
        texts = _texts(f"<!doctype html><html><body>{nav}{STORY}</body></html>")
        assert any("Binnenland" in text for text in texts), nav


def test_a_list_whose_ages_are_words_is_no_menu() -> None:
    # Every one-word age of the vocabulary marks a list as news, not only "gisteren":
    # a list of short headlines aged "zoeven" or "zonet" is an index, not a menu.
    for age in ("zoeven", "zonet", "zo-even", "zojuist", "gisteren", "eergisteren"):
        items = "".join(f'<li><a href="/n/{i}">{_word(i).capitalize()} {_word(i + 5)} '
                        f"krijgt nieuwe naam</a> <span>{age}</span></li>" for i in range(12))
        texts = _texts(f"<!doctype html><html><body><main><ul>{items}</ul></main>"
                       "</body></html>")
        assert sum(text.endswith(f" {age}") for text in texts) == 12, age
