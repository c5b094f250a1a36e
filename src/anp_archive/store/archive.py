"""The archive: SQLite or PostgreSQL behind one class, the only place SQL runs.

Opening is where most faults surface, so it is strict about them: a file that is not a
database, a server that does not answer or refuses the login all become one-line
``DatabaseUnavailableError`` messages with the password masked; every other
``SQLAlchemyError`` is translated to ``StoreError`` at this boundary (``raise ... from exc``).

Concurrency: every write transaction takes the database's write lock up front (SQLite
``BEGIN IMMEDIATE`` under WAL with a long busy timeout; PostgreSQL a transaction-scoped
advisory lock), so two imports into one file simply take turns, and the per-page
read-modify-write of story counters never races. Readers are never blocked on SQLite (WAL).
"""

from __future__ import annotations

import re
import shutil
import sqlite3
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from sqlalchemy import (
    ColumnElement,
    Engine,
    Select,
    and_,
    bindparam,
    create_engine,
    delete,
    event,
    func,
    insert,
    inspect,
    literal_column,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.pool import StaticPool

from anp_archive.config import existing_archive_url, resolve_db_url
from anp_archive.errors import (
    ConfigError,
    ConnectionLostError,
    DatabaseLockedError,
    DatabasePermissionError,
    DatabaseUnavailableError,
    DiskFullError,
    NotAnArchiveError,
    NotFoundError,
    SchemaOutOfDateError,
    SchemaTooNewError,
    StoreError,
)
from anp_archive.models import Capture, Page
from anp_archive.search import Node, pruned, to_fts5, to_fts5_stems, to_tsquery
from anp_archive.search import parse as parse_query
from anp_archive.store import migrate
from anp_archive.store.identity import fold_for_search, key_hash, normalise, normalise_url
from anp_archive.store.records import (
    EXIT_KILLED,
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
from anp_archive.store.tables import captures as C
from anp_archive.store.tables import crawl_frontier as F
from anp_archive.store.tables import fetch_validators as V
from anp_archive.store.tables import latest_sightings as L
from anp_archive.store.tables import listed_times as T
from anp_archive.store.tables import runs as N
from anp_archive.store.tables import sightings as G
from anp_archive.store.tables import stories as S
from anp_archive.store.tables import story_keys as K
from anp_archive.store.tables import story_revisions as R
from anp_archive.times import AMSTERDAM
from anp_archive.urls import UrlForm, spellings

# The write path (ingest, the raw SQL of its hot path, body compression, the dialects'
# INSERT ... ON CONFLICT) is imported by the methods that write, inside them: a read command
# needs none of it, and importing it cost a search more time than its query takes.
if TYPE_CHECKING:
    from anp_archive.store.bodies import BodyReader
    from anp_archive.store.ingest import PageToWrite

__all__ = [
    "FACETS", "QUEUED_FOR_REPARSE", "SNIPPET_MARKS", "Archive", "SearchQuery", "current",
    "known_revision", "upgrade",
]

# A person looking a story up by URL (``show``) means the page however it is spelled; the
# spelling asked for still wins when the archive holds both.
_ANY_SPELLING = UrlForm(fold_www=True, fold_scheme=True)

SQLITE_BUSY_TIMEOUT_S = 120.0
# How long a feed's time waits for its article (``keep_listed_times``): feeds list a story
# for days, not months, so a month-old entry's article is not coming.
LISTED_TIME_KEPT = timedelta(days=30)
# Two-int advisory key ("anpa", 1): its key space never overlaps single-bigint locks.
_PG_WRITE_LOCK = (0x616E7061, 1)
_UPGRADE_HINT = "run 'anp-archive db upgrade'"

@dataclass(frozen=True, slots=True)
class _CaptureState:
    """What ingest needs to know of a capture that is already stored."""

    url: str | None
    fetched_at: datetime
    parser_version: str | None
    parse_error: str | None


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """Filters shared by ``search`` and ``export``; all optional, combined with AND."""

    text: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    place: str | None = None
    agency: str | None = None
    section: str | None = None
    limit: int | None = None
    # "relevance", "newest" or "oldest"; None: relevance when there are words, else newest.
    sort: str | None = None


def _clean_spellings(url: str, form: UrlForm) -> list[str]:
    """The clean (fetchable) spellings of the page ``url`` is: each key spelling with and
    without a trailing slash on its path."""
    found: list[str] = []
    for key in spellings(url, form):
        parts = urlsplit(key)
        found.append(key)
        if parts.path != "/":
            found.append(urlunsplit(parts._replace(path=parts.path + "/")))
    return found


def _display(url: URL) -> str:
    return url.render_as_string(hide_password=True)


def _reason(exc: BaseException, password: str | None) -> str:
    orig = getattr(exc, "orig", None) or exc
    message = " ".join(str(orig).split()) or type(orig).__name__
    if password:
        message = message.replace(password, "***")
    return message


# SQLSTATE classes and codes (PostgreSQL appendix A) and SQLite's messages, by failure.
_DISK_FULL_TEXT = ("database or disk is full", "no space left on device",
                   "could not extend file", "disk quota exceeded")
_LOCKED_TEXT = ("database is locked", "database table is locked")
_PERMISSION_TEXT = ("readonly database", "read-only database", "permission denied",
                    "access denied")
_LOST_TEXT = ("server closed the connection", "terminating connection",
              "connection is closed", "connection already closed", "consuming input failed",
              "ssl connection has been closed", "connection to server was lost")
_UNAVAILABLE_TEXT = ("not a database", "unable to open", "connection", "authentication",
                     "could not", "file is encrypted")


def _disk_nearly_full(path: Path | None) -> bool:
    if path is None:
        return False
    try:
        return shutil.disk_usage(path.parent).free < 1024 * 1024
    except OSError:
        return False


def _failure_kind(exc: BaseException, lowered: str, *, opening: bool) -> str:
    """Which failure a database error is: the most specific first, as the user acts on it."""
    orig = getattr(exc, "orig", None) or exc
    sqlstate = str(getattr(orig, "sqlstate", None) or "")
    if sqlstate == "53100" or any(t in lowered for t in _DISK_FULL_TEXT):
        return "disk full"
    if sqlstate == "55P03" or any(t in lowered for t in _LOCKED_TEXT):
        return "locked"
    if sqlstate == "42501" or any(t in lowered for t in _PERMISSION_TEXT):
        return "permission"
    lost = (
        bool(getattr(exc, "connection_invalidated", False))
        or sqlstate.startswith("08")
        or sqlstate in ("57P01", "57P02", "57P03")
        or any(t in lowered for t in _LOST_TEXT)
    )
    if lost and not opening:
        return "connection lost"
    if opening or any(t in lowered for t in _UNAVAILABLE_TEXT) or (
        "does not exist" in lowered and "database" in lowered
    ):
        return "unavailable"
    return "other"


def _sqlite_engine(url: URL) -> Engine:
    database = url.database or ""
    memory = database in ("", ":memory:")
    if not memory:
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url,
        connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S, "check_same_thread": False},
        **({"poolclass": StaticPool} if memory else {}),
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        # We issue BEGIN ourselves (below), so the driver must not.
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {int(SQLITE_BUSY_TIMEOUT_S * 1000)}")
            if not memory:
                _set_wal(cursor)
            cursor.execute("PRAGMA synchronous = NORMAL")
            cursor.execute("PRAGMA foreign_keys = ON")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # IMMEDIATE takes the write lock now, so a writer waits (busy_timeout) at BEGIN
        # instead of failing with "database is locked" when it upgrades a read lock.
        immediate = conn.get_execution_options().get("anp_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def _sqlite_reader_engine(path: Path) -> Engine:
    """An engine that can only read ``path`` and leaves no file behind.

    With a ``-wal`` file present (a writer is connected, or one was killed) SQLite must
    read it: ``mode=ro`` opens the writer's ``-wal``/``-shm`` read-only, which works without
    write permission on the file or its directory. Without one, the file is complete and
    ``immutable=1`` opens it without creating ``-wal``/``-shm``: those would belong to the
    reader and break the owner's next write.
    """
    wal = Path(f"{path}-wal")
    flags = "mode=ro" if wal.exists() else "mode=ro&immutable=1"
    uri = f"{path.as_uri()}?{flags}"

    def connect() -> sqlite3.Connection:
        conn = sqlite3.connect(
            uri, uri=True, timeout=SQLITE_BUSY_TIMEOUT_S, check_same_thread=False,
            isolation_level=None,
        )
        conn.execute(f"PRAGMA busy_timeout = {int(SQLITE_BUSY_TIMEOUT_S * 1000)}")
        return conn

    engine = create_engine("sqlite://", creator=connect)

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN")

    return engine


def _set_wal(cursor: sqlite3.Cursor) -> None:
    # Switching a new file to WAL while another process sets it up can fail at once with
    # "database is locked": SQLite does not always wait (busy_timeout) for this pragma.
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_S
    while True:
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _make_engine(url: URL) -> Engine:
    backend = url.get_backend_name()
    if backend == "sqlite":
        return _sqlite_engine(url)
    if backend == "postgresql":
        # No server-side prepared statements: a generic plan made while the tables were
        # small (a sequential scan) would stick for the life of the connection.
        return create_engine(
            url, connect_args={"connect_timeout": 10, "prepare_threshold": None}, pool_pre_ping=True
        )
    raise ConfigError(f"unsupported database {backend!r}; use SQLite or PostgreSQL")


def _parse_url(db_url: str | None, *, create: bool = True) -> URL:
    value = resolve_db_url(db_url) if create else existing_archive_url(db_url)
    try:
        url = make_url(value)
    except ArgumentError as exc:
        raise ConfigError(f"not a database URL: {value!r}") from exc
    except ValueError as exc:  # SQLAlchemy's parser: a port that is not a number, "[::1"
        masked = re.sub(r"(://[^:/@]*:)[^@/]*@", r"\1***@", value)
        raise ConfigError(
            f"not a database URL: {masked!r} (a bad host or port; "
            "use postgresql://USER@HOST:PORT/DB)"
        ) from exc
    try:
        url.get_dialect()
    except NoSuchModuleError as exc:
        raise ConfigError(
            f"unsupported database driver in {_display(url)!r}; use sqlite:///PATH, "
            "postgresql://... or postgresql+psycopg://..."
        ) from exc
    return url


class Archive:
    """One archive database; a context manager. Open it with :meth:`Archive.open`."""

    def __init__(self, engine: Engine, url: URL) -> None:
        self.engine = engine
        self._url = url
        self.url_for_display = _display(url)
        self.dialect = engine.dialect.name
        self.sqlite_path: Path | None = (
            Path(url.database).expanduser().resolve()
            if self.dialect == "sqlite" and url.database not in (None, "", ":memory:")
            else None
        )
        self._writer = engine.execution_options(anp_write=True)
        self._dbapi_error: type[Exception] = engine.dialect.loaded_dbapi.Error

    # -- opening -----------------------------------------------------------------------
    @classmethod
    def open(
        cls, db_url: str | None = None, *, create: bool = True, read_only: bool = False
    ) -> Archive:
        """Open (SQLite: create and migrate) the archive at ``db_url``.

        ``None`` means ``--db``'s default: ``$ANP_ARCHIVE_DB``, else the embedded SQLite
        file. An empty PostgreSQL database is given the schema too (that is first use);
        one at an older revision is left alone for the operator to upgrade.

        ``create=False`` is for readers: a SQLite file that does not exist is an error
        instead of a new empty archive (a mistyped ``--db`` must not look like an archive
        with nothing in it). A file that exists is migrated as usual, and PostgreSQL is
        treated the same either way.

        ``read_only=True`` (implies ``create=False``) is for commands that only read: the
        database is never written, not even migrated. A SQLite file is opened read-only
        (works without write permission on it or its directory, during a scrape, and
        leaves no ``-wal``/``-shm`` behind); an archive at an older revision is a
        ``SchemaOutOfDateError``, anything that is no archive a ``NotAnArchiveError``.

        Raises:
            ConfigError: the URL is not a supported database URL, or (``create=False``)
                names a SQLite file that does not exist.
            DatabaseUnavailableError: cannot connect, or the file is not a database.
            SchemaOutOfDateError: a PostgreSQL database is behind; run ``db upgrade``.
            NotAnArchiveError: (``read_only``) the file or database holds no archive.
            SchemaTooNewError: the database is newer than this anp-archive.
            StoreError: another failure.
        """
        url = _parse_url(db_url, create=create and not read_only)
        display = _display(url)
        path = _sqlite_file_path(url)
        try:
            engine = (
                _sqlite_reader_engine(path)
                if read_only and path is not None
                else _make_engine(url)
            )
        except OSError as exc:
            raise DatabaseUnavailableError(f"cannot open database {display}: {exc}") from exc
        archive = cls(engine, url)
        try:
            archive._prepare(read_only=read_only)
        except BaseException:
            engine.dispose()
            raise
        return archive

    def _prepare(self, *, read_only: bool = False) -> None:
        head = migrate.head_revision()
        with self._errors(opening=True):
            try:
                with self.engine.connect() as conn:
                    revision = migrate.current_revision(conn)
                    tables = set(inspect(conn).get_table_names()) if revision is None else set()
                    empty = revision is None and not tables
            except (SQLAlchemyError, sqlite3.Error) as exc:
                if read_only and "not a database" in str(exc):
                    raise NotAnArchiveError(_not_an_archive(self.url_for_display)) from exc
                raise
            if revision == head:
                return
            if revision is not None and not _known_revision(revision):
                raise SchemaTooNewError(_too_new(self.url_for_display, revision))
            if read_only:
                if revision is None and "stories" not in tables:
                    raise NotAnArchiveError(_not_an_archive(self.url_for_display))
                if revision is None:
                    raise SchemaOutOfDateError(
                        f"database {self.url_for_display} has no anp-archive schema; "
                        f"{_UPGRADE_HINT}"
                    )
                raise SchemaOutOfDateError(
                    f"database is at revision {revision}, this anp-archive needs {head}; "
                    f"{_UPGRADE_HINT}"
                )
            if self.dialect == "sqlite" or empty:
                self._upgrade()
                return
            if revision is None:
                raise SchemaOutOfDateError(
                    f"database {self.url_for_display} has no anp-archive schema; {_UPGRADE_HINT}"
                )
            raise SchemaOutOfDateError(
                f"database is at revision {revision}, this anp-archive needs {head}; "
                f"{_UPGRADE_HINT}"
            )

    def _upgrade(self) -> str:
        with self._write() as conn:
            migrate.run_upgrade(conn)
            revision = migrate.current_revision(conn)
        return revision or ""

    def close(self) -> None:
        """Release every connection."""
        self.engine.dispose()

    def __enter__(self) -> Archive:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Archive({self.url_for_display!r})"

    # -- plumbing ----------------------------------------------------------------------
    @contextmanager
    def _errors(self, *, opening: bool = False) -> Iterator[None]:
        try:
            yield
        except (SQLAlchemyError, sqlite3.Error, self._dbapi_error) as exc:
            # The DB-API's own errors come from the ingest hot path (store/rawsql.py).
            raise self._translate(exc, opening=opening) from exc

    def _translate(self, exc: BaseException, *, opening: bool) -> StoreError:
        reason = _reason(exc, self._url.password if isinstance(self._url.password, str) else None)
        where = self.url_for_display
        kind = _failure_kind(exc, reason.lower(), opening=opening)
        if kind in ("unavailable", "other") and "disk i/o error" in reason.lower():
            # A full disk shows as an I/O error when SQLite cannot grow its -shm or -wal
            # file; the free space tells it from a failing disk.
            kind = "disk full" if _disk_nearly_full(self.sqlite_path) else kind
        if kind == "disk full":
            return DiskFullError(
                f"database {where}: the disk is full ({reason}); free some space and run "
                "again (what was being written was rolled back, nothing is half-stored)"
            )
        if kind == "locked":
            sqlite = self.dialect == "sqlite"
            waited = f" for more than {SQLITE_BUSY_TIMEOUT_S:g} s" if sqlite else ""
            return DatabaseLockedError(
                f"database {where} stayed locked by another process{waited}; try again "
                f"({reason})"
            )
        if kind == "permission":
            return DatabasePermissionError(
                f"database {where}: permission denied ({reason}); check that this user may "
                "write the file and its folder (or the server role's rights)"
            )
        if kind == "connection lost":
            return ConnectionLostError(
                f"lost the connection to database {where} ({reason}); what was stored "
                "before is kept"
            )
        if kind == "unavailable":
            return DatabaseUnavailableError(f"cannot open database {where}: {reason}")
        return StoreError(f"database error on {where}: {reason}")

    @contextmanager
    def _write(self, *, ingest: bool = False) -> Iterator[Connection]:
        """A write transaction holding the database's write lock.

        ``ingest``: the transaction stores pages. On PostgreSQL it then never plans a
        sequential scan: during a long import the planner's statistics lag far behind the
        tables (autovacuum analyses now and then), and with them the per-page key lookup
        (``key = ANY(...)``) was planned as a scan of all of ``story_keys``, making the
        import slower with every page. Every hot-path statement has an index to use.
        """
        with self._errors(), self._writer.connect() as conn, conn.begin():
            if self.dialect == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:a, :b)"), {
                    "a": _PG_WRITE_LOCK[0], "b": _PG_WRITE_LOCK[1]})
                if ingest:
                    conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
            yield conn

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self._errors(), self.engine.connect() as conn:
            yield conn

    def _insert_ignore(self, table: Any) -> Any:
        if self.dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as pg_insert

            return pg_insert(table)
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        return sqlite_insert(table)

    # -- captures ----------------------------------------------------------------------
    def _add_capture(
        self, conn: Connection, capture: Capture
    ) -> tuple[CaptureRef, _CaptureState | None]:
        """The capture's ref, and its stored state (None when just inserted)."""
        from anp_archive.store.bodies import Keyframes
        from anp_archive.store.rawsql import RawSql

        db = RawSql(conn)
        existing = db.one("capture_by_sha", (capture.sha256,))
        if existing is not None:
            cid, url, fetched_at, parser_version, parse_error = existing
            fetched = db.dt_out(fetched_at)
            assert fetched is not None
            state = _CaptureState(url, fetched, parser_version, parse_error)
            return CaptureRef(int(cid), False), state
        [new_id] = db.new_ids("captures", 1)
        keyframes = Keyframes(db)
        db.run("insert_capture", keyframes.row(new_id, capture, None, None))
        db.many("keep_site_keyframe", keyframes.site_rows())
        return CaptureRef(new_id, True), None

    def add_capture(self, capture: Capture) -> CaptureRef:
        """Store ``capture`` (commits); the same bytes again return the existing id.

        Raises:
            StoreError: the database failed.
        """
        with self._write() as conn:
            return self._add_capture(conn, capture)[0]

    def is_parsed(self, sha256: str, parser_version: str) -> bool:
        """True when these bytes are stored and were parsed by ``parser_version``."""
        # An import asks this for every file: a pooled DB-API connection and one fixed
        # statement take half the time of a Core connection and RawSql.
        from anp_archive.store.rawsql import RawSql

        with self._errors():
            raw = self.engine.raw_connection()
            try:
                row = RawSql.parsed_state(raw, self.dialect, sha256)
            finally:
                raw.close()
        return row is not None and row[0] == parser_version and not row[1]

    def _store_page(
        self,
        conn: Connection,
        capture_id: int,
        page: Page,
        parser_version: str,
        known: tuple[str | None, datetime, str | None] | None = None,
        *,
        replace: bool = False,
    ) -> IngestResult:
        """``known`` = (url, fetched_at, parser_version) when the caller just read them."""
        from anp_archive.store.ingest import recompute_stories, write_page
        from anp_archive.store.rawsql import RawSql

        db = RawSql(conn)
        if known is None:
            row = db.one("capture_state", (capture_id,))
            if row is None:
                raise NotFoundError(f"no capture with id {capture_id}")
            url_, fetched_at_, version_, error_ = row
            if version_ == parser_version and error_ is None and not replace:
                return IngestResult(0, 0, 0, False)
            fetched = db.dt_out(fetched_at_)
            assert fetched is not None
            known = (url_, fetched, version_)
        url, fetched_at, previous_version = known
        touched: list[int] = []
        if previous_version is not None:
            # A reparse: this capture's old reading gives way to the new one.
            touched = list(
                conn.execute(
                    delete(G).where(G.c.capture_id == capture_id).returning(G.c.story_id)
                ).scalars()
            )
        result = write_page(
            conn, capture_id=capture_id, seen_at=fetched_at, page_url=url or page.url, page=page
        )
        if touched:
            recompute_stories(conn, touched)
        db.run("mark_parsed", (parser_version, db.dt_in(_now()), capture_id))
        return result

    def store_page(
        self, capture_id: int, page: Page, *, parser_version: str, replace: bool = False
    ) -> IngestResult:
        """Store the stories and sightings of ``page`` (parsed from capture ``capture_id``).

        One transaction; storing the same capture with the same parser version again adds
        nothing, unless ``replace`` (``reparse --all``); with another version, or with
        ``replace``, the capture's sightings are replaced (reparse).

        Raises:
            NotFoundError: no such capture.
            StoreError: the database failed (nothing of this page was stored).
        """
        with self._write(ingest=True) as conn:
            return self._store_page(conn, capture_id, page, parser_version, replace=replace)

    def _ingest(
        self, conn: Connection, pages: Sequence[tuple[Capture, Page]], parser_version: str
    ) -> list[IngestResult]:
        """Store captures and their pages, in order, as if one by one (one result each).

        Everything is read and written in bulk: one lookup of the captures, the new ones
        inserted already marked parsed (the same transaction stores their pages, so a
        capture is never marked without its page), and the pages written together by
        ``write_pages``. A capture stored earlier under another parser version is a
        reparse; it is stored on its own, between the pages before and after it.
        """
        from anp_archive.store.bodies import Keyframes
        from anp_archive.store.ingest import PageToWrite, write_pages
        from anp_archive.store.rawsql import RawSql

        db = RawSql(conn)
        stored = db.captures_by_sha(sorted({capture.sha256 for capture, _ in pages}))
        now = _now()
        parsed_at = db.dt_in(now)
        nothing = IngestResult(0, 0, 0, False)
        results: list[IngestResult] = [nothing] * len(pages)
        seen: set[str] = set()
        new_captures: list[tuple[int, Capture]] = []
        # Runs of pages stored together, and the reparses between them: ("pages", [...]) or
        # ("reparse", index, capture id, known state).
        steps: list[tuple[Any, ...]] = []
        run: list[tuple[int, PageToWrite]] = []
        marks: list[tuple[str, Any, int]] = []
        for i, (capture, page) in enumerate(pages):
            sha = capture.sha256
            if sha in seen:
                continue  # the same bytes twice in one batch: the second adds nothing
            seen.add(sha)
            state = stored.get(sha)
            if state is None:
                new_captures.append((i, capture))
                run.append((i, PageToWrite(-1, capture.fetched_at, capture.url or page.url, page)))
                continue
            cid, url, fetched_at, version, error = state
            if version == parser_version and error is None:
                continue
            if version is None:
                # Stored by a run that stopped before parsing it.
                run.append((i, PageToWrite(cid, fetched_at, url or page.url, page)))
                marks.append((parser_version, parsed_at, cid))
                continue
            if run:
                steps.append(("pages", run))
                run = []
            steps.append(("reparse", i, cid, (url, fetched_at, version)))
        if run:
            steps.append(("pages", run))
        ids = db.new_ids("captures", len(new_captures))
        capture_ids = dict(zip((i for i, _ in new_captures), ids, strict=True))
        keyframes = Keyframes(db)
        capture_rows = keyframes.rows(
            [(capture_ids[i], capture) for i, capture in new_captures], parser_version, now
        )
        before: list[tuple[str, Sequence[Sequence[Any]]]] = [
            ("insert_capture", capture_rows),
            ("keep_site_keyframe", keyframes.site_rows()),
        ]
        for step in steps:
            if step[0] == "pages":
                batch = [
                    (i, p._replace(capture_id=capture_ids[i]) if i in capture_ids else p)
                    for i, p in step[1]
                ]
                written = write_pages(
                    conn, [p for _, p in batch], before=before, after=[("mark_parsed", marks)]
                )
                before, marks = [], []
                for (i, _), result in zip(batch, written, strict=True):
                    results[i] = IngestResult(
                        result.new_stories, result.new_sightings, result.new_revisions,
                        i in capture_ids,
                    )
            else:
                _, i, cid, known = step
                for name, rows in before:
                    db.many(name, rows)
                before = []
                results[i] = self._store_page(conn, cid, pages[i][1], parser_version, known)
        for name, rows in before:
            db.many(name, rows)
        db.many("mark_parsed", marks)
        return results

    def ingest(self, capture: Capture, page: Page, *, parser_version: str) -> IngestResult:
        """Store a capture and its parsed page in one transaction (a no-op when known).

        Raises:
            StoreError: the database failed (neither the capture nor the page was stored).
        """
        return self.ingest_many([(capture, page)], parser_version=parser_version)[0]

    def ingest_many(
        self, pages: Sequence[tuple[Capture, Page]], *, parser_version: str
    ) -> list[IngestResult]:
        """:meth:`ingest` for several pages in one transaction: all of them or none.

        Bulk imports use it to spend one commit on a batch instead of one per page, and
        the pages' rows are written together (see ``store/ingest.py``).

        Raises:
            StoreError: the database failed (nothing of the batch was stored).
        """
        if not pages:
            return []
        with self._write(ingest=True) as conn:
            return self._ingest(conn, pages, parser_version)

    def mark_parse_failed(self, capture_id: int, *, parser_version: str, error: str) -> None:
        """Record that ``parser_version`` could not read the capture (kept for a reparse)."""
        with self._write() as conn:
            conn.execute(
                update(C)
                .where(C.c.id == capture_id)
                .values(parser_version=parser_version, parse_error=error[:2000], parsed_at=_now())
            )

    def _captures(self, condition: ColumnElement[bool] | None) -> Iterator[StoredCapture]:
        stmt = select(C).order_by(C.c.fetched_at, C.c.id)
        if condition is not None:
            stmt = stmt.where(condition)
        with self._read() as conn:
            bodies = _body_reader(self, conn)
            result = conn.execution_options(yield_per=100).execute(stmt)
            try:
                for row in result:
                    yield _stored_capture(row, bodies)
            finally:
                result.close()  # before the connection, also when a body cannot be read

    def unparsed_captures(self) -> Iterator[StoredCapture]:
        """Captures stored but never parsed (a run was killed in between)."""
        return self._captures(C.c.parser_version.is_(None))

    def iter_captures(
        self,
        *,
        since: datetime | None = None,
        outdated_for: str | None = None,
        failed_too: bool = False,
    ) -> Iterator[StoredCapture]:
        """Every capture (oldest first), or those fetched at or after ``since``; with
        ``outdated_for`` (a parser version) only those that version has not read: never
        parsed, parsed by another version, or queued by ``reparse --all``, and with
        ``failed_too`` also those it failed on (most are simply no ANP page)."""
        return self._captures(_capture_filter(since, outdated_for, failed_too))

    def count_captures(
        self,
        *,
        since: datetime | None = None,
        outdated_for: str | None = None,
        failed_too: bool = False,
    ) -> int:
        """How many captures ``iter_captures`` with the same arguments yields."""
        stmt = select(func.count()).select_from(C)
        condition = _capture_filter(since, outdated_for, failed_too)
        if condition is not None:
            stmt = stmt.where(condition)
        with self._read() as conn:
            return int(conn.execute(stmt).scalar_one())

    def has_capture_for_url(self, url: str, form: UrlForm | None = None) -> bool:
        """True when some capture of ``url`` is stored: under ``url`` as written, or under
        another spelling of the page in the form the crawler fetches (``anp_archive.urls``'
        clean form, with or without the trailing slash, and the ``www.``/scheme twins
        ``form`` folds), so a link spelled otherwise than last run's is not fetched again.
        """
        spelled = [url, *_clean_spellings(url, form or UrlForm())]
        with self._read() as conn:
            found = conn.execute(select(C.c.id).where(C.c.url.in_(spelled)).limit(1)).first()
            return found is not None

    def latest_capture_for_url(
        self, url: str, form: UrlForm | None = None
    ) -> StoredCapture | None:
        """The newest stored capture of ``url`` (body decompressed), or None without one.

        After a 304 the pipeline reads an index page's links from here. Newest means the
        latest ``fetched_at``; among captures fetched at the same time, the last stored.
        With ``form``, a capture under another spelling of the page counts too, as in
        :meth:`has_capture_for_url`; without it only ``url`` as written does (unlike
        :meth:`has_capture_for_url`, which then folds the spellings of the default form).
        """
        spelled = [url] if form is None else [url, *_clean_spellings(url, form)]
        stmt = (
            select(C)
            .where(C.c.url.in_(spelled))
            .order_by(C.c.fetched_at.desc(), C.c.id.desc())
            .limit(1)
        )
        with self._read() as conn:
            row = conn.execute(stmt).first()
            return _stored_capture(row, _body_reader(self, conn)) if row is not None else None

    # -- conditional GET ---------------------------------------------------------------
    def get_validators(self, url: str) -> tuple[str | None, str | None]:
        """The (ETag, Last-Modified) ``url`` last answered with."""
        with self._read() as conn:
            row = conn.execute(select(V.c.etag, V.c.last_modified).where(V.c.url == url)).first()
        return (row.etag, row.last_modified) if row is not None else (None, None)

    def set_validators(self, url: str, etag: str | None, last_modified: str | None) -> None:
        """Remember ``url``'s validators for the next conditional request."""
        values = {"etag": etag, "last_modified": last_modified, "updated_at": _now()}
        stmt = self._insert_ignore(V).values(url=url, **values)
        stmt = stmt.on_conflict_do_update(index_elements=[V.c.url], set_=values)
        with self._write() as conn:
            conn.execute(stmt)

    # -- runs --------------------------------------------------------------------------
    def start_run(self, site: str, started_at: datetime) -> int:
        """Record the start of a scrape run; returns its id.

        The caller holds ``site``'s run lock, so a run of ``site`` still without an exit
        code died without a word (SIGKILL, a power cut): it is marked interrupted
        (``EXIT_KILLED``, no ``finished_at``) in the same transaction.
        """
        with self._write() as conn:
            conn.execute(
                update(N)
                .where(N.c.site == site, N.c.exit_code.is_(None))
                .values(exit_code=EXIT_KILLED)
            )
            return int(
                conn.execute(
                    insert(N).returning(N.c.id),
                    {"site": site, "started_at": started_at, "counts": {}},
                ).scalar_one()
            )

    def finish_run(
        self,
        run_id: int,
        *,
        finished_at: datetime,
        exit_code: int,
        counts: Mapping[str, int],
        messages: Sequence[str] = (),
    ) -> None:
        """Record how run ``run_id`` ended, with its first 100 messages."""
        with self._write() as conn:
            conn.execute(
                update(N)
                .where(N.c.id == run_id)
                .values(
                    finished_at=finished_at,
                    exit_code=exit_code,
                    counts=dict(counts),
                    messages=list(messages)[:100],
                )
            )

    def runs(self, *, limit: int = 10, site: str | None = None) -> list[RunRecord]:
        """The latest runs (of ``site`` only, when given), newest first."""
        stmt = select(N).order_by(N.c.started_at.desc(), N.c.id.desc()).limit(limit)
        if site is not None:
            stmt = stmt.where(N.c.site == site)
        with self._read() as conn:
            rows = conn.execute(stmt).all()
        return [
            RunRecord(
                r.id,
                r.site,
                r.started_at,
                r.finished_at,
                r.exit_code,
                dict(r.counts or {}),
                tuple(str(m) for m in (r.messages or ())),
            )
            for r in rows
        ]

    def store_latest(self, capture_id: int, page: Page) -> int:
        """Store the ``Net binnen`` lines of ``page`` (parsed from ``capture_id``) as exact
        times, and link lines to stories, in one transaction; returns how many lines were
        new (0 on a repeat).

        A line is linked to the story whose title is its headline when exactly one story
        has that title: at once when the story is known, or later, when the page whose
        lead has that title is stored (the front page is read before its articles). A
        linked line with an exact time narrows the story's publication interval to that
        time, but only when it lies inside what the story's sightings allow: a
        contradicting line is kept, linked, and changes nothing.

        Separate from ``store_page`` on purpose: the batch writer stays as it is.
        """
        items = [(n, item) for n, item in enumerate(page.latest) if item.title.strip()]
        lead_title = (page.lead.title or "").strip() if page.lead is not None else ""
        if not items and not lead_title:
            return 0
        added = 0
        with self._write() as conn:
            for position, item in items:
                stmt = self._insert_ignore(L).values(
                    capture_id=capture_id, position=position, section=item.section,
                    time=item.time, title=item.title.strip(), published_at=item.published_at,
                ).on_conflict_do_nothing(index_elements=[L.c.capture_id, L.c.position])
                # RETURNING, not rowcount: both drivers report an ignored row the same way.
                if conn.execute(stmt.returning(L.c.id)).first() is not None:
                    added += 1
            titles = {item.title.strip() for _, item in items}
            if lead_title:
                titles.add(lead_title)
            for title in sorted(titles):
                self._link_latest(conn, title)
        return added

    def _link_latest(self, conn: Connection, title: str) -> None:
        """Link the unlinked lines headlined ``title`` to the one story of that title."""
        matches = conn.execute(select(S.c.id).where(S.c.title == title).limit(2)).scalars().all()
        if len(matches) != 1:
            return
        story_id = matches[0]
        lines = conn.execute(
            select(L.c.id, L.c.published_at).where(L.c.title == title, L.c.story_id.is_(None))
        ).all()
        for line_id, at in lines:
            conn.execute(update(L).where(L.c.id == line_id).values(story_id=story_id))
            if at is not None:
                _narrow(conn, story_id, at)

    def set_published_at(
        self, url: str, published_at: datetime, form: UrlForm | None = None
    ) -> bool:
        """Give the story at article ``url`` (any spelling ``form``, the site profile's URL
        form, makes one page) the exact time a feed or news sitemap lists.

        Only a story without an exact time gets one: the article page's own time, when it
        shows one, wins. Returns True when a story was updated; False when none has that
        URL yet (the caller applies it again once the story is stored) or it had a time.
        """
        at = published_at.astimezone(UTC)
        with self._write() as conn:
            story_id = self._story_id(conn, url, form)
            if story_id is None:
                return False
            done = conn.execute(
                update(S)
                .where(S.c.id == story_id, S.c.published_at.is_(None))
                .values(published_at=at, sort_at=at)
            )
            return bool(done.rowcount)

    def last_new_story_at(self) -> datetime | None:
        """When the newest story was first seen (by any run or import); None when empty."""
        with self._read() as conn:
            value: datetime | None = conn.execute(
                select(func.max(S.c.first_seen_at))
            ).scalar_one()
        return value

    def health(self, site: str | None = None, *, runs: int = 10) -> SiteHealth:
        """The last new story, the last run of ``site`` (any site when None) that ended
        with exit 0 or 1, and the failed or interrupted runs among the last ``runs``."""
        recent = self.runs(limit=runs, site=site)
        ok = next((r for r in recent if r.exit_code in (0, 1) and r.finished_at), None)
        if ok is None:
            stmt = (
                select(N.c.finished_at)
                .where(N.c.exit_code.in_((0, 1)), N.c.finished_at.is_not(None))
                .order_by(N.c.started_at.desc())
                .limit(1)
            )
            if site is not None:
                stmt = stmt.where(N.c.site == site)
            with self._read() as conn:
                last_ok = conn.execute(stmt).scalar_one_or_none()
        else:
            last_ok = ok.finished_at
        return SiteHealth(
            site=site,
            last_new_story_at=self.last_new_story_at(),
            last_successful_run_at=last_ok,
            failed_runs=[r for r in recent if r.exit_code is not None and r.exit_code > 1],
        )

    # -- crawl frontier ----------------------------------------------------------------
    def frontier(self, site: str, *, done: bool = False) -> list[tuple[str, int]]:
        """The (url, depth) links a capped or stopped crawl of ``site`` has yet to fetch,
        oldest first; with ``done``, those it fetched already."""
        stmt = (
            select(F.c.url, F.c.depth)
            .where(F.c.site == site, F.c.done.is_(done))
            .order_by(F.c.added_at, F.c.url)
        )
        with self._read() as conn:
            return [(r.url, int(r.depth)) for r in conn.execute(stmt)]

    def replace_frontier(
        self,
        site: str,
        pending: Iterable[tuple[str, int]],
        done: Iterable[tuple[str, int]] = (),
    ) -> int:
        """Make ``pending`` (url, depth) the frontier of ``site`` and ``done`` the pages
        its crawl fetched, in one transaction; returns how many are pending. With nothing
        pending the crawl is complete and the frontier is emptied, done pages too."""
        now = _now()
        rows: dict[str, dict[str, Any]] = {}
        for url, depth in pending:
            rows.setdefault(url, {"url": url, "depth": depth, "done": False})
        waiting = len(rows)
        if waiting:
            for url, depth in done:
                rows.setdefault(url, {"url": url, "depth": depth, "done": True})
        with self._write() as conn:
            conn.execute(delete(F).where(F.c.site == site))
            if rows:
                conn.execute(
                    insert(F), [{**r, "site": site, "added_at": now} for r in rows.values()]
                )
        return waiting

    # -- reading stories ---------------------------------------------------------------
    def _story_select(self, query: SearchQuery, *, ordered: bool = True) -> Select[Any]:
        sort = query.sort or ("relevance" if query.text and query.text.strip() else "newest")
        if sort not in SORTS:
            raise ConfigError(f"sort: {sort!r} is not one of {', '.join(SORTS)}")
        stmt = select(*_RECORD_COLUMNS)
        rank: Any = None
        tree = parse_query(query.text) if query.text else None
        if tree is not None:
            if self.dialect == "sqlite":
                # The unary + keeps SQLite from driving the query from the FTS hits
                # (then sorting all of them): it walks the sort_at index newest first
                # and probes the hit set, so a common word costs no more than a rare one.
                # Dutch stems of the folded words, as PostgreSQL's ``dutch`` sees them
                # (anp_archive.search.stems, migration 0009).
                # Folding maps letters to letters, so the folded query parses alike.
                folded = parse_query(fold_for_search(query.text or ""))
                fts = to_fts5_stems(folded) if folded is not None else None
                if fts is None:  # stopwords only (PostgreSQL finds nothing), or exclusions only
                    stmt = stmt.where(literal_column("0") == 1)
                else:
                    stmt = stmt.where(
                        text(
                            "+stories.id IN (SELECT rowid FROM stories_fts "
                            "WHERE stories_fts MATCH :fts)"
                        ).bindparams(fts=fts)
                    )
                    # bm25 is lower for a better match; only the stems column is matched.
                    rank = text(
                        "(SELECT bm25(stories_fts, 0.0, 0.0, 0.0, 0.0, 1.0) FROM stories_fts "
                        "WHERE stories_fts MATCH :rank_fts AND rowid = stories.id)"
                    ).bindparams(rank_fts=fts)
            else:
                # The index holds the text with its accents folded (migration 0005); the
                # query is folded by the same table, so "Sao" and "São" both find São.
                # The tree is SQLite's, stopwords and exclusion-only parts dropped alike.
                folded_tree = parse_query(fold_for_search(query.text or ""))
                kept = pruned(folded_tree) if folded_tree is not None else None
                if kept is None:  # stopwords only, or exclusions only: nothing, as on SQLite
                    stmt = stmt.where(literal_column("0") == 1)
                tsquery = to_tsquery(kept if kept is not None else tree)
                # Negated so that, as with bm25, lower is better.
                rank = text(
                    "(SELECT -ts_rank_cd(search, to_tsquery('dutch', :rank_q)) "
                    "FROM story_search WHERE story_id = stories.id)"
                ).bindparams(rank_q=fold_for_search(tsquery))
                stmt = stmt.where(
                    S.c.id.in_(
                        select(literal_column("story_id"))
                        .select_from(text("story_search"))
                        .where(
                            literal_column("search").op("@@")(
                                func.to_tsquery(
                                    literal_column("'dutch'"), fold_for_search(tsquery)
                                )
                            )
                        )
                    )
                )
        elif query.text and query.text.strip() and _has_only_punctuation(query.text):
            stmt = stmt.where(literal_column("0") == 1)
        if query.since is not None:
            stmt = stmt.where(S.c.sort_at >= query.since)
        if query.until is not None:
            stmt = stmt.where(S.c.sort_at <= query.until)
        if query.place:
            # place_key folds "/" to a space, so a part of a multi-place dateline
            # (BRUSSEL/WASHINGTON) is found in the place as printed.
            wanted = query.place.strip()
            stmt = stmt.where(or_(
                S.c.place_key == normalise(wanted),
                _any_part(func.upper(func.coalesce(S.c.place, "")), wanted.upper(), "/"),
            ))
        if query.section:
            stmt = stmt.where(func.lower(S.c.section) == query.section.lower())
        if query.agency:
            agencies = func.upper(func.coalesce(S.c.agencies, ""))
            stmt = stmt.where(_any_part(agencies, query.agency.strip().upper(), "/"))
        if not ordered:
            return stmt
        if sort == "oldest":
            stmt = stmt.order_by(S.c.sort_at.asc(), S.c.id.asc())
        elif sort == "relevance" and rank is not None:
            stmt = stmt.order_by(rank, S.c.sort_at.desc(), S.c.id.desc())
        else:
            stmt = stmt.order_by(S.c.sort_at.desc(), S.c.id.desc())
        if query.limit is not None:
            stmt = stmt.limit(query.limit)
        return stmt

    def search(self, query: SearchQuery | None = None, **filters: Any) -> list[StoryRecord]:
        """Stories matching ``query`` (or the same fields as keywords): best match first when
        there are words, else newest first (``query.sort`` chooses).

        Full-text: SQLite FTS5, PostgreSQL ``websearch_to_tsquery('dutch', ...)``; both
        fold diacritics (``Oekraine`` finds ``Oekraïne``, ``Sao`` finds ``São``).
        """
        query = query or SearchQuery(**filters)
        with self._read() as conn:
            return [_record(row) for row in conn.execute(self._story_select(query))]

    def count(self, query: SearchQuery | None = None, **filters: Any) -> int:
        """How many stories match ``query`` in all (its ``limit`` and ``sort`` ignored)."""
        query = query or SearchQuery(**filters)
        inner = self._story_select(query, ordered=False).subquery()
        with self._read() as conn:
            return int(conn.execute(select(func.count()).select_from(inner)).scalar_one())

    def search_hits(
        self, query: SearchQuery | None = None, **filters: Any
    ) -> list[SearchHit]:
        """Like :meth:`search`, each story with a snippet of where its words matched, the
        words marked ``[`` ``]`` (:data:`SNIPPET_MARKS`); no snippet without words.

        SQLite takes FTS5's ``snippet()``, PostgreSQL ``ts_headline('dutch', ...)``: the
        passages may differ, the words marked in them are the same for plain words.
        """
        query = query or SearchQuery(**filters)
        tree = parse_query(query.text) if query.text else None
        with self._read() as conn:
            stories = [_record(row) for row in conn.execute(self._story_select(query))]
            snippets = self._snippets(conn, tree, [s.id for s in stories]) if tree else {}
        return [SearchHit(story, snippets.get(story.id)) for story in stories]

    def _snippets(self, conn: Connection, tree: Node, ids: list[int]) -> dict[int, str]:
        if not ids:
            return {}
        start, stop = SNIPPET_MARKS
        ids_param: Any = bindparam("ids", ids, expanding=True)
        if self.dialect == "sqlite":
            # Column -1: FTS5 picks the column with the most matches (often the lede). The
            # column filter keeps it to the printed text: the stems column is for matching.
            stmt = text(
                "SELECT rowid, snippet(stories_fts, -1, :start, :stop, '…', :tokens) "
                "FROM stories_fts WHERE stories_fts MATCH :fts AND rowid IN :ids"
            ).bindparams(ids_param, fts=f"{{title place lede body}} : ({to_fts5(tree)})",
                         start=start, stop=stop,
                         tokens=_SNIPPET_WORDS)
        else:
            options = (f"StartSel={start}, StopSel={stop}, MaxFragments=2, "
                       f"MaxWords={_SNIPPET_WORDS}, MinWords=5, FragmentDelimiter=\" … \"")
            # The same text the index holds (place with the lede), so a story found by its
            # dateline place gets that place marked, as FTS5's place column does.
            stmt = text(
                "SELECT id, ts_headline('dutch', concat_ws(' ', title, place, lede, body), "
                "to_tsquery('dutch', :q), :options) FROM stories WHERE id IN :ids"
            ).bindparams(ids_param, q=fold_for_search(to_tsquery(tree)), options=options)
        found: dict[int, str] = {}
        for story_id, snippet in conn.execute(stmt):
            snippet = " ".join((snippet or "").split())
            # A headline without a mark is PostgreSQL's opening words, not a match.
            if start in snippet:
                found[int(story_id)] = snippet
        return found

    def facets(
        self, query: SearchQuery | None, kinds: Sequence[str]
    ) -> dict[str, list[tuple[str, int]]]:
        """Counts over all stories matching ``query`` (its limit ignored), per facet in
        ``kinds`` (:data:`FACETS`): ``section``, ``place`` and ``agency`` most frequent
        first, ``day`` (the Europe/Amsterdam day, as ``v_articles.day``) newest first.

        A multi-place dateline (``BRUSSEL/WASHINGTON``) counts for each of its places, a
        multi-agency one (``ANP/RTR``) for each agency.

        Raises:
            ConfigError: an unknown facet.
        """
        query = query or SearchQuery()
        for kind in kinds:
            if kind not in FACETS:
                raise ConfigError(f"facet: {kind!r} is not one of {', '.join(FACETS)}")
        matches = self._story_select(query, ordered=False).with_only_columns(S.c.id)
        columns = {"section": S.c.section, "place": S.c.place, "agency": S.c.agencies}
        result: dict[str, list[tuple[str, int]]] = {}
        with self._read() as conn:
            for kind in dict.fromkeys(kinds):
                counts: dict[str, int] = {}
                if kind == "day":
                    day: Any = literal_column("v_articles.day")
                    rows = conn.execute(
                        select(day, func.count()).select_from(text("v_articles"))
                        .where(literal_column("v_articles.id").in_(matches)).group_by(day)
                    )
                    for value, n in rows:
                        counts[str(value)[:10]] = counts.get(str(value)[:10], 0) + int(n)
                    result[kind] = sorted(counts.items(), reverse=True)
                    continue
                column = columns[kind]
                rows = conn.execute(
                    select(column, func.count()).where(S.c.id.in_(matches)).group_by(column)
                )
                for value, n in rows:
                    parts = [value] if kind == "section" else (value or "").split("/")
                    for part in dict.fromkeys(p.strip() for p in parts if p and p.strip()):
                        key = part if kind == "section" else part.upper()
                        counts[key] = counts.get(key, 0) + int(n)
                result[kind] = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        return result

    def iter_stories(
        self, query: SearchQuery | None = None, **filters: Any
    ) -> Iterator[StoryRecord]:
        """Like :meth:`search`, streamed in constant memory (server-side cursor on PG)."""
        query = query or SearchQuery(**filters)
        with self._read() as conn:
            result = conn.execution_options(yield_per=500).execute(self._story_select(query))
            for row in result:
                yield _record(row)

    @staticmethod
    def _story_id(conn: Connection, ref: int | str, form: UrlForm | None = None) -> int | None:
        """The id of the story ``ref`` names: an id, its article URL or another rendering's.

        A URL is looked up as written, then by its key (every link a story was seen under,
        in the crawler's normal form, is one of its ``url`` keys), then, when ``form`` folds
        ``www.`` or the scheme, by the keys of those spellings. Among stories under one
        key, the one with its article page wins (a ticker link may also have been
        registered on a neighbouring item), then the oldest.
        """
        if isinstance(ref, int) or ref.strip().isdigit():
            found = conn.execute(select(S.c.id).where(S.c.id == int(ref))).scalar()
            return int(found) if found is not None else None
        found = conn.execute(
            select(S.c.id).where(S.c.url == ref).order_by(S.c.id).limit(1)
        ).scalar()
        if found is not None:
            return int(found)
        spelled = [normalise_url(ref)]
        if form is not None and (form.fold_www or form.fold_scheme):
            spelled.extend(spellings(ref, form)[1:])
        keys = [key_hash("url", s) for s in spelled]
        rows = conn.execute(
            select(K.c.key, K.c.story_id, S.c.has_lead)
            .join(S, S.c.id == K.c.story_id)
            .where(K.c.kind == "url", K.c.key.in_(keys))
        ).all()
        if rows:
            best = min(rows, key=lambda r: (keys.index(r.key), not r.has_lead, r.story_id))
            return int(best.story_id)
        # A revision's link as written, should its key be missing (an archive re-keyed by
        # hand, or a key rule changed without a migration).
        found = conn.execute(select(R.c.story_id).where(R.c.url == ref).limit(1)).scalar()
        return int(found) if found is not None else None

    def has_story_for_url(self, url: str, form: UrlForm | None = None) -> bool:
        """True when some story has ``url`` as its article or one of its renderings' URL
        (any spelling ``form``, the site profile's URL form, makes one page).

        The scraper asks this for every article link on every run, so it reads indexed
        columns and nothing of the story's (possibly thousands of) sightings.
        """
        with self._read() as conn:
            return self._story_id(conn, url, form) is not None

    def get_story(self, ref: int | str) -> StoryDetail:
        """A story by id (or by a URL it was seen under, ``www.`` or not, http or https),
        with its revisions and sightings.

        Raises:
            NotFoundError: no story has that id or URL.
        """
        with self._read() as conn:
            story_id = self._story_id(conn, ref, _ANY_SPELLING)
            row = (
                conn.execute(select(*_RECORD_COLUMNS).where(S.c.id == story_id)).first()
                if story_id is not None
                else None
            )
            if row is None:
                raise NotFoundError(f"no story with id or URL {ref!s}; try 'anp-archive search'")
            revisions = tuple(
                RevisionRecord(r.revision, r.source, r.title, r.lede, r.body, r.url, r.seen_at)
                for r in conn.execute(
                    select(R).where(R.c.story_id == row.id).order_by(R.c.revision)
                )
            )
            sightings = tuple(
                SightingRecord(
                    g.url, g.role, g.position, g.age, g.seen_at,
                    g.published_earliest, g.published_latest,
                )
                for g in conn.execute(
                    select(
                        C.c.url, G.c.role, G.c.position, G.c.age, G.c.seen_at,
                        G.c.published_earliest, G.c.published_latest,
                    )
                    .join(C, C.c.id == G.c.capture_id)
                    .where(G.c.story_id == row.id)
                    .order_by(G.c.seen_at, G.c.id)
                )
            )
        return StoryDetail(_record(row), revisions, sightings)

    # -- stats -------------------------------------------------------------------------
    def stats(self, *, days: int = 14) -> ArchiveStats:
        """Counts for ``anp-archive stats``: stories per day (Amsterdam), section, agency."""
        with self._read() as conn:
            def count(table: Any, *where: ColumnElement[bool]) -> int:
                return int(conn.execute(select(func.count()).select_from(table).where(*where))
                           .scalar_one())

            by_day: dict[str, int] = {}
            result = conn.execution_options(yield_per=2000).execute(select(S.c.sort_at))
            for (sort_at,) in result:
                day = sort_at.astimezone(AMSTERDAM).date().isoformat()
                by_day[day] = by_day.get(day, 0) + 1
            by_section = [
                (section or "(none)", int(n))
                for section, n in conn.execute(
                    select(S.c.section, func.count()).group_by(S.c.section)
                    .order_by(func.count().desc(), S.c.section)
                )
            ]
            agencies: dict[str, int] = {}
            for combo, n in conn.execute(select(S.c.agencies, func.count()).group_by(S.c.agencies)):
                for agency in (combo or "").split("/"):
                    if agency.strip():
                        key = agency.strip().upper()
                        agencies[key] = agencies.get(key, 0) + int(n)
            capture_bytes = int(
                conn.execute(select(func.coalesce(func.sum(C.c.size), 0))).scalar_one()
            )
            stats = ArchiveStats(
                stories=count(S),
                sightings=count(G),
                revisions=count(R),
                time_conflicts=count(S, S.c.time_conflict.is_(True)),
                captures=count(C),
                capture_bytes=capture_bytes,
                captures_unparsed=count(C, C.c.parser_version.is_(None)),
                captures_failed=count(C, C.c.parse_error.is_not(None)),
                runs=count(N),
                database_bytes=self._database_bytes(conn),
                by_day=sorted(by_day.items(), reverse=True)[:days],
                by_section=by_section,
                by_agency=sorted(agencies.items(), key=lambda kv: (-kv[1], kv[0])),
            )
        return ArchiveStats(**{**_fields(stats), "recent_runs": self.runs(limit=5)})

    def _database_bytes(self, conn: Connection) -> int | None:
        if self.dialect == "postgresql":
            return int(conn.execute(text("SELECT pg_database_size(current_database())"))
                       .scalar_one())
        if self.sqlite_path is None:
            return None
        total = 0
        for suffix in ("", "-wal"):
            path = Path(str(self.sqlite_path) + suffix)
            if path.exists():
                total += path.stat().st_size
        return total

    # -- the parse-and-store step (anp_archive.ingestion) ------------------------------
    def store_page_as(
        self, capture_id: int, page: Page, *, page_url: str, parser_version: str,
        replace: bool = False,
    ) -> IngestResult:
        """:meth:`store_page` with the page's story known by ``page_url`` (its canonical
        URL) instead of the URL the capture was fetched from."""
        from anp_archive.store.rawsql import RawSql

        with self._write(ingest=True) as conn:
            row = RawSql(conn).one("capture_state", (capture_id,))
            if row is None:
                raise NotFoundError(f"no capture with id {capture_id}")
            _, fetched_at, version, error = row
            if version == parser_version and error is None and not replace:
                return IngestResult(0, 0, 0, False)
            fetched = RawSql(conn).dt_out(fetched_at)
            assert fetched is not None
            return self._store_page(conn, capture_id, page, parser_version,
                                    (page_url, fetched, version), replace=replace)

    def store_pages_again(
        self, pages: Sequence[PageToWrite], *, parser_version: str
    ) -> list[IngestResult]:
        """Replace the readings of stored captures with ``pages`` (``reparse``), in one
        transaction: their old sightings go, the pages are written together, and every
        story they touched is recounted once, not once per capture."""
        from anp_archive.store.ingest import recompute_stories, write_pages
        from anp_archive.store.rawsql import RawSql

        if not pages:
            return []
        ids = [p.capture_id for p in pages]
        with self._write(ingest=True) as conn:
            db = RawSql(conn)
            touched: list[int] = []
            for start in range(0, len(ids), 500):
                chunk = ids[start:start + 500]
                touched.extend(conn.execute(
                    delete(G).where(G.c.capture_id.in_(chunk)).returning(G.c.story_id)
                ).scalars())
                # The Net binnen lines go too: the caller stores the new reading's, which a
                # newer parser may read otherwise (another line, another DST instant).
                conn.execute(delete(L).where(L.c.capture_id.in_(chunk)))
            parsed_at = db.dt_in(_now())
            marks = [(parser_version, parsed_at, cid) for cid in ids]
            results = write_pages(conn, pages, after=[("mark_parsed", marks)])
            if touched:
                recompute_stories(conn, touched)
        return results

    def capture_id(self, sha256: str) -> int | None:
        """The id of the capture with these bytes, or None."""
        with self._read() as conn:
            found = conn.execute(select(C.c.id).where(C.c.sha256 == sha256)).scalar()
        return int(found) if found is not None else None

    def renarrow_latest(self) -> None:
        """Apply the exact times of linked Net binnen lines again (one transaction): a
        reparse recounts the intervals of the stories it touched from their sightings."""
        with self._write() as conn:
            lines = conn.execute(
                select(L.c.story_id, L.c.published_at)
                .where(L.c.story_id.is_not(None), L.c.published_at.is_not(None))
                .order_by(L.c.id)
            ).all()
            for story_id, at in lines:
                _narrow(conn, story_id, at)

    def listed_times(self, site: str) -> dict[str, datetime]:
        """The feed and sitemap times kept for ``site``'s articles not stored yet, by key."""
        with self._read() as conn:
            rows = conn.execute(select(T.c.url, T.c.published_at).where(T.c.site == site))
            return {r.url: r.published_at for r in rows}

    def keep_listed_times(self, site: str, times: Mapping[str, datetime]) -> None:
        """Keep (or update) ``times`` for ``site``, keyed by article, for later runs.

        A time no feed has listed for :data:`LISTED_TIME_KEPT` is forgotten: its article
        was never found, or never stored (no ANP page), and it must not pile up."""
        now = _now()
        with self._write() as conn:
            conn.execute(delete(T).where(T.c.site == site, T.c.listed_at < now - LISTED_TIME_KEPT))
            for key, at in sorted(times.items()):
                values = {"published_at": at, "listed_at": now}
                stmt = self._insert_ignore(T).values(site=site, url=key, **values)
                conn.execute(stmt.on_conflict_do_update(index_elements=[T.c.site, T.c.url],
                                                        set_=values))

    def drop_listed_time(self, site: str, key: str) -> None:
        """Forget the kept time of one article: its story has it now."""
        with self._write() as conn:
            conn.execute(delete(T).where(T.c.site == site, T.c.url == key))

    def link_latest(self, titles: Iterable[str]) -> None:
        """Link the unlinked Net binnen lines headed by ``titles`` (one transaction)."""
        wanted = sorted(set(titles))
        with self._read() as conn:
            # Most titles head no waiting line: one query finds the few that do.
            waiting = {
                title
                for start in range(0, len(wanted), 500)
                for title in conn.execute(
                    select(L.c.title).distinct().where(
                        L.c.story_id.is_(None), L.c.title.in_(wanted[start:start + 500]))
                ).scalars()
            }
        if not waiting:
            return
        with self._write() as conn:
            for title in sorted(waiting):
                self._link_latest(conn, title)


