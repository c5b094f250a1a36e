"""The ingest hot path's SQL, run straight on the DB-API cursor of a SQLAlchemy connection.

Why not Core statements: an import sends tens of thousands of rows, and SQLAlchemy's
per-execute work (compiled-cache lookup, parameter processing through every column type,
result set-up) cost more than the database did -- most of an import's time. These
statements are fixed strings written once per dialect, with positional parameters (a tuple
binds faster than a dict), and the only two conversions the tables need done here by hand,
exactly as the column types would do them:

- times: :class:`~anp_archive.store.schema.UTCDateTime` stores naive UTC text on SQLite in
  SQLAlchemy's ``DATETIME`` format (``YYYY-MM-DD HH:MM:SS.ffffff``; ``tests/store`` checks
  the two agree) and ``timestamptz`` on PostgreSQL; reading gives aware UTC datetimes;
- booleans: Python ``bool`` in (SQLite keeps 1/0, as SQLAlchemy's ``Boolean`` does).

They run inside the caller's SQLAlchemy transaction (same DB-API connection), so the write
lock, commit and rollback stay where they were. Everything else in the store uses Core.

New rows get their ids here, before they are sent (:meth:`RawSql.new_ids`), so a whole
batch of rows that refer to each other goes out as a few ``executemany`` calls -- on
PostgreSQL in one pipeline, one round trip. Writers hold the database's write lock (see
``archive.py``), so on SQLite ``max(id) + 1`` is exactly the id SQLite would have chosen.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.engine import Connection

from anp_archive.times import to_utc

__all__ = ["RawSql", "sqlite_datetime"]

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


STORY_COLUMNS = (
    "id, url, section, title, place, agencies, lede, body, has_lead, published_at, "
    "bound_earliest, bound_latest, first_seen_at, last_seen_at, text_seen_at, "
    "sighting_count, revision_count"
)
# Indexes (in a loaded story row) of the columns that are times.
STORY_TIME_INDEXES = (9, 10, 11, 12, 13, 14)
# The order of the values in every statement's parameter tuple (ingest.py builds them).
COUNTER_COLUMNS = (
    "section",
    "agencies",
    "published_at",
    "published_earliest",
    "published_latest",
    "bound_earliest",
    "bound_latest",
    "time_conflict",
    "first_seen_at",
    "last_seen_at",
    "sort_at",
    "sighting_count",
    "revision_count",
    # Here too, not only with the text: a later rendering may bring the first article link.
    "url",
)
TEXT_COLUMNS = (
    "title", "lede", "body", "place", "url", "has_lead", "text_seen_at", "stems"
)
STORY_INSERT_COLUMNS = (
    "id",
    *COUNTER_COLUMNS,
    "title",
    "place",
    "place_key",
    "lede",
    "body",
    "has_lead",
    "text_seen_at",
    "stems",
)
REVISION_COLUMNS = (
    "story_id", "revision", "source", "title", "lede", "body", "url", "capture_id", "seen_at"
)
REVISION_UPGRADE_COLUMNS = ("source", "title", "lede", "body", "url", "capture_id", "seen_at")
KEY_COLUMNS = ("story_id", "kind", "key", "text_key")
SIGHTING_COLUMNS = (
    "story_id",
    "capture_id",
    "role",
    "position",
    "age",
    "seen_at",
    "published_earliest",
    "published_latest",
    "is_update",
)
CAPTURE_COLUMNS = (
    "id",
    "sha256",
    "url",
    "fetched_at",
    "status",
    "headers",
    "body",
    "compression",
    "size",
    "parser_version",
    "parsed_at",
    "base_id",
)


def _insert(table: str, columns: Sequence[str], *, cast: dict[str, str] | None = None) -> str:
    values = ", ".join(
        f"CAST(? AS {cast[c]})" if cast and c in cast else "?" for c in columns
    )
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({values})"


def _update(table: str, columns: Sequence[str], key: str = "id") -> str:
    """Parameters: the columns' values in order, then the key's."""
    sets = ", ".join(f"{c} = ?" for c in columns)
    return f"UPDATE {table} SET {sets} WHERE {key} = ?"


def _pyformat(sql: str) -> str:
    """``?`` (sqlite3) -> ``%s`` (psycopg); none of these statements has a ``?`` literal."""
    return sql.replace("%", "%%").replace("?", "%s")


_COMMON = {
    "capture_by_sha": "SELECT id, url, fetched_at, parser_version, parse_error "
    "FROM captures WHERE sha256 = ?",
    "parsed_state": "SELECT parser_version, parse_error FROM captures WHERE sha256 = ?",
    # The URL's newest capture stored whole (ix_captures_keyframes, migration 0004).
    "keyframe": "SELECT id, body, compression FROM captures "
    "WHERE url = ? AND base_id IS NULL ORDER BY id DESC LIMIT 1",
    "capture_state": "SELECT url, fetched_at, parser_version, parse_error "
    "FROM captures WHERE id = ?",
    # (parser_version, parsed_at, id)
    "mark_parsed": "UPDATE captures SET parser_version = ?, parse_error = NULL, "
    "parsed_at = ? WHERE id = ?",
    "revisions": "SELECT id, revision, source, title, lede, body FROM story_revisions "
    "WHERE story_id = ? ORDER BY revision",
    "insert_story": _insert("stories", STORY_INSERT_COLUMNS),
    "update_counters": _update("stories", COUNTER_COLUMNS),
    "update_text": _update("stories", TEXT_COLUMNS),
    "upgrade_revision": _update("story_revisions", REVISION_UPGRADE_COLUMNS),
    "insert_revision": _insert("story_revisions", REVISION_COLUMNS),
    "insert_key": _insert("story_keys", KEY_COLUMNS),
    "insert_sighting": _insert("sightings", SIGHTING_COLUMNS),
}
_SQLITE = {
    **_COMMON,
    "insert_capture": _insert("captures", CAPTURE_COLUMNS),
    # New stories' full-text rows, a batch at a time (migration 0003 says why).
    "index_stories": "INSERT INTO stories_fts (rowid, title, place, lede, body, stems) "
    "SELECT id, title, place, lede, body, stems FROM stories WHERE id BETWEEN ? AND ?",
}
_POSTGRES = {
    name: _pyformat(sql)
    for name, sql in {
        **_COMMON,
        "insert_capture": _insert("captures", CAPTURE_COLUMNS, cast={"headers": "json"}),
        "lookup_keys": "SELECT key, story_id, text_key FROM story_keys WHERE key = ANY(?)",
        "load_stories": f"SELECT {STORY_COLUMNS} FROM stories WHERE id = ANY(?)",
        "captures_by_sha": "SELECT sha256, id, url, fetched_at, parser_version, parse_error "
        "FROM captures WHERE sha256 = ANY(?)",
        "new_ids": "SELECT nextval(pg_get_serial_sequence(?, 'id')) FROM generate_series(1, ?)",
    }.items()
}


# PostgreSQL: the INSERTs that RawSql.write sends as COPY instead.
_COPY = {
    name: f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    for name, table, columns in (
        ("insert_capture", "captures", CAPTURE_COLUMNS),
        ("insert_story", "stories", STORY_INSERT_COLUMNS),
        ("insert_revision", "story_revisions", REVISION_COLUMNS),
        ("insert_key", "story_keys", KEY_COLUMNS),
        ("insert_sighting", "sightings", SIGHTING_COLUMNS),
    )
}


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
    def _in(self, select: str, column: str, values: Sequence[Any]) -> Iterator[Any]:
        """Rows of ``select ... WHERE column IN values`` on SQLite, a chunk at a time."""
        for start in range(0, len(values), _SQLITE_CHUNK):
            chunk = values[start : start + _SQLITE_CHUNK]
            marks = ",".join("?" * len(chunk))
            self.cur.execute(f"{select} WHERE {column} IN ({marks})", chunk)
            yield from self.cur.fetchall()

    def lookup_keys(self, keys: Sequence[str]) -> list[tuple[Any, ...]]:
        """(key, story_id, text_key) of every ``story_keys`` row with one of ``keys``."""
        if not keys:
            return []
        if self.postgres:
            return self.all("lookup_keys", (list(keys),))
        return list(self._in("SELECT key, story_id, text_key FROM story_keys", "key", keys))

    def load_stories(self, ids: Sequence[int]) -> list[list[Any]]:
        """Rows of ``STORY_COLUMNS`` (times converted) for ``ids``."""
        if not ids:
            return []
        rows: Any
        if self.postgres:
            rows = self.all("load_stories", (list(ids),))
        else:
            rows = self._in(f"SELECT {STORY_COLUMNS} FROM stories", "id", ids)
        dt_out = self.dt_out
        out = []
        for row in rows:
            values = list(row)
            for i in STORY_TIME_INDEXES:
                values[i] = dt_out(values[i])
            values[8] = bool(values[8])
            out.append(values)
        return out

    def captures_by_sha(self, shas: Sequence[str]) -> dict[str, tuple[Any, ...]]:
        """sha256 -> (id, url, fetched_at, parser_version, parse_error) of stored captures."""
        if not shas:
            return {}
        rows: Any
        if self.postgres:
            rows = self.all("captures_by_sha", (list(shas),))
        else:
            rows = self._in(
                "SELECT sha256, id, url, fetched_at, parser_version, parse_error FROM captures",
                "sha256",
                shas,
            )
        dt_out = self.dt_out
        return {
            sha: (int(cid), url, dt_out(fetched_at), version, error)
            for sha, cid, url, fetched_at, version, error in rows
        }

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
