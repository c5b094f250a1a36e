"""The search language: parsed into one tree, the same answers on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest

from anp_archive.errors import ConfigError, QuerySyntaxError
from anp_archive.search import And, Not, Or, Phrase, Term, parse, to_fts5, to_tsquery
from anp_archive.store import Archive

from .pages import T0, capture_for, page, tick

# Own wire texts, one place each, an hour apart (the first is the oldest).
STORIES = [
    ("DEN HAAG", "De Tweede Kamer debatteert over nieuwe woningen voor starters."),
    ("ROTTERDAM", "De Eerste Kamer stemt in met de wet; een woning wordt duurder."),
    ("UTRECHT", "Het spoornet is verouderd en toe aan onderhoud, zegt ProRail."),
    ("ARNHEM", "Het spoornet rond Arnhem blijkt verrassend modern en goed verouderd."),
    ("SÃO PAULO", "Een grote brand verwoestte een fabriek in São Paulo."),
    ("BRUSSEL/WASHINGTON", "Europa en de Verenigde Staten sluiten een handelsakkoord."),
    ("PYONGYANG", "Kim Jong-un bezocht een woningbouwproject aan de kust."),
    ("ZWOLLE", "Woningcorporaties bouwen dit jaar minder dan beloofd."),
]


@pytest.fixture
def battery(archive: Archive) -> Archive:
    for i, (place, body) in enumerate(STORIES):
        at = T0 + timedelta(hours=i)
        p = page(None, None, tick(place, body, agencies=("ANP",), fetched_at=at), fetched_at=at)
        archive.ingest(capture_for(p), p, parser_version="1")
    return archive


def places(archive: Archive, text: str | None = None, **filters: object) -> list[str]:
    """Places of the matches, oldest story first (the fixture's order)."""
    filters.setdefault("sort", "newest")
    found = archive.search(text=text, **filters)  # type: ignore[arg-type]
    return [s.place or "" for s in reversed(found)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kamer", ["DEN HAAG", "ROTTERDAM"]),
        ("Kamer -Tweede", ["ROTTERDAM"]),
        ("Kamer NOT Tweede", ["ROTTERDAM"]),
        ('"spoornet is verouderd"', ["UTRECHT"]),
        ("spoornet verouderd", ["UTRECHT", "ARNHEM"]),
        ("spoornet OR brand", ["UTRECHT", "ARNHEM", "SÃO PAULO"]),
        ("(spoornet OR brand) -Arnhem", ["UTRECHT", "SÃO PAULO"]),
        ("woning*", ["DEN HAAG", "ROTTERDAM", "PYONGYANG", "ZWOLLE"]),
        ("Sao", ["SÃO PAULO"]),
        ("SÃO", ["SÃO PAULO"]),
        ("Jong-un", ["PYONGYANG"]),
        ("handelsakkoord", ["BRUSSEL/WASHINGTON"]),
        ("giraffe", []),
    ],
)
def test_queries_mean_the_same_on_both_databases(
    battery: Archive, query: str, expected: list[str]
) -> None:
    assert places(battery, query) == expected


def test_place_matches_any_place_of_a_multi_place_dateline(battery: Archive) -> None:
    assert places(battery, place="brussel") == ["BRUSSEL/WASHINGTON"]
    assert places(battery, place="WASHINGTON") == ["BRUSSEL/WASHINGTON"]
    assert places(battery, place="brussel/washington") == ["BRUSSEL/WASHINGTON"]
    assert places(battery, place="sao paulo") == ["SÃO PAULO"]
    assert places(battery, place="PAULO") == []


def test_like_wildcards_in_filters_are_plain_letters(battery: Archive) -> None:
    assert places(battery, agency="%") == []
    assert places(battery, agency="A_P") == []
    assert places(battery, place="%") == []
    assert len(places(battery, agency="anp")) == len(STORIES)


def test_bad_syntax_is_a_query_error_not_an_sql_error(battery: Archive) -> None:
    for bad in ['"spoornet', "(spoornet", "spoornet)", "OR brand", "brand OR", "-Tweede",
                "NOT", "kamer NOT", "()"]:
        with pytest.raises(QuerySyntaxError):
            battery.search(text=bad)


def test_the_tree_and_its_renderings() -> None:
    tree = parse('Kamer -Tweede "spoornet is" woning* OR brand')
    assert tree == Or((
        And((Term("kamer"), Not(Term("tweede")), Phrase(("spoornet", "is")),
             Term("woning", prefix=True))),
        Term("brand"),
    ))
    assert to_fts5(tree) == (
        '((("kamer" AND "spoornet is" AND "woning"*) NOT "tweede") OR "brand")'
    )
    assert to_tsquery(tree) == (
        "(('kamer' & !'tweede' & ('spoornet' <-> 'is') & 'woning':*) | 'brand')"
    )


def test_operator_signs_are_never_passed_through() -> None:
    # Quotes, colons, ampersands: reduced to words, so neither backend sees its syntax.
    tree = parse("a:b & c|d'e")
    assert tree is not None
    assert to_fts5(tree) == '("a b" AND "c d e")'
    assert to_tsquery(tree) == "(('a' <-> 'b') & ('c' <-> 'd' <-> 'e'))"
    tree = parse("NEAR(x y) title:kamer")
    assert tree is not None
    rendered = to_fts5(tree)
    assert "NEAR(" not in rendered and "title:" not in rendered
    assert parse("!!! ***") is None
    assert parse("or not") == And((Term("or"), Term("not")))


def test_sort_and_count(archive: Archive) -> None:
    texts = [
        ("LEEUWARDEN", "Een dijk brak. De dijk bij de dijk van de dijk werd hersteld."),
        ("GRONINGEN", "Het waterschap inspecteert na de storm ook een dijk in het noorden, "
                      "samen met gemeente, provincie, brandweer en vrijwilligers uit de buurt."),
        ("ASSEN", "De provincie opent een nieuw fietspad langs het kanaal."),
    ]
    for i, (place, body) in enumerate(texts):
        at = T0 + timedelta(hours=i)
        p = page(None, None, tick(place, body, agencies=("ANP",), fetched_at=at), fetched_at=at)
        archive.ingest(capture_for(p), p, parser_version="1")
    ranked = [s.place for s in archive.search(text="dijk")]
    assert ranked == ["LEEUWARDEN", "GRONINGEN"]  # relevance is the default with words
    assert [s.place for s in archive.search(text="dijk", sort="newest")] == [
        "GRONINGEN", "LEEUWARDEN"]
    assert [s.place for s in archive.search(sort="oldest")] == [
        "LEEUWARDEN", "GRONINGEN", "ASSEN"]
    assert [s.place for s in archive.search()] == ["ASSEN", "GRONINGEN", "LEEUWARDEN"]
    assert archive.count(text="dijk", limit=1) == 2
    assert archive.count(text="provincie OR dijk") == 3
    assert archive.count(place="assen") == 1
    with pytest.raises(ConfigError):
        archive.search(sort="random")
