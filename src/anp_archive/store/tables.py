"""The archive's tables as SQLAlchemy Core ``Table`` objects: what the code reads and writes.

These describe the schema for the code; the schema itself is created and changed only by
the Alembic migrations in ``migrations/`` (``tests/store/test_migrations.py`` checks that
the two agree). Things only a migration can express live there alone: the analysts' views
(``v_articles``, ``v_sightings``, ``v_captures``, ``v_revisions``), SQLite's FTS5 table and
triggers, and PostgreSQL's ``story_search`` tsvector table with its trigger, GIN index and
accent-folding function (``anp_search_fold``, migration 0005). SQLite's FTS5 table also
indexes ``stories.stems`` (migration 0009).

Core, not ORM: the read commands need no more, and SQLAlchemy's ORM costs a command more
start-up time than its query takes. ``anp_archive.store.schema`` maps the same tables as
ORM classes for the code that wants them.

Times are stored in UTC: ``timestamptz`` on PostgreSQL, a naive UTC ``DATETIME`` text on
SQLite (SQLite has no time zones); :class:`UTCDateTime` hides the difference, so Python
always sees aware datetimes.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.types import TypeDecorator

from anp_archive.times import to_utc

__all__ = [
    "UTCDateTime",
    "add_dialect_indexes",
    "captures",
    "crawl_frontier",
    "fetch_validators",
    "latest_sightings",
    "listed_times",
    "metadata",
    "runs",
    "sightings",
    "site_keyframes",
    "stories",
    "story_keys",
    "story_revisions",
]


class UTCDateTime(TypeDecorator[datetime]):
    """An aware datetime in, an aware UTC datetime out, on both databases."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        # A naive time given to the archive is Amsterdam wall time, as everywhere else.
        value = to_utc(value)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, str):  # a value written by hand through SQL
            value = datetime.fromisoformat(value)
        assert isinstance(value, datetime)
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


# What Alembic compares the migrations with (``schema.Base.metadata`` is this one).
metadata = MetaData()

# One distinct page body, fetched or imported, kept compressed so it can be reparsed.
captures = Table(
    "captures",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("sha256", String(64), nullable=False),
    Column("url", Text),
    Column("fetched_at", UTCDateTime, nullable=False),
    Column("status", Integer, nullable=False),
    Column("headers", JSON, nullable=False),
    Column("body", LargeBinary, nullable=False),
    Column("compression", String(16), nullable=False),
    Column("size", Integer, nullable=False),
    Column("parser_version", String(32), index=True),
    Column("parse_error", Text),
    Column("parsed_at", UTCDateTime),
    # The keyframe a body stored as a zstd delta needs (store/bodies.py); NULL when whole.
    Column("base_id", Integer),
    UniqueConstraint("sha256", name="uq_captures_sha256"),
    Index("ix_captures_fetched_at", "fetched_at", "id"),
    Index("ix_captures_url_fetched_at", "url", "fetched_at", "id"),
)

# The newest capture of each site (scheme and host) stored whole (0012): the first fetch of
# a URL is compressed against it, as a site's pages share most of their bytes (menus,
# scripts, styles, consent dialog); see store/bodies.py.
site_keyframes = Table(
    "site_keyframes",
    metadata,
    Column("site", Text, primary_key=True),
    Column(
        "capture_id", Integer, ForeignKey("captures.id", ondelete="CASCADE"), nullable=False
    ),
)

# One wire item, however many pages showed it; the text columns hold its current revision.
#
# ``bound_earliest``/``bound_latest`` are the running max/min of the sightings' intervals
# (the earliest bound only from sightings of the first text: an update is published later,
# see ``sightings.is_update``); ``published_earliest``/``published_latest`` equal them
# while they intersect and are NULL once they do not (``time_conflict``), so a time is
# never invented.
stories = Table(
    "stories",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("url", Text),
    Column("section", Text),
    Column("title", Text),
    Column("place", Text),
    Column("place_key", Text, nullable=False),
    Column("agencies", Text),
    Column("lede", Text, nullable=False),
    Column("body", Text),
    Column("has_lead", Boolean, nullable=False),
    Column("published_at", UTCDateTime),
    Column("published_earliest", UTCDateTime),
    Column("published_latest", UTCDateTime),
    Column("bound_earliest", UTCDateTime),
    Column("bound_latest", UTCDateTime),
    Column("time_conflict", Boolean, nullable=False),
    Column("first_seen_at", UTCDateTime, nullable=False),
    Column("last_seen_at", UTCDateTime, nullable=False),
    Column("text_seen_at", UTCDateTime, nullable=False),
    Column("sort_at", UTCDateTime, nullable=False, index=True),
    Column("sighting_count", Integer, nullable=False),
    Column("revision_count", Integer, nullable=False),
    # The Dutch stems of title, place, lede and body (``anp_archive.search.stems``), which
    # SQLite's FTS5 searches; PostgreSQL's ``dutch`` stems them itself (migration 0009).
    Column("stems", Text),
)

