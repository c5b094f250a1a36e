"""Feed and news-sitemap times outlive the run that read them.

- ``listed_times``: the exact publication time a feed item or news sitemap entry gave for
  an article the run did not store (the page cap, a failed fetch, an interruption). Keyed
  by (site, the article's identity key); the run that stores the article sets its story's
  ``published_at`` from it and drops the row.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def _utc() -> sa.types.TypeEngine[object]:
    # The same storage as the models' UTCDateTime: timestamptz on PostgreSQL, naive UTC
    # DATETIME text on SQLite.
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "listed_times",
        sa.Column("site", sa.Text(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("published_at", _utc(), nullable=False),
        sa.Column("listed_at", _utc(), nullable=False),
        sa.PrimaryKeyConstraint("site", "url"),
    )


def downgrade() -> None:
    op.drop_table("listed_times")
