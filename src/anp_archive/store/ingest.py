"""Storing one parsed page: match its items to stories, add sightings and revisions.

Everything for one page happens inside the caller's transaction with a fixed number of
statements, however many items the page has: one lookup of every identity key of every
item, one load of the candidate stories, then batched inserts and updates (on PostgreSQL
sent as one pipeline). Stories are found by the indexed ``story_keys.key`` column (see
``identity.py`` for what the keys are). The statements are fixed SQL run on the DB-API
cursor (``rawsql.py`` says why); ``recompute_stories``, used only by a reparse, uses Core.

Writers are serialised by the caller (SQLite ``BEGIN IMMEDIATE``, a PostgreSQL advisory
transaction lock), so the read-modify-write of a story's counters here cannot race.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import Table, delete, func, select, update
from sqlalchemy.engine import Connection

from anp_archive.models import Page
from anp_archive.store.identity import (
    MIN_PREFIX,
    SHORT_TEXT_WINDOW,
    UPDATE_WINDOW,
    ItemIdentity,
    identity_for,
    is_prefix_match,
    key_hash,
    normalise,
    split_update_marker,
)
from anp_archive.store.rawsql import RawSql
from anp_archive.store.records import IngestResult
from anp_archive.store.schema import (
    SightingRow,
    StoryKeyRow,
    StoryRevisionRow,
    StoryRow,
)

__all__ = ["recompute_stories", "write_page"]

# Ticker identities kept between pages (see _ticker_identity): a few MiB at most, enough
# for every item a site's tickers show within a day or so.
TICKER_IDENTITY_CACHE = 2048

S = cast(Table, StoryRow.__table__)
K = cast(Table, StoryKeyRow.__table__)
R = cast(Table, StoryRevisionRow.__table__)
G = cast(Table, SightingRow.__table__)

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


@dataclass(slots=True)
class _Revision:
    revision: int
    source: str
    title: str | None
    lede: str
    body: str | None
    id: int | None = None
    lede_norm: str = ""
    full_norm: str = ""
    title_norm: str = ""

    def __post_init__(self) -> None:
        self.lede_norm = _norm(self.lede)
        self.full_norm = _norm(self.body) if self.body else self.lede_norm
        self.title_norm = _norm(self.title) if self.title else ""


@dataclass(slots=True)
class _Story:
    """A story as this page sees it: loaded from the database or created here."""

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
    counters_dirty: bool = False
    text_dirty: bool = False
    revisions: list[_Revision] | None = None
    new_revisions: list[tuple[_Revision, str | None, datetime]] = field(default_factory=list)
    upgraded_revisions: list[tuple[_Revision, str | None, datetime]] = field(default_factory=list)
    known_keys: set[str] = field(default_factory=set)


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


# A lead's title, lede and body are each normalised several times while one page is stored
# (version key, revision texts, coverage test); a small cache makes that once.
_norm = functools.lru_cache(maxsize=256)(normalise)


@functools.lru_cache(maxsize=TICKER_IDENTITY_CACHE)
def _ticker_identity(
    place: str | None, title: str | None, raw_text: str, link: str | None
) -> tuple[ItemIdentity, str]:
    """A ticker item's identity and its text without an update marker.

    Cached: one wire item stands in the tickers of dozens of pages, fetch after fetch, and
    its identity (normalising, hashing) is a pure function of these four values.
    """
    replaces, rest = split_update_marker(raw_text)
    text = rest if replaces is not None and rest else raw_text
    ident = identity_for(place=place, title=title, text=text, url=link, replaces_title=replaces)
    return ident, text


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
                published_at=lead.published_at,
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
        items.append(
            _Item(
                role="ticker",
                position=position,
                ident=ident,
                title=tick.title,
                lede=ident.text or text,
                body=None,
                place=place,
                agencies="/".join(tick.dateline.agencies) if tick.dateline else None,
                url=link,
                age=tick.age,
                earliest=tick.published_earliest,
                latest=tick.published_latest,
                published_at=None,
                version_hash=None,
            )
        )
    return items


class _PageWriter:
    def __init__(self, conn: Connection, capture_id: int, seen_at: datetime, section: str | None):
        self.db = RawSql(conn)
        self.capture_id = capture_id
        self.seen_at = seen_at
        self.section = section
        self.stories: dict[int, _Story] = {}
        self.new_stories: list[_Story] = []
        # key -> [(story, text_key)]: the database's rows plus what this page registered.
        self.keys: dict[str, list[tuple[_Story, str | None]]] = {}
        self.new_revision_count = 0

    # -- loading -----------------------------------------------------------------------
    def load(self, items: Sequence[_Item]) -> None:
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
                    "revisions", {"sid": story.id}
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

    def _match(self, item: _Item) -> tuple[_Story | None, bool]:
        """The story ``item`` belongs to, and whether its exact text is already known."""
        ident = item.ident

        def pick(stories: Iterable[_Story]) -> _Story | None:
            found = list({id(s): s for s in stories}.values())
            return max(found, key=lambda s: s.last_seen_at) if found else None

        if ident.url_hash:
            story = pick(s for s, _ in self.keys.get(ident.url_hash, ()))
            if story is not None:
                return story, ident.text_hash in story.known_keys
        exact = [s for s, _ in self.keys.get(ident.text_hash, ())]
        if len(ident.text_key) < MIN_PREFIX:
            exact = [s for s in exact if self._time_compatible(s, item)]
        story = pick(exact)
        if story is not None:
            return story, True
        if ident.head_hash:
            story = pick(
                s
                for s, text_key in self.keys.get(ident.head_hash, ())
                if text_key is not None and is_prefix_match(text_key, ident.text_key)
            )
            if story is not None:
                return story, False
        if ident.title_hash:
            # A headline rendering of a ticker item, or a lead whose lede was rewritten:
            # same place and headline, and (headlines recur) published around the same time.
            story = pick(
                s
                for s, _ in self.keys.get(ident.title_hash, ())
                if self._time_compatible(s, item)
            )
            if story is not None:
                return story, False
        if ident.replaces_hash:
            story = pick(
                s
                for s, _ in self.keys.get(ident.replaces_hash, ())
                if s.last_seen_at >= self.seen_at - UPDATE_WINDOW
                and s.first_seen_at <= self.seen_at + UPDATE_WINDOW
            )
            if story is not None:
                return story, False
        return None, False

    # -- applying ----------------------------------------------------------------------
    def _register(self, story: _Story, item: _Item) -> None:
        rows = item.ident.register_keys()
        if item.version_hash:
            rows.append(("ver", item.version_hash, None))
        for kind, key, text_key in rows:
            if key in story.known_keys:
                continue
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
            revisions=[],
        )
        first = _Revision(1, item.role, item.title, item.lede, item.body)
        assert story.revisions is not None
        story.revisions.append(first)
        story.new_revisions.append((first, item.url, self.seen_at))
        self.new_stories.append(story)
        return story

    def _covered(self, story: _Story, item: _Item) -> bool:
        revisions = self._revisions(story)
        if item.role == "ticker":
            text_key = item.ident.text_key
            return any(
                r.lede_norm.startswith(text_key) or r.full_norm.startswith(text_key)
                for r in revisions
            )
        title_norm = _norm(item.title) if item.title else ""
        full = _norm(item.body or "")
        return any(
            r.source == "lead" and r.title_norm == title_norm and r.full_norm == full
            for r in revisions
        )

    def _revise(self, story: _Story, item: _Item) -> None:
        """A new text for a known story: keep the old, add (or complete) a revision."""
        if item.role == "ticker" and story.has_lead:
            # A ticker shows the lead's text cut short or as a teaser: a rendering, not a
            # new version. Versions of a story with an article come from its article.
            return
        if self._covered(story, item):
            return
        revisions = self._revisions(story)
        candidate = _Revision(0, item.role, item.title, item.lede, item.body)
        last = revisions[-1] if revisions else None
        if (
            item.role == "lead"
            and last is not None
            and all(r.source == "ticker" for r in revisions)
            and (
                candidate.full_norm.startswith(last.lede_norm)
                or candidate.lede_norm.startswith(last.lede_norm)
            )
        ):
            # Not a new text: the first full rendering of what tickers showed (cut short).
            candidate.revision = last.revision
            candidate.id = last.id
            revisions[-1] = candidate
            if last.id is None:
                story.new_revisions = [
                    (candidate, item.url, seen) if rev is last else (rev, url, seen)
                    for rev, url, seen in story.new_revisions
                ]
            else:
                story.upgraded_revisions.append((candidate, item.url, self.seen_at))
            self._set_text(story, item)
            return
        candidate.revision = max((r.revision for r in revisions), default=0) + 1
        revisions.append(candidate)
        story.new_revisions.append((candidate, item.url, self.seen_at))
        story.revision_count += 1
        story.counters_dirty = True
        if not story.is_new:
            self.new_revision_count += 1
        if self.seen_at >= story.text_seen_at or (item.role == "lead" and not story.has_lead):
            self._set_text(story, item)

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

    def apply(self, items: Sequence[_Item]) -> list[tuple[_Story, _Item]]:
        self.pending_keys: list[tuple[_Story, str, str, str | None]] = []
        sightings: list[tuple[_Story, _Item]] = []
        for item in items:
            story, exact = self._match(item)
            if story is None:
                story = self._new_story(item)
            elif item.role == "lead":
                if item.version_hash not in story.known_keys:
                    self._revise(story, item)
            elif not exact:
                self._revise(story, item)
            self._register(story, item)
            self._observe(story, item)
            sightings.append((story, item))
        return sightings

    def _observe(self, story: _Story, item: _Item) -> None:
        story.sighting_count += 1
        story.first_seen_at = min(story.first_seen_at, self.seen_at)
        story.last_seen_at = max(story.last_seen_at, self.seen_at)
        story.bound_earliest = _max(story.bound_earliest, item.earliest)
        story.bound_latest = _min(story.bound_latest, item.latest)
        story.published_at = _min(story.published_at, item.published_at)
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
    def flush(self, sightings: Sequence[tuple[_Story, _Item]]) -> None:
        db = self.db
        dt_in = db.dt_in
        capture_id = self.capture_id
        seen_at = dt_in(self.seen_at)
        story_rows = [_story_values(s, dt_in) for s in self.new_stories]
        if story_rows:
            new_ids = db.insert_stories(story_rows)
            for story, new_id in zip(self.new_stories, new_ids, strict=True):
                story.id = new_id
        counters: list[dict[str, Any]] = []
        texts: list[dict[str, Any]] = []
        upgrades: list[dict[str, Any]] = []
        for story in self.stories.values():
            if story.counters_dirty:
                values = _counter_values(story, dt_in)
                values["id"] = story.id
                counters.append(values)
            if story.text_dirty:
                texts.append(
                    {
                        "id": story.id,
                        "title": story.title,
                        "lede": story.lede,
                        "body": story.body,
                        "place": story.place,
                        "url": story.url,
                        "has_lead": story.has_lead,
                        "text_seen_at": dt_in(story.text_seen_at),
                    }
                )
            for rev, url, seen in story.upgraded_revisions:
                upgrades.append(
                    {
                        "id": rev.id,
                        "source": rev.source,
                        "title": rev.title,
                        "lede": rev.lede,
                        "body": rev.body,
                        "url": url,
                        "capture_id": capture_id,
                        "seen_at": dt_in(seen),
                    }
                )
        revisions = [
            {
                "story_id": s.id,
                "revision": rev.revision,
                "source": rev.source,
                "title": rev.title,
                "lede": rev.lede,
                "body": rev.body,
                "url": url,
                "capture_id": capture_id,
                "seen_at": dt_in(seen),
            }
            for group in (self.stories.values(), self.new_stories)
            for s in group
            for rev, url, seen in s.new_revisions
        ]
        keys = [
            {"story_id": s.id, "kind": kind, "key": key, "text_key": text_key}
            for s, kind, key, text_key in self.pending_keys
        ]
        rows = [
            {
                "story_id": s.id,
                "capture_id": capture_id,
                "role": item.role,
                "position": item.position,
                "age": item.age,
                "seen_at": seen_at,
                "published_earliest": dt_in(item.earliest),
                "published_latest": dt_in(item.latest),
            }
            for s, item in sightings
        ]
        with db.batch():
            db.insert_drawn_stories(story_rows)
            db.many("update_counters", counters)
            db.many("update_text", texts)
            db.many("upgrade_revision", upgrades)
            db.many("insert_revision", revisions)
            db.many("insert_key", keys)
            db.many("insert_sighting", rows)


def _same(value: datetime | None) -> Any:
    return value


def _counter_values(
    story: _Story, dt: Callable[[datetime | None], Any] = _same
) -> dict[str, Any]:
    """The counter columns' values; ``dt`` converts the times (for the raw statements)."""
    earliest, latest = story.bound_earliest, story.bound_latest
    conflict = earliest is not None and latest is not None and earliest > latest
    published_latest = None if conflict else latest
    return {
        "section": story.section,
        "agencies": story.agencies,
        "published_at": dt(story.published_at),
        "published_earliest": None if conflict else dt(earliest),
        "published_latest": dt(published_latest),
        "bound_earliest": dt(earliest),
        "bound_latest": dt(latest),
        "time_conflict": conflict,
        "first_seen_at": dt(story.first_seen_at),
        "last_seen_at": dt(story.last_seen_at),
        "sort_at": dt(story.published_at or published_latest or story.first_seen_at),
        "sighting_count": story.sighting_count,
        "revision_count": story.revision_count,
    }