def _narrow(conn: Connection, story_id: int, at: datetime) -> None:
    """Narrow the story's interval to the exact time ``at`` when its sightings allow it."""
    conn.execute(
        update(S)
        .where(
            S.c.id == story_id,
            S.c.time_conflict.is_(False),
            or_(S.c.bound_earliest.is_(None), S.c.bound_earliest <= at),
            or_(S.c.bound_latest.is_(None), S.c.bound_latest >= at),
        )
        # sort_at as the write path sets it (published_at, else the latest bound): the
        # exact time orders and filters (--since, --sort newest) the story too.
        .values(bound_earliest=at, bound_latest=at, published_earliest=at, published_latest=at,
                sort_at=func.coalesce(S.c.published_at, at))
    )


SORTS = ("relevance", "newest", "oldest")
FACETS = ("section", "place", "agency", "day")
# How a snippet marks a matched word; plain brackets read well in a terminal and in JSON.
SNIPPET_MARKS = ("[", "]")
_SNIPPET_WORDS = 16

_RECORD_COLUMNS = (
    S.c.id, S.c.url, S.c.section, S.c.title, S.c.place, S.c.agencies, S.c.lede, S.c.body,
    S.c.published_at, S.c.published_earliest, S.c.published_latest, S.c.first_seen_at,
    S.c.last_seen_at, S.c.sighting_count, S.c.revision_count, S.c.time_conflict,
)


