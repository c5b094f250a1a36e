"""The ingest hot path's SQL, run straight on the DB-API cursor of a SQLAlchemy connection.

Why not Core statements: an import sends tens of thousands of rows, and SQLAlchemy's
per-execute work (compiled-cache lookup, parameter processing through every column type,
result set-up) cost more than the database did -- most of an import's time. The writing
statements are generated once, at import, from the tables of ``tables.py`` for both
dialects (:data:`STATEMENTS`): their column lists, and for each a row maker that takes the
values by column name and returns the positional tuple the driver binds fastest. The
makers do the only conversions the tables need by hand, chosen by each column's type,
exactly as the column types would do them:

- times: :class:`~anp_archive.store.schema.UTCDateTime` stores naive UTC text on SQLite in
  SQLAlchemy's ``DATETIME`` format (``YYYY-MM-DD HH:MM:SS.ffffff``; ``tests/store`` checks
  the two agree) and ``timestamptz`` on PostgreSQL; reading gives aware UTC datetimes;
- booleans: Python ``bool`` in (SQLite keeps 1/0, as SQLAlchemy's ``Boolean`` does);
  read back as ``bool`` (:func:`reader`);
- JSON: dumped to text (cast to ``json`` on PostgreSQL).

They run inside the caller's SQLAlchemy transaction (same DB-API connection), so the write
lock, commit and rollback stay where they were. Everything else in the store uses Core.

New rows get their ids here, before they are sent (:meth:`RawSql.new_ids`), so a whole
batch of rows that refer to each other goes out as a few ``executemany`` calls -- on
PostgreSQL in one pipeline, one round trip. Writers hold the database's write lock (see
``archive.py``), so on SQLite ``max(id) + 1`` is exactly the id SQLite would have chosen.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, NamedTuple

from sqlalchemy import JSON, Boolean, Column, Table
from sqlalchemy.engine import Connection

from anp_archive.store import tables
from anp_archive.store.tables import UTCDateTime
from anp_archive.times import to_utc

__all__ = [
    "CAPTURES", "KEYS", "REVISIONS", "SIGHTINGS", "STATEMENTS", "STORIES", "STORY_FIXED",
    "STORY_TEXT", "RawSql", "Reader", "Statement", "reader", "sqlite_datetime",
    "story_counters",
]

# Bound parameters per statement on SQLite stay well below its limit (32766 since 3.32,
# 999 before) and below the size where a long IN list stops paying for itself.
_SQLITE_CHUNK = 900


def sqlite_datetime(value: datetime | None) -> str | None:
    """What ``UTCDateTime`` writes on SQLite: naive UTC, microseconds always shown."""
    return _SQLITE_TEXT[value]


def _sqlite_text(value: datetime) -> str:
    return to_utc(value).replace(tzinfo=None).isoformat(" ", "microseconds")


class _TimeTexts(dict[datetime | None, str | None]):
    """``sqlite_datetime`` as a dict lookup (a C call, no Python frame, when known).

    A batch binds tens of thousands of times, mostly the same few values (the fetch
    times, the ages' bounds). Only naive and UTC values are kept: two datetimes in one
    other zone compare by wall time, so the two 02:30s of the night summer time ends
    (told apart only by ``fold``) would share an entry. An aware and a naive datetime
    never compare equal, and a UTC one equals another zone's only at the same instant.
    """

    def __missing__(self, value: datetime | None) -> str | None:
        if value is None:
            return None
        text = _sqlite_text(value)
        # Only UTC values are kept: naive and same-zone datetimes compare by wall time,
        # ignoring ``fold``, so the two 02:30s of the night summer time ends would share one.
        if value.tzinfo is UTC:
            if len(self) >= _TIME_CACHE:
                self.clear()
                self[None] = None
            self[value] = text
        return text


_TIME_CACHE = 8192
_SQLITE_TEXT = _TimeTexts({None: None})
_sqlite_dt_in = _SQLITE_TEXT.__getitem__


def _sqlite_read(value: Any) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, str):
        return _sqlite_parse(value)
    assert isinstance(value, datetime)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


@functools.lru_cache(maxsize=4096)
def _sqlite_parse(text: str) -> datetime:
    parsed = datetime.fromisoformat(text)
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def _pg_datetime(value: datetime | None) -> datetime | None:
    return to_utc(value)


def _pg_read(value: Any) -> datetime | None:
    if value is None:
        return None
    assert isinstance(value, datetime)
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


# -- statements generated from schema.py ------------------------------------------------
# Every column list below comes from the tables' own ``Column`` objects: a column added to
# ``tables.py`` (and its migration) is written by the inserts without an edit here, and a
# row that does not name it fails at once (``Statement.row`` takes keywords only).

STORIES = tables.stories
CAPTURES = tables.captures
REVISIONS = tables.story_revisions
KEYS = tables.story_keys
SIGHTINGS = tables.sightings

# The story columns the text of a story sets (its current revision, and the stems indexed
# with it); ``url`` is also a counter: a later rendering may bring the first article link.
STORY_TEXT = ("title", "lede", "body", "place", "url", "has_lead", "text_seen_at", "stems")
# Set once, when the story is inserted.
STORY_FIXED = ("id", "place_key")


def _names(table: Table, *, without: Sequence[str] = ()) -> tuple[str, ...]:
    return tuple(c.name for c in table.columns if c.name not in without)


def story_counters() -> tuple[str, ...]:
    """The story columns a sighting changes: every one but the text and the fixed ones."""
    text_only = set(STORY_TEXT) - {"url"}
    return _names(STORIES, without=(*STORY_FIXED, *text_only))


def _kind(column: Column[Any]) -> str:
    """How a value of ``column`` is handed to the driver: ``time``, ``json`` or as it is."""
    if isinstance(column.type, UTCDateTime):
        return "time"
    if isinstance(column.type, JSON):
        return "json"
    return ""


@dataclass(frozen=True, slots=True)
class Statement:
    """One generated statement: its SQL per dialect and its row makers.

    ``row`` takes the columns' values by name (keywords only: a missing or unknown name is
    a ``TypeError``) and returns the parameter tuple in the statement's order, with times
    converted for the dialect and JSON columns dumped to text.
    """

    table: str
    columns: tuple[str, ...]
    sqlite: str
    postgres: str
    copy: str | None
    sqlite_row: Callable[..., tuple[Any, ...]]
    postgres_row: Callable[..., tuple[Any, ...]]


def _maker(
    params: Sequence[tuple[str, str]], dt: Callable[[datetime | None], Any], name: str
) -> Callable[..., tuple[Any, ...]]:
    """A function ``(*, col=..., ...) -> tuple``, made once: one call per row, no loop."""
    convert = {"time": "dt({})", "json": "dumps({})", "": "{}"}
    args = ", ".join(column for column, _ in params)
    values = ", ".join(convert[kind].format(column) for column, kind in params)
    source = f"def {name}(*, {args}):\n    return ({values},)\n"
    scope: dict[str, Any] = {"dt": dt, "dumps": json.dumps}
    exec(source, scope)  # our own column names, from tables.py
    made: Callable[..., tuple[Any, ...]] = scope[name]
    return made


def _insert(table: Table, *, generated: Sequence[str] = ()) -> Statement:
    """INSERT of every column of ``table`` but ``generated`` (ids the database picks)."""
    columns = [c for c in table.columns if c.name not in generated]
    names = tuple(c.name for c in columns)
    params = [(c.name, _kind(c)) for c in columns]
    marks = ", ".join("?" for _ in columns)
    pg_marks = ", ".join("CAST(? AS json)" if _kind(c) == "json" else "?" for c in columns)
    head = f"INSERT INTO {table.name} ({', '.join(names)}) VALUES "
    return Statement(
        table.name, names, head + f"({marks})", _pyformat(head + f"({pg_marks})"),
        f"COPY {table.name} ({', '.join(names)}) FROM STDIN",
        _maker(params, _sqlite_dt_in, f"insert_{table.name}"),
        _maker(params, _pg_datetime, f"insert_{table.name}"),
    )


def _update(table: Table, columns: Sequence[str], key: str = "id") -> Statement:
    """UPDATE of ``columns`` of the row whose ``key`` is given (the last parameter)."""
    params = [(name, _kind(table.c[name])) for name in (*columns, key)]
    sets = ", ".join(f"{name} = ?" for name in columns)
    sql = f"UPDATE {table.name} SET {sets} WHERE {key} = ?"
    return Statement(
        table.name, tuple(columns), sql, _pyformat(sql), None,
        _maker(params, _sqlite_dt_in, f"update_{table.name}"),
        _maker(params, _pg_datetime, f"update_{table.name}"),
    )


def _pyformat(sql: str) -> str:
    """``?`` (sqlite3) -> ``%s`` (psycopg); none of these statements has a ``?`` literal."""
    return sql.replace("%", "%%").replace("?", "%s")


STATEMENTS: dict[str, Statement] = {
    "insert_capture": _insert(CAPTURES),
    "insert_story": _insert(STORIES),
    "insert_revision": _insert(REVISIONS, generated=("id",)),
    "insert_key": _insert(KEYS, generated=("id",)),
    "insert_sighting": _insert(SIGHTINGS, generated=("id",)),
    "update_counters": _update(STORIES, story_counters()),
    "update_text": _update(STORIES, STORY_TEXT),
    # A revision completed by a longer text keeps its story and number.
    "upgrade_revision": _update(
        REVISIONS, _names(REVISIONS, without=("id", "story_id", "revision"))
    ),
}


class Reader(NamedTuple):
    """Rows of some of a table's columns back as dicts, times and booleans converted."""

    columns: tuple[str, ...]
    sqlite: Callable[[Sequence[Any]], dict[str, Any]]
    postgres: Callable[[Sequence[Any]], dict[str, Any]]


