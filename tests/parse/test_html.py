"""HTML in markup styles the parser has never seen gives the same Page as the text form."""

from __future__ import annotations

from datetime import datetime

import pytest

from anp_archive.errors import NotANewsPageError
from anp_archive.parse import extract_links, parse_page

T = datetime.fromisoformat("2026-01-01T12:00:00+01:00")
URL = "https://nieuws.example.nl/buitenland/kremlin-ontkent"

TEXT = """Kremlin ontkent gesprek (2)
MOSKOU (ANP/RTR) - Het Kremlin ontkent een "gesprek" - zegt Peskov.
Geen concrete plannen
Volgens Peskov belt Poetin niet.
Meer uit Buitenland
PYONGYANG (ANP/AFP) - Kim prijst troepen in een "vreemd land" - vermoedelijk Oekraïne.
50 minuten geledenSÃO PAULO (ANP/RTR/BLOOMBERG) – Brazilië verlaagt de rente.
1 uur geleden
"""

SEMANTIC = """<!doctype html><html lang=nl><head><meta charset=utf-8>
<title>Kremlin ontkent gesprek (2) | Nieuws</title>
<link rel="canonical" href="https://nieuws.example.nl/buitenland/kremlin-ontkent">
<style>.dl:before{content:"DEN HAAG (ANP) - "}</style>
<script>var teaser = "UTRECHT (ANP) - geen bericht. 3 uur geleden";</script></head>
<body><header><a href="/">Nieuws</a><nav><a href="/binnenland">Binnenland</a></nav></header>
<main><article><h1>Kremlin ontkent gesprek (2)</h1>
<p><b>MOSKOU</b> (ANP/RTR) - Het Kremlin ontkent een "gesprek" - zegt Peskov.</p>
<h2>Geen concrete plannen</h2><p>Volgens Peskov belt Poetin niet.</p></article>
<aside><h2>Meer uit Buitenland</h2><ol>
<li><a href="/buitenland/kim-prijst-troepen#top"><span class=dl>PYONGYANG (ANP/AFP)</span> - Kim prijst
 troepen in een "vreemd land" - vermoedelijk Oekraïne.</a> <time>50 minuten geleden</time></li>
<li><a href="https://nieuws.example.nl/economie/rente">SÃO PAULO (ANP/RTR/BLOOMBERG) –
 Brazilië verlaagt de rente.</a><small>1 uur geleden</small></li></ol></aside></main>
<template><p>LONDEN (ANP) - Sjabloon.</p><p>1 uur geleden</p></template>
<noscript><p>BERLIJN (ANP) - Zet JavaScript aan.</p></noscript>
<footer><p>Meer uit Sport</p><p>© 2026</p></footer></body></html>"""

