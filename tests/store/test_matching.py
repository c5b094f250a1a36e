"""The identity rules (1-5 of ``identity.py``) and the interval rule, without a database."""

from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from anp_archive.store.identity import (
    AGE_SLACK,
    SHORT_TEXT_WINDOW,
    UPDATE_WINDOW,
    identity_for,
)
from anp_archive.store.matching import (
    EXACT,
    HEAD,
    TITLE,
    UPDATE,
    URL,
    Bounds,
    Item,
    Revision,
    Story,
    ages_overlap,
    completes,
    covering,
    match,
    narrow,
    published_interval,
    shown_revision,
    ticker_may_join,
    time_compatible,
    url_trusted,
)
from store.pages import KREMLIN, T0, TRUMP_CLOONEY, TRUMP_TARIFFS

ARTICLE = "https://nieuws.example/nieuws/kremlin-ontkent"


def item(
    text: str,
    *,
    place: str = "MOSKOU",
    role: str = "ticker",
    title: str | None = None,
    url: str | None = None,
    agencies: str | None = "ANP",
    earliest: datetime | None = None,
    latest: datetime | None = None,
    published_at: datetime | None = None,
    body: str | None = None,
    replaces: str | None = None,
) -> Item:
    ident = identity_for(place=place, title=title, text=text, url=url, replaces_title=replaces)
    return Item(role, 1, ident, title, text, body, place, agencies, url, None, earliest,
                latest, published_at, None)


def story(
    of: Item,
    *,
    seen: datetime = T0,
    earliest: datetime | None = None,
    latest: datetime | None = None,
    revisions: int = 1,
) -> Story:
    """A stored story first shown by ``of``, with every key ``of`` registers."""
    s = Story(
        id=1, url=of.url, section=None, title=of.title, place=of.place, agencies=of.agencies,
        lede=of.lede, body=of.body, has_lead=of.role == "lead", published_at=of.published_at,
        bound_earliest=earliest, bound_latest=latest, first_seen_at=seen, last_seen_at=seen,
        text_seen_at=seen, sighting_count=1, revision_count=revisions,
    )
    s.known_keys.update(key for _, key, _ in of.ident.registered)
    return s


def keys_of(*pairs: tuple[Story, Item]) -> dict[str, list[tuple[Story, str | None]]]:
    keys: dict[str, list[tuple[Story, str | None]]] = {}
    for s, shown in pairs:
        for _, key, text_key in shown.ident.registered:
            keys.setdefault(key, []).append((s, text_key))
    return keys


# -- rule 1: url ---------------------------------------------------------------------------
def test_rule_1_the_same_article_url_is_the_same_story_even_with_another_text() -> None:
    first = item(KREMLIN, role="lead", title="Kremlin ontkent", url=ARTICLE)
    known = story(first)
    rewritten = item("Het Kremlin ontkent opnieuw het telefoongesprek.", role="lead",
                     title="Kremlin ontkent", url=ARTICLE + "/")
    assert match(rewritten, keys_of((known, first)), seen_at=T0) == (known, URL)
    assert match(first, keys_of((known, first)), seen_at=T0) == (known, EXACT)


def test_rule_1_a_url_from_another_place_with_another_text_is_not_trusted() -> None:
    first = item(KREMLIN, url=ARTICLE)
    known = story(first)
    elsewhere = item(TRUMP_CLOONEY, place="WASHINGTON", url=ARTICLE)
    assert not url_trusted(known, elsewhere.ident)
    assert match(elsewhere, keys_of((known, first)), seen_at=T0) == (None, "")
    # The same text under a dateline read differently is still the story.
    misread = item(KREMLIN[:80] + "...", place="MOSKOU/KYIV", url=ARTICLE)
    assert url_trusted(known, misread.ident)


