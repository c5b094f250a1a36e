"""Sections of site chrome that open with a heading: the heading is read, the teasers or
links under it are not, and a story or ticker in the same markup is read whole."""

from __future__ import annotations

from datetime import datetime

from anp_archive.parse import parse_page
from anp_archive.parse.html import parse_html_tree

T = datetime.fromisoformat("2026-03-04T12:00:00+01:00")
_WORDS = ("haven", "dijk", "markt", "molen", "plein", "sluis", "kade", "polder", "brug",
          "school", "zwembad", "kerk", "toren", "station", "strand", "duin")


def _word(i: int) -> str:
    return _WORDS[i % len(_WORDS)]


def _cards(n: int) -> str:
    # A card as semantic markup has it: a link round picture, duration and title, then
    # a clock time and a section.
    return "".join(
        f'<article><a href="/v/{i}"><picture><img src="/i/{i}.jpg" alt=""></picture>'
        f"<span>Video {i % 9}:{10 + i % 50:02d}</span><h3>{_word(i).capitalize()} krijgt"
        f" {_word(i + 3)}</h3></a><p><time>{8 + i % 12:02d}:{i % 60:02d}</time> &middot; "
        f"{_word(i + 7).capitalize()}</p></article>"
        for i in range(n)
    )


STORY = (
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


def _page(chrome: bool) -> bytes:
    top = f"<aside><h2>Video</h2>{_cards(30)}</aside>" if chrome else ""
    bottom = f"<section><h2>Meest bekeken</h2>{_cards(40)}</section>" if chrome else ""
    return (f"<!doctype html><html><head><title>x</title></head><body>{top}{STORY}{bottom}"
            "</body></html>").encode()


def test_a_teaser_section_under_a_heading_is_left_out() -> None:
    lines, _ = parse_html_tree(_page(chrome=True))
    texts = [ln.text for ln in lines]
    assert not any("krijgt" in t for t in texts)
    assert texts[0] == "Video"
    assert texts[-1] == "Meest bekeken"
    assert texts[1:-1] == [ln.text for ln in parse_html_tree(_page(chrome=False))[0]]


def test_a_story_and_ticker_in_the_same_markup_are_read() -> None:
    full = parse_page(_page(chrome=True), fetched_at=T)
    bare = parse_page(_page(chrome=False), fetched_at=T)
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