def _record(row: Any) -> StoryRecord:
    return StoryRecord(
        id=row.id, url=row.url, section=row.section, title=row.title, place=row.place,
        agencies=row.agencies, lede=row.lede, body=row.body, published_at=row.published_at,
        published_earliest=row.published_earliest, published_latest=row.published_latest,
        first_seen_at=row.first_seen_at, last_seen_at=row.last_seen_at,
        sightings=row.sighting_count, revisions=row.revision_count,
        time_conflict=bool(row.time_conflict),
    )


def _fields(stats: ArchiveStats) -> dict[str, Any]:
    return {name: getattr(stats, name) for name in stats.__dataclass_fields__}


def _like_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _any_part(column: Any, wanted: str, separator: str) -> ColumnElement[bool]:
    """``column`` is ``wanted`` or has it as one of its ``separator``-joined parts
    (``BRUSSEL/WASHINGTON``, ``ANP/RTR``). ``%`` and ``_`` in ``wanted`` are plain letters."""
    like = _like_escape(wanted)
    return or_(
        column == wanted,
        column.like(f"{like}{separator}%", escape="\\"),
        column.like(f"%{separator}{like}", escape="\\"),
        column.like(f"%{separator}{like}{separator}%", escape="\\"),
    )


def _has_only_punctuation(raw: str) -> bool:
    """True for a query of only signs (``"?!"``): it asks for words that cannot occur."""
    return not any(ch.isalnum() for ch in raw)


