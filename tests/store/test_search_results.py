"""What a search hands back besides the stories: marked snippets, facet counts, the total;
the same on SQLite and on PostgreSQL."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from anp_archive.errors import ConfigError
from anp_archive.store import Archive, SearchQuery

from .pages import capture_for, page, tick

# Own wire texts: (fetched at, section, place, agencies, text). Each story is published about
# an hour before it is fetched; the last one just after midnight in Amsterdam but still on
# 1 January in UTC, so a UTC day would count it on the wrong day.
STORIES = [
    (datetime(2026, 1, 1, 9, 0, tzinfo=UTC), "Binnenland", "DEN HAAG", ("ANP",),
     "De Tweede Kamer debatteert over nieuwe woningen voor starters in de Randstad."),
    (datetime(2026, 1, 1, 10, 0, tzinfo=UTC), "Binnenland", "ROTTERDAM", ("ANP",),
     "Een brand in een leegstaand pakhuis in de haven trok veel rook over de woningen."),
    (datetime(2026, 1, 1, 11, 0, tzinfo=UTC), "Buitenland", "BRUSSEL/WASHINGTON", ("ANP", "RTR"),
     "Europa en de Verenigde Staten sluiten na lang overleg een handelsakkoord over staal."),
    (datetime(2026, 1, 1, 12, 0, tzinfo=UTC), "Buitenland", "WASHINGTON", ("ANP", "AFP"),
     "Het handelsakkoord met Europa moet volgens het Witte Huis banen opleveren in de staalsector."),
    (datetime(2026, 1, 1, 13, 0, tzinfo=UTC), "Buitenland", "BRUSSEL", ("ANP", "DPA"),
     "De Europese Commissie wil de regels voor staal uit China aanscherpen, zegt de commissaris."),
    (datetime(2026, 1, 2, 0, 10, tzinfo=UTC), "Economie", "AMSTERDAM", ("ANP",),
     "De beurs in Amsterdam opende het nieuwe jaar met een kleine winst; staal deed het goed."),
]


def _fill(archive: Archive) -> Archive:
    for at, section, place, agencies, body in STORIES:
        p = page(None, None, tick(place, body, agencies=agencies, fetched_at=at),
                 fetched_at=at, section=section)
        archive.ingest(capture_for(p), p, parser_version="1")
    return archive


@pytest.fixture
def both(sqlite_url: str, pg_url: str) -> Iterator[tuple[Archive, Archive]]:
    """The same stories in a SQLite and a PostgreSQL archive, for side-by-side answers."""
    with Archive.open(sqlite_url) as lite, Archive.open(pg_url) as pg:
        yield _fill(lite), _fill(pg)


@pytest.fixture
def filled(db_url: str) -> Iterator[Archive]:
    with Archive.open(db_url) as archive:
        yield _fill(archive)


def _marked(archive: Archive, text: str) -> dict[str | None, set[str]]:
    """Per story place: the words its snippet marks, lower case."""
    return {
        hit.story.place: {w.lower() for w in re.findall(r"\[([^\]]+)\]", hit.snippet or "")}
        for hit in archive.search_hits(SearchQuery(text=text, sort="newest"))
    }


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("handelsakkoord", {"BRUSSEL/WASHINGTON": {"handelsakkoord"},
                            "WASHINGTON": {"handelsakkoord"}}),
        ("brand", {"ROTTERDAM": {"brand"}}),
        ("rotterdam", {"ROTTERDAM": {"rotterdam"}}),  # only in its dateline
        ("Europa handelsakkoord", {"BRUSSEL/WASHINGTON": {"europa", "handelsakkoord"},
                                   "WASHINGTON": {"europa", "handelsakkoord"}}),
        ("rook OR starters", {"DEN HAAG": {"starters"}, "ROTTERDAM": {"rook"}}),
        ("staal -handelsakkoord", {"BRUSSEL": {"staal"}, "AMSTERDAM": {"staal"}}),
    ],
)
def test_snippets_mark_the_same_words_on_both_databases(
    both: tuple[Archive, Archive], text: str, expected: dict[str, set[str]]
) -> None:
    lite, pg = both
    assert _marked(lite, text) == expected
    assert _marked(pg, text) == expected


def test_a_snippet_shows_the_matched_passage(filled: Archive) -> None:
    (hit,) = filled.search_hits(SearchQuery(text="pakhuis"))
    assert hit.snippet is not None
    assert "[pakhuis]" in hit.snippet
    assert "haven" in hit.snippet  # the words around the match, from the story's own text
    assert hit.to_dict()["snippet"] == hit.snippet
    assert hit.to_dict()["id"] == hit.story.id


def test_no_snippet_without_words(filled: Archive) -> None:
    hits = filled.search_hits(SearchQuery(section="Buitenland"))
    assert len(hits) == 3
    assert all(hit.snippet is None for hit in hits)


def test_search_hits_are_the_search_results(filled: Archive) -> None:
    query = SearchQuery(text="staal", limit=2)
    assert [h.story for h in filled.search_hits(query)] == filled.search(query)


@pytest.mark.postgres
def test_facets_count_all_matches_alike_on_both_databases(
    both: tuple[Archive, Archive],
) -> None:
    lite, pg = both
    # The limit shows one story; the facets still count all three matches ("staalsector"
    # is another word).
    query = SearchQuery(text="staal", limit=1)
    kinds = ["section", "place", "agency", "day"]
    expected = {
        "section": [("Buitenland", 2), ("Economie", 1)],
        # BRUSSEL/WASHINGTON counts for both of its places.
        "place": [("BRUSSEL", 2), ("AMSTERDAM", 1), ("WASHINGTON", 1)],
        "agency": [("ANP", 3), ("DPA", 1), ("RTR", 1)],
        # The Amsterdam story was published after midnight local time (still 1 Jan in UTC).
        "day": [("2026-01-02", 1), ("2026-01-01", 2)],
    }
    assert lite.facets(query, kinds) == expected
    assert pg.facets(query, kinds) == expected
    assert lite.count(query) == pg.count(query) == 3


def test_facets_follow_the_filters_and_refuse_unknown_kinds(filled: Archive) -> None:
    assert filled.facets(SearchQuery(place="brussel"), ["place"]) == {
        "place": [("BRUSSEL", 2), ("WASHINGTON", 1)]
    }
    assert filled.facets(SearchQuery(text="zzzonbekend"), ["section", "day"]) == {
        "section": [], "day": []
    }
    with pytest.raises(ConfigError, match="facet: 'author' is not one of"):
        filled.facets(SearchQuery(), ["author"])