def reader(table: Table, columns: Sequence[str]) -> Reader:
    """A :class:`Reader` of ``columns`` of ``table`` (in that order), made once."""
    def make(dt_out: Callable[[Any], datetime | None], name: str) -> Any:
        parts = []
        for i, column in enumerate(columns):
            kind = table.c[column].type
            if isinstance(kind, UTCDateTime):
                parts.append(f"{column}=dt(r[{i}])")
            elif isinstance(kind, Boolean):
                parts.append(f"{column}=bool(r[{i}])")
            else:
                parts.append(f"{column}=r[{i}]")
        source = f"def {name}(r):\n    return dict({', '.join(parts)})\n"
        scope: dict[str, Any] = {"dt": dt_out}
        exec(source, scope)  # our own column names, from tables.py
        return scope[name]

    return Reader(tuple(columns), make(_sqlite_read, "read"), make(_pg_read, "read"))


_COMMON = {
    "capture_by_sha": "SELECT id, url, fetched_at, parser_version, parse_error "
    "FROM captures WHERE sha256 = ?",
    "parsed_state": "SELECT parser_version, parse_error FROM captures WHERE sha256 = ?",
    "capture_state": "SELECT url, fetched_at, parser_version, parse_error "
    "FROM captures WHERE id = ?",
    # (parser_version, parsed_at, id)
    "mark_parsed": "UPDATE captures SET parser_version = ?, parse_error = NULL, "
    "parsed_at = ? WHERE id = ?",
    "revisions": "SELECT id, revision, source, title, lede, body FROM story_revisions "
    "WHERE story_id = ? ORDER BY revision",
    # (site, capture_id): the site's newest whole capture from now on.
    "keep_site_keyframe": "INSERT INTO site_keyframes (site, capture_id) VALUES (?, ?) "
    "ON CONFLICT (site) DO UPDATE SET capture_id = excluded.capture_id",
}
_SQLITE = {
    **_COMMON,
    **{name: statement.sqlite for name, statement in STATEMENTS.items()},
    # New stories' full-text rows, a batch at a time (migration 0003 says why).
    "index_stories": "INSERT INTO stories_fts (rowid, title, place, lede, body, stems) "
    "SELECT id, title, place, lede, body, stems FROM stories WHERE id BETWEEN ? AND ?",
}
_POSTGRES = {
    **{
        name: _pyformat(sql)
        for name, sql in {
            **_COMMON,
            "new_ids": "SELECT nextval(pg_get_serial_sequence(?, 'id')) "
            "FROM generate_series(1, ?)",
        }.items()
    },
    **{name: statement.postgres for name, statement in STATEMENTS.items()},
}


