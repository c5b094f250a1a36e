"""ANP pages in markup styles the fixtures do not cover, read bare and inside a full-size
page shell (the generated site chrome of ``benchmarks/parse_bench.py``).

Each page under ``pages/`` has a ``.json`` beside it, written by hand from what the page
says: the section, the lead's title, dateline and paragraphs, and per ticker item its
headline, dateline, text and age (and the ``Net binnen`` lines where there are any).
"""

from __future__ import annotations

import importlib.util
import json
from datetime import datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from anp_archive import parse_page
from anp_archive.models import Page

PAGES = Path(__file__).resolve().parent / "pages"
BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "parse_bench.py"
FETCHED_AT = datetime.fromisoformat("2026-03-10T14:30:00+01:00")
NAMES = sorted(p.stem for p in PAGES.glob("*.html"))


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("parse_bench", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _wrapped(html: bytes, style: int) -> bytes:
    bench = _bench()
    return bench._wrap(html, *bench._shell(bench._Gen(100 + style), style, 150))  # type: ignore[no-any-return]


def _fields(page: Page) -> dict[str, Any]:
    d = page.to_dict()
    lead = d["lead"]
    return {
        "section": d["section"],
        "lead": None if lead is None else {
            "title": lead["title"],
            "place": lead["dateline"]["place"] if lead["dateline"] else None,
            "agencies": lead["dateline"]["agencies"] if lead["dateline"] else None,
            "paragraphs": lead["paragraphs"],
        },
        "ticker": [
            {"title": t["title"],
             "place": t["dateline"]["place"] if t["dateline"] else None,
             "agencies": t["dateline"]["agencies"] if t["dateline"] else None,
             "text": t["text"], "age": t["age"]}
            for t in d["ticker"]
        ],
        "latest": [{"time": x["time"], "title": x["title"]} for x in d["latest"]],
    }


def _expected(name: str) -> dict[str, Any]:
    expected: dict[str, Any] = json.loads((PAGES / f"{name}.json").read_text(encoding="utf-8"))
    expected.setdefault("latest", [])
    return expected


def test_there_are_pages_of_many_styles() -> None:
    assert len(NAMES) >= 8


@pytest.mark.parametrize("name", NAMES)
def test_page_reads_as_written(name: str) -> None:
    html = (PAGES / f"{name}.html").read_bytes()
    page = parse_page(html, fetched_at=FETCHED_AT, format="html")
    assert _fields(page) == _expected(name)


@pytest.mark.parametrize("name", NAMES)
def test_page_reads_the_same_inside_a_full_size_shell(name: str) -> None:
    html = (PAGES / f"{name}.html").read_bytes()
    wrapped = _wrapped(html, NAMES.index(name) % 4)
    assert len(wrapped) > 100 * 1024
    page = parse_page(wrapped, fetched_at=FETCHED_AT, format="html")
    assert _fields(page) == _expected(name)


def test_ticker_ages_give_their_times() -> None:
    """A bracketed age and a card whose headline precedes its dateline keep their times."""
    pages = {name: parse_page((PAGES / f"{name}.html").read_bytes(), fetched_at=FETCHED_AT,
                              format="html") for name in ("prefixed-ages", "inline-title")}
    venlo = pages["prefixed-ages"].ticker[2]
    assert venlo.published_earliest is not None and venlo.published_latest is not None
    assert venlo.published_earliest.isoformat() == "2026-03-10T10:30:00+01:00"
    assert venlo.published_latest.isoformat() == "2026-03-10T11:30:00+01:00"
    assert [t.url for t in pages["inline-title"].ticker] == ["/b/10", "/b/11", "/b/12"]


def _intervals(name: str) -> list[tuple[str | None, str | None]]:
    """Each ticker item's (published_earliest, published_latest) on page ``name``."""
    page = parse_page((PAGES / f"{name}.html").read_bytes(), fetched_at=FETCHED_AT,
                      format="html")
    return [(t.published_earliest.isoformat() if t.published_earliest else None,
             t.published_latest.isoformat() if t.published_latest else None)
            for t in page.ticker]


def test_inline_shown_times_give_their_minute() -> None:
    """A day word and clock time printed after the item's text on its line is its time."""
    assert _intervals("inline-shown-times") == [
        ("2026-03-10T08:05:00+01:00", "2026-03-10T08:06:00+01:00"),
        ("2026-03-09T21:14:00+01:00", "2026-03-09T21:15:00+01:00"),
        ("2026-03-08T17:30:00+01:00", "2026-03-08T17:31:00+01:00"),
    ]


def test_see_all_link_is_no_item_headline_or_url() -> None:
    """A "Bekijk alles" link beside the ticker's heading is the section's, not the first
    item's headline and permalink."""
    page = parse_page((PAGES / "see-all-rolelist.html").read_bytes(), fetched_at=FETCHED_AT,
                      format="html")
    assert [(t.title, t.url) for t in page.ticker] == [(None, "/n/61"), (None, "/n/62")]


def test_labelled_shown_time_on_its_own_line_is_read() -> None:
    """'Geplaatst: vandaag 14:05' under an item gives that minute, as it does inline."""
    html = (
        "<html><body><article><h1>Hittegolf in Italië</h1><p>ROME (ANP/ANSA) - In Italië is"
        " het heet. Ouderen moeten binnen blijven.</p><p>Ook in Spanje is het warm.</p>"
        "</article><h2>Meer uit Buitenland</h2><ul><li><a href='/1'>PARIJS (ANP) - Bericht"
        " over het weer.</a><div>Geplaatst: vandaag 14:05</div></li><li><a href='/2'>BERLIJN"
        " (ANP) - Nog een bericht.</a><div>Gepubliceerd op 10 maart 2026 om 13:05</div></li>"
        "</ul></body></html>"
    )
    page = parse_page(html, fetched_at=FETCHED_AT, format="html")
    assert [(t.age, t.published_earliest.isoformat() if t.published_earliest else None)
            for t in page.ticker] == [
        ("vandaag 14:05", "2026-03-10T14:05:00+01:00"),
        ("10 maart 2026 om 13:05", "2026-03-10T13:05:00+01:00"),
    ]


def test_compact_hedged_and_dated_ages_give_what_they_say() -> None:
    """'9m' and '2u' read as minutes and hours, a two-unit age as their sum, 'vanochtend'
    as this day before the fetch, '3 mrt' as that day; a hedged age gives no interval."""
    assert _intervals("compact-hedged-ages") == [
        ("2026-03-10T14:20:00+01:00", "2026-03-10T14:21:00+01:00"),
        ("2026-03-10T11:30:00+01:00", "2026-03-10T12:30:00+01:00"),
        (None, None),
        ("2026-03-10T13:24:00+01:00", "2026-03-10T13:25:00+01:00"),
        ("2026-03-10T00:00:00+01:00", "2026-03-10T14:30:00+01:00"),
        ("2026-03-03T00:00:00+01:00", "2026-03-04T00:00:00+01:00"),
    ]


def test_custom_element_with_a_link_gives_the_item_url() -> None:
    """<news-item href="..."> is clicked through by the site's script: its href is the
    item's page, bare and inside a full-size shell."""
    html = (PAGES / "custom-elements.html").read_bytes()
    for body in (html, _wrapped(html, 3)):
        page = parse_page(body, fetched_at=FETCHED_AT, format="html")
        assert [t.url for t in page.ticker] == [
            "/cultuur/boekenbal", "/cultuur/filmfestival", "/cultuur/cannes"]