# -- rule 2: text --------------------------------------------------------------------------
def test_rule_2_the_same_place_and_whole_text_is_the_same_story() -> None:
    first = item(KREMLIN)
    known = story(first)
    again = item(KREMLIN.replace(" ", "  ").upper(), agencies="ANP/AFP")
    assert match(again, keys_of((known, first)), seen_at=T0) == (known, EXACT)
    other_place = item(KREMLIN, place="KYIV")
    assert match(other_place, keys_of((known, first)), seen_at=T0) == (None, "")


def test_rule_2_a_short_formula_text_matches_only_around_the_same_time() -> None:
    first = item("AEX opent hoger.", place="AMSTERDAM", earliest=T0, latest=T0)
    known = story(first, earliest=T0, latest=T0)
    keys = keys_of((known, first))
    today = item("AEX opent hoger.", place="AMSTERDAM", earliest=T0 + timedelta(hours=2),
                 latest=T0 + timedelta(hours=2))
    tomorrow = item("AEX opent hoger.", place="AMSTERDAM", earliest=T0 + timedelta(days=1),
                    latest=T0 + timedelta(days=1))
    assert match(today, keys, seen_at=T0 + timedelta(hours=2)) == (known, EXACT)
    assert match(tomorrow, keys, seen_at=T0 + timedelta(days=1)) == (None, "")


def test_time_compatible_is_the_short_text_window() -> None:
    known = story(item("AEX opent hoger."), earliest=T0, latest=T0)
    edge = T0 + SHORT_TEXT_WINDOW
    assert time_compatible(known, item("x", earliest=edge, latest=edge), edge)
    past = edge + timedelta(minutes=1)
    assert not time_compatible(known, item("x", earliest=past, latest=past), past)
    before = T0 - SHORT_TEXT_WINDOW - timedelta(minutes=1)
    assert not time_compatible(known, item("x", earliest=before, latest=before), before)


# -- rule 3: head --------------------------------------------------------------------------
def test_rule_3_a_text_cut_short_joins_its_whole_text_but_a_diverging_one_does_not() -> None:
    first = item(KREMLIN, role="lead", title="Kremlin ontkent")
    known = story(first)
    keys = keys_of((known, first))
    cut = item(KREMLIN[:90] + "…")
    assert match(cut, keys, seen_at=T0) == (known, HEAD)
    diverging = item(KREMLIN[:70] + " iets heel anders dan het Kremlin eerder zei.")
    assert match(diverging, keys, seen_at=T0) == (None, "")


def test_two_ticker_items_of_one_page_are_two_stories() -> None:
    first = item(TRUMP_CLOONEY, place="WASHINGTON")
    known = story(first)
    keys = keys_of((known, first))
    whole = item(TRUMP_CLOONEY, place="WASHINGTON")
    cut = item(TRUMP_CLOONEY[:80] + "…", place="WASHINGTON")
    page = [whole, cut]
    # The whole text on the same page is the story already: the cut one may not join it.
    assert not ticker_may_join(known, cut, keys, page, set())
    assert match(cut, keys, seen_at=T0, page_items=page) == (None, "")
    assert ticker_may_join(known, cut, keys, [cut], set())
    assert not ticker_may_join(known, cut, keys, [cut], {id(known)})
    # A lead (an article page listing itself) is exempt.
    lead = item(TRUMP_CLOONEY[:80] + "…", place="WASHINGTON", role="lead")
    assert ticker_may_join(known, lead, keys, page, {id(known)})


# -- rule 4: title -------------------------------------------------------------------------
def test_rule_4_the_same_headline_around_the_same_time_with_overlapping_ages() -> None:
    first = item(KREMLIN, title="Kremlin ontkent", earliest=T0, latest=T0 + timedelta(minutes=1))
    known = story(first, earliest=T0, latest=T0 + timedelta(minutes=1))
    keys = keys_of((known, first))
    teaser = item("Peskov: pure fictie.", title="Kremlin ontkent",
                  earliest=T0 + timedelta(minutes=5), latest=T0 + timedelta(minutes=6))
    assert match(teaser, keys, seen_at=T0 + timedelta(minutes=6)) == (known, TITLE)
    hours_later = T0 + timedelta(hours=3)
    again = item("Peskov: pure fictie.", title="Kremlin ontkent", earliest=hours_later,
                 latest=hours_later)
    assert not ages_overlap(known, again)
    assert match(again, keys, seen_at=hours_later) == (None, "")
    regional = item("Peskov: pure fictie.", title="Kremlin ontkent", agencies=None,
                    earliest=T0 + timedelta(minutes=5), latest=T0 + timedelta(minutes=6))
    assert match(regional, keys, seen_at=T0 + timedelta(minutes=6)) == (None, "")


