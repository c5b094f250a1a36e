"""The identity rules (``identity.py`` documents them) and the interval rule, on plain values.

No database here: the batch writer (``ingest.py``) loads the candidate stories and their
keys, and these functions decide. :func:`match` applies rules 1-5 in order; the helpers
each hold one condition, so each can be tested alone (``tests/store/test_matching.py``).

The interval rule: a story's publication lies in the intersection of what its sightings
say. A sighting of the story's first text narrows the interval from both sides; one of a
later text (an update's, or an item that announces itself as an update) was published after
the original, so it may only lower the latest bound (:func:`narrow`). When the bounds cross
there is no interval: the story is marked as a time conflict and no time is invented
(:func:`published_interval`). Both the batch writer and a reparse's recount use these two.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from anp_archive.store.identity import (
    AGE_SLACK,
    MIN_PREFIX,
    SHORT_TEXT_WINDOW,
    UPDATE_WINDOW,
    ItemIdentity,
    is_cut,
    is_prefix_match,
    normalise,
)

__all__ = [
    "EXACT", "HEAD", "TITLE", "UPDATE", "URL", "Bounds", "Item", "Keys", "PublishedInterval",
    "Revision", "Story", "ages_overlap", "completes", "covering", "earlier", "later",
    "latest", "match", "narrow", "norm", "published_interval", "shown_revision",
    "ticker_may_join", "time_compatible", "url_trusted",
]

# How match found an item's story (identity.py numbers the rules).
EXACT = "exact"  # rule 1 or 2 with the exact text known: the item shows a known text
URL = "url"  # rule 1, another text
HEAD = "head"  # rule 3
TITLE = "title"  # rule 4
UPDATE = "update"  # rule 5

# A lead's title, lede and body are each normalised several times while one page is stored
# (version key, revision texts, coverage test); a small cache makes that once.
norm = functools.lru_cache(maxsize=256)(normalise)


@dataclass(slots=True)
class Item:
    """One lead or ticker item of a page, as the rules see it."""

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
    story: Story | None = None
    capture_id: int = 0
    seen_at: datetime | None = None
    later_text: bool = False


@dataclass(slots=True)
class Revision:
    """One text of a story."""

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
            self._lede_norm = norm(self.lede)
        return self._lede_norm

    @property
    def full_norm(self) -> str:
        if self._full_norm is None:
            self._full_norm = norm(self.body) if self.body else self.lede_norm
        return self._full_norm

    @property
    def title_norm(self) -> str:
        return norm(self.title) if self.title else ""

    @property
    def cut(self) -> bool:
        """A ticker text cut short (stored with its ellipsis): a rendering of a longer one."""
        return self.source == "ticker" and is_cut(self.lede)


# (revision, url, capture_id, seen_at) of a revision to insert or upgrade.
RevisionWrite = tuple[Revision, str | None, int, datetime]


@dataclass(slots=True)
class Story:
    """A story as a batch sees it: loaded from the database or created by the batch.

    The first fields are ``stories`` columns of the same names (``ingest.py`` loads them by
    name); the rest is the batch's bookkeeping.
    """

    id: int | None
    url: str | None
    section: str | None
    title: str | None
    place: str | None
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
    # Loaded stories carry none (it is needed only to insert): url_trusted computes it.
    place_key: str = ""
    is_new: bool = False
    # The page of the batch that created it (-1: stored before the batch).
    created_on: int = -1
    counters_dirty: bool = False
    text_dirty: bool = False
    revisions: list[Revision] | None = None
    new_revisions: list[RevisionWrite] = field(default_factory=list)
    upgraded_revisions: list[RevisionWrite] = field(default_factory=list)
    known_keys: set[str] = field(default_factory=set)


# key -> [(story, text_key)]: every story a key points at (the database's and the batch's).
Keys = Mapping[str, Sequence[tuple[Story, str | None]]]


# -- the interval rule --------------------------------------------------------------------
def earlier(a: datetime | None, b: datetime | None) -> datetime | None:
    """The earlier of two times; None only when both are (an unknown bound says nothing)."""
    if a is None:
        return b
    if b is None:
        return a
    return min(a, b)


def later(a: datetime | None, b: datetime | None) -> datetime | None:
    """The later of two times; None only when both are."""
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b)


class Bounds(NamedTuple):
    """What is known of when a story was published: after ``earliest``, before ``latest``."""

    earliest: datetime | None
    latest: datetime | None


def narrow(
    bounds: Bounds,
    earliest: datetime | None,
    latest: datetime | None,
    *,
    later_text: bool = False,
) -> Bounds:
    """``bounds`` narrowed by a sighting whose interval is ``earliest``..``latest``.

    A sighting of a later text (``later_text``) was published after the original: it may
    lower the latest bound, never raise the earliest.
    """
    return Bounds(
        bounds.earliest if later_text else later(bounds.earliest, earliest),
        earlier(bounds.latest, latest),
    )


class PublishedInterval(NamedTuple):
    """The ``published_earliest``/``published_latest``/``time_conflict`` of some bounds."""

    earliest: datetime | None
    latest: datetime | None
    conflict: bool


def published_interval(bounds: Bounds) -> PublishedInterval:
    """The published interval: the bounds while they intersect, none once they cross."""
    earliest, latest = bounds
    if earliest is not None and latest is not None and earliest > latest:
        return PublishedInterval(None, None, True)
    return PublishedInterval(earliest, latest, False)


# -- the identity rules -------------------------------------------------------------------
def latest(stories: Iterable[Story]) -> Story | None:
    """The story seen last (the first of those seen at the same time), or None."""
    best: Story | None = None
    for story in stories:
        if best is None or story.last_seen_at > best.last_seen_at:
            best = story
    return best


def time_compatible(story: Story, item: Item, seen_at: datetime) -> bool:
    """Short formula texts recur; only a story from around the same time is the same
    (rules 2 and 4: within ``SHORT_TEXT_WINDOW``)."""
    lo = item.earliest or item.published_at or item.latest
    hi = item.latest or item.published_at or seen_at
    s_lo = story.bound_earliest or story.published_at or story.first_seen_at
    s_hi = story.bound_latest or story.published_at or story.last_seen_at
    if lo is None:
        lo = hi
    return not (lo > s_hi + SHORT_TEXT_WINDOW or hi < s_lo - SHORT_TEXT_WINDOW)


def ages_overlap(story: Story, item: Item) -> bool:
    """False when both ``item`` and ``story`` have an interval from ages and they are apart
    (rule 4): the same headline at the same place, hours apart, is another event."""
    lo, hi = item.earliest, item.latest
    s_lo, s_hi = story.bound_earliest, story.bound_latest
    if (lo is None and hi is None) or (s_lo is None and s_hi is None):
        return True
    if s_lo is not None and s_hi is not None and s_lo > s_hi:
        return True  # a time conflict: no interval to compare with
    if lo is not None and s_hi is not None and lo > s_hi + AGE_SLACK:
        return False
    return hi is None or s_lo is None or hi >= s_lo - AGE_SLACK


def url_trusted(story: Story, ident: ItemIdentity) -> bool:
    """A URL match (rule 1), unless the dateline places differ and so does the text: then
    the link belongs to another item (a parser that shifted links by one, a wrong link)."""
    if not ident.place_key or ident.text_hash in story.known_keys:
        return True
    place_key = story.place_key or (norm(story.place) if story.place else "")
    if not place_key or place_key == ident.place_key:
        return True
    # Another place: still the story if it is the same text (whole or cut short), a
    # dateline read differently.
    lede = norm(story.lede)
    key = ident.text_key
    return bool(lede and key) and (lede.startswith(key) or key.startswith(lede))


def ticker_may_join(
    story: Story, item: Item, keys: Keys, page_items: Sequence[Item], claimed: set[int]
) -> bool:
    """May ``item`` join ``story`` through a weaker rule (head or title)?

    Not when it is a ticker item and another ticker item of the same page already is that
    story (``claimed`` holds their ``id(story)``), or matches it by URL or exact text: a
    ticker lists an item once. An announced update is exempt (an index may show an update
    above its original), and so is the lead (an article page may list itself).
    """
    if item.role != "ticker" or item.ident.is_update:
        return True
    if id(story) in claimed:
        return False
    for other in page_items:
        if other is item or other.role != "ticker" or other.ident.is_update:
            continue
        ident = other.ident
        if any(s is story for s, _ in keys.get(ident.text_hash, ())):
            return False
        if ident.url_hash and any(
            s is story and url_trusted(s, ident) for s, _ in keys.get(ident.url_hash, ())
        ):
            return False
    return True


def match(
    item: Item,
    keys: Keys,
    *,
    seen_at: datetime,
    page_items: Sequence[Item] = (),
    claimed: set[int] | None = None,
) -> tuple[Story | None, str]:
    """The story ``item`` belongs to, and how it was found (EXACT, URL, HEAD, ...); rules
    1-5 in order. ``page_items`` and ``claimed``: the item's page (``ticker_may_join``)."""
    ident = item.ident
    taken = claimed if claimed is not None else set()
    pick = latest
    if ident.url_hash:
        entries = keys.get(ident.url_hash)
        if entries:
            if len(entries) == 1:
                only = entries[0][0]
                story = only if url_trusted(only, ident) else None
            else:
                story = pick(s for s, _ in entries if url_trusted(s, ident))
            if story is not None:
                return story, EXACT if ident.text_hash in story.known_keys else URL
    entries = keys.get(ident.text_hash)
    if entries:
        if len(ident.text_key) < MIN_PREFIX:
            story = pick(s for s, _ in entries if time_compatible(s, item, seen_at))
        elif len(entries) == 1:
            story = entries[0][0]
        else:
            story = pick(s for s, _ in entries)
        if story is not None:
            return story, EXACT
    if ident.head_hash:
        story = pick(
            s
            for s, text_key in keys.get(ident.head_hash, ())
            if text_key is not None
            and is_prefix_match(text_key, ident.text_key)
            and ticker_may_join(s, item, keys, page_items, taken)
        )
        if story is not None:
            return story, HEAD
    if ident.title_hash:
        # A headline rendering of a ticker item, or a lead whose lede was rewritten: same
        # place and headline, and (headlines recur) published around the same time. A
        # regional item without agency and an ANP item are two stories even so: an update
        # may add an agency, it never drops all of them.
        story = pick(
            s
            for s, _ in keys.get(ident.title_hash, ())
            if time_compatible(s, item, seen_at)
            and ages_overlap(s, item)
            and bool(s.agencies) == bool(item.agencies)
            and ticker_may_join(s, item, keys, page_items, taken)
        )
        if story is not None:
            return story, TITLE
    if ident.replaces_hash:
        story = pick(
            s
            for s, _ in keys.get(ident.replaces_hash, ())
            if s.last_seen_at >= seen_at - UPDATE_WINDOW
            and s.first_seen_at <= seen_at + UPDATE_WINDOW
        )
        if story is not None:
            return story, UPDATE
    return None, ""


# -- which text a sighting shows ----------------------------------------------------------
def completes(candidate: Revision, last: Revision) -> bool:
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


def covering(revisions: Sequence[Revision], item: Item) -> int | None:
    """The first revision whose text ``item`` shows (whole or cut short), if any."""
    if item.role == "ticker":
        text_key = item.ident.text_key
        for r in revisions:
            if r.lede_norm.startswith(text_key) or r.full_norm.startswith(text_key):
                return r.revision
        return None
    title_norm = norm(item.title) if item.title else ""
    full = norm(item.body or "")
    for r in revisions:
        if r.source == "lead" and r.title_norm == title_norm and r.full_norm == full:
            return r.revision
    return None


def shown_revision(
    revision_count: int, revisions: Callable[[], Sequence[Revision]], item: Item
) -> int:
    """Which of a story's texts ``item`` shows, for an item that adds no revision.

    Nothing to look up (``revisions`` is not called) while the story has one text. With
    several, a rendering that matches none of them (a teaser) counts as the newest: only a
    sighting known to show the first text may narrow the earliest publication time.
    """
    if revision_count <= 1:
        return 1
    texts = revisions()
    found = covering(texts, item)
    if found is not None:
        return found
    return max((r.revision for r in texts), default=1)