# What ``reparse --all`` of older versions wrote into ``parse_error`` before re-reading a
# capture in a second transaction. It is no longer written (the re-reading replaces the
# old one in one transaction), but an archive may still hold it from a killed run, and
# such a capture is still due for a re-read.
QUEUED_FOR_REPARSE = "queued by reparse --all"


def _capture_filter(
    since: datetime | None, outdated_for: str | None, failed_too: bool
) -> ColumnElement[bool] | None:
    conditions: list[ColumnElement[bool]] = []
    if since is not None:
        conditions.append(C.c.fetched_at >= since)
    if outdated_for is not None:
        conditions.append(or_(
            C.c.parser_version.is_(None),
            C.c.parser_version != outdated_for,
            C.c.parse_error.is_not(None) if failed_too
            else C.c.parse_error == QUEUED_FOR_REPARSE,
        ))
    return and_(*conditions) if conditions else None


def _body_reader(archive: Archive, conn: Connection | None = None) -> BodyReader:
    """A :class:`BodyReader` for a listing of captures.

    On PostgreSQL keyframes are read on a connection of their own: the captures being
    listed come from a server-side cursor that holds the first one. SQLite reads them on
    the listing's own connection (an in-memory archive has no other).
    """
    from anp_archive.store.bodies import BodyReader

    own = conn if archive.dialect == "sqlite" else None

    def fetch(capture_id: int) -> tuple[bytes, str] | None:
        stmt = select(C.c.body, C.c.compression).where(C.c.id == capture_id)
        if own is not None:
            row = own.execute(stmt).first()
        else:
            with archive._read() as read:
                row = read.execute(stmt).first()
        return (row.body, row.compression) if row is not None else None

    return BodyReader(fetch)


