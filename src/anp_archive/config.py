"""Settings and their named defaults; the only module that reads the environment."""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path

from anp_archive.errors import ConfigError

__all__ = [
    "DB_ENV_VAR",
    "DEFAULT_CONCURRENCY",
    "DEFAULT_DELAY_S",
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_CRAWL_DELAY_S",
    "DEFAULT_MAX_DEPTH",
    "DEFAULT_MAX_PAGES",
    "DEFAULT_MAX_REDIRECTS",
    "DEFAULT_MAX_RETRY_AFTER_S",
    "DEFAULT_MAX_RUN_TIME_S",
    "DEFAULT_RETRIES",
    "DEFAULT_TIMEOUT_S",
    "DEFAULT_USER_AGENT",
    "PARSE_MAX_BYTES",
    "Settings",
    "default_db_path",
    "existing_archive_url",
    "resolve_db_url",
    "sqlite_file",
]

DB_ENV_VAR = "ANP_ARCHIVE_DB"
DEFAULT_USER_AGENT = (
    "anp-archive/0.1 (+https://github.com/anp-archive/anp-archive; wire-news archiver)"
)
DEFAULT_DELAY_S = 3.0
# A robots.txt Crawl-delay above this is capped to it (a day-long delay would hold the
# run and its lock for a day).
DEFAULT_MAX_CRAWL_DELAY_S = 60.0
DEFAULT_TIMEOUT_S = 20.0
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_CONCURRENCY = 4
DEFAULT_RETRIES = 3
DEFAULT_MAX_RETRY_AFTER_S = 120.0
DEFAULT_MAX_REDIRECTS = 5
DEFAULT_MAX_PAGES = 200
DEFAULT_MAX_DEPTH = 3
# A whole run stops starting requests after this long (and cancels waits and requests still
# going), so a 429 storm or a trickling server cannot stretch a run past the next cron
# slot; what was fetched is stored and the next run carries on.
DEFAULT_MAX_RUN_TIME_S = 240.0
MAX_RUN_TIME_S = 24 * 3600.0
# The parser refuses larger inputs outright: no real article page comes near it.
PARSE_MAX_BYTES = 10 * 1024 * 1024


def default_db_path() -> Path:
    """The embedded SQLite archive in the user's data directory."""
    from platformdirs import user_data_dir  # only when no --db is given: start-up

    return Path(user_data_dir("anp-archive", appauthor=False)) / "archive.sqlite"


def resolve_db_url(db: str | None = None) -> str:
    """Turn ``--db`` (a URL or a file path), else ``ANP_ARCHIVE_DB``, else the default, into a URL.

    Raises:
        ConfigError: the value names a database kind anp-archive does not support.
    """
    value = db or os.environ.get(DB_ENV_VAR) or ""
    if not value:
        return f"sqlite:///{default_db_path()}"
    if "://" not in value:
        return f"sqlite:///{Path(value).expanduser().resolve()}"
    scheme = value.split("://", 1)[0].lower()
    if scheme.startswith("sqlite"):
        return value
    if scheme in ("postgresql", "postgres"):
        return "postgresql+psycopg://" + value.split("://", 1)[1]
    if scheme.startswith("postgresql+"):
        return value
    raise ConfigError(
        f"unsupported database URL scheme {scheme!r}; use a file path, sqlite:///PATH "
        "or postgresql://USER@HOST/DB"
    )


def sqlite_file(db_url: str) -> Path | None:
    """The file a SQLite URL names; None for an in-memory or non-SQLite database.

    Read with SQLAlchemy's own URL parser, so the answer is the file the engine will open
    (``%20`` decoded, ``?timeout=...`` dropped). A ``file:`` URI (``?uri=true``) is left to
    SQLite and gives None.
    """
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        url = make_url(db_url)
    except (ArgumentError, ValueError):  # a bad port raises ValueError; reported on opening
        return None
    database = url.database
    if url.get_backend_name() != "sqlite" or database in (None, "", ":memory:"):
        return None
    assert database is not None
    if database.startswith("file:"):
        return None
    return Path(database).expanduser()


def existing_archive_url(db: str | None = None) -> str:
    """:func:`resolve_db_url`, for commands that only read: a SQLite file must already exist.

    A read command that quietly created an empty archive would hide a mistyped ``--db``
    behind "no stories found". PostgreSQL URLs pass unchecked: the server says whether the
    database exists.

    Raises:
        ConfigError: the URL is unsupported, or names a SQLite file that does not exist.
    """
    value = resolve_db_url(db)
    path = sqlite_file(value)
    if path is not None and not path.exists():
        raise ConfigError(
            f"no archive at {path} (nothing scraped or imported yet, or a mistyped --db)"
        )
    return value


# Upper bounds: a run holds its site's lock while it waits, and cron starts the next one in
# minutes; more retries or longer waits than these only keep the lock from the next run.
MAX_RETRIES = 20
MAX_WAIT_S = 3600.0


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a scrape run can be told.

    CLI options are the kebab-case field names less the unit (``max_crawl_delay_s`` is
    ``--max-crawl-delay``).

    Raises:
        ConfigError: ``max_bytes``, ``retries``, ``max_crawl_delay_s`` or ``delay_s`` is out
            of range.
    """

    db_url: str
    user_agent: str = DEFAULT_USER_AGENT
    delay_s: float = DEFAULT_DELAY_S
    timeout_s: float = DEFAULT_TIMEOUT_S
    max_bytes: int = DEFAULT_MAX_BYTES
    concurrency: int = DEFAULT_CONCURRENCY
    retries: int = DEFAULT_RETRIES
    max_retry_after_s: float = DEFAULT_MAX_RETRY_AFTER_S
    max_redirects: int = DEFAULT_MAX_REDIRECTS
    max_pages: int = DEFAULT_MAX_PAGES
    max_depth: int = DEFAULT_MAX_DEPTH
    max_crawl_delay_s: float = DEFAULT_MAX_CRAWL_DELAY_S
    max_run_time_s: float = DEFAULT_MAX_RUN_TIME_S

    def __post_init__(self) -> None:
        # Checked here and not only in the CLI, so a Python caller gets the same one-line
        # error instead of a run that misbehaves (a 0-byte cap fails every page).
        problems = [
            f"{name} must be {rule} (got {value!r})"
            for name, value, ok, rule in (
                ("max_bytes", self.max_bytes, _whole(self.max_bytes) and self.max_bytes > 0,
                 "a whole number > 0"),
                ("retries", self.retries,
                 _whole(self.retries) and 0 <= self.retries <= MAX_RETRIES,
                 f"a whole number from 0 to {MAX_RETRIES}"),
                ("max_crawl_delay_s", self.max_crawl_delay_s,
                 _finite(self.max_crawl_delay_s) and 0 < self.max_crawl_delay_s <= MAX_WAIT_S,
                 f"> 0 and at most {MAX_WAIT_S:g} seconds"),
                ("max_run_time_s", self.max_run_time_s,
                 _finite(self.max_run_time_s) and 0 < self.max_run_time_s <= MAX_RUN_TIME_S,
                 f"> 0 and at most {MAX_RUN_TIME_S:g} seconds"),
                ("delay_s", self.delay_s,
                 _finite(self.delay_s) and 0 <= self.delay_s <= MAX_WAIT_S,
                 f">= 0 and at most {MAX_WAIT_S:g} seconds"),
            )
            if not ok
        ]
        if problems:
            raise ConfigError("; ".join(problems))


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _finite(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
