"""Alembic environment for anp-archive, configured from code (no alembic.ini needed).

``anp_archive.store.migrate`` passes either an open ``connection`` (already inside a
transaction that holds the database's write lock, so two processes migrating a fresh
SQLite file at once cannot both create the tables) or a ``url`` in ``config.attributes``.
Batch mode is on so ALTERs work on SQLite too.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine, pool
from sqlalchemy.engine import Connection

try:
    from anp_archive.store.schema import Base

    target_metadata = Base.metadata
except ImportError:  # running the scripts without the package importable
    target_metadata = None

config = context.config


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        transactional_ddl=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def _url() -> str:
    url = config.attributes.get("url") or config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("no database URL given to the migrations")
    return str(url)


if context.is_offline_mode():
    context.configure(url=_url(), literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
elif config.attributes.get("connection") is not None:
    _run(config.attributes["connection"])
else:
    engine = create_engine(_url(), poolclass=pool.NullPool)
    with engine.connect() as conn:
        _run(conn)
        conn.commit()
