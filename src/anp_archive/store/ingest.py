"""Storing parsed pages: match their items to stories, add sightings and revisions.

The pages of one ``ingest_many`` call are stored together, inside the caller's transaction,
with a fixed number of statements however many pages and items there are: one lookup of
every identity key of every item of every page, one load of the candidate stories, then
one ``executemany`` per table (on PostgreSQL all sent as one pipeline). A story seen on
several pages of the batch is updated once, with its final counters. Pages are still
matched one after another, in order, against everything stored before them -- the
database's rows plus what the earlier pages of the batch added, kept in memory -- so the
result is the same as storing them one by one.

Stories are found by the indexed ``story_keys.key`` column (see ``identity.py`` for what
the keys are). The statements are fixed SQL run on the DB-API cursor (``rawsql.py`` says
why); ``recompute_stories``, used only by a reparse, uses Core.

Writers are serialised by the caller (SQLite ``BEGIN IMMEDIATE``, a PostgreSQL advisory
transaction lock), so the read-modify-write of a story's counters here cannot race.

Time: every sighting of a story's first text (revision 1) narrows its publication interval
from both sides. A sighting of a later revision (an update's text), or of an item that
announces itself as an update, says when that update was published, which is after the
original: it may only lower the latest bound, never raise the earliest, and an update
page's own publication time is not the story's (``_observe``; ``_shown_revision`` says
which text a sighting showed).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, NamedTuple, cast

from sqlalchemy import Table, case, delete, func, select, update
from sqlalchemy.engine import Connection

from anp_archive.models import Capture, Page
from anp_archive.search.stems import stems_of
from anp_archive.store.bodies import DELTA, compress_body
from anp_archive.store.identity import (
    AGE_SLACK,
    MIN_PREFIX,
    SHORT_TEXT_WINDOW,
    UPDATE_WINDOW,
    ItemIdentity,
    fold_for_search,
    identity_for,
    is_cut,
    is_prefix_match,
    key_hash,
    normalise,
    split_update_marker,
)
from anp_archive.store.rawsql import COUNTER_COLUMNS, RawSql
from anp_archive.store.records import IngestResult
from anp_archive.store.schema import SightingRow, StoryRow
from anp_archive.times import to_utc

__all__ = ["PageToWrite", "capture_row", "recompute_stories", "write_page", "write_pages"]

# Ticker identities kept between pages (see _ticker_identity): a few MiB at most, enough
# for every item a site's tickers show within a day or so.
TICKER_IDENTITY_CACHE = 2048

S = cast(Table, StoryRow.__table__)
G = cast(Table, SightingRow.__table__)

# (statement name, parameter rows) for RawSql.many, sent with a batch's own writes.
Writes = Sequence[tuple[str, Sequence[Sequence[Any]]]]

# How _match found an item's story (identity.py numbers the rules).
EXACT = "exact"  # rule 1 or 2 with the exact text known: the item shows a known text
URL = "url"  # rule 1, another text
HEAD = "head"  # rule 3
TITLE = "title"  # rule 4
UPDATE = "update"  # rule 5


class PageToWrite(NamedTuple):
    """One page to store: the capture it was parsed from and when that was fetched."""

    capture_id: int
    seen_at: datetime
    page_url: str | None
    page: Page


@dataclass(slots=True)
class _Item:
    role: str
    position: int
    ident: ItemIdentity
    title: str | None
    lede: str
    body: str | None
    place: str | None
    agencies: str | None
    url: str | None
    age: str | None
    earliest: datetime | None
    latest: datetime | None
    published_at: datetime | None
    version_hash: str | None  # leads only: title + full text
    # Set when the item is applied (its sighting): no separate record per sighting.
    story: _Story | None = None
    capture_id: int = 0
    seen_bound: Any = None  # seen_at, converted for the database
    later_text: bool = False


@dataclass(slots=True)
class _Revision:
    revision: int
    source: str
    title: str | None
    lede: str
    body: str | None
    id: int | None = None
    # Normalised texts, made only when a coverage test needs them (most revisions never
    # meet one: a story's first text is stored and matched by its keys alone).
    _lede_norm: str | None = None
    _full_norm: str | None = None

    @property
    def lede_norm(self) -> str:
        if self._lede_norm is None:
            self._lede_norm = _norm(self.lede)
        return self._lede_norm

    @property
    def full_norm(self) -> str:
        if self._full_norm is None:
            self._full_norm = _norm(self.body) if self.body else self.lede_norm
        return self._full_norm

    @property
    def title_norm(self) -> str:
        return _norm(self.title) if self.title else ""

    @property
    def cut(self) -> bool:
        """A ticker text cut short (stored with its ellipsis): a rendering of a longer one."""
        return self.source == "ticker" and is_cut(self.lede)


# (revision, url, capture_id, seen_at) of a revision to insert or upgrade.
_RevisionWrite = tuple[_Revision, str | None, int, datetime]


@dataclass(slots=True)
class _Story:
    """A story as this batch sees it: loaded from the database or created here."""

    id: int | None
    url: str | None
    section: str | None
    title: str | None
    place: str | None
    place_key: str
    agencies: str | None
    lede: str
    body: str | None
    has_lead: bool
    published_at: datetime | None
    bound_earliest: datetime | None
    bound_latest: datetime | None
    first_seen_at: datetime
    last_seen_at: datetime
    text_seen_at: datetime
    sighting_count: int
    revision_count: int
    is_new: bool = False
    # The page of the batch that created it (-1: stored before the batch).
    created_on: int = -1
    counters_dirty: bool = False
    text_dirty: bool = False
    revisions: list[_Revision] | None = None
    new_revisions: list[_RevisionWrite] = field(default_factory=list)
    upgraded_revisions: list[_RevisionWrite] = field(default_factory=list)
    known_keys: set[str] = field(default_factory=set)


def _latest(stories: Iterable[_Story]) -> _Story | None:
    """The story seen last (the first of those seen at the same time), or None."""
    best: _Story | None = None
    for story in stories:
        if best is None or story.last_seen_at > best.last_seen_at:
            best = story
    return best


def _min(a: datetime | None, b: datetime | None) -> datetime | None:
    if a is None:
        return b
    if b is None:
        return a
    return min(a, b)


def _max(a: datetime | None, b: datetime | None) -> datetime | None:
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b)


def _completes(candidate: _Revision, last: _Revision) -> bool:
    """Is ``candidate`` the whole text of the ticker rendering ``last`` (no new version)?

    A lead completes any ticker text it starts with (tickers show the lede, or as much of
    the article as fits). A longer ticker text completes one that was cut short (ends in an
    ellipsis); a ticker text that merely grew is an update, a new revision.
    """
    if last.source != "ticker":
        return False
    prefix = last.lede_norm
    if candidate.source == "lead":
        return candidate.full_norm.startswith(prefix) or candidate.lede_norm.startswith(prefix)
    return last.cut and candidate.lede_norm.startswith(prefix)


# A lead's title, lede and body are each normalised several times while one page is stored
# (version key, revision texts, coverage test); a small cache makes that once.
_norm = functools.lru_cache(maxsize=256)(normalise)


@functools.lru_cache(maxsize=TICKER_IDENTITY_CACHE)
def _ticker_identity(
    place: str | None, title: str | None, raw_text: str, link: str | None
) -> tuple[ItemIdentity, str]:
    """A ticker item's identity and the text to store: without an update marker, and with
    the ellipsis of a text cut short (which says it is one; see ``_Revision.cut``).

    Cached: one wire item stands in the tickers of dozens of pages, fetch after fetch, and
    its identity (normalising, hashing) is a pure function of these four values.
    """
    replaces, rest = split_update_marker(raw_text)
    text = rest if replaces is not None and rest else raw_text
    ident = identity_for(place=place, title=title, text=text, url=link, replaces_title=replaces)
    return ident, text.strip() if is_cut(text) else ident.text or text


# Times arrive in Europe/Amsterdam, where the hour that repeats when summer time ends
# (02:00-03:00 twice) is told apart only by ``fold``; aware datetimes with one tzinfo
# compare and hash ignoring ``fold``, so any cache or comparison keyed by them would take
# the second 02:30 for the first. UTC has no such hour, so every time is made UTC here,
# by the archive's one time rule (a naive time is Amsterdam wall time).
_utc = to_utc


def _items(page: Page, page_url: str | None) -> list[_Item]:
    items: list[_Item] = []
    lead = page.lead
    if lead is not None:
        paragraphs = [p for p in lead.paragraphs if p.strip()]
        replaces: str | None = None
        lede = paragraphs[0] if paragraphs else ""
        if paragraphs:
            replaces, rest = split_update_marker(paragraphs[0])
            if replaces is not None:
                lede = rest or (paragraphs[1] if len(paragraphs) > 1 else "")
        place = lead.dateline.place if lead.dateline else None
        ident = identity_for(
            place=place, title=lead.title, text=lede, url=page_url, replaces_title=replaces
        )
        body = "\n\n".join(paragraphs) or None
        version = key_hash(
            "ver", ident.place_key, _norm(lead.title or ""), _norm(body or "")
        )
        items.append(
            _Item(
                role="lead",
                position=0,
                ident=ident,
                title=lead.title,
                lede=lede or (lead.title or ""),
                body=body,
                place=place,
                agencies="/".join(lead.dateline.agencies) if lead.dateline else None,
                url=page_url,
                age=None,
                earliest=None,
                latest=None,
                published_at=_utc(lead.published_at),
                version_hash=version,
            )
        )
    # A link shared by several ticker items (or pointing at the page itself) is a section or
    # "more" link, not the item's article: it must not make them one story.
    link_counts: dict[str, int] = {}
    for tick in page.ticker:
        if tick.url:
            link_counts[tick.url] = link_counts.get(tick.url, 0) + 1
    for position, tick in enumerate(page.ticker, start=1):
        link = tick.url
        if link and (link_counts[link] > 1 or (page_url and link == page_url)):
            link = None
        place = tick.dateline.place if tick.dateline else None
        ident, text = _ticker_identity(place, tick.title, tick.text, link)
        # Positional: a page has a dozen of these, and keywords cost more than the rest.
        items.append(
            _Item(
                "ticker", position, ident, tick.title, text, None, place,
                "/".join(tick.dateline.agencies) if tick.dateline else None, link, tick.age,
                _utc(tick.published_earliest), _utc(tick.published_latest), None, None,
            )
        )
    return items


class _BatchWriter:
    """Stores pages one after another in memory, then writes them all at once."""

    def __init__(self, conn: Connection):
        self.db = RawSql(conn)
        self.stories: dict[int, _Story] = {}
        self.new_stories: list[_Story] = []
        # key -> [(story, text_key)]: the database's rows plus what this batch registered.
        self.keys: dict[str, list[tuple[_Story, str | None]]] = {}
        self.pending_keys: list[tuple[_Story, str, str, str | None]] = []
        # The items applied, in order; each carries its sighting (story, capture, ...).
        self.sightings: list[_Item] = []
        # The page being applied.
        self.capture_id = 0
        self.seen_at = datetime.min.replace(tzinfo=UTC)
        self.section: str | None = None
        self.page_number = -1
        self.new_revision_count = 0
        # The page's items, and the stories its ticker items (not updates) have become
        # (ids): two ticker items of one page are two stories (see _free).
        self.page_items: Sequence[_Item] = ()
        self.claimed: set[int] = set()

    # -- loading -----------------------------------------------------------------------
    def load(self, items: Iterable[_Item]) -> None:
        wanted: set[str] = set()
        for item in items:
            wanted.update(item.ident.all_hashes)
            if item.version_hash:
                wanted.add(item.version_hash)
        # Two indexed queries rather than one join: with a join PostgreSQL's planner tends
        # to hash the whole stories table, which grows with the archive.
        rows = self.db.lookup_keys(sorted(wanted))
        if not rows:
            return
        stories = self.stories
        for (
            story_id, url, section, title, place, agencies, lede, body, has_lead,
            published_at, bound_earliest, bound_latest, first_seen_at, last_seen_at,
            text_seen_at, sighting_count, revision_count,
        ) in self.db.load_stories(sorted({row[1] for row in rows})):
            # The place key is needed only to insert a story.
            stories[story_id] = _Story(
                story_id, url, section, title, place, "", agencies, lede, body, has_lead,
                published_at, bound_earliest, bound_latest, first_seen_at, last_seen_at,
                text_seen_at, sighting_count, revision_count,
            )
        keys = self.keys
        for key, story_id, text_key in rows:
            story = stories[story_id]
            story.known_keys.add(key)
            entry = keys.get(key)
            if entry is None:
                keys[key] = [(story, text_key)]
            else:
                entry.append((story, text_key))

    def _revisions(self, story: _Story) -> list[_Revision]:
        if story.revisions is None:
            story.revisions = [
                _Revision(revision, source, title, lede, body, id=rev_id)
                for rev_id, revision, source, title, lede, body in self.db.all(
                    "revisions", (story.id,)
                )
            ]
        return story.revisions

    # -- matching ----------------------------------------------------------------------
    def _time_compatible(self, story: _Story, item: _Item) -> bool:
        """Short formula texts recur; only a story from around the same time is the same."""
        lo = item.earliest or item.published_at or item.latest
        hi = item.latest or item.published_at or self.seen_at
        s_lo = story.bound_earliest or story.published_at or story.first_seen_at
        s_hi = story.bound_latest or story.published_at or story.last_seen_at
        if lo is None:
            lo = hi
        return not (lo > s_hi + SHORT_TEXT_WINDOW or hi < s_lo - SHORT_TEXT_WINDOW)

    def _ages_overlap(self, story: _Story, item: _Item) -> bool:
        """False when both ``item`` and ``story`` have an interval from ages and they are
        apart: the same headline at the same place, hours apart, is another event."""
        lo, hi = item.earliest, item.latest
        s_lo, s_hi = story.bound_earliest, story.bound_latest
        if (lo is None and hi is None) or (s_lo is None and s_hi is None):
            return True
        if s_lo is not None and s_hi is not None and s_lo > s_hi:
            return True  # a time conflict: no interval to compare with
        if lo is not None and s_hi is not None and lo > s_hi + AGE_SLACK:
            return False
        return hi is None or s_lo is None or hi >= s_lo - AGE_SLACK

    def _url_trusted(self, story: _Story, ident: ItemIdentity) -> bool:
        """A URL match, unless the dateline places differ and so does the text: then the link
        belongs to another item (a parser that shifted links by one, a wrong link)."""
        if not ident.place_key or ident.text_hash in story.known_keys:
            return True
        # Stories loaded from the database carry no place key (it is needed only to insert).
        place_key = story.place_key or (_norm(story.place) if story.place else "")
        if not place_key or place_key == ident.place_key:
            return True
        # Another place: still the story if it is the same text (whole or cut short), a
        # dateline read differently.
        lede = _norm(story.lede)
        key = ident.text_key
        return bool(lede and key) and (lede.startswith(key) or key.startswith(lede))

    def _free(self, story: _Story, item: _Item) -> bool:
        """May ``item`` join ``story`` through a weaker rule (head or title)?

        Not when it is a ticker item and another ticker item of the same page already is
        that story, or matches it by URL or exact text: a ticker lists an item once. An
        announced update is exempt (an index may show an update above its original), and
        so is the lead (an article page may list itself).
        """
        if item.role != "ticker" or item.ident.is_update:
            return True
        if id(story) in self.claimed:
            return False
        keys = self.keys
        for other in self.page_items:
            if other is item or other.role != "ticker" or other.ident.is_update:
                continue
            ident = other.ident
            if any(s is story for s, _ in keys.get(ident.text_hash, ())):
                return False
            if ident.url_hash and any(
                s is story and self._url_trusted(s, ident)
                for s, _ in keys.get(ident.url_hash, ())
            ):
                return False
        return True

    def _match(self, item: _Item) -> tuple[_Story | None, str]:
        """The story ``item`` belongs to, and how it was found (EXACT, URL, HEAD, ...)."""
        ident = item.ident
        pick = _latest
        if ident.url_hash:
            entries = self.keys.get(ident.url_hash)
            if entries:
                if len(entries) == 1:
                    only = entries[0][0]
                    story = only if self._url_trusted(only, ident) else None
                else:
                    story = pick(s for s, _ in entries if self._url_trusted(s, ident))
                if story is not None:
                    return story, EXACT if ident.text_hash in story.known_keys else URL
        entries = self.keys.get(ident.text_hash)
        if entries:
            if len(ident.text_key) < MIN_PREFIX:
                story = pick(s for s, _ in entries if self._time_compatible(s, item))
            elif len(entries) == 1:
                story = entries[0][0]
            else:
                story = pick(s for s, _ in entries)
            if story is not None:
                return story, EXACT
        if ident.head_hash:
            story = pick(
                s
                for s, text_key in self.keys.get(ident.head_hash, ())
                if text_key is not None
                and is_prefix_match(text_key, ident.text_key)
                and self._free(s, item)
            )
            if story is not None:
                return story, HEAD
        if ident.title_hash:
            # A headline rendering of a ticker item, or a lead whose lede was rewritten:
            # same place and headline, and (headlines recur) published around the same time.
            # A regional item without agency and an ANP item are two stories even so: an
            # update may add an agency, it never drops all of them.
            story = pick(
                s
                for s, _ in self.keys.get(ident.title_hash, ())
                if self._time_compatible(s, item)
                and self._ages_overlap(s, item)
                and bool(s.agencies) == bool(item.agencies)
                and self._free(s, item)
            )
            if story is not None:
                return story, TITLE
        if ident.replaces_hash:
            story = pick(
                s
                for s, _ in self.keys.get(ident.replaces_hash, ())
                if s.last_seen_at >= self.seen_at - UPDATE_WINDOW
                and s.first_seen_at <= self.seen_at + UPDATE_WINDOW
            )
            if story is not None:
                return story, UPDATE
        return None, ""

    # -- applying ----------------------------------------------------------------------
    def _register(self, story: _Story, item: _Item) -> None:
        known = story.known_keys
        for kind, key, text_key in item.ident.registered:
            if key not in known:
                self._add_key(story, kind, key, text_key)
        if item.version_hash and item.version_hash not in known:
            self._add_key(story, "ver", item.version_hash, None)

    def _add_key(self, story: _Story, kind: str, key: str, text_key: str | None) -> None:
        story.known_keys.add(key)
        self.keys.setdefault(key, []).append((story, text_key))
        self.pending_keys.append((story, kind, key, text_key))

    def _new_story(self, item: _Item) -> _Story:
        story = _Story(
            id=None,
            url=item.url,
            section=self.section,
            title=item.title,
            place=item.place,
            place_key=item.ident.place_key,
            agencies=item.agencies,
            lede=item.lede,
            body=item.body,
            has_lead=item.role == "lead",
            published_at=None,
            bound_earliest=None,
            bound_latest=None,
            first_seen_at=self.seen_at,
            last_seen_at=self.seen_at,
            text_seen_at=self.seen_at,
            sighting_count=0,
            revision_count=1,
            is_new=True,
            created_on=self.page_number,
            revisions=[],
        )
        first = _Revision(1, item.role, item.title, item.lede, item.body)
        assert story.revisions is not None
        story.revisions.append(first)
        story.new_revisions.append((first, item.url, self.capture_id, self.seen_at))
        self.new_stories.append(story)
        return story

    def _covering(self, story: _Story, item: _Item) -> int | None:
        """The first revision whose text ``item`` shows (whole or cut short), if any."""
        revisions = self._revisions(story)
        if item.role == "ticker":
            text_key = item.ident.text_key
            for r in revisions:
                if r.lede_norm.startswith(text_key) or r.full_norm.startswith(text_key):
                    return r.revision
            return None
        title_norm = _norm(item.title) if item.title else ""
        full = _norm(item.body or "")
        for r in revisions:
            if r.source == "lead" and r.title_norm == title_norm and r.full_norm == full:
                return r.revision
        return None

    def _shown_revision(self, story: _Story, item: _Item) -> int:
        """Which of the story's texts ``item`` shows, for an item that adds no revision.

        Nothing to look up while the story has one text. With several, a rendering that
        matches none of them (a teaser) counts as the newest: only a sighting known to show
        the first text may narrow the earliest publication time.
        """
        if story.revision_count <= 1:
            return 1
        found = self._covering(story, item)
        if found is not None:
            return found
        return max((r.revision for r in self._revisions(story)), default=1)

    def _revise(self, story: _Story, item: _Item, rule: str) -> int:
        """A new text for a known story: keep the old, add (or complete) a revision.

        Returns the revision ``item`` shows.
        """
        if (
            item.role == "ticker"
            and not item.ident.is_update
            and (story.has_lead or rule == TITLE)
        ):
            # A ticker shows the lead's text cut short or as a teaser: a rendering, not a
            # new version. Versions of a story with an article come from its article, or
            # from an item that says it is an update. A headline match is a teaser: the
            # story's lede stays the first paragraph.
            return self._shown_revision(story, item)
        covering = self._covering(story, item)
        if covering is not None:
            return covering
        revisions = self._revisions(story)
        candidate = _Revision(0, item.role, item.title, item.lede, item.body)
        last = revisions[-1] if revisions else None
        if last is not None and _completes(candidate, last):
            # Not a new text: the first full rendering of what a ticker showed (cut short).
            candidate.title = candidate.title or last.title
            candidate.revision = last.revision
            candidate.id = last.id
            revisions[-1] = candidate
            write = (candidate, item.url, self.capture_id, self.seen_at)
            if last.id is None:
                story.new_revisions = [
                    write if pending[0] is last else pending for pending in story.new_revisions
                ]
            else:
                story.upgraded_revisions.append(write)
            self._set_text(story, item)
            return candidate.revision
        candidate.revision = max((r.revision for r in revisions), default=0) + 1
        revisions.append(candidate)
        story.new_revisions.append((candidate, item.url, self.capture_id, self.seen_at))
        story.revision_count += 1
        story.counters_dirty = True
        if story.created_on != self.page_number:
            # A revision of a story stored before this page (by an earlier page, maybe of
            # this batch): what storing the pages one by one reports.
            self.new_revision_count += 1
        if self.seen_at >= story.text_seen_at or (item.role == "lead" and not story.has_lead):
            self._set_text(story, item)
        return candidate.revision

    def _set_text(self, story: _Story, item: _Item) -> None:
        story.title = item.title or story.title
        story.lede = item.lede
        if item.role == "lead":
            story.body = item.body
            story.has_lead = True
            if item.url:
                story.url = item.url
        story.text_seen_at = max(story.text_seen_at, self.seen_at)
        story.text_dirty = True

    def apply(
        self, capture_id: int, seen_at: datetime, section: str | None, items: Sequence[_Item]
    ) -> IngestResult:
        """Match one page's items (after every page applied before it) and record them."""
        self.capture_id = capture_id
        self.seen_at = seen_at
        self.section = section
        self.page_number += 1
        self.new_revision_count = 0
        stories_before = len(self.new_stories)
        seen_bound = self.db.dt_in(seen_at)
        sightings = self.sightings
        self.page_items = items
        claimed: set[int] = set()
        self.claimed = claimed
        for item in items:
            story, rule = self._match(item)
            if story is None:
                story = self._new_story(item)
                shown = 1
            elif item.role == "lead":
                if item.version_hash in story.known_keys:
                    shown = self._shown_revision(story, item)
                else:
                    shown = self._revise(story, item, rule)
            elif rule == EXACT:
                shown = self._shown_revision(story, item)
            else:
                shown = self._revise(story, item, rule)
            # An item that says it is an update shows the update even when it is all the
            # archive knows of the story.
            later_text = shown > 1 or item.ident.is_update
            if item.role == "ticker" and not item.ident.is_update:
                claimed.add(id(story))
            if later_text and item.published_at is not None and item.latest is None:
                # An update page's publication time is the update's: the sighting says the
                # story was out by then (the latest bound), not when it was published.
                item.earliest = item.latest = item.published_at
            self._register(story, item)
            self._observe(story, item, later_text)
            item.story = story
            item.capture_id = capture_id
            item.seen_bound = seen_bound
            item.later_text = later_text
            sightings.append(item)
        return IngestResult(
            new_stories=len(self.new_stories) - stories_before,
            new_sightings=len(items),
            new_revisions=self.new_revision_count,
            capture_new=False,
        )

    def _observe(self, story: _Story, item: _Item, later_text: bool) -> None:
        story.sighting_count += 1
        story.first_seen_at = min(story.first_seen_at, self.seen_at)
        story.last_seen_at = max(story.last_seen_at, self.seen_at)
        if not later_text:
            # An update was published after the original: its age (or its page's time)
            # bounds the original's publication from above only (module docstring).
            story.bound_earliest = _max(story.bound_earliest, item.earliest)
            story.published_at = _min(story.published_at, item.published_at)
        story.bound_latest = _min(story.bound_latest, item.latest)
        if story.section is None and self.section:
            story.section = self.section
        if story.place is None and item.place:
            story.place = item.place
            story.text_dirty = True
        if story.agencies is None and item.agencies:
            story.agencies = item.agencies
        if story.url is None and item.url:
            story.url = item.url
        if story.title is None and item.title:
            story.title = item.title
            story.text_dirty = True
        story.counters_dirty = True

    # -- writing -----------------------------------------------------------------------
    def flush(self, before: Writes = (), after: Writes = ()) -> None:
        """Write everything applied, with ``before``/``after`` around it, in one batch."""
        db = self.db
        dt = db.dt_in
        new_stories = self.new_stories
        if new_stories:
            for story, new_id in zip(
                new_stories, db.new_ids("stories", len(new_stories)), strict=True
            ):
                story.id = new_id
        story_rows = [
            (
                s.id,
                *_counter_row(s, dt),
                s.title,
                s.place,
                s.place_key,
                s.lede,
                s.body,
                s.has_lead,
                dt(s.text_seen_at),
                _stems(s),
            )
            for s in new_stories
        ]
        loaded = self.stories.values()
        counters = [(*_counter_row(s, dt), s.id) for s in loaded if s.counters_dirty]
        texts = [
            (s.title, s.lede, s.body, s.place, s.url, s.has_lead, dt(s.text_seen_at),
             _stems(s), s.id)
            for s in loaded
            if s.text_dirty
        ]
        upgrades = [
            (rev.source, rev.title, rev.lede, rev.body, url, capture_id, dt(seen), rev.id)
            for s in loaded
            for rev, url, capture_id, seen in s.upgraded_revisions
        ]
        revisions = [
            (s.id, rev.revision, rev.source, rev.title, rev.lede, rev.body, url, capture_id,
             dt(seen))
            for group in (loaded, new_stories)
            for s in group
            for rev, url, capture_id, seen in s.new_revisions
        ]
        keys = [(s.id, kind, key, text_key) for s, kind, key, text_key in self.pending_keys]
        sightings = [
            (item.story.id, item.capture_id, item.role, item.position, item.age,
             item.seen_bound, dt(item.earliest), dt(item.latest), item.later_text)
            for item in self.sightings
            if item.story is not None
        ]
        # Inserts in foreign-key order; nothing here reads what another step writes.
        db.write(
            [
                *before,
                ("insert_story", story_rows),
                ("insert_revision", revisions),
                ("insert_key", keys),
                ("insert_sighting", sightings),
                ("update_counters", counters),
                ("update_text", texts),
                ("upgrade_revision", upgrades),
                *after,
            ]
        )
        if story_rows:
            db.index_stories(story_rows[0][0], story_rows[-1][0])


