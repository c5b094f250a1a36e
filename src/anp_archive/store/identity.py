"""Story identity: when are two renderings the same wire item, and when are they not?

A wire item shows up as the lead of its own page (title, dateline, paragraphs, URL) and as
a ticker item on other pages (dateline and a text that is the lead's first paragraph,
sometimes cut short, sometimes with a headline and a link). Renderings differ in markup,
whitespace, quotes, dashes and diacritics, so nothing is compared raw: :func:`normalise`
folds text to NFKD without combining marks, casefolded, every run of non-word characters
one space.

The fingerprint of an item is ``place_key | text_key``: the normalised dateline place and
the normalised *whole* lede (the lead's first paragraph, or the ticker text). Its hash is
the exact key (kind ``text``). Items are matched to stored stories in this order:

1. ``url`` -- the same article URL, by the crawler's own key (:func:`normalise_url`:
   ``anp_archive.urls.page_key``, so scheme/host case, default port, fragment, tracking
   parameters, query order, percent-escape case and a trailing slash are ignored) is the
   same story, unless the dateline places differ and the text does too: a link that
   belongs to a neighbouring item must not pull a story from another place into this one.
2. ``text`` -- the same place and the same whole normalised lede. A text shorter than
   :data:`MIN_PREFIX` characters (formula items such as a daily market opening) only
   matches a story whose publication interval lies within :data:`SHORT_TEXT_WINDOW` of it,
   so today's ``AEX opent hoger`` is not yesterday's.
3. ``head`` -- same place and the same first :data:`MIN_PREFIX` normalised characters,
   *verified* by the shorter text being a prefix of the longer one. This joins a truncated
   ticker text to its lead, a ticker that shows more than one paragraph to its lead, and a
   lede that grew in an update. Sixty characters is past the long shared openings
   (``de amerikaanse president donald trump heeft`` is 44), and the prefix check means two
   items that share an opening but then differ never merge, however long the opening.
4. ``title`` -- the same place and headline (a ``(2)`` suffix removed), a publication
   interval within :data:`SHORT_TEXT_WINDOW` of the story's *and*, when both the item and
   the story have one from an age, age intervals that overlap (give or take
   :data:`AGE_SLACK`): a headline rendering of a ticker item with a teaser text, or a lead
   whose lede was rewritten. Headlines recur (``AEX opent hoger`` every day, ``Brand in
   woning`` in the same town twice a day), hence the time conditions.
5. ``title`` of the replaced story -- for an item that says it updates another (headline
   suffix ``(2)``, or a body starting ``Nieuw bericht, vervangt: <headline>``): that
   headline at the same place, seen within :data:`UPDATE_WINDOW`.

Two ticker items of one page are two stories: a ticker lists an item once. So a ticker item
never joins, through rules 3 and 4, a story that another ticker item of the same page is
(or, by rule 1 or 2, will be); an announced update is exempt (an index shows an update next
to its original), and so is the page's lead (an article page may list itself).

A ticker sighting never adds a revision to a story whose article is known (a ticker shows
the lede cut short or as a teaser), unless it announces itself as an update; the article's
own changes do. A headline match (rule 4) of a ticker item is a teaser: a rendering, never a
revision. A text cut short (ending in ``...`` or ``…``) is never a revision either: the
first longer text that extends it takes its place.

Agencies are deliberately not part of the key: an update may add one (``ANP`` becomes
``ANP/RTR``), and two different items often share place and agencies, so they would only
ever help a false merge, never prevent one that the text does not already prevent.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import timedelta

from anp_archive.urls import page_key

__all__ = [
    "AGE_SLACK",
    "MIN_PREFIX",
    "SEARCH_FOLD_FROM",
    "SEARCH_FOLD_TO",
    "SHORT_TEXT_WINDOW",
    "UPDATE_WINDOW",
    "ItemIdentity",
    "fold_for_search",
    "head_key",
    "identity_for",
    "is_cut",
    "is_prefix_match",
    "key_hash",
    "normalise",
    "normalise_url",
    "split_update_marker",
    "strip_title_suffix",
]

MIN_PREFIX = 60
SHORT_TEXT_WINDOW = timedelta(hours=12)
UPDATE_WINDOW = timedelta(hours=48)
# Rule 4's age intervals are read against each page's fetch time; a few minutes absorb a
# fetch time that is not quite when the page was made (an imported file's mtime).
AGE_SLACK = timedelta(minutes=10)

_COMBINING = re.compile("[\u0300-\u036f]+")
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
_TITLE_SUFFIX = re.compile(r"\s*\((\d{1,2})\)\s*$")
_UPDATE_MARKER = re.compile(
    r"^\s*(?:nieuw\s+bericht|update|gewijzigd\s+bericht)\s*[,:]?\s*vervangt\s*[:.,]?\s*(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)
_ELLIPSIS = re.compile(r"(?:\.\.\.|…)\s*$")


def _fold_char(ch: str) -> str:
    """What :func:`normalise` makes of one character, non-word characters as a space.

    Every step of the folding is per character (NFKD decomposes each character on its own
    and only reorders combining marks, which are all dropped; casefolding has no context),
    so a text folds to the concatenation of its characters' folds.
    """
    decomposed = _COMBINING.sub("", unicodedata.normalize("NFKD", ch))
    decomposed = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NON_WORD.sub(" ", decomposed.casefold())


class _FoldTable(dict[int, str]):
    """``str.translate`` table of :func:`_fold_char`, filled as characters turn up."""

    def __missing__(self, code: int) -> str:
        folded = _fold_char(chr(code))
        if len(self) < _FOLD_CACHE:
            self[code] = folded
        return folded


_FOLD_CACHE = 65536
_FOLD = _FoldTable()
# One character to one ASCII character: str.translate's fast path for ASCII text.
_FOLD_ASCII = {code: _fold_char(chr(code)) for code in range(128)}
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _search_fold_table() -> tuple[str, str]:
    """Latin letters with diacritics (U+00C0..U+024F) and the ASCII letter each folds to.

    Exactly the letters whose NFKD form is one ASCII letter plus combining marks: what
    SQLite's FTS5 ``remove_diacritics 2`` folds. PostgreSQL's search index folds the same
    table (migration 0005, without the ``unaccent`` extension, which needs a superuser).
    """
    plain = []
    marked = []
    for code in range(0xC0, 0x250):
        ch = chr(code)
        base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
        if len(base) == 1 and base.isascii() and base.isalpha() and base != ch:
            marked.append(ch)
            plain.append(base)
    return "".join(marked), "".join(plain)


SEARCH_FOLD_FROM, SEARCH_FOLD_TO = _search_fold_table()
_SEARCH_FOLD = str.maketrans(SEARCH_FOLD_FROM, SEARCH_FOLD_TO)


def fold_for_search(text: str) -> str:
    """``text`` with the letters of :data:`SEARCH_FOLD_FROM` made plain (``São`` -> ``Sao``),
    as PostgreSQL's search index stores them; case and everything else untouched."""
    # str.translate looks every character of a non-ASCII text up in the table (a story's
    # body: about 60 ns a character); only the non-ASCII runs can change.
    if text.isascii():
        return text
    return _NON_ASCII.sub(_fold_search_run, text)