def _stored_capture(row: Any, bodies: BodyReader) -> StoredCapture:
    """A ``captures`` row (all columns) as the record the archive hands out."""
    return StoredCapture(
        id=row.id,
        capture=Capture(
            url=row.url,
            fetched_at=row.fetched_at,
            status=row.status,
            body=bodies.body(row.body, row.compression, row.base_id),
            headers=tuple((str(k), str(v)) for k, v in row.headers or ()),
            sha256=row.sha256,
        ),
        parser_version=row.parser_version,
        parse_error=row.parse_error,
    )


def _now() -> datetime:
    return datetime.now(UTC)


def _known_revision(revision: str) -> bool:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(migrate.alembic_config())
    try:
        return script.get_revision(revision) is not None
    except Exception:  # alembic raises several types for unknown ids
        return False


def _not_an_archive(display: str) -> str:
    return f"{display} is not an anp-archive archive (left untouched)"


def _sqlite_file_path(url: URL) -> Path | None:
    """The file of an on-disk SQLite URL; None for memory, ``file:`` URIs and PostgreSQL."""
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    if str(url.database).startswith("file:"):
        return None
    return Path(str(url.database)).expanduser().resolve()


def _too_new(display: str, revision: str) -> str:
    return (
        f"database {display} is at revision {revision}, newer than this anp-archive knows "
        f"(head {migrate.head_revision()}); upgrade anp-archive"
    )