def test_ages_overlap_gives_the_slack_and_ignores_what_has_no_interval() -> None:
    known = story(item("x"), earliest=T0, latest=T0)
    assert ages_overlap(known, item("y", earliest=T0 + AGE_SLACK, latest=T0 + AGE_SLACK))
    late = T0 + AGE_SLACK + timedelta(seconds=1)
    assert not ages_overlap(known, item("y", earliest=late, latest=late))
    early = T0 - AGE_SLACK - timedelta(seconds=1)
    assert not ages_overlap(known, item("y", earliest=early, latest=early))
    assert ages_overlap(known, item("y"))
    assert ages_overlap(story(item("x")), item("y", earliest=late, latest=late))
    conflict = story(item("x"), earliest=T0 + timedelta(hours=1), latest=T0)
    assert ages_overlap(conflict, item("y", earliest=late, latest=late))


# -- rule 5: update ------------------------------------------------------------------------
def test_rule_5_an_announced_update_joins_the_replaced_headline_within_the_window() -> None:
    first = item(TRUMP_TARIFFS, place="WASHINGTON", title="Trump kondigt heffingen aan")
    known = story(first)
    keys = keys_of((known, first))
    update = item("Ook Canada wordt getroffen door de nieuwe heffingen van de president.",
                  place="WASHINGTON", replaces="Trump kondigt heffingen aan")
    assert update.ident.is_update
    assert match(update, keys, seen_at=T0 + UPDATE_WINDOW) == (known, UPDATE)
    too_late = T0 + UPDATE_WINDOW + timedelta(minutes=1)
    assert match(update, keys, seen_at=too_late) == (None, "")


def test_the_story_seen_last_wins_among_several() -> None:
    first = item(KREMLIN)
    old, new = story(first), story(first, seen=T0 + timedelta(hours=1))
    assert match(first, keys_of((old, first), (new, first)), seen_at=T0) == (new, EXACT)


# -- which text a sighting shows -----------------------------------------------------------
def test_a_lead_completes_the_ticker_text_it_starts_with_and_a_cut_text_is_completed() -> None:
    cut = Revision(1, "ticker", None, KREMLIN[:80] + "...", None)
    shorter = Revision(1, "ticker", None, KREMLIN.split(". ")[0] + ".", None)
    lead = Revision(0, "lead", "Kremlin ontkent", KREMLIN, KREMLIN)
    longer = Revision(0, "ticker", None, KREMLIN, None)
    assert completes(lead, cut) and completes(lead, shorter)
    assert completes(longer, cut)
    assert not completes(longer, shorter)  # not cut short: it grew, an update
    assert not completes(longer, lead)  # only a ticker rendering is completed


def test_covering_and_shown_revision() -> None:
    revisions = [
        Revision(1, "lead", "Kremlin ontkent", KREMLIN, KREMLIN),
        Revision(2, "lead", "Kremlin ontkent (2)", TRUMP_CLOONEY, TRUMP_CLOONEY),
    ]
    first_cut = item(KREMLIN[:70] + "…")
    second = item(TRUMP_CLOONEY, role="lead", title="Kremlin ontkent (2)", body=TRUMP_CLOONEY)
    teaser = item("Peskov: pure fictie.")
    assert covering(revisions, first_cut) == 1
    assert covering(revisions, second) == 2
    assert covering(revisions, teaser) is None
    assert shown_revision(2, lambda: revisions, first_cut) == 1
    assert shown_revision(2, lambda: revisions, teaser) == 2  # unknown: the newest

    def never() -> list[Revision]:
        raise AssertionError("one text: nothing to look up")

    assert shown_revision(1, never, teaser) == 1


