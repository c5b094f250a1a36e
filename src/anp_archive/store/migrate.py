"""Run the Alembic migrations from code: locate them, upgrade, read the current revision.

The scripts live in the repository's top-level ``migrations/`` and are shipped inside the
wheel as ``anp_archive/_migrations`` (pyproject ``force-include``), so both a checkout and an
installed package find them. No ``alembic.ini`` is needed: the config is built here.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection

import anp_archive
from anp_archive.errors import StoreError

if TYPE_CHECKING:
    from alembic.config import Config

__all__ = ["alembic_config", "current_revision", "head_revision", "migrations_dir", "run_upgrade"]

# Alembic (with Mako) costs a command more start-up time than its query takes, and opening an
# up-to-date archive needs only two facts it would give: the newest script's revision and the
# database's. Both are read here without it; anything unusual (a merge, a branch, a script
# this cannot read, several rows) is left to Alembic.
_ASSIGNMENT = re.compile(
    r"""^(revision|down_revision)\s*(?::[^=\n]*)?=\s*(?:"([^"\n]*)"|'([^'\n]*)'|(None))\s*$""",
    re.MULTILINE,
)


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
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    # Passed as attributes, not main options: configparser would choke on '%' in passwords.
    if url is not None:
        cfg.attributes["url"] = url
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


@functools.cache
def head_revision() -> str:
    """The newest revision this version of anp-archive knows.

    Read once per process: the scripts do not change while it runs, and every
    ``Archive.open`` asks (a read command would otherwise read every script each time)."""
    head = _single_head()
    if head is not None:
        return head
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:
        raise StoreError("no migration scripts found; reinstall anp-archive")
    return head


def current_revision(connection: Connection) -> str | None:
    """The revision the database is at, or None when it has no anp-archive schema."""
    if not inspect(connection).has_table("alembic_version"):
        return None
    rows = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    if len(rows) <= 1:
        return str(rows[0]) if rows else None
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


def run_upgrade(connection: Connection, target: str = "head") -> None:
    """Upgrade through ``connection``; the caller owns (and commits) its transaction."""
    from alembic import command

    command.upgrade(alembic_config(connection=connection), target)


def _single_head() -> str | None:
    """The one revision no script names as its ``down_revision``; None if not that simple."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for script in (migrations_dir() / "versions").glob("*.py"):
        found: dict[str, str | None] = {}
        for match in _ASSIGNMENT.finditer(script.read_text(encoding="utf-8")):
            found.setdefault(match[1], match[2] if match[2] is not None else match[3])
        revision = found.get("revision")
        if revision is None or "down_revision" not in found:
            return None
        revisions.add(revision)
        if (parent := found["down_revision"]) is not None:
            parents.add(parent)
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 and parents <= revisions else None