def _fold_search_run(match: re.Match[str]) -> str:
    return match.group().translate(_SEARCH_FOLD)


def is_cut(text: str) -> bool:
    """True when ``text`` ends in an ellipsis: a rendering cut short, not a whole lede."""
    return _ELLIPSIS.search(text) is not None


def _fold_run(match: re.Match[str]) -> str:
    return match.group().translate(_FOLD)


def normalise(text: str) -> str:
    """Fold ``text`` so renderings of the same words compare equal (see the module doc).

    Implemented with translate tables rather than a regex substitution per run of spaces
    (several times faster; every import normalises each new text a few times). The
    non-ASCII characters -- a handful in a Dutch text -- are folded first, then the whole
    text goes through the ASCII table.
    """
    if not text.isascii():
        text = _NON_ASCII.sub(_fold_run, text)
    return " ".join(text.translate(_FOLD_ASCII).split())


def normalise_url(url: str) -> str:
    """The store's key for a link: the crawler's (``anp_archive.urls.page_key``, unfolded).

    One normal form for the queue and the store, so a page the crawler fetched once is one
    story however its links spell it. ``www.`` and the scheme are not folded here: whether
    they name one site is a site profile's say, and the keys of one archive (which may hold
    several sites, and is re-keyed by ``reparse`` and migrations that know no profile)
    must not depend on which profile wrote them. Lookups for a site that folds ask for
    every spelling (``Archive.has_story_for_url(url, form)``).

    A link that is no http(s) URL (``http://[bad/``, ``javascript:``, from a site's
    markup) is its own key as written: one malformed link must never stop the store,
    ``reparse`` or ``import``.
    """
    return page_key(url) or url.strip()


def key_hash(*parts: str) -> str:
    """A 40-hex-character key for the ``story_keys`` index."""
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:40]


def head_key(place_key: str, text_key: str) -> str | None:
    """The ``head`` key of a text, or None when it is too short to be matched by prefix."""
    if len(text_key) < MIN_PREFIX:
        return None
    return key_hash("head", place_key, text_key[:MIN_PREFIX])


def is_prefix_match(a: str, b: str) -> bool:
    """True when the shorter normalised text is a prefix of the longer (and long enough)."""
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return len(short) >= MIN_PREFIX and long.startswith(short)


