"""Recognition rules found wanting by a probe with known ground truth (SQLite and PostgreSQL):
recurring headlines, two items of one page, texts cut short, update pages' times, links
that belong to another item, teasers, and updates seen only in tickers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from anp_archive.store import Archive
from store.pages import KREMLIN, ZELENSKY, capture_for, lead, page, tick

MORNING = datetime(2026, 3, 10, 6, 50, tzinfo=UTC)
AFTERNOON = datetime(2026, 3, 10, 15, 20, tzinfo=UTC)

FIRE_TITLE = "Brand in woning in Vlissingen"
FIRE_MORNING = (
    "Bij een brand in een woning aan de Bellamystraat in Vlissingen is dinsdagochtend veel "
    "schade ontstaan. De bewoners konden op tijd naar buiten."
)
FIRE_AFTERNOON = (
    "In een bovenwoning aan de Boulevard Evertsen in Vlissingen is dinsdagmiddag brand "
    "uitgebroken. Een bewoner is met rookinhalatie naar het ziekenhuis gebracht."
)
HSBC = (
    "De Britse bank HSBC schrapt de komende twee jaar zo'n 4000 banen, vooral in Europa. "
    "Dat heeft de bank bevestigd na berichtgeving van persbureau Bloomberg."
)
BAYERN_TITLE = "Bayern München verlengt contract met Nederlandse verdediger"
BAYERN = (
    "Bayern München heeft het contract van de Nederlandse verdediger Jan Bakker met drie "
    "jaar verlengd. De 24-jarige international ligt nu vast tot medio 2030."
)
BAYERN_TEASER = "De Duitse landskampioen wil de Nederlandse international nog jaren aan zich binden."
DRONES_TITLE = "Oekraïne meldt grote droneaanval op energiecentrales"
DRONES = (
    "Rusland heeft in de nacht van maandag op dinsdag met meer dan honderd drones "
    "energiecentrales in het oosten en zuiden van Oekraïne aangevallen."
)
DRONES_UPDATE = (
    "Bij de Russische droneaanval op Oekraïense energiecentrales zijn zeker vier doden "
    "gevallen. In delen van Charkiv en Odesa is de stroom uitgevallen."
)


def _ingest(archive: Archive, *pages: object) -> None:
    for p in pages:
        archive.ingest(capture_for(p), p, parser_version="1")  # type: ignore[arg-type]


def _ticker(fetched_at: datetime, place: str, body: str, minutes: tuple[int, int], *,
            title: str | None = None, url: str | None = None) -> object:
    return tick(place, body, agencies=("ANP",), minutes=minutes, fetched_at=fetched_at,
                title=title, url=url, age=f"{minutes[1]} minuten geleden")


def _index(fetched_at: datetime, *items: object, url: str | None = None) -> object:
    return page(url, None, *items, fetched_at=fetched_at, section="Zeeland")  # type: ignore[arg-type]


def _by_lede(archive: Archive) -> dict[str, tuple[int, int]]:
    """lede opening -> (sightings, revisions)."""
    return {s.lede[:30]: (s.sightings, s.revisions) for s in archive.search()}


def _update_flags(archive: Archive, story_id: int) -> list[bool]:
    with archive.engine.connect() as conn:
        rows = conn.execute(
            text("SELECT is_update FROM sightings WHERE story_id = :id ORDER BY seen_at, id"),
            {"id": story_id},
        )
        return [bool(flag) for (flag,) in rows]


# -- 1. the headline rule ------------------------------------------------------------------
def test_the_same_headline_at_the_same_place_hours_apart_is_another_story(
    archive: Archive,
) -> None:
    # Two fires in Vlissingen eight hours apart, both headlined alike. The afternoon page
    # shows the new fire first and the morning's further down.
    morning = _index(MORNING, _ticker(MORNING, "VLISSINGEN", FIRE_MORNING, (11, 10),
                                      title=FIRE_TITLE))
    afternoon = _index(
        AFTERNOON,
        _ticker(AFTERNOON, "VLISSINGEN", FIRE_AFTERNOON, (26, 25), title=FIRE_TITLE),
        _ticker(AFTERNOON, "VLISSINGEN", ZELENSKY, (60, 59)),
        _ticker(AFTERNOON, "VLISSINGEN", FIRE_MORNING, (540, 480), title=FIRE_TITLE),
    )
    _ingest(archive, morning, afternoon)
    counts = _by_lede(archive)
    assert counts[FIRE_MORNING[:30]] == (2, 1)
    assert counts[FIRE_AFTERNOON[:30]] == (1, 1)


def test_two_ticker_items_of_one_page_are_two_stories_even_without_ages(
    archive: Archive,
) -> None:
    # No ages, so only the page says they differ: the item further down is the morning's
    # story by its exact text, so the first may not become it by the headline.
    morning = _index(MORNING, tick("VLISSINGEN", FIRE_MORNING, minutes=None, age=None,
                                   title=FIRE_TITLE, fetched_at=MORNING))
    later = MORNING + timedelta(hours=1)
    both = _index(
        later,
        tick("VLISSINGEN", FIRE_AFTERNOON, minutes=None, age=None, title=FIRE_TITLE,
             fetched_at=later),
        tick("VLISSINGEN", FIRE_MORNING, minutes=None, age=None, title=FIRE_TITLE,
             fetched_at=later),
    )
    _ingest(archive, morning, both)
    assert _by_lede(archive) == {FIRE_MORNING[:30]: (2, 1), FIRE_AFTERNOON[:30]: (1, 1)}


def test_a_later_ticker_item_of_the_page_may_not_take_a_story_an_earlier_one_is(
    archive: Archive,
) -> None:
    morning = _index(MORNING, tick("VLISSINGEN", FIRE_MORNING, minutes=None, age=None,
                                   title=FIRE_TITLE, fetched_at=MORNING))
    later = MORNING + timedelta(hours=1)
    both = _index(
        later,
        tick("VLISSINGEN", FIRE_MORNING, minutes=None, age=None, title=FIRE_TITLE,
             fetched_at=later),
        tick("VLISSINGEN", FIRE_AFTERNOON, minutes=None, age=None, title=FIRE_TITLE,
             fetched_at=later),
    )
    _ingest(archive, morning, both)
    assert _by_lede(archive) == {FIRE_MORNING[:30]: (2, 1), FIRE_AFTERNOON[:30]: (1, 1)}


def test_a_headline_rendering_whose_age_overlaps_still_joins(archive: Archive) -> None:
    first = _index(MORNING, _ticker(MORNING, "MÜNCHEN", BAYERN, (56, 55), title=BAYERN_TITLE))
    later = MORNING + timedelta(hours=3)
    teaser = _index(later, _ticker(later, "MÜNCHEN", BAYERN_TEASER, (240, 180),
                                   title=BAYERN_TITLE))
    _ingest(archive, first, teaser)
    [story] = archive.search()
    assert story.sightings == 2


def test_an_article_page_may_list_itself_cut_short_and_an_index_an_update_beside_its_original(
    archive: Archive,
) -> None:
    article = page(
        "https://x.nl/nieuws/drones",
        lead(DRONES_TITLE, "KYIV", DRONES, "Over slachtoffers is nog niets bekend."),
        _ticker(MORNING, "KYIV", DRONES[:90] + "…", (101, 100)),
        fetched_at=MORNING,
    )
    later = MORNING + timedelta(hours=6)
    index = _index(
        later,
        _ticker(later, "KYIV", f"Nieuw bericht, vervangt: {DRONES_TITLE}. {DRONES_UPDATE}",
                (51, 50)),
        _ticker(later, "KYIV", DRONES[:100] + "...", (481, 420)),
    )
    _ingest(archive, article, index)
    [story] = archive.search()
    assert (story.sightings, story.revisions) == (4, 2)


# -- 2. a text cut short first ---------------------------------------------------------------
def test_a_cut_ticker_text_seen_first_is_completed_in_place_by_the_full_text(
    archive: Archive,
) -> None:
    t1 = datetime(2026, 3, 10, 15, 20, tzinfo=UTC)
    t2 = datetime(2026, 3, 10, 18, 5, tzinfo=UTC)
    t3 = datetime(2026, 3, 10, 21, 45, tzinfo=UTC)
    cut = _index(t1, _ticker(t1, "LONDEN", HSBC[:120].rsplit(" ", 1)[0] + "...", (180, 120)))
    _ingest(archive, cut)
    [only] = archive.search()
    assert only.lede.endswith("...")  # what it is: a text cut short
    full = _index(t2, _ticker(t2, "LONDEN", HSBC, (300, 240)))
    again = _index(t3, _ticker(t3, "LONDEN", HSBC, (540, 480)))
    _ingest(archive, full, again)
    [story] = archive.search()
    assert (story.sightings, story.revisions) == (3, 1)
    assert story.lede == HSBC
    # Every sighting showed the first text, so every one narrows both bounds.
    assert _update_flags(archive, story.id) == [False, False, False]
    assert story.published_earliest == t2 - timedelta(minutes=300)
    assert story.published_latest == t1 - timedelta(minutes=120)


def test_a_text_cut_mid_word_is_completed_too_and_a_grown_text_is_still_a_revision(
    archive: Archive,
) -> None:
    t1 = MORNING
    t2 = MORNING + timedelta(minutes=30)
    t3 = MORNING + timedelta(hours=2)
    grown = HSBC + " Het gaat om ongeveer 2 procent van het personeel."
    _ingest(
        archive,
        _index(t1, _ticker(t1, "LONDEN", HSBC[:131] + "…", (11, 10))),
        _index(t2, _ticker(t2, "LONDEN", HSBC, (41, 40))),
        _index(t3, _ticker(t3, "LONDEN", grown, (5, 4))),
    )
    [story] = archive.search()
    detail = archive.get_story(story.id)
    assert [r.lede for r in detail.revisions] == [HSBC, grown]


# -- 3. an update page's publication time ----------------------------------------------------
def test_an_update_pages_published_time_only_bounds_the_latest_time(archive: Archive) -> None:
    # The original: an article without a stated time, and a ticker item 1-2 hours old.
    original = page(
        "https://x.nl/nieuws/drones",
        lead(DRONES_TITLE, "KYIV", DRONES),
        fetched_at=MORNING,
    )
    vague = _index(MORNING, _ticker(MORNING, "KYIV", DRONES, (120, 60)))
    stated = MORNING - timedelta(minutes=90)
    update = page(
        "https://x.nl/nieuws/drones-2",
        lead(DRONES_TITLE + " (2)", "KYIV", f"Nieuw bericht, vervangt: {DRONES_TITLE}.",
             DRONES_UPDATE, published_at=stated),
        fetched_at=MORNING + timedelta(hours=1),
    )
    _ingest(archive, original, vague, update)
    [story] = archive.search()
    assert story.revisions == 2
    assert story.published_at is None
    assert story.published_earliest == MORNING - timedelta(minutes=120)
    assert story.published_latest == stated
    assert not story.time_conflict


def test_the_original_pages_published_time_stays(archive: Archive) -> None:
    own = MORNING - timedelta(minutes=30)
    original = page("https://x.nl/nieuws/drones",
                    lead(DRONES_TITLE, "KYIV", DRONES, published_at=own), fetched_at=MORNING)
    update = page(
        "https://x.nl/nieuws/drones-2",
        lead(DRONES_TITLE + " (2)", "KYIV", DRONES_UPDATE, published_at=own - timedelta(hours=9)),
        fetched_at=MORNING + timedelta(hours=2),
    )
    _ingest(archive, original, update)
    [story] = archive.search()
    assert story.published_at == own


# -- 4. a link that belongs to another item --------------------------------------------------
def test_a_url_match_from_another_place_with_another_text_is_refused(archive: Archive) -> None:
    url = "https://x.nl/nieuws/kremlin"
    article = page(url, lead("Kremlin ontkent", "MOSKOU", KREMLIN), fetched_at=MORNING)
    later = MORNING + timedelta(minutes=30)
    shifted = _index(
        later,
        _ticker(later, "KYIV", ZELENSKY, (11, 10), url=url),
        _ticker(later, "MOSKOU", KREMLIN, (41, 40), url="https://x.nl/nieuws/iets-anders"),
    )
    _ingest(archive, article, shifted)
    by_place = {s.place: (s.sightings, s.revisions) for s in archive.search()}
    assert by_place == {"MOSKOU": (2, 1), "KYIV": (1, 1)}


def test_a_url_match_from_the_same_place_or_with_the_same_text_is_kept(archive: Archive) -> None:
    url = "https://x.nl/nieuws/kremlin"
    article = page(url, lead("Kremlin ontkent", "MOSKOU", KREMLIN), fetched_at=MORNING)
    later = MORNING + timedelta(minutes=30)
    teaser = _index(later, _ticker(later, "MOSKOU", "Peskov noemt het verhaal pure fictie.",
                                   (41, 40), url=url))
    odd_place = _index(later + timedelta(minutes=1),
                       _ticker(later, "KREMLIN", KREMLIN, (41, 40), url=url))
    _ingest(archive, article, teaser, odd_place)
    [story] = archive.search()
    assert story.sightings == 3


# -- 5. a teaser through the headline rule ---------------------------------------------------
def test_a_teaser_joined_by_its_headline_leaves_the_lede_alone(archive: Archive) -> None:
    first = _index(MORNING, _ticker(MORNING, "MÜNCHEN", BAYERN, (56, 55), title=BAYERN_TITLE))
    later = MORNING + timedelta(hours=3)
    teaser = _index(later, _ticker(later, "MÜNCHEN", BAYERN_TEASER, (240, 180),
                                   title=BAYERN_TITLE, url="https://x.nl/nieuws/bayern"))
    _ingest(archive, first, teaser)
    [story] = archive.search()
    assert (story.sightings, story.revisions) == (2, 1)
    assert story.lede == BAYERN


# -- 7. an update seen only in tickers -------------------------------------------------------
def test_an_update_seen_only_in_tickers_is_kept_and_found(archive: Archive) -> None:
    article = page("https://x.nl/nieuws/drones", lead(DRONES_TITLE, "KYIV", DRONES),
                   _ticker(MORNING, "KYIV", DRONES, (5, 4)), fetched_at=MORNING)
    t1 = MORNING + timedelta(hours=7)
    t2 = t1 + timedelta(hours=3)
    marker = f"Nieuw bericht, vervangt: {DRONES_TITLE}. {DRONES_UPDATE}"
    _ingest(
        archive,
        article,
        _index(t1, _ticker(t1, "KYIV", marker, (51, 50))),
        _index(t2, _ticker(t2, "KYIV", marker, (240, 180))),
    )
    [story] = archive.search()
    assert (story.sightings, story.revisions) == (4, 2)
    assert [s.id for s in archive.search(text="Charkiv Odesa")] == [story.id]
    assert archive.search(text="Charkiv")[0].lede == DRONES_UPDATE
    # The update's sightings say when the update was out, not the original.
    assert _update_flags(archive, story.id) == [False, False, True, True]
    assert story.published_earliest == MORNING - timedelta(minutes=5)
    assert story.published_latest == MORNING - timedelta(minutes=4)
    # Its own article later completes that revision rather than adding one.
    own = page("https://x.nl/nieuws/drones-2",
               lead(DRONES_TITLE + " (2)", "KYIV", f"Nieuw bericht, vervangt: {DRONES_TITLE}.",
                    DRONES_UPDATE, "Volgens de luchtmacht werden de meeste drones neergehaald."),
               fetched_at=t2 + timedelta(minutes=5))
    _ingest(archive, own)
    detail = archive.get_story(story.id)
    assert [(r.revision, r.source) for r in detail.revisions] == [(1, "lead"), (2, "lead")]
    assert detail.story.body is not None and detail.story.body.endswith("neergehaald.")