def _stems(story: _Story) -> str:
    """``stories.stems``: every story row written gets it here, the one place its text is
    written, so the FTS5 index (which copies it) never holds stale stems."""
    return stems_of(*(
        fold_for_search(t) if t else None
        for t in (story.title, story.place, story.lede, story.body)
    ))


def _same(value: datetime | None) -> Any:
    return value


def _counter_row(
    story: _Story, dt: Callable[[datetime | None], Any] = _same
) -> tuple[Any, ...]:
    """The ``COUNTER_COLUMNS`` values; ``dt`` converts the times (for the raw statements)."""
    earliest, latest = story.bound_earliest, story.bound_latest
    conflict = earliest is not None and latest is not None and earliest > latest
    published_latest = None if conflict else latest
    return (
        story.section,
        story.agencies,
        dt(story.published_at),
        None if conflict else dt(earliest),
        dt(published_latest),
        dt(earliest),
        dt(latest),
        conflict,
        dt(story.first_seen_at),
        dt(story.last_seen_at),
        dt(story.published_at or published_latest or story.first_seen_at),
        story.sighting_count,
        story.revision_count,
        story.url,
    )


def capture_row(
    db: RawSql,
    capture_id: int,
    capture: Capture,
    parser_version: str | None,
    parsed_at: Any,
    keyframe: tuple[int, bytes] | None = None,
) -> tuple[Any, ...]:
    """The ``insert_capture`` parameters (``CAPTURE_COLUMNS``) of ``capture``, compressed:
    as a delta against ``keyframe`` (id, raw body of the URL's newest keyframe) when that
    is small, else whole (``base_id``, the last value, is then None)."""
    stored, method = compress_body(capture.body, keyframe[1] if keyframe else None)
    return (
        capture_id,
        capture.sha256,
        capture.url,
        db.dt_in(_utc(capture.fetched_at)),
        capture.status,
        json.dumps([list(pair) for pair in capture.headers]),
        stored,
        method,
        len(capture.body),
        parser_version,
        parsed_at,
        keyframe[0] if keyframe is not None and method == DELTA else None,
    )