TABLES = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head>
<body><table width=900><tr><td colspan=2><img src=logo.gif alt=Nieuws></td></tr>
<tr><td valign=top><font size=5><b>Kremlin ontkent gesprek (2)</b></font><br><br>
<font size=2>MOSKOU (ANP/RTR) - Het Kremlin ontkent een &quot;gesprek&quot; - zegt Peskov.<br><br>
<b>Geen concrete plannen</b><br><br>Volgens Peskov belt Poetin niet.</font></td>
<td valign=top>Advertentie</td></tr>
<tr><td colspan=2><b>Meer uit&nbsp;Buitenland</b></td></tr>
<tr><td><a href="/buitenland/kim-prijst-troepen">PYONGYANG (ANP/AFP) - Kim prijst troepen in een
&quot;vreemd land&quot; - vermoedelijk Oekra&iuml;ne.</a></td><td>50 minuten geleden</td></tr>
<tr><td><a href="/economie/rente">S&Atilde;O PAULO (ANP/RTR/BLOOMBERG) &ndash; Brazili&euml;
verlaagt de rente.</a></td><td>1 uur geleden</td></tr></table>
<hr><center><small>Overname niet toegestaan</small></center></body></html>"""

DIVSOUP = """<div class=q1><div class=q2>Webmail</div></div>
<div class=zz9><div class=k_1>Kremlin ontkent gesprek (2)</div>
<div class=p_0><div class=r><span class=x>MOSKOU</span></div><div class=y>(ANP/RTR)</div>
<div class=z>- Het Kremlin ontkent een "gesprek" - zegt Peskov.</div></div>
<div class=r>Geen concrete plannen</div><div class=r>Volgens Peskov belt Poetin niet.</div></div>
<div class=mm><div class=mm_h>Meest gelezen</div><div><a href="/x">Iets anders</a></div></div>
<div class=m0><div class=m1>Meer uit Buitenland</div>
<div class=i><a href="/buitenland/kim-prijst-troepen"><div>PYONGYANG (ANP/AFP)</div>
<div>- Kim prijst troepen in een "vreemd land" - vermoedelijk Oekraïne.</div></a>
<div class=a>50 minuten geleden</div></div>
<div class=i><a href="/economie/rente"><div>SÃO PAULO (ANP/RTR/BLOOMBERG) – Brazilië verlaagt de
rente.</div></a><div class=a>1 uur geleden</div></div></div>
<div class=ft>Colofon</div>"""


def _norm(page: dict) -> dict:  # type: ignore[type-arg]
    """Fields that only HTML can have are removed, so the story fields compare with text."""
    page = dict(page)
    page["url"] = None
    page["ticker"] = [dict(t, url=None) for t in page["ticker"]]
    return page


@pytest.fixture(scope="module")
def text_page() -> dict:  # type: ignore[type-arg]
    return parse_page(TEXT, fetched_at=T, format="text").to_dict()


@pytest.mark.parametrize("html", [SEMANTIC, TABLES, DIVSOUP], ids=["semantic", "tables", "divsoup"])
def test_markup_styles_match_the_text_rendering(html: str, text_page: dict) -> None:  # type: ignore[type-arg]
    page = parse_page(html, fetched_at=T, url=URL).to_dict()
    assert _norm(page) == _norm(text_page)
    assert text_page["lead"]["title"] == "Kremlin ontkent gesprek (2)"
    assert len(text_page["lead"]["paragraphs"]) == 3
    assert [t["url"] for t in page["ticker"]] == [
        "https://nieuws.example.nl/buitenland/kim-prijst-troepen",
        "https://nieuws.example.nl/economie/rente",
    ]


def test_canonical_url_is_used_when_none_is_given() -> None:
    page = parse_page(SEMANTIC, fetched_at=T).to_dict()
    assert page["url"] == URL
    assert page["ticker"][0]["url"] == "https://nieuws.example.nl/buitenland/kim-prijst-troepen"


def test_og_url_is_the_fallback_canonical() -> None:
    html = SEMANTIC.replace('<link rel="canonical" href="https://nieuws.example.nl/buitenland/'
                            'kremlin-ontkent">',
                            '<meta property="og:url" content="https://nieuws.example.nl/og">')
    assert parse_page(html, fetched_at=T).to_dict()["url"] == "https://nieuws.example.nl/og"


def test_links_stay_relative_without_any_base() -> None:
    page = parse_page(DIVSOUP, fetched_at=T).to_dict()
    assert page["url"] is None
    assert page["ticker"][0]["url"] == "/buitenland/kim-prijst-troepen"


def test_ticker_without_links() -> None:
    html = SEMANTIC.replace('<a href="/buitenland/kim-prijst-troepen#top">', "<span>").replace(
        '</a> <time>', "</span> <time>")
    page = parse_page(html, fetched_at=T).to_dict()
    assert page["ticker"][0]["url"] is None
    assert page["ticker"][0]["text"].startswith("Kim prijst troepen")


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ('<meta property="article:published_time" content="2026-01-01T09:58:00Z">',
         "2026-01-01T10:58:00+01:00"),
        ('<script type="application/ld+json">{"@graph":[{"@type":"WebPage","datePublished":'
         '"2020-01-01"},{"@type":"NewsArticle","datePublished":"2026-01-01T10:03:00+01:00"}]}'
         "</script>", "2026-01-01T10:03:00+01:00"),
        ("", None),
    ],
)
def test_published_at_from_meta_or_json_ld(head: str, expected: str | None) -> None:
    html = SEMANTIC.replace("</head>", head + "</head>")
    assert parse_page(html, fetched_at=T).to_dict()["lead"]["published_at"] == expected


def test_published_at_from_time_element_near_the_story() -> None:
    html = SEMANTIC.replace(
        "<h1>Kremlin ontkent gesprek (2)</h1>",
        '<h1>Kremlin ontkent gesprek (2)</h1><time datetime="2026-01-01T10:58:00+01:00">'
        "1 januari, 10:58</time>")
    page = parse_page(html, fetched_at=T).to_dict()
    assert page["lead"]["published_at"] == "2026-01-01T10:58:00+01:00"
    assert page["lead"]["title"] == "Kremlin ontkent gesprek (2)"


def test_title_from_heading_not_from_byline_lines() -> None:
    html = ("<html><head><meta property='og:title' content='Echte kop | Site'></head><body>"
            "<div>Home / Nieuws</div><div>Echte kop</div><div>Door: Redactie</div>"
            "<div>1 januari 2026 11:03</div><p>LONDEN (ANP) - Tekst.</p><p>Meer.</p></body></html>")
    assert parse_page(html, fetched_at=T).to_dict()["lead"]["title"] == "Echte kop"


def test_title_hint_from_a_site_profile() -> None:
    html = "<div class=kop>Gekozen kop</div><div>Andere regel</div><p>LONDEN (ANP) - Tekst.</p>"
    page = parse_page(html, fetched_at=T, hints={"title": "div.kop"}).to_dict()
    assert page["lead"]["title"] == "Gekozen kop"
    # A broken selector is only a hint: it is ignored.
    assert parse_page(html, hints={"title": "div[["}).to_dict()["lead"]["title"] == "Andere regel"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("<meta charset=windows-1252><h1>Oekraïne</h1><p>KYIV (ANP) - Oekraïne.</p>"
         .encode("cp1252"), None),
        ("<meta charset=utf-8><h1>Oekraïne</h1><p>KYIV (ANP) - Oekraïne.</p>".encode("cp1252"),
         None),  # windows-1252 sent as UTF-8
        ("<h1>Oekraïne</h1><p>KYIV (ANP) - Oekraïne.</p>".encode("cp1252"), "utf-8"),
        ("<h1>Oekraïne</h1><p>KYIV (ANP) - Oekraïne.</p>".encode(), "iso-8859-1"),
        (b"\xef\xbb\xbf" + "<h1>Oekraïne</h1><p>KYIV (ANP) - Oekraïne.</p>".encode(), None),
        (b"\xff\xfe" + "<h1>Oekraïne</h1><p>KYIV (ANP) - Oekraïne.</p>".encode("utf-16-le"),
         None),
        ("<h1>OekraÃ¯ne</h1><p>KYIV (ANP) - OekraÃ¯ne.</p>".encode(), None),  # double-encoded
    ],
)
def test_encodings(data: bytes, encoding: str | None) -> None:
    page = parse_page(data, encoding=encoding).to_dict()
    assert page["lead"]["title"] == "Oekraïne"
    assert page["lead"]["paragraphs"] == ["Oekraïne."]


def test_section_index_page_in_articles_with_badges() -> None:
    html = ("<body><p>donderdag 18 september 2025</p><p>Avondeditie</p><h1>Politiek</h1>"
            "<article><h2><span class=badge>ANP</span>Kamer wil opheldering</h2>"
            "<p>DEN HAAG (ANP) - Een meerderheid wil uitleg.</p><span>1 uur geleden</span>"
            "</article><article><h2><span>ANP</span> Tweede kop (2)</h2>"
            "<p>DEN HAAG (ANP) – Nog iets.</p><span>2 uur geleden</span></article></body>")
    page = parse_page(html, fetched_at=T).to_dict()
    assert page["lead"] is None and page["section"] == "Politiek"
    assert [t["title"] for t in page["ticker"]] == ["Kamer wil opheldering", "Tweede kop (2)"]


def test_regional_latest_list_in_spans() -> None:
    html = ("<body><h2>Net binnen</h2><ul><li><span>Zeeland</span><span>10:12</span>"
            "<a href=/a>Kop een</a></li><li>Sport 9:05 Kop twee</li></ul><h1>Zeeland</h1>"
            "<div><h3>Strand mag blijven</h3><p>DOMBURG - Een paviljoen mag blijven.</p>"
            "<p>1 week geleden</p></div></body>")
    page = parse_page(html, fetched_at=T).to_dict()
    assert [(x["section"], x["time"], x["title"]) for x in page["latest"]] == [
        ("Zeeland", "10:12", "Kop een"), ("Sport", "09:05", "Kop twee")]
    assert page["section"] == "Zeeland"
    assert page["ticker"][0]["dateline"] == {"place": "DOMBURG", "agencies": []}


def test_ticker_printed_before_the_story() -> None:
    html = ("<table><tr><td><b>Meer uit Binnenland</b><dl><dt><a href=/a>UTRECHT (ANP) - Een.</a>"
            "</dt><dd>zojuist</dd><dt><a href=/b>ZWOLLE (ANP) - Twee.</a></dt><dd>1 uur geleden</dd>"
            "</dl></td><td><h1>De kop</h1><p><b>GOES (ANP)</b> - Eerste alinea.</p>"
            "<p>Tweede alinea.</p></td></tr></table>")
    page = parse_page(html, fetched_at=T).to_dict()
    assert page["lead"]["title"] == "De kop"
    assert page["lead"]["paragraphs"] == ["Eerste alinea.", "Tweede alinea."]
    assert [t["dateline"]["place"] for t in page["ticker"]] == ["UTRECHT", "ZWOLLE"]


def test_read_more_link_gives_the_item_url() -> None:
    html = ("<h1>Kop</h1><p>LONDEN (ANP) - Tekst.</p><h2>Meer uit Economie</h2>"
            "<div><p>AMSTERDAM (ANP) — AEX opent lager.</p><a href=/aex>Lees meer<span> over "
            "AMSTERDAM (ANP)</span></a><time>8 minuten geleden</time></div>")
    item = parse_page(html, fetched_at=T).to_dict()["ticker"][0]
    assert (item["text"], item["url"], item["age"]) == (
        "AEX opent lager.", "/aex", "8 minuten geleden")


def test_html_without_text_is_not_a_news_page() -> None:
    with pytest.raises(NotANewsPageError):
        parse_page("<html><head><script>x()</script></head><body></body></html>")


def test_extract_links() -> None:
    html = ('<base href="/sub/"><a href="a#x">1</a><a href="a">dup</a><a href="#top">frag</a>'
            '<a href="mailto:x@y.nl">m</a><a href="https://other.nl/p">o</a>'
            '<script>document.write("<a href=/js>")</script><template><a href="/t">t</a>'
            "</template>")
    # "#top" points into the page itself: not a link to follow.
    assert extract_links(html, base_url="https://nieuws.example.nl/x/y") == [
        "https://nieuws.example.nl/sub/a", "https://other.nl/p"]


@pytest.mark.parametrize("data", [b"\x89PNG\r\n\x1a\n\x00\x00", b"plain text", b""])
def test_extract_links_never_raises(data: bytes) -> None:
    assert extract_links(data, base_url="https://x.nl/") == []


def test_popular_widget_with_ages_does_not_shift_the_ticker() -> None:
    html = ("<h2>Meest gelezen</h2><ol><li><a href=/k>Kermis trekt bezoekers</a>5 dagen geleden</li>"
            "</ol><h1>Goes</h1><div><h3><a href=/r>Ree op de weg</a></h3>"
            "<p>KAPELLE - Een auto sloeg over de kop.</p><p>9 minuten geleden</p></div>"
            "<div><h3><a href=/f>Appelpluk begonnen</a></h3><p>KRUININGEN - Telers plukken.</p>"
            "<p>1 uur geleden</p></div>")
    page = parse_page(html, fetched_at=T).to_dict()
    assert [(t["title"], t["age"], t["url"]) for t in page["ticker"]] == [
        ("Ree op de weg", "9 minuten geleden", "/r"), ("Appelpluk begonnen", "1 uur geleden", "/f")]
    assert page["section"] == "Goes"


def test_age_link_is_the_permalink_and_parenthesised_ages() -> None:
    html = ("<h1>Kop</h1><p>LONDEN (ANP) - Tekst.</p><h2>Meer uit Sport</h2><ul>"
            "<li><p>ALKMAAR (ANP) - AZ wint.</p><a href=/az><time>45 minuten geleden</time></a></li>"
            "<li><a href=/g>MONACO (ANP) - Griekspoor verliest.</a> (1 uur geleden)</li></ul>")
    page = parse_page(html, fetched_at=T, url="https://s.nl/x").to_dict()
    assert [(t["text"], t["age"], t["url"]) for t in page["ticker"]] == [
        ("AZ wint.", "45 minuten geleden", "https://s.nl/az"),
        ("Griekspoor verliest.", "1 uur geleden", "https://s.nl/g")]


def test_card_links_around_blocks_end_their_line() -> None:
    html = ("<h1>Kop</h1><p>LONDEN (ANP) - Tekst.</p><h4>Meer uit Sport</h4><div>"
            "<a href=/a><p>ALKMAAR (ANP) - Een.</p><small>1 uur geleden</small></a>"
            "<a href=/b><span>Video</span><p>ZEIST (ANP) - Twee.</p><small>2 uur geleden</small></a>"
            "</div>")
    page = parse_page(html, fetched_at=T).to_dict()
    assert [(t["text"], t["age"], t["url"]) for t in page["ticker"]] == [
        ("Een.", "1 uur geleden", "/a"), ("Twee.", "2 uur geleden", "/b")]


def test_base_href_resolves_item_links() -> None:
    html = ('<head><link rel=canonical href="https://b.nl/regio/brabant"><base href="https://b.nl/">'
            '</head><h1>Kop</h1><p>OSS (ANP) - Tekst.</p><h2>Meer uit Brabant</h2>'
            '<a href="regio/optocht">EINDHOVEN (ANP) - Een.</a><p>1 uur geleden</p>')
    page = parse_page(html, fetched_at=T).to_dict()
    assert page["url"] == "https://b.nl/regio/brabant"
    assert page["ticker"][0]["url"] == "https://b.nl/regio/optocht"


def test_story_chrome_stays_out_of_the_paragraphs() -> None:
    html = ("<article><h1>Zwembad dicht</h1><p>GOES (ANP) - Het zwembad is dicht.</p>"
            "<figure><img src=x.jpg><figcaption>Het zwembad. Foto: ANP</figcaption></figure>"
            "<p>Lees ook: <a href=/z>Zwembad krijgt dak</a></p><p>Lessen verhuizen.</p>"
            "<p>Het dak was nieuw.</p><p>Bijgewerkt: 20 juni 2026, 10:58</p>"
            "<ul><li><a href=/fb>Facebook</a></li><li><a href=/x>X</a></li></ul>"
            "<div><a href=/t/goes>Goes</a> <a href=/t/zwembad>Zwembad</a></div></article>")
    lead = parse_page(html, fetched_at=T).to_dict()["lead"]
    assert lead["paragraphs"] == ["Het zwembad is dicht.", "Lessen verhuizen.",
                                  "Het dak was nieuw."]


def test_icon_font_glyphs_and_comment_counts_are_ignored() -> None:
    html = ("<h1>Kop</h1><p>LONDEN (ANP) - Tekst.</p><h2>Meer uit Binnenland</h2>"
            "<div><h3><a href=/a>Storing verholpen</a></h3><p>UTRECHT (ANP) - Verholpen.</p>"
            "<span>\ue80b 22 minuten geleden</span><a href=/a#r>Reacties (3)</a></div>"
            "<div><h3><a href=/b>Schulden</a></h3><p>ZWOLLE (ANP) - Meer schulden.</p>"
            "<span>\ue80b 3 uur geleden</span><a href=/b#r>Reacties (3)</a></div>")
    page = parse_page(html, fetched_at=T).to_dict()
    assert [(t["title"], t["age"], t["url"]) for t in page["ticker"]] == [
        ("Storing verholpen", "22 minuten geleden", "/a"), ("Schulden", "3 uur geleden", "/b")]


def test_nav_and_header_are_read_so_a_latest_bar_there_counts() -> None:
    html = ("<header><a href=/>Zeeuws Nieuws</a><nav><h2>Net binnen</h2><ul>"
            "<li>- Zeeland 20:02 <a href=/a>Brand bij Oostkapelle</a></li></ul></nav></header>"
            "<main><h1>Zeeland</h1><div><h2><a href=/b>Brand</a></h2>"
            "<p>OOSTKAPELLE - In de duinen brandt het.</p><span>13 minuten geleden</span></div></main>")
    page = parse_page(html, fetched_at=T).to_dict()
    assert [(x["section"], x["title"]) for x in page["latest"]] == [
        ("Zeeland", "Brand bij Oostkapelle")]
    assert page["section"] == "Zeeland"


def test_boxes_inside_the_story_are_skipped_but_subheadings_kept() -> None:
    html = ("<article><h1>Dijk versterkt</h1><div class=body>"
            "<p>KINDERDIJK (ANP) - Het waterschap versterkt de dijk.</p>"
            "<div class=nb><p>Blijf op de hoogte</p><p>Meld je aan voor de nieuwsbrief.</p></div>"
            "<h3>Reacties</h3><p>De molens blijven open.</p><p>Advertentie</p>"
            "<h3>WhatsApp-berichten</h3><p>De dijk voldoet niet.</p></div></article>")
    lead = parse_page(html, fetched_at=T).to_dict()["lead"]
    assert lead["paragraphs"] == ["Het waterschap versterkt de dijk.", "Reacties",
                                  "De molens blijven open.", "WhatsApp-berichten",
                                  "De dijk voldoet niet."]


def test_lists_inside_the_story_are_paragraphs() -> None:
    html = ("<article><h1>Maatregelen</h1><div class=text><p>DEN HAAG (ANP) - Een pakket.</p>"
            "<p>Op een rij:</p><ul><li>Hogere straf.</li><li>Meer bodycams.</li></ul>"
            "<p>Bonden zijn positief.</p></div></article>")
    lead = parse_page(html, fetched_at=T).to_dict()["lead"]
    assert lead["paragraphs"] == ["Een pakket.", "Op een rij:", "Hogere straf.",
                                  "Meer bodycams.", "Bonden zijn positief."]


def test_latest_list_with_times_in_blocks_of_their_own() -> None:
    html = ("<body><div><b>Net binnen</b></div><dl><dt>Zeeland</dt><dt>10:12</dt>"
            "<dd>Kop een</dd><dt>9:05</dt><dd>Kop twee</dd></dl><h1>Zeeland</h1>"
            "<div><h3>Strand mag blijven</h3><p>DOMBURG - Een paviljoen mag blijven.</p>"
            "<p>1 week geleden</p></div></body>")
    page = parse_page(html, fetched_at=T).to_dict()
    assert [(x["section"], x["time"], x["title"]) for x in page["latest"]] == [
        ("Zeeland", "10:12", "Kop een"), (None, "09:05", "Kop twee")]
    assert len(page["ticker"]) == 1


_MENU = "".join(f"<li><a href=/r/{i}><span>Rubriek {i}</span></a></li>" for i in range(40))


def test_big_menus_are_skipped_but_lists_with_news_are_read() -> None:
    """A long list of short, anchor-free links (mega menu, footer) is not walked; lists that
    hold a dateline, an age, a clock time or sentences are."""
    html = (f"<header><nav><ul>{_MENU}</ul></nav></header>"
            "<div><h2>Net binnen</h2><ul>" + "".join(
                f"<li>Sport {10 + i}:0{i} <a href=/n{i}>Kop nummer {i} over de sport</a></li>"
                for i in range(8)) + "</ul></div>"
            "<article><h1>Maatregelen</h1><p>DEN HAAG (ANP) - Een pakket.</p><ul>"
            + "".join(f"<li>Maatregel {i} voor iedereen.</li>" for i in range(12)) + "</ul></article>"
            f"<h2>Meer uit Binnenland</h2><ul><li><a href=/a>UTRECHT (ANP) - Een.</a>"
            f"<span>zojuist</span></li></ul><footer><ul>{_MENU}</ul></footer>")
    page = parse_page(html, fetched_at=T).to_dict()
    assert len(page["latest"]) == 8
    assert page["lead"]["paragraphs"][1:3] == ["Maatregel 0 voor iedereen.",
                                               "Maatregel 1 voor iedereen."]
    assert len(page["lead"]["paragraphs"]) == 13
    assert [t["url"] for t in page["ticker"]] == ["/a"]


def test_not_utf8_after_all_is_read_as_windows_1252() -> None:
    html = ("<p>MÜNCHEN (ANP/DPA) - Café in München dicht.</p><p>Ook een tweede alinea.</p>"
            "<h2>Meer uit Buitenland</h2><p>KEULEN (ANP) - Één.</p><p>1 uur geleden</p>")
    page = parse_page(html.encode("cp1252"), fetched_at=T, format="html").to_dict()
    assert page["lead"]["dateline"]["place"] == "MÜNCHEN"
    assert page["lead"]["paragraphs"][0] == "Café in München dicht."
    assert page["ticker"][0]["text"] == "Één."
    # U+FFFD that the page really holds is kept, and UTF-8 stays UTF-8.
    same = parse_page(html.replace("Één", "�én").encode(), fetched_at=T).to_dict()
    assert same["ticker"][0]["text"] == "�én."


def test_dateline_dash_drawn_by_css() -> None:
    html = ("<h1>Kop</h1><p><span class=dl>MOSKOU (ANP/RTR)</span>Het Kremlin ontkent.</p>"
            "<p>Tweede alinea hier.</p><h2>Meer uit Buitenland</h2>"
            "<p><span class=dl>PARIJS (ANP)</span> Een.</p><p>1 uur geleden</p>")
    page = parse_page(html, fetched_at=T).to_dict()
    assert page["lead"]["dateline"] == {"place": "MOSKOU", "agencies": ["ANP", "RTR"]}
    assert page["lead"]["paragraphs"] == ["Het Kremlin ontkent.", "Tweede alinea hier."]
    assert [(t["dateline"]["place"], t["text"]) for t in page["ticker"]] == [("PARIJS", "Een.")]


def test_a_list_printed_twice_for_mobile_and_desktop_counts_once() -> None:
    items = ("<li><a href=/a>UTRECHT (ANP) - Een.</a><span>zojuist</span></li>"
             "<li><a href=/b>ZWOLLE (ANP) - Twee.</a><span>1 uur geleden</span></li>")
    html = ("<h1>Kop</h1><p>DEN HAAG (ANP) - Het verhaal.</p><p>Meer tekst.</p>"
            f"<div class=d><h2>Meer uit Binnenland</h2><ul>{items}</ul></div>"
            f"<div class=m><h2>Meer uit Binnenland</h2><ul>{items}</ul></div>")
    page = parse_page(html, fetched_at=T).to_dict()
    assert [t["url"] for t in page["ticker"]] == ["/a", "/b"]


def test_wordpress_entry_meta_with_age_and_comment_link() -> None:
    html = ("<h1>Kop</h1><p>DEN HAAG (ANP) - Het verhaal.</p><p>Meer tekst.</p>"
            "<h2>Meer uit Binnenland</h2>"
            "<article class=post><div class=entry-summary><p>ROME (ANP) - Een.</p></div>"
            "<footer class=entry-meta><time class='entry-date published'>net</time> · "
            "<a href=#respond>Reageer</a></footer></article>"
            "<article class=post><div class=entry-summary><p>ZWOLLE (ANP) - Twee.</p></div>"
            "<footer class=entry-meta><time>2 uur geleden</time> | <a href=#c>3 reacties</a>"
            "</footer></article>")
    page = parse_page(html, fetched_at=T).to_dict()
    assert [(t["text"], t["age"]) for t in page["ticker"]] == [
        ("Een.", "net"), ("Twee.", "2 uur geleden")]


def test_embed_placeholders_and_ad_slots_between_subheading_and_paragraph() -> None:
    html = ("<article><h1>Storing</h1><p>MENLO PARK (ANP/RTR) - Diensten lagen plat.</p>"
            "<h3>Via WhatsApp</h3><div class=ad><span>Advertentie</span></div>"
            "<blockquote class=twitter-tweet><p>Bekijk deze post op X</p></blockquote>"
            "<p>Berichten kwamen niet aan.</p></article>"
            "<h2>Meer uit Economie</h2><p>AMSTERDAM (ANP) - De AEX steeg.</p><p>1 uur geleden</p>")
    lead = parse_page(html, fetched_at=T).to_dict()["lead"]
    assert lead["paragraphs"] == ["Diensten lagen plat.", "Via WhatsApp",
                                  "Berichten kwamen niet aan."]


@pytest.mark.parametrize(
    ("after_age", "urls"),
    [
        ('<a class="more" href="/a{n}">Lees meer</a>', ["/a1", "/a2"]),  # the item's own page
        ('<a href="/buitenland">Meer Buitenland</a>', [None, None]),  # a section link
    ],
)
def test_age_followed_by_a_link_on_the_same_line(after_age: str, urls: list[str | None]) -> None:
    items = "".join(
        f"<li><p>{place} (ANP) - Bericht {n}.</p> <time>{n + 2} uur geleden</time> "
        f"{after_age.format(n=n)}</li>"
        for n, place in ((1, "ATHENE"), (2, "OSLO"))
    )
    html = ("<article><h1>Kop</h1><p>MADRID (ANP) - Het verhaal.</p><p>Meer tekst.</p>"
            f"</article><section><h2>Meer uit Buitenland</h2><ul>{items}</ul></section>")
    ticker = parse_page(html, fetched_at=T).to_dict()["ticker"]
    assert [(t["title"], t["text"], t["age"], t["url"]) for t in ticker] == [
        (None, "Bericht 1.", "3 uur geleden", urls[0]),
        (None, "Bericht 2.", "4 uur geleden", urls[1]),
    ]


STORY = ("<article><h1>Titel</h1><p>MADRID (ANP/EFE) - Eerste alinea.</p>{mid}"
         "<p>Tweede alinea.</p><p>Derde alinea.</p></article>")


def _ticker(html: str) -> list[tuple[str | None, str, str, str | None, str | None]]:
    page = parse_page(html, fetched_at=T).to_dict()
    return [(t["title"], t["dateline"]["place"], t["text"], t["age"], t["url"])
            for t in page["ticker"]]


def test_category_label_and_age_in_two_spans_between_headline_and_text() -> None:
    card = ("<article><h3><a href=/x{n}>Kop {n}</a></h3><div class=meta><span>Buitenland</span>\n"
            "<span>{age}</span></div><p>{place} (ANP) - Bericht {n}.</p></article>")
    html = (STORY.format(mid="") + "<aside><h2>Meer uit Buitenland</h2>"
            + card.format(n=1, age="16 minuten geleden", place="ATHENE")
            + card.format(n=2, age="gisteren", place="OSLO") + "</aside>")
    assert _ticker(html) == [
        ("Kop 1", "ATHENE", "Bericht 1.", "16 minuten geleden", "/x1"),
        ("Kop 2", "OSLO", "Bericht 2.", "gisteren", "/x2")]


LI = '<li><a href="/{p}">{p} (ANP) - Bericht uit {p}.</a> <span>{a}</span></li>'


@pytest.mark.parametrize("age", ["Gisteren", "Zojuist", "Eén uur geleden"])
def test_capitalised_inline_age_after_the_item_link(age: str) -> None:
    html = (STORY.format(mid="") + "<aside><h2>Meer uit Buitenland</h2><ul>"
            + LI.format(p="ATHENE", a=age) + LI.format(p="OSLO", a="6 uur geleden")
            + "</ul></aside>")
    assert _ticker(html) == [
        (None, "ATHENE", "Bericht uit ATHENE.", age, "/ATHENE"),
        (None, "OSLO", "Bericht uit OSLO.", "6 uur geleden", "/OSLO")]


def test_featured_first_item_shares_a_block_with_the_heading() -> None:
    html = (STORY.format(mid="") + "<section><div class=top><h2>Meer uit Buitenland</h2>"
            "<article><a href=/a><h3>Kop</h3><p>ATHENE (ANP) - Bericht 1.</p></a>"
            "<span>1 uur geleden</span></article></div><ul>"
            "<li><a href=/b><h4>Kop twee</h4><p>OSLO (ANP) - Bericht 2.</p></a>"
            "<span>2 uur geleden</span></li><li><a href=/c><h4>Kop drie</h4>"
            "<p>ROME (ANP) - Bericht 3.</p></a><span>3 uur geleden</span></li></ul></section>"
            "<footer><p>Colofon</p><p>LONDEN (ANP) - Geen item.</p></footer>")
    assert [(t[0], t[1], t[3]) for t in _ticker(html)] == [
        ("Kop", "ATHENE", "1 uur geleden"), ("Kop twee", "OSLO", "2 uur geleden"),
        ("Kop drie", "ROME", "3 uur geleden")]


def test_grid_with_the_heading_in_its_first_column() -> None:
    html = (STORY.format(mid="") + "<section><div class=col><h2>Meer uit Buitenland</h2><ul>"
            + LI.format(p="ATHENE", a="1 uur geleden") + LI.format(p="OSLO", a="2 uur geleden")
            + "</ul></div><div class=col><ul>" + LI.format(p="ROME", a="3 uur geleden")
            + LI.format(p="WENEN", a="4 uur geleden") + "</ul></div></section>")
    assert [t[1] for t in _ticker(html)] == ["ATHENE", "OSLO", "ROME", "WENEN"]


@pytest.mark.parametrize(
    "box",
    ["<div class=box><h2>Video</h2><ul>{items}</ul></div>",  # headed like the ticker
     "<div class=box><div>Video</div><ul>{items}</ul></div>"],  # a label, then items
)
def test_a_box_of_its_own_after_the_ticker_does_not_join_it(box: str) -> None:
    items = LI.format(p="ROME", a="3 uur geleden") + LI.format(p="WENEN", a="4 uur geleden")
    html = (STORY.format(mid="") + "<section><div class=col><h2>Meer uit Buitenland</h2><ul>"
            + LI.format(p="ATHENE", a="1 uur geleden") + LI.format(p="OSLO", a="2 uur geleden")
            + "</ul></div>" + box.format(items=items) + "</section>")
    assert [t[1] for t in _ticker(html)] == ["ATHENE", "OSLO"]


def test_category_label_block_between_item_text_and_age() -> None:
    html = (STORY.format(mid="") + "<aside><h2>Meer uit Economie</h2>"
            "<a href=/a><p>ATHENE (ANP) - Bericht uit ATHENE.</p><div>Economie</div>"
            "<div>3 uur geleden</div></a><a href=/b><p>OSLO (ANP) - Bericht over</p>"
            "<div>Noorwegen</div><div>4 uur geleden</div></a></aside>")
    # A label after a finished sentence goes; a sentence's last word stays.
    assert [(t[2], t[3]) for t in _ticker(html)] == [
        ("Bericht uit ATHENE.", "3 uur geleden"), ("Bericht over Noorwegen", "4 uur geleden")]


def test_quotes_and_lists_with_ordinary_box_words_stay_in_the_story() -> None:
    mid = ('<blockquote><p>"Zonder toestemming van de ouders mag dat niet."</p></blockquote>'
           "<ul><li>Ouders kunnen bezwaar aanmelden bij de school.</li></ul>"
           "<div class=nb><p>Blijf op de hoogte</p><p>Meld je aan voor de nieuwsbrief.</p></div>"
           "<div class=consent><p>Deze post kan niet worden geladen zonder jouw toestemming.</p>"
           "</div>")
    more = "".join(f"<p>Alinea {n}.</p>" for n in range(4, 8))
    lead = parse_page(STORY.format(mid=mid).replace("</article>", more + "</article>"),
                      fetched_at=T).to_dict()["lead"]
    assert lead["paragraphs"] == [
        "Eerste alinea.", '"Zonder toestemming van de ouders mag dat niet."',
        "Ouders kunnen bezwaar aanmelden bij de school.", "Tweede alinea.", "Derde alinea.",
        "Alinea 4.", "Alinea 5.", "Alinea 6.", "Alinea 7."]


def test_photo_credit_under_a_thumbnail_is_no_headline() -> None:
    item = ('<li><a href="/{p}"><img alt="foto"></a><small>Foto: ANP / Koen van Weel</small>'
            '<p><a href="/{p}">{p} (ANP) - Bericht.</a></p><span>{a}</span></li>')
    html = (STORY.format(mid="") + "<aside><h2>Meer uit Buitenland</h2><ul>"
            + item.format(p="ATHENE", a="1 uur geleden") + item.format(p="OSLO", a="2 uur geleden")
            + "</ul></aside>")
    assert [(t[0], t[2], t[3]) for t in _ticker(html)] == [
        (None, "Bericht.", "1 uur geleden"), (None, "Bericht.", "2 uur geleden")]


def test_latest_entries_broken_by_br_and_a_day_heading_on_an_index_page() -> None:
    entry = "<li><span>{s}</span> <span>{t}</span><br><a href=/n>{h}</a></li>"
    html = ("<body><section><h2>Net binnen</h2><ul>"
            + entry.format(s="Zuid-Holland", t="08:12", h="Lekkage legt metro stil")
            + entry.format(s="Sport", t="07:30", h="Sparta neemt afscheid")
            + "</ul></section><main><h1>Politiek</h1><h2>Vandaag</h2><div><h3>Kamer wil debat</h3>"
            "<p>DEN HAAG (ANP) - Een meerderheid wil een debat.</p><time>35 minuten geleden</time>"
            "</div></main></body>")
    page = parse_page(html, fetched_at=T).to_dict()
    assert [(x["section"], x["time"], x["title"]) for x in page["latest"]] == [
        ("Zuid-Holland", "08:12", "Lekkage legt metro stil"),
        ("Sport", "07:30", "Sparta neemt afscheid")]
    assert page["section"] == "Politiek"
    assert [t["title"] for t in page["ticker"]] == ["Kamer wil debat"]


def test_meer_uit_heading_drawn_as_an_image() -> None:
    html = (STORY.format(mid='<figure><img src=f.jpg alt="Meer dan honderd agenten"></figure>')
            + '<aside><h2><img src="k.png" alt="Meer uit Buitenland"></h2><ul>'
            + LI.format(p="ATHENE", a="3 uur geleden") + "</ul></aside>")
    page = parse_page(html, fetched_at=T).to_dict()
    assert page["section"] == "Buitenland"
    assert page["lead"]["paragraphs"] == ["Eerste alinea.", "Tweede alinea.", "Derde alinea."]
    assert len(page["ticker"]) == 1


def test_a_newsletter_box_in_sibling_blocks_goes_whole_next_to_a_quote() -> None:
    mid = ('<blockquote><p>"Dat mag niet zomaar."</p></blockquote>'
           "<div class=nb-kop><p>Blijf op de hoogte</p></div>"
           "<div class=nb-form><p>Meld je aan voor de nieuwsbrief.</p></div>")
    more = "".join(f"<p>Alinea {n}.</p>" for n in range(4, 8))
    html = STORY.format(mid=mid).replace("</article>", more + "</article>")
    lead = parse_page(html, fetched_at=T).to_dict()["lead"]
    assert lead["paragraphs"][:3] == ["Eerste alinea.", '"Dat mag niet zomaar."',
                                      "Tweede alinea."]
    assert "Blijf op de hoogte" not in lead["paragraphs"]


def test_second_meer_uit_list_in_its_own_box_joins_the_ticker() -> None:
    # "Meer uit Buitenland" and "Meer uit Binnenland", each in its own table row: the items
    # of both are wire items.
    html = ("<table><tr><td><h1>Kop</h1><p>WARSCHAU (ANP) - Het verhaal.</p><p>Meer.</p></td></tr>"
            "<tr><td><h4>Meer uit Buitenland</h4><dl><dd>VILNIUS (ANP) - Een.</dd>"
            "<dd>1 uur geleden</dd></dl></td></tr>"
            "<tr><td><h4>Meer uit Binnenland</h4><dl><dd>VENLO (ANP) - Twee.</dd>"
            "<dd>2 uur geleden</dd><dd>DEN HAAG (ANP) - Drie.</dd><dd>3 uur geleden</dd>"
            "</dl></td></tr></table><p>Afgedrukt van voorbeeld.nl</p>")
    page = parse_page(html, fetched_at=T).to_dict()
    assert page["section"] == "Buitenland"
    assert [(t["dateline"]["place"], t["text"], t["age"]) for t in page["ticker"]] == [
        ("VILNIUS", "Een.", "1 uur geleden"),
        ("VENLO", "Twee.", "2 uur geleden"),
        ("DEN HAAG", "Drie.", "3 uur geleden"),
    ]


def test_bare_lees_link_is_no_headline_of_the_next_item() -> None:
    items = "".join(
        f"<li><p>{place} (ANP) - Bericht {n}.</p><span>{n} uur geleden</span>"
        f'<a href="/a{n}">Lees</a></li>'
        for n, place in ((1, "ATHENE"), (2, "OSLO"), (3, "ROME"))
    )
    html = ("<article><h1>Kop</h1><p>MADRID (ANP) - Het verhaal.</p><p>Meer tekst.</p>"
            f"</article><section><h2>Meer uit Buitenland</h2><ul>{items}</ul></section>")
    ticker = parse_page(html, fetched_at=T).to_dict()["ticker"]
    assert [(t["title"], t["text"], t["url"]) for t in ticker] == [
        (None, "Bericht 1.", "/a1"), (None, "Bericht 2.", "/a2"), (None, "Bericht 3.", "/a3"),
    ]


def test_index_cards_without_datelines_are_no_anp_page() -> None:
    cards = "".join(
        f'<div class="card"><h2><a href="/regio/{n}">Kop {n} zonder punt</a></h2>'
        f'<p class="teaser">Een teaser van bericht {n}, zonder dateline.</p>'
        f'<time datetime="2026-01-01T10:00:00+01:00">{n} uur geleden</time></div>'
        for n in (1, 2, 3)
    )
    html = f"<main><h1>Drenthe</h1><div class=grid>{cards}</div></main>"
    with pytest.raises(NotANewsPageError, match="no dateline"):
        parse_page(html, url="https://x.nl/regio/drenthe", fetched_at=T)



def test_utf8_page_served_as_utf16_falls_back_to_detection() -> None:
    # A server that labels a UTF-8 page "charset=utf-16": decoding by the label gives CJK
    # noise (or fails on an odd length); the bytes hold no NUL, so they are no UTF-16.
    body = ("<html><body><h1>Brand in Zierikzee</h1><p>ZIERIKZEE (ANP) - Bij een brand in "
            "een café aan de Havenpark is vrijdag niemand gewond geraakt.</p></body></html>")
    for data in (body.encode("utf-8"), (body + " ").encode("utf-8")):
        for label in ("utf-16", "UTF-16LE", "utf-32"):
            page = parse_page(data, encoding=label)
            assert page.lead is not None
            assert "café" in page.lead.paragraphs[0]


@pytest.mark.parametrize("caption", [
    "Archieffoto ter illustratie. Ⓒ Hollandse Hoogte / Jan de Vries",
    "De Markt in Middelburg op een zaterdag. © Omroep Zeeland",
    "Foto: ANP",
    "Parkeermeter aan de Lange Delft. Beeld ANP / Lex Wouters",
])
def test_caption_or_credit_is_never_the_title(caption: str) -> None:
    html = ("<html><head><title>Parkeren duurder in Middelburg</title></head><body>"
            f"<article><figure><img src='a.jpg'></figure><p>{caption}</p>"
            "<p>MIDDELBURG (ANP) - De gemeente Middelburg wil de parkeertarieven in de "
            "binnenstad volgend jaar verhogen. Dat staat in de begroting.</p>"
            "<p>Ondernemers reageren boos op het plan.</p></article></body></html>")
    page = parse_page(html)
    assert page.lead is not None
    assert page.lead.title == "Parkeren duurder in Middelburg"