def known_revision(revision: str) -> bool:
    """True when ``revision`` is one of this anp-archive's schema revisions."""
    return _known_revision(revision)


def _engine_for_admin(db_url: str | None) -> tuple[Engine, URL]:
    url = _parse_url(db_url)
    try:
        return _make_engine(url), url
    except OSError as exc:
        raise DatabaseUnavailableError(f"cannot open database {_display(url)}: {exc}") from exc


def upgrade(db_url: str | None = None) -> str:
    """Upgrade the database to the newest schema (``anp-archive db upgrade``); its revision.

    Raises:
        DatabaseUnavailableError: cannot connect.
        SchemaTooNewError: the database is at a revision this anp-archive does not know.
        StoreError: the migration failed.
    """
    engine, url = _engine_for_admin(db_url)
    archive = Archive(engine, url)
    try:
        with archive._errors(opening=True), engine.connect() as conn:
            revision = migrate.current_revision(conn)
        if revision is not None and not _known_revision(revision):
            raise SchemaTooNewError(_too_new(archive.url_for_display, revision))
        return archive._upgrade()
    finally:
        engine.dispose()


def current(db_url: str | None = None) -> str | None:
    """The schema revision the database is at, or None when it has none yet.

    Raises:
        DatabaseUnavailableError: cannot connect.
    """
    url = _parse_url(db_url)
    on_disk = url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:")
    if on_disk and not Path(str(url.database)).expanduser().exists():
        return None  # asking must not create the file
    path = _sqlite_file_path(url)
    if path is not None:
        engine = _sqlite_reader_engine(path)  # asking must not write either
    else:
        engine, url = _engine_for_admin(db_url)
    archive = Archive(engine, url)
    try:
        with archive._errors(opening=True), engine.connect() as conn:
            return migrate.current_revision(conn)
    finally:
        engine.dispose()


def head() -> str:
    """The newest schema revision this anp-archive knows."""
    return migrate.head_revision()

