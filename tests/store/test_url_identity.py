"""One URL normal form for the crawler and the store: every spelling of a page is one story."""

from __future__ import annotations

from datetime import timedelta

import pytest

from anp_archive.errors import NotFoundError
from anp_archive.store import Archive
from anp_archive.urls import UrlForm
from store.pages import T0, capture_for, lead, page, tick

AEX = "https://www.example.nl/nieuws/aex-opent-hoger/"
AEX_VARIANTS = [
    "https://www.example.nl/nieuws/aex-opent-hoger",
    "https://www.example.nl/nieuws/aex-opent-hoger?utm_campaign=ochtend&utm_source=nb",
    "https://www.example.nl:443/nieuws/aex-opent-hoger/",
    "HTTPS://WWW.Example.NL/nieuws/aex-opent-hoger/#reacties",
    "https://www.example.nl/nieuws/aex-opent-hoger/?fbclid=IwAR0x&xtor=RSS-3",
]
FONDS = "https://www.example.nl/~beurs/fonds?b=2&a=1"
FONDS_VARIANTS = [
    "https://www.example.nl/%7ebeurs/fonds?a=1&b=2",
    "https://www.example.nl/%7Ebeurs/fonds/?b=2&a=1&ref=rss",
]
# Same place, other words: only the URL can say these ticker items are the article.
TEASERS = [
    "Beleggers in Amsterdam kochten vanochtend vooral banken en chipfondsen.",
    "Het Damrak begon de week met winst, gesteund door Wall Street.",
    "De hoofdgraadmeter steeg in de eerste minuten van de handel.",
    "Ook de Midkap won terrein bij de opening van de beurs.",
    "Chipmachinefabrikant ASML stond bovenaan de lijst van stijgers.",
    "Beurskenners spreken van een voorzichtig herstel na de daling van vrijdag.",
    "Het handelsvolume bleef aan de lage kant, melden handelaren.",
]


def _fill(archive: Archive) -> tuple[int, int]:
    """Two articles, then a ticker page per article linking to it under each variant."""
    aex = page(AEX, lead("AEX opent hoger", "AMSTERDAM",
                         "De AEX is maandag hoger geopend na de winst op Wall Street.",
                         "Banken deden het goed."), section="Economie")
    fonds = page(FONDS, lead("Fonds stijgt na cijfers", "AMSTERDAM",
                             "Het fonds steeg na betere kwartaalcijfers dan verwacht.",
                             "Analisten waren verrast."), section="Economie")
    for p in (aex, fonds):
        archive.ingest(capture_for(p), p, parser_version="1")
    links = AEX_VARIANTS + FONDS_VARIANTS
    for i, (link, text) in enumerate(zip(links, TEASERS, strict=True)):
        at = T0 + timedelta(minutes=10 + i)
        p = page(f"https://www.example.nl/nieuws/economie?page={i}", None,
                 tick("AMSTERDAM", text, agencies=("ANP",), url=link, fetched_at=at),
                 fetched_at=at)
        archive.ingest(capture_for(p), p, parser_version="1")
    return archive.get_story(AEX).story.id, archive.get_story(FONDS).story.id


def test_url_variants_of_one_page_are_one_story_on_both_databases(
    sqlite_url: str, pg_url: str
) -> None:
    answers = []
    for db_url in (sqlite_url, pg_url):
        with Archive.open(db_url) as archive:
            aex, fonds = _fill(archive)
            assert aex != fonds
            stories = {s.id: s for s in archive.search()}
            assert set(stories) == {aex, fonds}
            assert (stories[aex].sightings, stories[fonds].sightings) == (6, 3)
            for link in AEX_VARIANTS:
                assert archive.get_story(link).story.id == aex, link
                assert archive.has_story_for_url(link), link
            for link in FONDS_VARIANTS:
                assert archive.get_story(link).story.id == fonds, link
                assert archive.has_story_for_url(link), link
            # The article keeps the URL it was fetched under.
            answers.append((stories[aex].url, stories[fonds].url,
                            stories[aex].sightings, stories[fonds].sightings))
    assert answers[0] == answers[1] == (AEX, FONDS, 6, 3)


