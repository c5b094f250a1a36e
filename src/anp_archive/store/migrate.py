"""Run the Alembic migrations from code: locate them, upgrade, read the current revision.

The scripts live in the repository's top-level ``migrations/`` and are shipped inside the
wheel as ``anp_archive/_migrations`` (pyproject ``force-include``), so both a checkout and an
installed package find them. No ``alembic.ini`` is needed: the config is built here.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection

import anp_archive
from anp_archive.errors import StoreError

__all__ = ["alembic_config", "current_revision", "head_revision", "migrations_dir", "run_upgrade"]


def migrations_dir() -> Path:
    """The migration scripts: inside the installed package first, else the checkout's.

    Raises:
        StoreError: neither place has them (a broken installation).
    """
    package = Path(anp_archive.__file__).resolve().parent
    for candidate in (package / "_migrations", package.parents[1] / "migrations"):
        if (candidate / "env.py").is_file():
            return candidate
    raise StoreError(f"migration scripts not found next to {package}; reinstall anp-archive")


def alembic_config(*, url: str | None = None, connection: Connection | None = None) -> Config:
    """An Alembic Config pointing at our scripts, carrying a URL or an open connection."""
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    # Passed as attributes, not main options: configparser would choke on '%' in passwords.
    if url is not None:
        cfg.attributes["url"] = url
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    """The newest revision this version of anp-archive knows."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:
        raise StoreError("no migration scripts found; reinstall anp-archive")
    return head


def current_revision(connection: Connection) -> str | None:
    """The revision the database is at, or None when it has no anp-archive schema."""
    return MigrationContext.configure(connection).get_current_revision()


def run_upgrade(connection: Connection, target: str = "head") -> None:
    """Upgrade through ``connection``; the caller owns (and commits) its transaction."""
    command.upgrade(alembic_config(connection=connection), target)
