"""The archive's tables as typed SQLAlchemy 2.x models.

These classes describe the schema for the code; the schema itself is created and changed
only by the Alembic migrations in ``migrations/`` (``tests/store/test_migrations.py`` checks
that the two agree). Things only a migration can express live there alone: the analysts'
views (``v_articles``, ``v_sightings``, ``v_captures``), SQLite's FTS5 table and triggers,
and PostgreSQL's ``story_search`` tsvector table with its trigger, GIN index and
accent-folding function (``anp_search_fold``, migration 0005). SQLite's FTS5 table also
indexes ``stories.stems`` (migration 0009).

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
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from anp_archive.times import to_utc

__all__ = [
    "Base",
    "CaptureRow",
    "CrawlFrontierRow",
    "FetchValidatorRow",
    "LatestSightingRow",
    "ListedTimeRow",
    "RunRow",
    "SightingRow",
    "StoryKeyRow",
    "StoryRevisionRow",
    "StoryRow",
    "UTCDateTime",
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


class Base(DeclarativeBase):
    """Declarative base; ``Base.metadata`` is what Alembic compares the migrations with."""


class CaptureRow(Base):
    """One distinct page body, fetched or imported, kept compressed so it can be reparsed."""

    __tablename__ = "captures"
    __table_args__ = (
        UniqueConstraint("sha256", name="uq_captures_sha256"),
        Index("ix_captures_fetched_at", "fetched_at", "id"),
        # Hash on PostgreSQL: a B-tree entry there holds at most 2,704 bytes (migration 0007).
        Index("ix_captures_url", "url", postgresql_using="hash"),
        Index("ix_captures_url_fetched_at", "url", "fetched_at", "id"),
        Index(
            "ix_captures_keyframes", "url", "id",
            sqlite_where=text("base_id IS NULL"), postgresql_where=text("base_id IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64))
    url: Mapped[str | None] = mapped_column(Text)
    fetched_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[int] = mapped_column(Integer)
    headers: Mapped[Any] = mapped_column(JSON)
    body: Mapped[bytes] = mapped_column(LargeBinary)
    compression: Mapped[str] = mapped_column(String(16))
    size: Mapped[int] = mapped_column(Integer)
    parser_version: Mapped[str | None] = mapped_column(String(32), index=True)
    parse_error: Mapped[str | None] = mapped_column(Text)
    parsed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The keyframe a body stored as a zstd delta needs (store/bodies.py); NULL when whole.
    base_id: Mapped[int | None] = mapped_column(Integer)


class StoryRow(Base):
    """One wire item, however many pages showed it; the text columns hold its current revision.

    ``bound_earliest``/``bound_latest`` are the running max/min of the sightings' intervals
    (the earliest bound only from sightings of the first text: an update is published
    later, see ``SightingRow.is_update``); ``published_earliest``/``published_latest`` equal
    them while they intersect and are NULL once they do not (``time_conflict``), so a time
    is never invented.
    """

    __tablename__ = "stories"
    # Hash on PostgreSQL: equality lookups only, and no link is too long for them (0007).
    __table_args__ = (
        Index("ix_stories_url", "url", postgresql_using="hash"),
        Index("ix_stories_place_key", "place_key", postgresql_using="hash"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str | None] = mapped_column(Text)
    section: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    place: Mapped[str | None] = mapped_column(Text)
    place_key: Mapped[str] = mapped_column(Text)
    agencies: Mapped[str | None] = mapped_column(Text)
    lede: Mapped[str] = mapped_column(Text)
    body: Mapped[str | None] = mapped_column(Text)
    has_lead: Mapped[bool] = mapped_column(Boolean)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_earliest: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_latest: Mapped[datetime | None] = mapped_column(UTCDateTime)
    bound_earliest: Mapped[datetime | None] = mapped_column(UTCDateTime)
    bound_latest: Mapped[datetime | None] = mapped_column(UTCDateTime)
    time_conflict: Mapped[bool] = mapped_column(Boolean)
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
    text_seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sort_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    sighting_count: Mapped[int] = mapped_column(Integer)
    revision_count: Mapped[int] = mapped_column(Integer)
    # The Dutch stems of title, place, lede and body (``anp_archive.search.stems``), which
    # SQLite's FTS5 searches; PostgreSQL's ``dutch`` stems them itself (migration 0009).
    stems: Mapped[str | None] = mapped_column(Text)


class StoryRevisionRow(Base):
    """One text version of a story (ANP updates); older versions are never overwritten."""

    __tablename__ = "story_revisions"
    __table_args__ = (
        UniqueConstraint("story_id", "revision", name="uq_story_revisions_story_rev"),
        Index("ix_story_revisions_url", "url", postgresql_using="hash"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"))
    revision: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(8))
    title: Mapped[str | None] = mapped_column(Text)
    lede: Mapped[str] = mapped_column(Text)
    body: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    capture_id: Mapped[int | None] = mapped_column(
        ForeignKey("captures.id", ondelete="SET NULL")
    )
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime)


class StoryKeyRow(Base):
    """An identity key pointing at a story: url, exact text, text head, title or version.

    See ``anp_archive.store.identity`` for what each kind means and why.
    """

    __tablename__ = "story_keys"
    __table_args__ = (
        UniqueConstraint("key", "story_id", name="uq_story_keys_key_story"),
        Index("ix_story_keys_story_id", "story_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(8))
    key: Mapped[str] = mapped_column(String(40))
    text_key: Mapped[str | None] = mapped_column(Text)


class SightingRow(Base):
    """One time a story was seen: on which capture, as lead or ticker item, how old."""

    __tablename__ = "sightings"
    __table_args__ = (
        UniqueConstraint("capture_id", "role", "position", name="uq_sightings_capture_role_pos"),
        Index("ix_sightings_story_id", "story_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"))
    capture_id: Mapped[int] = mapped_column(ForeignKey("captures.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(8))
    position: Mapped[int] = mapped_column(Integer)
    age: Mapped[str | None] = mapped_column(Text)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
    published_earliest: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_latest: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The item showed a later revision of the story (an update's text): its interval may
    # lower the story's latest publication time but not raise its earliest (ingest.py).
    is_update: Mapped[bool] = mapped_column(Boolean, server_default=false())


class FetchValidatorRow(Base):
    """The last ETag / Last-Modified a URL answered with, sent back on the next fetch."""

    __tablename__ = "fetch_validators"

    url: Mapped[str] = mapped_column(Text, primary_key=True)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class RunRow(Base):
    """One scrape run: when, which site, what it counted and how it ended."""

    __tablename__ = "runs"
    __table_args__ = (Index("ix_runs_site_started_at", "site", "started_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    site: Mapped[str] = mapped_column(Text)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    exit_code: Mapped[int | None] = mapped_column(Integer)
    counts: Mapped[Any] = mapped_column(JSON)
    # What the run reported (at most 100 lines), kept for `anp-archive runs` (0008).
    messages: Mapped[Any] = mapped_column(JSON, nullable=True)


class CrawlFrontierRow(Base):
    """A link a capped or stopped run found but did not fetch; the next runs fetch it."""

    __tablename__ = "crawl_frontier"

    site: Mapped[str] = mapped_column(Text, primary_key=True)
    url: Mapped[str] = mapped_column(Text, primary_key=True)
    depth: Mapped[int] = mapped_column(Integer)
    # Fetched already by the unfinished crawl: not to be queued again until it completes.
    done: Mapped[bool] = mapped_column(Boolean, server_default=false())
    added_at: Mapped[datetime] = mapped_column(UTCDateTime)


class LatestSightingRow(Base):
    """One line of a ``Net binnen`` list: an exact time for the story with that headline."""

    __tablename__ = "latest_sightings"
    __table_args__ = (
        UniqueConstraint("capture_id", "position", name="uq_latest_sightings_capture"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    capture_id: Mapped[int] = mapped_column(ForeignKey("captures.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    section: Mapped[str | None] = mapped_column(Text)
    time: Mapped[str] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    story_id: Mapped[int | None] = mapped_column(
        ForeignKey("stories.id", ondelete="SET NULL"), index=True
    )


class ListedTimeRow(Base):
    """An exact time a feed or news sitemap gave for an article not stored yet (0011): the
    run that stores the article gives its story this ``published_at``."""

    __tablename__ = "listed_times"

    site: Mapped[str] = mapped_column(Text, primary_key=True)
    # The article's identity key under the site profile's URL form.
    url: Mapped[str] = mapped_column(Text, primary_key=True)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime)
    listed_at: Mapped[datetime] = mapped_column(UTCDateTime)
