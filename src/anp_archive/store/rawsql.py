"""The ingest hot path's SQL, run straight on the DB-API cursor of a SQLAlchemy connection.

Why not Core statements: a page takes about ten statements, and SQLAlchemy's per-execute
work (compiled-cache lookup, parameter processing through every column type, result
set-up) cost more than the database did -- most of an import's time. These statements are
fixed strings written once per dialect, with the only two conversions the tables need done
here by hand, exactly as the column types would do them:

- times: :class:`~anp_archive.store.schema.UTCDateTime` stores naive UTC text on SQLite in
  SQLAlchemy's ``DATETIME`` format (``YYYY-MM-DD HH:MM:SS.ffffff``; ``tests/store`` checks
  the two agree) and ``timestamptz`` on PostgreSQL; reading gives aware UTC datetimes;
- booleans: Python ``bool`` in (SQLite keeps 1/0, as SQLAlchemy's ``Boolean`` does).

They run inside the caller's SQLAlchemy transaction (same DB-API connection), so the write
lock, commit and rollback stay where they were. Everything else in the store uses Core.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.engine import Connection

__all__ = ["RawSql", "sqlite_datetime"]


def sqlite_datetime(value: datetime | None) -> str | None:
    """What ``UTCDateTime`` writes on SQLite: naive UTC, microseconds always shown."""
    if value is None:
        return None
    return _sqlite_text(value)


# A page binds about a hundred times and reads a few dozen, mostly the same few values
# (the fetch time, the ages' bounds): caching the conversions saves most of their cost.
# An aware and a naive datetime never compare equal, so they never share an entry; two
# aware ones that are equal are the same instant, which is all the text records.
@functools.lru_cache(maxsize=4096)
def _sqlite_text(value: datetime) -> str:
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.isoformat(" ", "microseconds")


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
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


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
)
TEXT_COLUMNS = ("title", "lede", "body", "place", "url", "has_lead", "text_seen_at")
_STORY_INSERT_COLUMNS = (
    *COUNTER_COLUMNS,
    "url",
    "title",
    "place",
    "place_key",
    "lede",
    "body",
    "has_lead",
    "text_seen_at",
)
_REVISION_COLUMNS = (
    "story_id", "revision", "source", "title", "lede", "body", "url", "capture_id", "seen_at"
)
_KEY_COLUMNS = ("story_id", "kind", "key", "text_key")
_SIGHTING_COLUMNS = (
    "story_id",
    "capture_id",
    "role",
    "position",
    "age",
    "seen_at",
    "published_earliest",
    "published_latest",
)
_CAPTURE_COLUMNS = (
    "sha256", "url", "fetched_at", "status", "headers", "body", "compression", "size"
)


def _insert(table: str, columns: Sequence[str], *, cast: dict[str, str] | None = None) -> str:
    values = ", ".join(
        f"CAST(:{c} AS {cast[c]})" if cast and c in cast else f":{c}" for c in columns
    )
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({values})"


def _update(table: str, columns: Sequence[str], key: str = "id") -> str:
    sets = ", ".join(f"{c} = :{c}" for c in columns)
    return f"UPDATE {table} SET {sets} WHERE {key} = :{key}"


_NAMED = re.compile(r"(?<![:\w]):(\w+)")


def _pyformat(sql: str) -> str:
    """``:name`` (sqlite3) -> ``%(name)s`` (psycopg)."""
    return _NAMED.sub(r"%(\1)s", sql.replace("%", "%%"))


_COMMON = {
    "capture_by_sha": "SELECT id, url, fetched_at, parser_version, parse_error "
    "FROM captures WHERE sha256 = :sha",
    "capture_state": "SELECT url, fetched_at, parser_version, parse_error "
    "FROM captures WHERE id = :cid",
    "mark_parsed": "UPDATE captures SET parser_version = :pv, parse_error = NULL, "
    "parsed_at = :at WHERE id = :cid",
    "revisions": "SELECT id, revision, source, title, lede, body FROM story_revisions "
    "WHERE story_id = :sid ORDER BY revision",
    "insert_story": _insert("stories", _STORY_INSERT_COLUMNS),
    "insert_story_id": _insert("stories", ("id", *_STORY_INSERT_COLUMNS)),
    "update_counters": _update("stories", COUNTER_COLUMNS),
    "update_text": _update("stories", TEXT_COLUMNS),
    "upgrade_revision": _update(
        "story_revisions", ("source", "title", "lede", "body", "url", "capture_id", "seen_at")
    ),
    "insert_revision": _insert("story_revisions", _REVISION_COLUMNS),
    "insert_key": _insert("story_keys", _KEY_COLUMNS),
    "insert_sighting": _insert("sightings", _SIGHTING_COLUMNS),
}
_SQLITE = {
    **_COMMON,
    "insert_capture": _insert("captures", _CAPTURE_COLUMNS),
}
_POSTGRES = {
    name: _pyformat(sql)
    for name, sql in {
        **_COMMON,
        "insert_capture": _insert("captures", _CAPTURE_COLUMNS, cast={"headers": "json"})
        + " RETURNING id",
        "lookup_keys": "SELECT key, story_id, text_key FROM story_keys WHERE key = ANY(:keys)",
        "load_stories": f"SELECT {STORY_COLUMNS} FROM stories WHERE id = ANY(:ids)",
        "story_ids": "SELECT nextval(pg_get_serial_sequence('stories', 'id')) "
        "FROM generate_series(1, :n)",
    }.items()
}


# PostgreSQL: statements worth preparing (server-side, once per connection). The engine
# turns psycopg's automatic preparing off (archive.py: a generic plan made while a table is
# small could stick); these are INSERTs and lookups by a primary or unique key, whose plan
# is the same at any size. The two ``= ANY(array)`` lookups are planned every time.
_PREPARE = frozenset(
    {
        "capture_by_sha",
        "capture_state",
        "mark_parsed",
        "revisions",
        "insert_capture",
        "story_ids",
        "insert_story_id",
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
        self.dt_in = _pg_datetime if self.postgres else sqlite_datetime
        self.dt_out = _pg_read if self.postgres else _sqlite_read

    def bind(self, values: dict[str, Any]) -> dict[str, Any]:
        """``values`` with every time converted for the database (in place)."""
        dt_in = self.dt_in
        for name, value in values.items():
            if isinstance(value, datetime):
                values[name] = dt_in(value)
        return values

    def batch(self) -> AbstractContextManager[Any]:
        """Group writes: one PostgreSQL pipeline (one round trip), nothing on SQLite."""
        if self.postgres:
            pipeline: AbstractContextManager[Any] = self.raw.pipeline()
            return pipeline
        return nullcontext()

    def _execute(self, name: str, params: Any) -> None:
        if self.postgres:
            self.cur.execute(self.sql[name], params, prepare=name in _PREPARE)
        else:
            self.cur.execute(self.sql[name], params)

    def one(self, name: str, params: dict[str, Any]) -> tuple[Any, ...] | None:
        self._execute(name, params)
        row = self.cur.fetchone()
        return tuple(row) if row is not None else None

    def all(self, name: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
        self._execute(name, params)
        return [tuple(row) for row in self.cur.fetchall()]

    def run(self, name: str, params: dict[str, Any]) -> None:
        self._execute(name, params)

    def many(self, name: str, rows: Sequence[dict[str, Any]]) -> None:
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

    # -- statements whose SQL depends on the dialect ------------------------------------------
    def lookup_keys(self, keys: Sequence[str]) -> list[tuple[Any, ...]]:
        """(key, story_id, text_key) of every ``story_keys`` row with one of ``keys``."""
        if not keys:
            return []
        if self.postgres:
            return self.all("lookup_keys", {"keys": list(keys)})
        marks = ",".join("?" * len(keys))
        self.cur.execute(
            f"SELECT key, story_id, text_key FROM story_keys WHERE key IN ({marks})", keys
        )
        return self.cur.fetchall()  # type: ignore[no-any-return]

    def load_stories(self, ids: Sequence[int]) -> list[tuple[Any, ...]]:
        """Rows of ``STORY_COLUMNS`` (times converted) for ``ids``."""
        if self.postgres:
            rows = self.all("load_stories", {"ids": list(ids)})
        else:
            marks = ",".join("?" * len(ids))
            self.cur.execute(f"SELECT {STORY_COLUMNS} FROM stories WHERE id IN ({marks})", ids)
            rows = self.cur.fetchall()
        dt_out = self.dt_out
        out = []
        for row in rows:
            values = list(row)
            for i in STORY_TIME_INDEXES:
                values[i] = dt_out(values[i])
            values[8] = bool(values[8])
            out.append(tuple(values))
        return out

    def insert_stories(self, rows: Sequence[dict[str, Any]]) -> list[int]:
        """Give each story row its new id (``row["id"]``, returned in order too).

        SQLite inserts them now. PostgreSQL only draws the ids from the sequence here: the
        caller sends the rows with :meth:`insert_drawn_stories` in its next :meth:`batch`,
        so they cost no round trip of their own.
        """
        if self.postgres:
            ids = [int(r[0]) for r in self.all("story_ids", {"n": len(rows)})]
        else:
            ids = []
            for row in rows:
                self.cur.execute(self.sql["insert_story"], row)
                ids.append(int(self.cur.lastrowid))
        for row, new_id in zip(rows, ids, strict=True):
            row["id"] = new_id
        return ids

    def insert_drawn_stories(self, rows: Sequence[dict[str, Any]]) -> None:
        """PostgreSQL: insert the rows :meth:`insert_stories` drew ids for (SQLite: no-op)."""
        if self.postgres:
            self.many("insert_story_id", rows)

    def insert_capture(self, values: dict[str, Any]) -> int:
        values = {**values, "headers": json.dumps(values["headers"])}
        self.bind(values)
        self._execute("insert_capture", values)
        if self.postgres:
            return int(self.cur.fetchone()[0])
        return int(self.cur.lastrowid)
