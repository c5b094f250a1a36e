"""The first fetch of a URL is compressed against the newest whole capture of its site.

- ``site_keyframes(site, capture_id -> captures ON DELETE CASCADE)``: per site (scheme and
  host), the newest capture stored whole. A URL fetched for the first time is kept as a
  zstd delta against it when that is small (the pages of one site share their menus,
  scripts, styles and consent dialog), as later fetches of a URL already were against the
  URL's own keyframe (0004). The table starts empty: each site's next whole capture fills
  it.

Downgrading drops the table only: a delta's ``base_id`` names its keyframe whatever its
URL, so every capture stays readable by the code of 0011 and before.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-08
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "site_keyframes",
        sa.Column("site", sa.Text(), nullable=False),
        sa.Column(
            "capture_id",
            sa.Integer(),
            sa.ForeignKey("captures.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("site"),
    )


def downgrade() -> None:
    op.drop_table("site_keyframes")
