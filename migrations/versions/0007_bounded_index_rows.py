"""URL and place lookups use hash indexes on PostgreSQL, so no value is too long to index.

A PostgreSQL B-tree entry may hold at most 2,704 bytes: a ticker link of 3 KB made
``INSERT INTO stories`` fail with ``index row size ... exceeds btree version 4 maximum
2704 for index "ix_stories_url"``, the page could not be stored, and every later run met
the same page and failed again. These indexes serve only ``=`` lookups (a story, revision
or capture by URL; stories by place), which a hash index answers at any value length.

The two composite capture indexes (``url, fetched_at, id`` and the keyframe one) stay
B-trees: they order a URL's captures, and a capture's URL is one the fetcher requested,
which it refuses past 2,048 characters (``anp_archive.fetch``), so their rows fit.

SQLite has no entry size limit and keeps its indexes as they are.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# (index, table, column)
_EQUALITY_INDEXES = (
    ("ix_captures_url", "captures", "url"),
    ("ix_stories_url", "stories", "url"),
    ("ix_stories_place_key", "stories", "place_key"),
    ("ix_story_revisions_url", "story_revisions", "url"),
)


def _rebuild(using: str) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for index, table, column in _EQUALITY_INDEXES:
        op.drop_index(index, table_name=table)
        op.create_index(index, table, [column], postgresql_using=using)


def upgrade() -> None:
    _rebuild("hash")


def downgrade() -> None:
    _rebuild("btree")