# One text version of a story (ANP updates); older versions are never overwritten.
story_revisions = Table(
    "story_revisions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("story_id", Integer, ForeignKey("stories.id", ondelete="CASCADE"), nullable=False),
    Column("revision", Integer, nullable=False),
    Column("source", String(8), nullable=False),
    Column("title", Text),
    Column("lede", Text, nullable=False),
    Column("body", Text),
    Column("url", Text),
    Column("capture_id", Integer, ForeignKey("captures.id", ondelete="SET NULL")),
    Column("seen_at", UTCDateTime, nullable=False),
    UniqueConstraint("story_id", "revision", name="uq_story_revisions_story_rev"),
)

# An identity key pointing at a story: url, exact text, text head, title or version.
# See ``anp_archive.store.identity`` for what each kind means and why.
story_keys = Table(
    "story_keys",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("story_id", Integer, ForeignKey("stories.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(8), nullable=False),
    Column("key", String(40), nullable=False),
    Column("text_key", Text),
    UniqueConstraint("key", "story_id", name="uq_story_keys_key_story"),
    Index("ix_story_keys_story_id", "story_id"),
)

# One time a story was seen: on which capture, as lead or ticker item, how old.
sightings = Table(
    "sightings",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("story_id", Integer, ForeignKey("stories.id", ondelete="CASCADE"), nullable=False),
    Column("capture_id", Integer, ForeignKey("captures.id", ondelete="CASCADE"),
           nullable=False),
    Column("role", String(8), nullable=False),
    Column("position", Integer, nullable=False),
    Column("age", Text),
    Column("seen_at", UTCDateTime, nullable=False),
    Column("published_earliest", UTCDateTime),
    Column("published_latest", UTCDateTime),
    # The item showed a later revision of the story (an update's text): its interval may
    # lower the story's latest publication time but not raise its earliest (ingest.py).
    Column("is_update", Boolean, nullable=False, server_default=false()),
    UniqueConstraint("capture_id", "role", "position", name="uq_sightings_capture_role_pos"),
    Index("ix_sightings_story_id", "story_id"),
)

# The last ETag / Last-Modified a URL answered with, sent back on the next fetch.
fetch_validators = Table(
    "fetch_validators",
    metadata,
    Column("url", Text, primary_key=True),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("updated_at", UTCDateTime, nullable=False),
)

# One scrape run: when, which site, what it counted and how it ended.
runs = Table(
    "runs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("site", Text, nullable=False),
    Column("started_at", UTCDateTime, nullable=False, index=True),
    Column("finished_at", UTCDateTime),
    Column("exit_code", Integer),
    Column("counts", JSON, nullable=False),
    # What the run reported (at most 100 lines), kept for `anp-archive runs` (0008).
    Column("messages", JSON, nullable=True),
    Index("ix_runs_site_started_at", "site", "started_at"),
)

# A link a capped or stopped run found but did not fetch; the next runs fetch it.
crawl_frontier = Table(
    "crawl_frontier",
    metadata,
    Column("site", Text, primary_key=True),
    Column("url", Text, primary_key=True),
    Column("depth", Integer, nullable=False),
    # Fetched already by the unfinished crawl: not to be queued again until it completes.
    Column("done", Boolean, nullable=False, server_default=false()),
    Column("added_at", UTCDateTime, nullable=False),
)

# One line of a ``Net binnen`` list: an exact time for the story with that headline.
latest_sightings = Table(
    "latest_sightings",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("capture_id", Integer, ForeignKey("captures.id", ondelete="CASCADE"),
           nullable=False),
    Column("position", Integer, nullable=False),
    Column("section", Text),
    Column("time", Text, nullable=False),
    Column("title", Text, nullable=False),
    Column("published_at", UTCDateTime),
    Column("story_id", Integer, ForeignKey("stories.id", ondelete="SET NULL"), index=True),
    UniqueConstraint("capture_id", "position", name="uq_latest_sightings_capture"),
)

# An exact time a feed or news sitemap gave for an article not stored yet (0011); ``url``
# is the article's identity key under the site profile's URL form.
listed_times = Table(
    "listed_times",
    metadata,
    Column("site", Text, primary_key=True),
    Column("url", Text, primary_key=True),
    Column("published_at", UTCDateTime, nullable=False),
    Column("listed_at", UTCDateTime, nullable=False),
)


def add_dialect_indexes() -> None:
    """Declare the indexes whose options name a dialect, once (``schema`` calls this).

    Declaring them makes SQLAlchemy load both dialects' modules to check the options, and
    a read command uses one dialect and no index declaration: they are what Alembic
    compares the migrations with, so ``schema.Base.metadata`` has them all.
    """
    if "ix_captures_url" in {index.name for index in captures.indexes}:
        return
    # Hash on PostgreSQL: a B-tree entry there holds at most 2,704 bytes (migration 0007);
    # equality lookups only, and no link is too long for them.
    Index("ix_captures_url", captures.c.url, postgresql_using="hash")
    Index(
        "ix_captures_keyframes", captures.c.url, captures.c.id,
        sqlite_where=text("base_id IS NULL"), postgresql_where=text("base_id IS NULL"),
    )
    Index("ix_stories_url", stories.c.url, postgresql_using="hash")
    Index("ix_stories_place_key", stories.c.place_key, postgresql_using="hash")
    Index("ix_story_revisions_url", story_revisions.c.url, postgresql_using="hash")
