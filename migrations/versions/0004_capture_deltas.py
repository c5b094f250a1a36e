"""Captures may be stored as zstd deltas against an earlier capture of the same URL.

``captures.base_id``: for a body stored as a delta (``compression`` = ``zstd-delta``), the
capture whose body is its dictionary, a *keyframe* (itself stored whole); NULL otherwise.
Bodies stored before this revision keep their ``zlib`` and serve as keyframes as they are.
See ``anp_archive/store/bodies.py``. No foreign key: SQLite can only add one by rebuilding
the table, and with it every body the archive holds; the store never deletes a capture.

Downgrading rewrites every zstd body (whole or delta) as whole zlib, which is all the
earlier revisions read, before dropping the column.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""

from __future__ import annotations

import zlib

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("captures", sa.Column("base_id", sa.Integer(), nullable=True))
    # Finds a URL's newest keyframe among the few it has, however many deltas it has.
    op.create_index(
        "ix_captures_keyframes", "captures", ["url", "id"],
        sqlite_where=sa.text("base_id IS NULL"), postgresql_where=sa.text("base_id IS NULL"),
    )
    # A URL's newest capture (every scrape run asks, for each index page) without sorting
    # the thousands of captures of that URL a cron job gathers over the years.
    op.create_index("ix_captures_url_fetched_at", "captures", ["url", "fetched_at", "id"])


def _decompress(body: bytes, compression: str, base: bytes | None) -> bytes:
    """As ``anp_archive.store.bodies`` read them at this revision (kept here, frozen, so a
    later change there cannot break this downgrade)."""
    import zstandard

    if compression == "zstd":
        return zstandard.ZstdDecompressor().decompress(body)
    if compression == "zstd-delta":
        assert base is not None
        dictionary = zstandard.ZstdCompressionDict(
            base, dict_type=zstandard.DICT_TYPE_RAWCONTENT
        )
        return zstandard.ZstdDecompressor(dict_data=dictionary).decompress(body)
    if compression == "zlib":
        return zlib.decompress(body)
    return body


def downgrade() -> None:
    conn = op.get_bind()
    captures = sa.table(
        "captures",
        sa.column("id", sa.Integer),
        sa.column("body", sa.LargeBinary),
        sa.column("compression", sa.String),
        sa.column("base_id", sa.Integer),
    )
    ids = conn.execute(
        sa.select(captures.c.id).where(captures.c.compression.like("zstd%")).order_by(
            captures.c.id)
    ).scalars().all()
    raw: dict[int, bytes] = {}

    def body_of(capture_id: int) -> bytes:
        if capture_id not in raw:
            row = conn.execute(
                sa.select(captures.c.body, captures.c.compression, captures.c.base_id)
                .where(captures.c.id == capture_id)
            ).one()
            base = body_of(row.base_id) if row.base_id is not None else None
            raw[capture_id] = _decompress(bytes(row.body), row.compression, base)
        return raw[capture_id]

    for capture_id in ids:
        body = body_of(capture_id)
        conn.execute(
            sa.update(captures)
            .where(captures.c.id == capture_id)
            .values(body=zlib.compress(body, 6), compression="zlib")
        )
        if len(raw) > 256:
            raw.clear()  # keyframes are read again when needed; memory stays bounded
    op.drop_index("ix_captures_url_fetched_at", table_name="captures")
    op.drop_index("ix_captures_keyframes", table_name="captures")
    op.execute("ALTER TABLE captures DROP COLUMN base_id")
