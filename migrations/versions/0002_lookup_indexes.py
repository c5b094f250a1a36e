"""Indexes for lookups that grow with the archive: captures by time, revisions by URL, runs by site.

``reparse --since``, ``export-warc`` and crash recovery walk captures by ``fetched_at``;
``show URL`` and the scraper's "already captured?" check look revisions up by URL; every
scrape asks for the last run of its own site. Without these, each is a full scan of a table
that grows every few minutes for years.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_captures_fetched_at", "captures", ["fetched_at", "id"])
    op.create_index("ix_story_revisions_url", "story_revisions", ["url"])
    op.create_index("ix_runs_site_started_at", "runs", ["site", "started_at"])


def downgrade() -> None:
    op.drop_index("ix_runs_site_started_at", table_name="runs")
    op.drop_index("ix_story_revisions_url", table_name="story_revisions")
    op.drop_index("ix_captures_fetched_at", table_name="captures")