# PostgreSQL: the INSERTs that RawSql.write sends as COPY instead.
_COPY = {name: s.copy for name, s in STATEMENTS.items() if s.copy is not None}


# PostgreSQL: statements worth preparing (server-side, once per connection). The engine
# turns psycopg's automatic preparing off (archive.py: a generic plan made while a table is
# small could stick); these are INSERTs and lookups by a primary or unique key, whose plan
# is the same at any size. The ``= ANY(array)`` lookups are planned every time.
_PREPARE = frozenset(
    {
        "capture_by_sha",
        "capture_state",
        "mark_parsed",
        "revisions",
        "new_ids",
    }
)


class RawSql:
    """The hot path's statements on one connection; see the module docstring."""

    def __init__(self, conn: Connection) -> None:
        self.postgres = conn.dialect.name == "postgresql"
        raw: Any = conn.connection.dbapi_connection
        self.raw = raw
        self.cur: Any = raw.cursor()
        self.sql = _POSTGRES if self.postgres else _SQLITE
        self.dt_in: Any = _pg_datetime if self.postgres else _sqlite_dt_in
        self.dt_out: Any = _pg_read if self.postgres else _sqlite_read

    def row(self, name: str) -> Callable[..., tuple[Any, ...]]:
        """The row maker of generated statement ``name`` for this dialect (keywords only)."""
        statement = STATEMENTS[name]
        return statement.postgres_row if self.postgres else statement.sqlite_row

    @staticmethod
    def parsed_state(raw: Any, dialect: str, sha256: str) -> tuple[Any, ...] | None:
        """(parser_version, parse_error) of the capture with ``sha256``, on a DB-API
        connection (no SQLAlchemy connection needed), or None when it is not stored."""
        cur = raw.cursor()
        try:
            if dialect == "postgresql":
                cur.execute(_POSTGRES["parsed_state"], (sha256,), prepare=True)
            else:
                cur.execute(_SQLITE["parsed_state"], (sha256,))
            row = cur.fetchone()
        finally:
            cur.close()
        return tuple(row) if row is not None else None

    def batch(self) -> AbstractContextManager[Any]:
        """Group writes: one PostgreSQL pipeline (one round trip), nothing on SQLite."""
        if self.postgres:
            pipeline: AbstractContextManager[Any] = self.raw.pipeline()
            return pipeline
        return nullcontext()

    def _execute(self, name: str, params: Sequence[Any]) -> None:
        if self.postgres:
            self.cur.execute(self.sql[name], params, prepare=name in _PREPARE)
        else:
            self.cur.execute(self.sql[name], params)

    def one(self, name: str, params: Sequence[Any]) -> tuple[Any, ...] | None:
        self._execute(name, params)
        row = self.cur.fetchone()
        return tuple(row) if row is not None else None

    def all(self, name: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        self._execute(name, params)
        return [tuple(row) for row in self.cur.fetchall()]

    def run(self, name: str, params: Sequence[Any]) -> None:
        self._execute(name, params)

    def many(self, name: str, rows: Sequence[Sequence[Any]]) -> None:
        if not rows:
            return
        if not self.postgres:
            self.cur.executemany(self.sql[name], rows)
            return
        # Every statement given to executemany is an INSERT or a primary-key UPDATE:
        # prepared once per connection instead of parsed and planned for every row.
        raw = self.raw
        saved = raw.prepare_threshold
        raw.prepare_threshold = 0
        try:
            self.cur.executemany(self.sql[name], rows)
        finally:
            raw.prepare_threshold = saved

    def write(self, steps: Sequence[tuple[str, Sequence[Sequence[Any]]]]) -> None:
        """Run ``(statement name, parameter rows)`` steps, as few round trips as may be.

        SQLite: one ``executemany`` each, in order. PostgreSQL: the INSERTs as ``COPY``
        (one round trip each, and no per-row statement on the server: several times
        cheaper than row-by-row INSERTs), then everything else in one pipeline. So the
        caller orders inserts among themselves (foreign keys), and no other step may
        depend on an insert of the same call.
        """
        if not self.postgres:
            for name, rows in steps:
                self.many(name, rows)
            return
        for name, rows in steps:
            target = _COPY.get(name)
            if target is not None and rows:
                with self.cur.copy(target) as copy:
                    for row in rows:
                        copy.write_row(row)
        with self.batch():
            for name, rows in steps:
                if name not in _COPY:
                    self.many(name, rows)

    # -- statements whose SQL depends on the dialect ------------------------------------------
    def lookup_keys(self, keys: Sequence[str]) -> list[tuple[Any, ...]]:
        """(key, story_id, text_key) of every ``story_keys`` row with one of ``keys``."""
        return self._any("SELECT key, story_id, text_key FROM story_keys", "key", keys)

    def load(self, table: Table, read: Reader, ids: Sequence[int]) -> list[dict[str, Any]]:
        """Rows of ``table`` with ``ids``, as ``read`` gives them (a dict per row)."""
        rows = self._any(f"SELECT {', '.join(read.columns)} FROM {table.name}", "id", ids)
        convert = read.postgres if self.postgres else read.sqlite
        return [convert(row) for row in rows]

    def captures_by_sha(self, shas: Sequence[str]) -> dict[str, tuple[Any, ...]]:
        """sha256 -> (id, url, fetched_at, parser_version, parse_error) of stored captures."""
        rows = self._any(
            "SELECT sha256, id, url, fetched_at, parser_version, parse_error FROM captures",
            "sha256",
            shas,
        )
        dt_out = self.dt_out
        return {
            sha: (int(cid), url, dt_out(fetched_at), version, error)
            for sha, cid, url, fetched_at, version, error in rows
        }

    def _any(
        self, select: str, column: str, values: Sequence[Any], *, where: str = "",
        tail: str = "",
    ) -> list[Any]:
        """Rows of ``select WHERE [where] column`` is one of ``values`` ``[tail]``, on either
        database: one ``= ANY`` on PostgreSQL, ``IN`` a chunk at a time on SQLite."""
        if not values:
            return []
        head = f"{select} WHERE {where}{column}"
        if self.postgres:
            self.cur.execute(f"{_pyformat(head)} = ANY(%s){tail}", (list(values),))
            return list(self.cur.fetchall())
        rows: list[Any] = []
        for start in range(0, len(values), _SQLITE_CHUNK):
            chunk = values[start : start + _SQLITE_CHUNK]
            self.cur.execute(f"{head} IN ({','.join('?' * len(chunk))}){tail}", chunk)
            rows.extend(self.cur.fetchall())
        return rows

    def keyframes(self, urls: Sequence[str]) -> dict[str, tuple[Any, ...]]:
        """url -> (id, body, compression) of the newest capture of each of ``urls`` stored
        whole, for those that have one: two queries for a batch's URLs, by
        ``ix_captures_keyframes`` (migration 0004), instead of one per URL."""
        ids = [int(row[0]) for row in self._any(
            "SELECT max(id) FROM captures", "url", urls, where="base_id IS NULL AND ",
            tail=" GROUP BY url",
        )]
        rows = self._any("SELECT url, id, body, compression FROM captures", "id", ids)
        return {url: (cid, body, compression) for url, cid, body, compression in rows}

    def captured(self, urls: Sequence[str]) -> set[str]:
        """Those of ``urls`` the archive holds a capture of."""
        return {row[0] for row in self._any("SELECT DISTINCT url FROM captures", "url", urls)}

    def site_keyframes(self, sites: Sequence[str]) -> dict[str, tuple[Any, ...]]:
        """site -> (id, body, compression) of the keyframe ``site_keyframes`` names for
        each of ``sites`` that has one."""
        named = dict(self._any("SELECT capture_id, site FROM site_keyframes", "site", sites))
        rows = self._any("SELECT id, body, compression FROM captures", "id", list(named))
        return {named[cid]: (cid, body, compression) for cid, body, compression in rows}

    def index_stories(self, first_id: int, last_id: int) -> None:
        """Full-text index the stories just inserted with ids ``first_id``..``last_id``.

        SQLite only: PostgreSQL's ``story_search`` rows are still made by a trigger.
        """
        if not self.postgres:
            self.cur.execute(self.sql["index_stories"], (first_id, last_id))

    def new_ids(self, table: str, n: int) -> list[int]:
        """Ids for ``n`` rows of ``table`` that the caller inserts before drawing again."""
        if n <= 0:
            return []
        if self.postgres:
            return [int(r[0]) for r in self.all("new_ids", (table, n))]
        # The table name is one of ours, never user input.
        self.cur.execute(f"SELECT max(id) FROM {table}")
        top = self.cur.fetchone()[0] or 0
        return list(range(top + 1, top + 1 + n))
