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
the keys are); which story an item is, and what a sighting says of the story's time, is
decided by ``matching.py`` on the values loaded here. The statements are generated from
``tables.py`` and run on the DB-API cursor (``rawsql.py`` says why); every row is built by
column name. ``recompute_stories``, used only by a reparse, uses Core.

Writers are serialised by the caller (SQLite ``BEGIN IMMEDIATE``, a PostgreSQL advisory
transaction lock), so the read-modify-write of a story's counters here cannot race.

Time: every sighting of a story's first text (revision 1) narrows its publication interval
from both sides. A sighting of a later revision (an update's text), or of an item that
announces itself as an update, says when that update was published, which is after the
original: it may only lower the latest bound, never raise the earliest, and an update
page's own publication time is not the story's (``matching.narrow``;
``matching.shown_revision`` says which text a sighting showed).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import fields
from datetime import UTC, datetime
from typing import Any, NamedTuple

from sqlalchemy import select, update
from sqlalchemy.engine import Connection

from anp_archive.models import Page
from anp_archive.search.stems import stems_of
from anp_archive.store.identity import (
    ItemIdentity,
    fold_for_search,
    identity_for,
    is_cut,
    key_hash,
    split_update_marker,
)
from anp_archive.store.matching import (
    EXACT,
    TITLE,
    Bounds,
    Item,
    Revision,
    Story,
    completes,
    covering,
    earlier,
    match,
    narrow,
    norm,
    published_interval,
    shown_revision,
)
from anp_archive.store.rawsql import STORIES, RawSql, reader
from anp_archive.store.records import IngestResult
from anp_archive.store.tables import sightings as G
from anp_archive.store.tables import stories as S
from anp_archive.times import to_utc

__all__ = ["PageToWrite", "recompute_stories", "write_page", "write_pages"]

# Ticker identities kept between pages (see _ticker_identity): a few MiB at most, enough
# for every item a site's tickers show within a day or so.
TICKER_IDENTITY_CACHE = 2048

# (statement name, parameter rows) for RawSql.many, sent with a batch's own writes.
Writes = Sequence[tuple[str, Sequence[Sequence[Any]]]]

# The story columns a batch reads back: those ``Story`` has a field of the same name (the
# place key is needed only to insert a story, see ``matching.url_trusted``).
_STORY_READ = reader(
    STORIES, [f.name for f in fields(Story) if f.name in STORIES.c and f.name != "place_key"]
)


class PageToWrite(NamedTuple):
    """One page to store: the capture it was parsed from and when that was fetched."""

    capture_id: int
    seen_at: datetime
    page_url: str | None
    page: Page


@functools.lru_cache(maxsize=TICKER_IDENTITY_CACHE)
def _ticker_identity(
    place: str | None, title: str | None, raw_text: str, link: str | None
) -> tuple[ItemIdentity, str]:
    """A ticker item's identity and the text to store: without an update marker, and with
    the ellipsis of a text cut short (which says it is one; see ``Revision.cut``).

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
def _utc(value: datetime | None) -> datetime | None:
    # Most times are UTC already (a parser's, a capture's): no conversion to make.
    if value is None or value.tzinfo is UTC:
        return value
    return to_utc(value)


def _items(page: Page, page_url: str | None) -> list[Item]:
    items: list[Item] = []
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
        version = key_hash("ver", ident.place_key, norm(lead.title or ""), norm(body or ""))
        items.append(
            Item(
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
            Item(
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
        self.stories: dict[int, Story] = {}
        self.new_stories: list[Story] = []
        # key -> [(story, text_key)]: the database's rows plus what this batch registered.
        self.keys: dict[str, list[tuple[Story, str | None]]] = {}
        self.pending_keys: list[tuple[Story, str, str, str | None]] = []
        # The items applied, in order; each carries its sighting (story, capture, ...).
        self.sightings: list[Item] = []
        # The page being applied.
        self.capture_id = 0
        self.seen_at = datetime.min.replace(tzinfo=UTC)
        self.section: str | None = None
        self.page_number = -1
        self.new_revision_count = 0

    # -- loading -----------------------------------------------------------------------
    def load(self, items: Iterable[Item]) -> None:
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
        for values in self.db.load(STORIES, _STORY_READ, sorted({row[1] for row in rows})):
            stories[values["id"]] = Story(**values)
        keys = self.keys
        for key, story_id, text_key in rows:
            story = stories[story_id]
            story.known_keys.add(key)
            entry = keys.get(key)
            if entry is None:
                keys[key] = [(story, text_key)]
            else:
                entry.append((story, text_key))

    def _revisions(self, story: Story) -> list[Revision]:
        if story.revisions is None:
            story.revisions = [
                Revision(revision, source, title, lede, body, id=rev_id)
                for rev_id, revision, source, title, lede, body in self.db.all(
                    "revisions", (story.id,)
                )
            ]
        return story.revisions

    # -- applying ----------------------------------------------------------------------
    def _register(self, story: Story, item: Item) -> None:
        known = story.known_keys
        for kind, key, text_key in item.ident.registered:
            if key not in known:
                self._add_key(story, kind, key, text_key)
        if item.version_hash and item.version_hash not in known:
            self._add_key(story, "ver", item.version_hash, None)

    def _add_key(self, story: Story, kind: str, key: str, text_key: str | None) -> None:
        story.known_keys.add(key)
        self.keys.setdefault(key, []).append((story, text_key))
        self.pending_keys.append((story, kind, key, text_key))

    def _new_story(self, item: Item) -> Story:
        story = Story(
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
        first = Revision(1, item.role, item.title, item.lede, item.body)
        assert story.revisions is not None
        story.revisions.append(first)
        story.new_revisions.append((first, item.url, self.capture_id, self.seen_at))
        self.new_stories.append(story)
        return story

    def _covering(self, story: Story, item: Item) -> int | None:
        return covering(self._revisions(story), item)

    def _shown_revision(self, story: Story, item: Item) -> int:
        return shown_revision(story.revision_count, lambda: self._revisions(story), item)

    def _revise(self, story: Story, item: Item, rule: str) -> int:
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
        candidate = Revision(0, item.role, item.title, item.lede, item.body)
        last = revisions[-1] if revisions else None
        if last is not None and completes(candidate, last):
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

    def _set_text(self, story: Story, item: Item) -> None:
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
        self, capture_id: int, seen_at: datetime, section: str | None, items: Sequence[Item]
    ) -> IngestResult:
        """Match one page's items (after every page applied before it) and record them."""
        self.capture_id = capture_id
        self.seen_at = seen_at
        self.section = section
        self.page_number += 1
        self.new_revision_count = 0
        stories_before = len(self.new_stories)
        sightings = self.sightings
        # The stories this page's ticker items (not updates) have become (ids): two ticker
        # items of one page are two stories (matching.ticker_may_join).
        claimed: set[int] = set()
        for item in items:
            story, rule = match(
                item, self.keys, seen_at=seen_at, page_items=items, claimed=claimed
            )
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
            item.seen_at = seen_at
            item.later_text = later_text
            sightings.append(item)
        return IngestResult(
            new_stories=len(self.new_stories) - stories_before,
            new_sightings=len(items),
            new_revisions=self.new_revision_count,
            capture_new=False,
        )

    def _observe(self, story: Story, item: Item, later_text: bool) -> None:
        story.sighting_count += 1
        story.first_seen_at = min(story.first_seen_at, self.seen_at)
        story.last_seen_at = max(story.last_seen_at, self.seen_at)
        # An update was published after the original: its age (or its page's time) bounds
        # the original's publication from above only (matching.narrow).
        story.bound_earliest, story.bound_latest = narrow(
            Bounds(story.bound_earliest, story.bound_latest), item.earliest, item.latest,
            later_text=later_text,
        )
        if not later_text:
            story.published_at = earlier(story.published_at, item.published_at)
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
        new_stories = self.new_stories
        if new_stories:
            for story, new_id in zip(
                new_stories, db.new_ids("stories", len(new_stories)), strict=True
            ):
                story.id = new_id
        insert_story = db.row("insert_story")
        story_rows = [
            insert_story(
                id=s.id, place_key=s.place_key, **{**_counter_values(s), **_text_values(s)}
            )
            for s in new_stories
        ]
        loaded = self.stories.values()
        update_counters, update_text = db.row("update_counters"), db.row("update_text")
        counters = [
            update_counters(id=s.id, **_counter_values(s)) for s in loaded if s.counters_dirty
        ]
        texts = [update_text(id=s.id, **_text_values(s)) for s in loaded if s.text_dirty]
        upgrade = db.row("upgrade_revision")
        upgrades = [
            upgrade(
                id=rev.id, source=rev.source, title=rev.title, lede=rev.lede, body=rev.body,
                url=url, capture_id=capture_id, seen_at=seen,
            )
            for s in loaded
            for rev, url, capture_id, seen in s.upgraded_revisions
        ]
        insert_revision = db.row("insert_revision")
        revisions = [
            insert_revision(
                story_id=s.id, revision=rev.revision, source=rev.source, title=rev.title,
                lede=rev.lede, body=rev.body, url=url, capture_id=capture_id, seen_at=seen,
            )
            for group in (loaded, new_stories)
            for s in group
            for rev, url, capture_id, seen in s.new_revisions
        ]
        insert_key = db.row("insert_key")
        keys = [
            insert_key(story_id=s.id, kind=kind, key=key, text_key=text_key)
            for s, kind, key, text_key in self.pending_keys
        ]
        insert_sighting = db.row("insert_sighting")
        sightings = [
            insert_sighting(
                story_id=item.story.id, capture_id=item.capture_id, role=item.role,
                position=item.position, age=item.age, seen_at=item.seen_at,
                published_earliest=item.earliest, published_latest=item.latest,
                is_update=item.later_text,
            )
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
        if new_stories:
            first, last = new_stories[0].id, new_stories[-1].id
            assert first is not None and last is not None
            db.index_stories(first, last)


def _stems(story: Story) -> str:
    """``stories.stems``: every story row written gets it here, the one place its text is
    written, so the FTS5 index (which copies it) never holds stale stems."""
    return stems_of(*(
        fold_for_search(t) if t else None
        for t in (story.title, story.place, story.lede, story.body)
    ))


def _text_values(story: Story) -> dict[str, Any]:
    """The story's ``rawsql.STORY_TEXT`` columns."""
    return {
        "title": story.title, "lede": story.lede, "body": story.body, "place": story.place,
        "url": story.url, "has_lead": story.has_lead, "text_seen_at": story.text_seen_at,
        "stems": _stems(story),
    }


def _counter_values(story: Story) -> dict[str, Any]:
    """The story's ``rawsql.story_counters()`` columns: its interval and counts."""
    bounds = Bounds(story.bound_earliest, story.bound_latest)
    published = published_interval(bounds)
    return {
        "section": story.section,
        "agencies": story.agencies,
        "published_at": story.published_at,
        "published_earliest": published.earliest,
        "published_latest": published.latest,
        "bound_earliest": bounds.earliest,
        "bound_latest": bounds.latest,
        "time_conflict": published.conflict,
        "first_seen_at": story.first_seen_at,
        "last_seen_at": story.last_seen_at,
        "sort_at": story.published_at or published.latest or story.first_seen_at,
        "sighting_count": story.sighting_count,
        "revision_count": story.revision_count,
        "url": story.url,
    }


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
        writer.apply(p.capture_id, to_utc(p.seen_at), p.page.section, page_items)
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

    The same interval rule as while ingesting (``matching.narrow``), over every sighting
    left. Stories left without any sighting are removed: they existed only because an
    older parser read the capture differently.
    """
    ids = sorted(set(story_ids))
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        published = dict(
            (row.id, row.published_at)
            for row in conn.execute(select(S.c.id, S.c.published_at).where(S.c.id.in_(chunk)))
        )
        stories: dict[int, Story] = {}
        for story_id, seen_at, earliest, latest, is_update in conn.execute(
            select(
                G.c.story_id, G.c.seen_at, G.c.published_earliest, G.c.published_latest,
                G.c.is_update,
            ).where(G.c.story_id.in_(chunk))
        ):
            story = stories.get(story_id)
            if story is None:
                story = stories[story_id] = Story(
                    id=story_id, url=None, section=None, title=None, place=None,
                    agencies=None, lede="", body=None, has_lead=False,
                    published_at=published.get(story_id), bound_earliest=None,
                    bound_latest=None, first_seen_at=seen_at, last_seen_at=seen_at,
                    text_seen_at=seen_at, sighting_count=0, revision_count=0,
                )
            story.sighting_count += 1
            story.first_seen_at = min(story.first_seen_at, seen_at)
            story.last_seen_at = max(story.last_seen_at, seen_at)
            story.bound_earliest, story.bound_latest = narrow(
                Bounds(story.bound_earliest, story.bound_latest), earliest, latest,
                later_text=bool(is_update),
            )
        orphans = [i for i in chunk if i not in stories]
        if orphans:
            conn.execute(S.delete().where(S.c.id.in_(orphans)))
        for story_id, story in stories.items():
            values = _counter_values(story)
            for keep in ("section", "agencies", "revision_count", "url"):
                values.pop(keep)
            conn.execute(update(S).where(S.c.id == story_id).values(**values))
