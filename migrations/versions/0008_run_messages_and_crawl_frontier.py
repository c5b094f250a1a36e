"""Runs keep their error messages; a capped or stopped crawl keeps its frontier.

- ``runs.messages``: the messages a run reported (a JSON list of strings, at most 100), so
  ``anp-archive runs`` and ``stats`` can say why a run failed after the cron log is gone.
- ``crawl_frontier``: the links a run found but did not fetch because ``--max-pages``
  stopped it, or it was stopped (SIGINT/SIGTERM). The next runs of that site fetch them
  first, until the frontier is drained. Keyed by (site, url), the URL in its clean form.
  Rows with ``done`` are pages the unfinished crawl already fetched: kept so that pages
  linking to each other (sections, pagination) are not queued again run after run.
- ``latest_sightings``: one row per line of a ``Net binnen`` list (section, ``HH:MM`` as
  shown, the exact time the parser made of it, the headline), linked to the story whose
  title is that headline when there is exactly one.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def _utc() -> sa.types.TypeEngine[object]:
    # The same storage as the models' UTCDateTime: timestamptz on PostgreSQL, naive UTC
    # DATETIME text on SQLite.
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("runs") as batch:
        batch.add_column(sa.Column("messages", sa.JSON(), nullable=True))
    op.create_table(
        "crawl_frontier",
        sa.Column("site", sa.Text(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("depth", sa.Integer(), nullable=False),
        sa.Column("done", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("added_at", _utc(), nullable=False),
        sa.PrimaryKeyConstraint("site", "url"),
    )
    op.create_table(
        "latest_sightings",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "capture_id",
            sa.Integer(),
            sa.ForeignKey("captures.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("section", sa.Text(), nullable=True),
        sa.Column("time", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("published_at", _utc(), nullable=True),
        sa.Column(
            "story_id",
            sa.Integer(),
            sa.ForeignKey("stories.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.UniqueConstraint("capture_id", "position", name="uq_latest_sightings_capture"),
    )
    op.create_index("ix_latest_sightings_story_id", "latest_sightings", ["story_id"])


def downgrade() -> None:
    op.drop_index("ix_latest_sightings_story_id", table_name="latest_sightings")
    op.drop_table("latest_sightings")
    op.drop_table("crawl_frontier")
    with op.batch_alter_table("runs") as batch:
        batch.drop_column("messages")
