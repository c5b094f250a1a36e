"""The archive's tables (``anp_archive.store.tables``) mapped as SQLAlchemy ORM classes.

The tables themselves are defined once, in Core, in ``anp_archive.store.tables`` (what the
read commands use: importing the ORM would cost them more start-up time than their query).
This module maps them for the code that names tables by class (``StoryRow.__table__``), and
``Base.metadata``, with all indexes (``tables.add_dialect_indexes``), is what Alembic
compares the migrations with.
"""

from __future__ import annotations

from typing import ClassVar

from sqlalchemy import FromClause
from sqlalchemy.orm import DeclarativeBase

from anp_archive.store import tables
from anp_archive.store.tables import UTCDateTime

tables.add_dialect_indexes()

__all__ = [
    "Base",
    "CaptureRow",
    "CrawlFrontierRow",
    "FetchValidatorRow",
    "LatestSightingRow",
    "ListedTimeRow",
    "RunRow",
    "SightingRow",
    "SiteKeyframeRow",
    "StoryKeyRow",
    "StoryRevisionRow",
    "StoryRow",
    "UTCDateTime",
]


# Each ``__table__`` is typed as the base class declares it (a FromClause), as the ORM's own
# tables were: code that names a table by class casts it to the Table it is.


class Base(DeclarativeBase):
    """Declarative base over ``tables.metadata``."""

    metadata = tables.metadata


class CaptureRow(Base):
    """One distinct page body, fetched or imported, kept compressed so it can be reparsed."""

    __table__: ClassVar[FromClause] = tables.captures


class StoryRow(Base):
    """One wire item, however many pages showed it (see ``tables.stories``)."""

    __table__: ClassVar[FromClause] = tables.stories


class StoryRevisionRow(Base):
    """One text version of a story (ANP updates); older versions are never overwritten."""

    __table__: ClassVar[FromClause] = tables.story_revisions


class StoryKeyRow(Base):
    """An identity key pointing at a story (``anp_archive.store.identity``)."""

    __table__: ClassVar[FromClause] = tables.story_keys


class SightingRow(Base):
    """One time a story was seen: on which capture, as lead or ticker item, how old."""

    __table__: ClassVar[FromClause] = tables.sightings


class FetchValidatorRow(Base):
    """The last ETag / Last-Modified a URL answered with, sent back on the next fetch."""

    __table__: ClassVar[FromClause] = tables.fetch_validators


class RunRow(Base):
    """One scrape run: when, which site, what it counted and how it ended."""

    __table__: ClassVar[FromClause] = tables.runs


class CrawlFrontierRow(Base):
    """A link a capped or stopped run found but did not fetch; the next runs fetch it."""

    __table__: ClassVar[FromClause] = tables.crawl_frontier


class LatestSightingRow(Base):
    """One line of a ``Net binnen`` list: an exact time for the story with that headline."""

    __table__: ClassVar[FromClause] = tables.latest_sightings


class ListedTimeRow(Base):
    """An exact time a feed or news sitemap gave for an article not stored yet (0011): the
    run that stores the article gives its story this ``published_at``."""

    __table__: ClassVar[FromClause] = tables.listed_times


class SiteKeyframeRow(Base):
    """The capture a site's new URLs are compressed against (0012, ``store/bodies.py``)."""

    __table__: ClassVar[FromClause] = tables.site_keyframes