def _story_values(story: _Story, dt: Callable[[datetime | None], Any] = _same) -> dict[str, Any]:
    values = _counter_values(story, dt)
    values["url"] = story.url
    values["title"] = story.title
    values["place"] = story.place
    values["place_key"] = story.place_key
    values["lede"] = story.lede
    values["body"] = story.body
    values["has_lead"] = story.has_lead
    values["text_seen_at"] = dt(story.text_seen_at)
    return values


def write_page(
    conn: Connection,
    *,
    capture_id: int,
    seen_at: datetime,
    page_url: str | None,
    page: Page,
) -> IngestResult:
    """Store ``page`` as seen in capture ``capture_id`` (inside the caller's transaction)."""
    items = _items(page, page_url)
    writer = _PageWriter(conn, capture_id, seen_at, page.section)
    writer.load(items)
    sightings = writer.apply(items)
    writer.flush(sightings)
    return IngestResult(
        new_stories=len(writer.new_stories),
        new_sightings=len(sightings),
        new_revisions=writer.new_revision_count,
        capture_new=False,
    )


def recompute_stories(conn: Connection, story_ids: Iterable[int]) -> None:
    """Recount sightings and re-intersect intervals from scratch (after a reparse).

    Stories left without any sighting are removed: they existed only because an older
    parser read the capture differently.
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
                    func.max(G.c.published_earliest).label("earliest"),
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
            values = _counter_values(story)
            for keep in ("section", "agencies", "revision_count"):
                values.pop(keep)
            conn.execute(update(S).where(S.c.id == story_id).values(**values))


def _as_dt(value: Any) -> datetime | None:
    """Aggregates may bypass the column type on SQLite and come back as text."""
    if value is None or isinstance(value, datetime):
        return value
    parsed = datetime.fromisoformat(str(value))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