def test_www_and_scheme_twins_are_found_where_the_site_folds_them(archive: Archive) -> None:
    p = page(AEX, lead("AEX opent hoger", "AMSTERDAM",
                       "De AEX is maandag hoger geopend na de winst op Wall Street."))
    archive.ingest(capture_for(p), p, parser_version="1")
    bare = "http://example.nl/nieuws/aex-opent-hoger"
    folds = UrlForm(fold_www=True, fold_scheme=True)
    assert not archive.has_story_for_url(bare)  # a site that keeps them apart
    assert archive.has_story_for_url(bare, folds)
    assert not archive.has_story_for_url(bare, UrlForm(fold_www=True))  # http stays http
    # Someone asking for a story by URL means the page, however it is spelled.
    assert archive.get_story(bare).story.url == AEX
    with pytest.raises(NotFoundError):
        archive.get_story("https://example.nl/nieuws/aex-opent-lager")


def test_a_capture_is_known_under_every_spelling_the_crawler_may_fetch(
    archive: Archive,
) -> None:
    p = page(AEX, None)
    archive.add_capture(capture_for(p))
    assert archive.has_capture_for_url(AEX)
    assert archive.has_capture_for_url(AEX.rstrip("/"))  # a link without the slash
    assert archive.has_capture_for_url(AEX + "?utm_medium=email")
    bare = "http://example.nl/nieuws/aex-opent-hoger/"
    assert not archive.has_capture_for_url(bare)
    assert archive.has_capture_for_url(bare, UrlForm(fold_www=True, fold_scheme=True))
    assert not archive.has_capture_for_url("https://www.example.nl/nieuws/aex-opent-lager")


MALFORMED = [
    "http://[ticker.example.nl/nieuws/kade",
    "http://ticker example.nl/nieuws/kade",
    "https://ticker.example.nl:99999/nieuws/kade",
    "http://redactie:geheim@ticker.example.nl/nieuws/kade",
    "javascript:void(0)",
    "https://ticker.example.nl/nieuws/kade?k=" + "x" * 5000,
]


def test_a_ticker_link_with_a_malformed_host_never_raises(db_url: str) -> None:
    texts = [
        "De gemeente Vlissingen sluit de boulevard af voor het verkeer na de storm.",
        "In Middelburg is een nieuwe brug over het kanaal door Walcheren geopend.",
        "De veerdienst tussen Vlissingen en Breskens vaart weer volgens de dienstregeling.",
        "Bij Goes is een vrachtwagen gekanteld op de A58 richting Bergen op Zoom.",
        "De provincie Zeeland trekt extra geld uit voor het onderhoud van de dijken.",
        "Op Schouwen-Duiveland zijn twee nieuwe windmolens in gebruik genomen.",
    ]
    folds = UrlForm(fold_www=True, fold_scheme=True)
    with Archive.open(db_url) as archive:
        items = [tick("VLISSINGEN", t, agencies=("ANP",), url=link)
                 for t, link in zip(texts, MALFORMED, strict=True)]
        p = page("https://www.example.nl/nieuws/zeeland", None, *items)
        assert archive.ingest(capture_for(p), p, parser_version="1").new_stories == 6
        again = page("https://www.example.nl/nieuws/zeeland", None, *items)
        assert archive.ingest(capture_for(again, salt="2"), again,
                              parser_version="1").new_stories == 0
        for link in MALFORMED:
            assert archive.has_story_for_url(link, folds), link
            assert archive.get_story(link).story.sightings == 2, link
            assert not archive.has_capture_for_url(link, folds)


def test_a_feed_time_reaches_the_story_under_a_twin_spelling(archive: Archive) -> None:
    p = page(AEX, lead("AEX opent hoger", "AMSTERDAM",
                       "De AEX is maandag hoger geopend na de winst op Wall Street."))
    archive.ingest(capture_for(p), p, parser_version="1")
    listed = "http://example.nl/nieuws/aex-opent-hoger?utm_source=rss"
    at = T0 - timedelta(minutes=7)
    assert not archive.set_published_at(listed, at)  # a site that keeps them apart
    assert archive.set_published_at(listed, at, UrlForm(fold_www=True, fold_scheme=True))
    assert archive.get_story(AEX).story.published_at == at
