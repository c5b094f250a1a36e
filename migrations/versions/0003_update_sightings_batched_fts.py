"""Sightings record whether they showed an update; SQLite's FTS rows of new stories are
written by the import, a batch at a time.

``sightings.is_update``: an update's age says when the update was published, after the
original, so it may lower a story's latest publication time but not raise its earliest.
Recomputing a story after a reparse needs to know which sightings those were. Rows stored
before this revision count as showing the first text, as they were counted when stored.

``stories_fts_ai`` (SQLite) is dropped: the import inserts a batch's new stories and then
indexes them with one ``INSERT INTO stories_fts ... SELECT`` (``store/rawsql.py``), which
costs less than a trigger call per row. Stories are inserted nowhere else. The update and
delete triggers stay: they fire rarely, and must see the old values.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


# As created by 0001.
FTS_INSERT_TRIGGER = """CREATE TRIGGER stories_fts_ai AFTER INSERT ON stories BEGIN
        INSERT INTO stories_fts(rowid, title, place, lede, body)
        VALUES (new.id, new.title, new.place, new.lede, new.body);
    END"""


def upgrade() -> None:
    # A column with a constant default is a plain ALTER TABLE ... ADD COLUMN on both
    # databases. Batch mode would rebuild the SQLite table, and the views on it with it.
    op.add_column(
        "sightings",
        sa.Column("is_update", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS stories_fts_ai")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(FTS_INSERT_TRIGGER)
    # SQLite (3.35+) drops a column in place too; batch mode would rebuild the table.
    op.execute("ALTER TABLE sightings DROP COLUMN is_update")
