"""Plain result objects the archive hands back: no SQLAlchemy types leak out of the store."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from anp_archive.models import Capture

__all__ = [
    "EXIT_KILLED",
    "ArchiveStats",
    "CaptureRef",
    "IngestResult",
    "RevisionRecord",
    "RunRecord",
    "SearchHit",
    "SightingRecord",
    "SiteHealth",
    "StoredCapture",
    "StoryDetail",
    "StoryRecord",
]


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


@dataclass(frozen=True, slots=True)
class CaptureRef:
    """A stored capture's id, and whether this call stored it (False: same bytes known)."""

    id: int
    is_new: bool


@dataclass(frozen=True, slots=True)
class IngestResult:
    """What one page added to the archive."""

    new_stories: int
    new_sightings: int
    new_revisions: int
    capture_new: bool


@dataclass(frozen=True, slots=True)
class StoredCapture:
    """A capture read back from the archive (body decompressed)."""

    id: int
    capture: Capture
    parser_version: str | None
    parse_error: str | None = None  # why ``parser_version`` could not read it, if it failed


@dataclass(frozen=True, slots=True)
class StoryRecord:
    """One story as ``v_articles`` shows it, plus the conflict flag and revision count."""

    id: int
    url: str | None
    section: str | None
    title: str | None
    place: str | None
    agencies: str | None
    lede: str
    body: str | None
    published_at: datetime | None
    published_earliest: datetime | None
    published_latest: datetime | None
    first_seen_at: datetime
    last_seen_at: datetime
    sightings: int
    revisions: int
    time_conflict: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "url": self.url,
            "section": self.section,
            "title": self.title,
            "place": self.place,
            "agencies": self.agencies,
            "lede": self.lede,
            "body": self.body,
            "published_at": _iso(self.published_at),
            "published_earliest": _iso(self.published_earliest),
            "published_latest": _iso(self.published_latest),
            "first_seen_at": _iso(self.first_seen_at),
            "last_seen_at": _iso(self.last_seen_at),
            "sightings": self.sightings,
            "revisions": self.revisions,
            "time_conflict": self.time_conflict,
        }


@dataclass(frozen=True, slots=True)
class RevisionRecord:
    """One text version of a story."""

    revision: int
    source: str
    title: str | None
    lede: str
    body: str | None
    url: str | None
    seen_at: datetime

    def to_dict(self) -> dict[str, Any]:
        return {
            "revision": self.revision,
            "source": self.source,
            "title": self.title,
            "lede": self.lede,
            "body": self.body,
            "url": self.url,
            "seen_at": _iso(self.seen_at),
        }


@dataclass(frozen=True, slots=True)
class SightingRecord:
    """One time the story was seen (``v_sightings`` plus the interval that age gave)."""

    page_url: str | None
    role: str
    position: int
    age: str | None
    seen_at: datetime
    published_earliest: datetime | None
    published_latest: datetime | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "page_url": self.page_url,
            "role": self.role,
            "position": self.position,
            "age": self.age,
            "seen_at": _iso(self.seen_at),
            "published_earliest": _iso(self.published_earliest),
            "published_latest": _iso(self.published_latest),
        }


@dataclass(frozen=True, slots=True)
class StoryDetail:
    """A story with its revisions (oldest first) and sightings (in time order)."""

    story: StoryRecord
    revisions: tuple[RevisionRecord, ...]
    sightings: tuple[SightingRecord, ...]

    def to_dict(self) -> dict[str, Any]:
        data = self.story.to_dict()
        data["revision_history"] = [r.to_dict() for r in self.revisions]
        data["sighting_list"] = [s.to_dict() for s in self.sightings]
        return data


#: The exit code a run gets when a later run finds it never recorded its end: 128 + 9,
#: what a shell reports for SIGKILL, the usual way a run dies without a word.
EXIT_KILLED = 137


@dataclass(frozen=True, slots=True)
class RunRecord:
    """One scrape run from the runs table."""

    id: int
    site: str
    started_at: datetime
    finished_at: datetime | None
    exit_code: int | None
    counts: dict[str, int]
    messages: tuple[str, ...] = ()

    @property
    def status(self) -> str:
        """``running`` (no end recorded yet), ``interrupted`` (found dead by a later run:
        killed, or the machine stopped), or ``exit N``."""
        if self.exit_code is None:
            return "running"
        if self.exit_code == EXIT_KILLED and self.finished_at is None:
            return "interrupted"
        return f"exit {self.exit_code}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "site": self.site,
            "started_at": _iso(self.started_at),
            "finished_at": _iso(self.finished_at),
            "exit_code": self.exit_code,
            "status": self.status,
            "counts": self.counts,
            "messages": list(self.messages),
        }


@dataclass(frozen=True, slots=True)
class SiteHealth:
    """How a site's scrapes are doing (``stats``): the last new story, the last run that
    ended well (exit 0 or 1), and the runs since that did not."""

    site: str | None
    last_new_story_at: datetime | None
    last_successful_run_at: datetime | None
    failed_runs: list[RunRecord] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "site": self.site,
            "last_new_story_at": _iso(self.last_new_story_at),
            "last_successful_run_at": _iso(self.last_successful_run_at),
            "failed_runs": [
                {"id": r.id, "started_at": _iso(r.started_at), "status": r.status,
                 "message": r.messages[0] if r.messages else None}
                for r in self.failed_runs
            ],
        }


@dataclass(frozen=True, slots=True)
class ArchiveStats:
    """What ``anp-archive stats`` shows."""

    stories: int
    sightings: int
    revisions: int
    time_conflicts: int
    captures: int
    capture_bytes: int
    captures_unparsed: int
    captures_failed: int
    runs: int
    database_bytes: int | None
    by_day: list[tuple[str, int]] = field(default_factory=list)
    by_section: list[tuple[str, int]] = field(default_factory=list)
    by_agency: list[tuple[str, int]] = field(default_factory=list)
    recent_runs: list[RunRecord] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "stories": self.stories,
            "sightings": self.sightings,
            "revisions": self.revisions,
            "time_conflicts": self.time_conflicts,
            "captures": self.captures,
            "capture_bytes": self.capture_bytes,
            "captures_unparsed": self.captures_unparsed,
            "captures_failed": self.captures_failed,
            "runs": self.runs,
            "database_bytes": self.database_bytes,
            "by_day": dict(self.by_day),
            "by_section": dict(self.by_section),
            "by_agency": dict(self.by_agency),
            "recent_runs": [r.to_dict() for r in self.recent_runs],
        }


@dataclass(frozen=True, slots=True)
class SearchHit:
    """A story found by ``Archive.search_hits``, with the passage its words matched in.

    ``snippet`` marks each matched word as ``[word]``; it is None for a search without
    words (filters only), where nothing was matched.
    """

    story: StoryRecord
    snippet: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {**self.story.to_dict(), "snippet": self.snippet}