def write_pages(
    conn: Connection, pages: Sequence[PageToWrite], *, before: Writes = (), after: Writes = ()
) -> list[IngestResult]:
    """Store ``pages`` in order (inside the caller's transaction); one result per page.

    ``before`` and ``after`` are more writes (``RawSql.many`` arguments) sent in the same
    batch, before and after the pages' own rows: the captures the pages refer to, and
    marking them parsed.
    """
    writer = _BatchWriter(conn)
    items = [_items(p.page, p.page_url) for p in pages]
    writer.load(item for page_items in items for item in page_items)
    results = [
        writer.apply(p.capture_id, _utc(p.seen_at), p.page.section, page_items)
        for p, page_items in zip(pages, items, strict=True)
    ]
    writer.flush(before, after)
    return results


def write_page(
    conn: Connection,
    *,
    capture_id: int,
    seen_at: datetime,
    page_url: str | None,
    page: Page,
) -> IngestResult:
    """Store ``page`` as seen in capture ``capture_id`` (inside the caller's transaction)."""
    return write_pages(conn, [PageToWrite(capture_id, seen_at, page_url, page)])[0]


def recompute_stories(conn: Connection, story_ids: Iterable[int]) -> None:
    """Recount sightings and re-intersect intervals from scratch (after a reparse).

    As while ingesting, only sightings of a story's first text narrow its earliest
    publication time. Stories left without any sighting are removed: they existed only
    because an older parser read the capture differently.
    """
    ids = sorted(set(story_ids))
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        aggregates = {
            row.story_id: row
            for row in conn.execute(
                select(
                    G.c.story_id,
                    func.count().label("n"),
                    func.min(G.c.seen_at).label("first"),
                    func.max(G.c.seen_at).label("last"),
                    func.max(
                        case((G.c.is_update, None), else_=G.c.published_earliest)
                    ).label("earliest"),
                    func.min(G.c.published_latest).label("latest"),
                )
                .where(G.c.story_id.in_(chunk))
                .group_by(G.c.story_id)
            )
        }
        now = datetime.now(UTC)
        orphans = [i for i in chunk if i not in aggregates]
        if orphans:
            conn.execute(delete(S).where(S.c.id.in_(orphans)))
        for story_id, agg in aggregates.items():
            published_at = conn.execute(
                select(S.c.published_at).where(S.c.id == story_id)
            ).scalar_one()
            story = _Story(
                id=story_id, url=None, section=None, title=None, place=None, place_key="",
                agencies=None, lede="", body=None, has_lead=False, published_at=published_at,
                bound_earliest=_as_dt(agg.earliest), bound_latest=_as_dt(agg.latest),
                first_seen_at=_as_dt(agg.first) or now,
                last_seen_at=_as_dt(agg.last) or now,
                text_seen_at=now, sighting_count=int(agg.n), revision_count=0,
            )
            values = dict(zip(COUNTER_COLUMNS, _counter_row(story), strict=True))
            for keep in ("section", "agencies", "revision_count", "url"):
                values.pop(keep)
            conn.execute(update(S).where(S.c.id == story_id).values(**values))


def _as_dt(value: Any) -> datetime | None:
    """Aggregates may bypass the column type on SQLite and come back as text."""
    if value is None or isinstance(value, datetime):
        return value
    parsed = datetime.fromisoformat(str(value))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
