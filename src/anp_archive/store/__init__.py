"""The archive: stories, sightings and captures in SQLite or PostgreSQL (SQLAlchemy 2.x).

``Archive`` is the one way in; it takes ``Capture`` and ``Page`` objects and knows no HTTP.
Story identity (how renderings of one wire item are recognised) is documented in
``anp_archive.store.identity``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from anp_archive.store.archive import Archive, SearchQuery, current, head, known_revision, upgrade
from anp_archive.store.identity import identity_for, normalise
from anp_archive.store.records import (
    ArchiveStats,
    CaptureRef,
    IngestResult,
    RevisionRecord,
    RunRecord,
    SearchHit,
    SightingRecord,
    SiteHealth,
    StoredCapture,
    StoryDetail,
    StoryRecord,
)

if TYPE_CHECKING:
    from anp_archive.store.ingest import PageToWrite


def __getattr__(name: str) -> Any:
    # The write path, on first use only: a read command imports this package and needs
    # none of it (tests/test_startup.py).
    if name == "PageToWrite":
        from anp_archive.store.ingest import PageToWrite

        return PageToWrite
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "Archive",
    "ArchiveStats",
    "CaptureRef",
    "IngestResult",
    "PageToWrite",
    "RevisionRecord",
    "RunRecord",
    "SearchHit",
    "SearchQuery",
    "SightingRecord",
    "SiteHealth",
    "StoredCapture",
    "StoryDetail",
    "StoryRecord",
    "current",
    "head",
    "identity_for",
    "known_revision",
    "normalise",
    "upgrade",
]