def strip_title_suffix(title: str) -> tuple[str, int | None]:
    """``'Kremlin ontkent (2)'`` -> ``('Kremlin ontkent', 2)``; no suffix -> ``(title, None)``."""
    match = _TITLE_SUFFIX.search(title)
    if match is None:
        return title, None
    return title[: match.start()].rstrip(), int(match.group(1))


def split_update_marker(text: str) -> tuple[str | None, str]:
    """Split ``Nieuw bericht, vervangt: <headline>`` off a paragraph.

    Returns (the replaced headline or None, the remaining text). When the whole paragraph
    is the marker, the remaining text is empty and the next paragraph is the lede.
    """
    match = _UPDATE_MARKER.match(text)
    if match is None:
        return None, text
    rest = match.group("rest").strip()
    # The replaced headline runs to the end of the line or a sentence ending; anything
    # after it is the story's own text.
    first_line, _, after = rest.partition("\n")
    headline, sep, tail = first_line.partition(". ")
    remaining = ((tail if sep else "") + ("\n" + after if after else "")).strip()
    return headline.strip().rstrip(".") or None, remaining


@dataclass(frozen=True, slots=True)
class ItemIdentity:
    """Everything needed to look an item up in ``story_keys`` and to register it there."""

    place_key: str
    text_key: str
    text: str
    url_key: str | None
    title_key: str | None
    is_update: bool
    replaces_title_key: str | None

    text_hash: str = ""
    head_hash: str | None = None
    url_hash: str | None = None
    title_hash: str | None = None
    replaces_hash: str | None = None
    all_hashes: tuple[str, ...] = ()
    registered: tuple[tuple[str, str, str | None], ...] = ()

    def __post_init__(self) -> None:
        # Computed once: every item's keys are read several times while matching.
        setattr_ = object.__setattr__
        setattr_(self, "text_hash", key_hash("text", self.place_key, self.text_key))
        setattr_(self, "head_hash", head_key(self.place_key, self.text_key))
        setattr_(self, "url_hash", key_hash("url", self.url_key) if self.url_key else None)
        title_hash = (
            key_hash("title", self.place_key, self.title_key) if self.title_key else None
        )
        setattr_(self, "title_hash", title_hash)
        if self.replaces_title_key:
            setattr_(
                self, "replaces_hash", key_hash("title", self.place_key, self.replaces_title_key)
            )
        elif self.is_update:
            setattr_(self, "replaces_hash", title_hash)
        # Every key this item may look up or register, for the one lookup query per page.
        setattr_(
            self,
            "all_hashes",
            tuple(
                key
                for key in (
                    self.text_hash, self.head_hash, self.url_hash, self.title_hash,
                    self.replaces_hash,
                )
                if key
            ),
        )
        rows: list[tuple[str, str, str | None]] = [("text", self.text_hash, None)]
        if self.head_hash:
            rows.append(("head", self.head_hash, self.text_key))
        if self.url_hash:
            rows.append(("url", self.url_hash, None))
        if self.title_hash:
            rows.append(("title", self.title_hash, None))
        setattr_(self, "registered", tuple(rows))

    def lookup_keys(self) -> list[tuple[str, str]]:
        """(kind, key) pairs to look for; the title only for items that announce an update."""
        keys = [("text", self.text_hash)]
        if self.head_hash:
            keys.append(("head", self.head_hash))
        if self.url_hash:
            keys.append(("url", self.url_hash))
        if self.replaces_hash:
            keys.append(("title", self.replaces_hash))
        return keys

    def register_keys(self) -> list[tuple[str, str, str | None]]:
        """(kind, key, text_key) rows that let later renderings find this story."""
        return list(self.registered)


def identity_for(
    *,
    place: str | None,
    title: str | None,
    text: str,
    url: str | None,
    replaces_title: str | None = None,
) -> ItemIdentity:
    """The identity of one lead (``text`` = its lede) or ticker item (``text`` = its text)."""
    place_key = normalise(place) if place else ""
    clean = _ELLIPSIS.sub("", text).strip()
    text_key = normalise(clean)
    title_key: str | None = None
    is_update = replaces_title is not None
    if title:
        base, number = strip_title_suffix(title)
        title_key = normalise(base) or None
        is_update = is_update or (number is not None and number >= 2)
    if not text_key and title_key:
        # A lead without paragraphs: its headline is all there is to recognise it by.
        text_key = "title " + title_key
    return ItemIdentity(
        place_key=place_key,
        text_key=text_key,
        text=clean,
        url_key=normalise_url(url) if url else None,
        title_key=title_key,
        is_update=is_update,
        replaces_title_key=normalise(replaces_title) if replaces_title else None,
    )