# -- the interval rule ---------------------------------------------------------------------
def test_an_update_lowers_the_latest_bound_but_never_raises_the_earliest() -> None:
    bounds = Bounds(T0, T0 + timedelta(hours=2))
    later = T0 + timedelta(hours=1)
    assert narrow(bounds, later, later + timedelta(minutes=1), later_text=True) == Bounds(
        T0, later + timedelta(minutes=1))
    assert narrow(bounds, later, later + timedelta(minutes=1)) == Bounds(
        later, later + timedelta(minutes=1))
    assert narrow(Bounds(None, None), None, None) == Bounds(None, None)


def test_crossed_bounds_are_a_conflict_and_no_time_is_invented() -> None:
    assert published_interval(Bounds(T0, T0)) == (T0, T0, False)
    assert published_interval(Bounds(T0, None)) == (T0, None, False)
    assert published_interval(Bounds(T0 + timedelta(seconds=1), T0)) == (None, None, True)


times = st.one_of(
    st.none(), st.integers(0, 10_000).map(lambda m: T0 + timedelta(minutes=m))
)
sightings = st.lists(st.tuples(times, times, st.booleans()), max_size=12)


def _interval(a: datetime | None, b: datetime | None) -> tuple[datetime | None, datetime | None]:
    """A sighting's interval, earliest first (as ages give them)."""
    if a is not None and b is not None and a > b:
        return b, a
    return a, b


@given(sightings)
def test_the_interval_only_narrows(seen: list[tuple[datetime | None, datetime | None, bool]]) -> None:
    bounds = Bounds(None, None)
    for a, b, update in seen:
        earliest, latest = _interval(a, b)
        after = narrow(bounds, earliest, latest, later_text=update)
        if bounds.earliest is not None:
            assert after.earliest is not None and after.earliest >= bounds.earliest
        if bounds.latest is not None:
            assert after.latest is not None and after.latest <= bounds.latest
        if update:
            assert after.earliest == bounds.earliest
        bounds = after


@given(sightings)
def test_the_interval_does_not_depend_on_the_order_of_sightings(
    seen: list[tuple[datetime | None, datetime | None, bool]],
) -> None:
    def fold(order: list[tuple[datetime | None, datetime | None, bool]]) -> Bounds:
        bounds = Bounds(None, None)
        for a, b, update in order:
            bounds = narrow(bounds, *_interval(a, b), later_text=update)
        return bounds

    assert fold(seen) == fold(list(reversed(seen)))


@given(sightings)
def test_a_published_interval_has_earliest_before_latest(
    seen: list[tuple[datetime | None, datetime | None, bool]],
) -> None:
    bounds = Bounds(None, None)
    for a, b, update in seen:
        bounds = narrow(bounds, *_interval(a, b), later_text=update)
    earliest, latest, conflict = published_interval(bounds)
    if earliest is not None and latest is not None:
        assert earliest <= latest
    assert conflict == (earliest is None and latest is None and bounds.earliest is not None
                        and bounds.latest is not None)
    # Sightings that all contain one moment never conflict.
    if all(
        (e is None or e <= T0 + timedelta(minutes=5_000))
        and (la is None or la >= T0 + timedelta(minutes=5_000))
        for e, la in (_interval(a, b) for a, b, _ in seen)
    ):
        assert not conflict


def test_the_rules_need_no_database() -> None:
    import ast
    from pathlib import Path

    from anp_archive.store import matching

    tree = ast.parse(Path(matching.__file__).read_text(encoding="utf-8"))
    imported = {
        node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
    } | {a.name for node in ast.walk(tree) if isinstance(node, ast.Import) for a in node.names}
    assert not {
        name for name in imported
        if name.split(".")[0] in ("sqlalchemy", "psycopg", "sqlite3")
        or name in ("anp_archive.store.rawsql", "anp_archive.store.schema")
    }
