"""Archive.set_published_at: the exact time a feed or news sitemap gives a story."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from anp_archive.store import Archive
from store.pages import KREMLIN, T0, capture_for, lead, page

URL = "https://news.test/nieuws/kremlin-ontkent"
FEED_TIME = T0 - timedelta(minutes=20)


def _store(archive: Archive, published_at: datetime | None = None) -> None:
    p = page(URL, lead("Kremlin ontkent", "MOSKOU", KREMLIN, published_at=published_at))
    archive.ingest(capture_for(p), p, parser_version="1")


def test_a_feed_time_becomes_the_story_time_and_its_sort_time(archive: Archive) -> None:
    assert archive.set_published_at(URL, FEED_TIME) is False  # no story yet
    _store(archive)
    [before] = archive.search()
    assert before.published_at is None
    # A zone other than UTC is the same moment.
    amsterdam = FEED_TIME.astimezone(timezone(timedelta(hours=1)))
    assert archive.set_published_at(URL + "/", amsterdam) is True  # the URL's normal form
    [story] = archive.search()
    assert story.published_at == FEED_TIME
    assert archive.search(since=FEED_TIME - timedelta(minutes=1))[0].id == story.id
    assert archive.search(since=FEED_TIME + timedelta(minutes=1)) == []


def test_the_page_own_time_is_never_overwritten(archive: Archive) -> None:
    own = T0 - timedelta(minutes=3)
    _store(archive, published_at=own)
    assert archive.set_published_at(URL, FEED_TIME) is False
    [story] = archive.search()
    assert story.published_at == own.astimezone(UTC)


def test_a_time_no_feed_listed_for_a_month_is_forgotten(archive: Archive) -> None:
    from sqlalchemy import text

    archive.keep_listed_times("oefennieuws", {"https://a.example/oud": FEED_TIME,
                                              "https://a.example/nieuw": FEED_TIME})
    with archive.engine.begin() as conn:
        conn.execute(text("UPDATE listed_times SET listed_at = :at WHERE url LIKE '%oud'"),
                     {"at": T0 - timedelta(days=31)})
    archive.keep_listed_times("oefennieuws", {})
    assert list(archive.listed_times("oefennieuws")) == ["https://a.example/nieuw"]
