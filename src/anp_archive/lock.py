"""One scrape at a time per site, so a slow cron run and the next one never interleave.

SQLite: an exclusive, non-blocking ``flock`` on ``<db>.<site>.lock`` beside the database.
The kernel drops the lock when the process dies, even on SIGKILL, so there is no stale
lock file to clean up (the file itself may stay; it holds nothing).

PostgreSQL: a session-level ``pg_try_advisory_lock`` keyed by a stable hash of the site
profile's name, held on a dedicated connection for the whole run. The server drops it when
that connection ends, and different sites get different keys, so several machines can
scrape different sites into one archive at once.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol

import sqlalchemy as sa

from anp_archive.errors import ConfigError, LockHeldError, StoreError

__all__ = ["advisory_key", "lock_path_for", "run_lock"]


class _LockTarget(Protocol):
    """What the lock needs from an Archive (kept narrow so tests can pass a stand-in)."""

    @property
    def dialect(self) -> str: ...

    @property
    def sqlite_path(self) -> Path | None: ...

    @property
    def engine(self) -> sa.Engine: ...


def advisory_key(site: str) -> int:
    """A stable signed 64-bit key for ``site`` (Python's ``hash`` changes per process)."""
    digest = hashlib.sha256(f"anp-archive:scrape:{site}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def lock_path_for(db_path: Path, site: str) -> Path:
    """``<db>.<site>.lock``, with the site name reduced to safe file-name characters."""
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", site) or "site"
    return db_path.with_name(f"{db_path.name}.{safe}.lock")


@contextmanager
def _file_lock(path: Path, site: str) -> Iterator[None]:
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise ConfigError(f"cannot create lock file {path}: {exc.strerror}") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise LockHeldError(
                f"another scrape of {site} is running (lock file {path} is held)"
            ) from None
        # The pid is only a hint for people; the flock is what counts.
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the flock


@contextmanager
def _advisory_lock(engine: sa.Engine, site: str) -> Iterator[None]:
    key = advisory_key(site)
    try:
        conn = engine.connect()
    except sa.exc.SQLAlchemyError as exc:
        raise StoreError(f"cannot take the run lock: {type(exc).__name__}") from exc
    try:
        got = conn.execute(sa.text("SELECT pg_try_advisory_lock(:k)"), {"k": key}).scalar()
        conn.commit()
        if not got:
            raise LockHeldError(
                f"another scrape of {site} is running (PostgreSQL advisory lock {key} is held)"
            )
        try:
            yield
        finally:
            try:
                conn.execute(sa.text("SELECT pg_advisory_unlock(:k)"), {"k": key})
                conn.commit()
            except sa.exc.SQLAlchemyError:
                # The connection is gone; the server released the lock with the session.
                conn.invalidate()
    finally:
        conn.close()


@contextmanager
def run_lock(archive: _LockTarget, site: str) -> Iterator[None]:
    """Hold the run lock for ``site`` on ``archive`` for the duration of the ``with`` block.

    Raises:
        LockHeldError: another process holds the lock for this site (exit code 3).
    """
    if archive.dialect == "postgresql":
        with _advisory_lock(archive.engine, site):
            yield
        return
    db_path = archive.sqlite_path
    if db_path is None:
        # An in-memory database belongs to this process alone; nothing can race it.
        yield
        return
    with _file_lock(lock_path_for(db_path, site), site):
        yield
