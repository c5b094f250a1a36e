"""An update's age says when the update was published: it may only lower a story's latest
publication time, never raise its earliest (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from anp_archive.store import Archive
from store.pages import KREMLIN, capture_for, lead, page, tick

MORNING = datetime(2026, 1, 1, 10, 0, tzinfo=UTC)
AFTERNOON = datetime(2026, 1, 1, 13, 5, tzinfo=UTC)
TITLE = "Kremlin ontkent telefoongesprek"
UPDATE_TEXT = (
    "Het Kremlin blijft erbij dat Poetin en Trump elkaar niet hebben gesproken, ook nu de "
    "Amerikaanse krant nieuwe bronnen noemt voor het gesprek."
)


def _five_minutes_ago(fetched_at: datetime, body: str, title: str | None) -> object:
    # '5 minuten geleden' read against fetched_at: [T - 6 min, T - 5 min].
    return tick("MOSKOU", body, agencies=("ANP", "RTR"), minutes=(6, 5), fetched_at=fetched_at,
                title=title, age="5 minuten geleden")


def _update_flags(archive: Archive) -> list[tuple[str, bool]]:
    with archive.engine.connect() as conn:
        rows = conn.execute(text("SELECT seen_at, is_update FROM sightings ORDER BY seen_at, id"))
        return [(str(seen)[11:16], bool(flag)) for seen, flag in rows]


def test_update_with_title_suffix_does_not_conflict_with_the_original(archive: Archive) -> None:
    original = page(None, None, _five_minutes_ago(MORNING, KREMLIN, TITLE),
                    fetched_at=MORNING)
    update = page(None, None, _five_minutes_ago(AFTERNOON, UPDATE_TEXT, TITLE + " (2)"),
                  fetched_at=AFTERNOON)
    archive.ingest(capture_for(original), original, parser_version="1")
    result = archive.ingest(capture_for(update), update, parser_version="1")
    assert (result.new_stories, result.new_revisions) == (0, 1)
    [story] = archive.search()
    assert story.revisions == 2
    assert not story.time_conflict
    # The original's own interval, untouched by the update published three hours later.
    assert story.published_earliest == MORNING - timedelta(minutes=6)
    assert story.published_latest == MORNING - timedelta(minutes=5)
    assert _update_flags(archive) == [("10:00", False), ("13:05", True)]
    # Each sighting still says what its own age said.
    detail = archive.get_story(story.id)
    assert [s.published_earliest for s in detail.sightings] == [
        MORNING - timedelta(minutes=6), AFTERNOON - timedelta(minutes=6)
    ]


def test_update_may_still_lower_the_latest_time(archive: Archive) -> None:
    # The original's age is vague ('2 uur geleden': 8:00-9:00 as seen at 10:00); an update
    # seen at 8:35 and 5 minutes old was published by 8:30, so the original was too.
    vague = tick("MOSKOU", KREMLIN, agencies=("ANP", "RTR"), minutes=(120, 60),
                 fetched_at=MORNING, title=TITLE, age="1 uur geleden")
    early = datetime(2026, 1, 1, 8, 35, tzinfo=UTC)
    original = page(None, None, vague, fetched_at=MORNING)
    update = page(None, None, _five_minutes_ago(early, UPDATE_TEXT, TITLE + " (2)"),
                  fetched_at=early)
    archive.ingest(capture_for(original), original, parser_version="1")
    archive.ingest(capture_for(update), update, parser_version="1")
    [story] = archive.search()
    assert not story.time_conflict
    assert story.published_earliest == MORNING - timedelta(minutes=120)
    assert story.published_latest == early - timedelta(minutes=5)


def test_update_announced_in_the_text_follows_the_same_rule(archive: Archive) -> None:
    # The original as an article (no age) and as a ticker item 5 minutes old; the update as
    # an article that says what it replaces, and its text on a ticker 5 minutes old.
    article = page("https://x.nl/nieuws/kremlin", lead(TITLE, "MOSKOU", KREMLIN),
                   _five_minutes_ago(MORNING, KREMLIN, None), fetched_at=MORNING)
    replacement = page(
        "https://x.nl/nieuws/kremlin-2",
        lead("Kremlin blijft bij ontkenning", "MOSKOU",
             f"Nieuw bericht, vervangt: {TITLE}", UPDATE_TEXT),
        _five_minutes_ago(AFTERNOON, UPDATE_TEXT, None),
        fetched_at=AFTERNOON,
    )
    archive.ingest(capture_for(article), article, parser_version="1")
    archive.ingest(capture_for(replacement), replacement, parser_version="1")
    [story] = archive.search()
    assert story.revisions == 2
    assert not story.time_conflict
    assert story.published_earliest == MORNING - timedelta(minutes=6)
    assert story.published_latest == MORNING - timedelta(minutes=5)


def test_the_same_text_seen_with_contradicting_ages_is_still_a_conflict(archive: Archive) -> None:
    first = page(None, None, _five_minutes_ago(MORNING, KREMLIN, TITLE), fetched_at=MORNING)
    again = page(None, None, _five_minutes_ago(AFTERNOON, KREMLIN, TITLE), fetched_at=AFTERNOON)
    for p in (first, again):
        archive.ingest(capture_for(p), p, parser_version="1")
    [story] = archive.search()
    assert story.revisions == 1
    assert story.time_conflict
    assert story.published_earliest is None and story.published_latest is None
    assert _update_flags(archive) == [("10:00", False), ("13:05", False)]


def test_reparse_recomputes_with_the_same_rule(archive: Archive) -> None:
    original = page(None, None, _five_minutes_ago(MORNING, KREMLIN, TITLE), fetched_at=MORNING)
    update = page(None, None, _five_minutes_ago(AFTERNOON, UPDATE_TEXT, TITLE + " (2)"),
                  fetched_at=AFTERNOON)
    archive.ingest(capture_for(original), original, parser_version="1")
    archive.ingest(capture_for(update), update, parser_version="1")
    # A new parser version rereads both captures: each one's sightings are replaced and its
    # stories recomputed from every sighting they have left.
    for p in (update, original):
        ref = archive.add_capture(capture_for(p))
        archive.store_page(ref.id, p, parser_version="2")
    [story] = archive.search()
    assert story.sightings == 2
    assert not story.time_conflict
    assert story.published_earliest == MORNING - timedelta(minutes=6)
    assert story.published_latest == MORNING - timedelta(minutes=5)
    assert _update_flags(archive) == [("10:00", False), ("13:05", True)]


def test_reparse_keeps_a_genuine_conflict(archive: Archive) -> None:
    first = page(None, None, _five_minutes_ago(MORNING, KREMLIN, TITLE), fetched_at=MORNING)
    again = page(None, None, _five_minutes_ago(AFTERNOON, KREMLIN, TITLE), fetched_at=AFTERNOON)
    for p in (first, again):
        archive.ingest(capture_for(p), p, parser_version="1")
    ref = archive.add_capture(capture_for(again))
    archive.store_page(ref.id, again, parser_version="2")
    [story] = archive.search()
    assert story.time_conflict
    assert story.published_earliest is None and story.published_latest is None
