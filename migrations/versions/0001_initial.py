"""Initial archive: captures, stories, revisions, keys, sightings, validators, runs, views, FTS.

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)

# The analysts' views (DESIGN.md, Contract 2). Column names are a contract: keep them.
V_ARTICLES = """
CREATE VIEW v_articles AS
SELECT s.id, s.url, s.section, s.title, s.place, s.agencies, s.lede, s.body,
       s.published_at, s.published_earliest, s.published_latest,
       s.first_seen_at, s.last_seen_at, s.sighting_count AS sightings
FROM stories s
"""
V_SIGHTINGS = """
CREATE VIEW v_sightings AS
SELECT g.story_id AS article_id, c.url AS page_url, g.role, g.position, g.age, g.seen_at
FROM sightings g JOIN captures c ON c.id = g.capture_id
"""
V_CAPTURES = """
CREATE VIEW v_captures AS
SELECT c.url, c.fetched_at, c.status, c.size AS bytes, c.sha256, c.parser_version
FROM captures c
"""

SQLITE_FTS = [
    """CREATE VIRTUAL TABLE stories_fts USING fts5(
        title, place, lede, body,
        content='stories', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER stories_fts_ai AFTER INSERT ON stories BEGIN
        INSERT INTO stories_fts(rowid, title, place, lede, body)
        VALUES (new.id, new.title, new.place, new.lede, new.body);
    END""",
    """CREATE TRIGGER stories_fts_ad AFTER DELETE ON stories BEGIN
        INSERT INTO stories_fts(stories_fts, rowid, title, place, lede, body)
        VALUES ('delete', old.id, old.title, old.place, old.lede, old.body);
    END""",
    # Only the text columns: the counters change on every sighting and must not churn FTS.
    """CREATE TRIGGER stories_fts_au AFTER UPDATE OF title, place, lede, body ON stories BEGIN
        INSERT INTO stories_fts(stories_fts, rowid, title, place, lede, body)
        VALUES ('delete', old.id, old.title, old.place, old.lede, old.body);
        INSERT INTO stories_fts(rowid, title, place, lede, body)
        VALUES (new.id, new.title, new.place, new.lede, new.body);
    END""",
]

# PostgreSQL: the tsvector lives in its own table, kept in sync by a trigger that fires only
# when the text changes. (A generated column on ``stories`` would be recomputed, and its GIN
# entries rewritten, on every counter update, i.e. on every sighting.)
POSTGRES_FTS = [
    """CREATE TABLE story_search (
        story_id integer PRIMARY KEY REFERENCES stories (id) ON DELETE CASCADE,
        search tsvector NOT NULL
    )""",
    "CREATE INDEX ix_story_search_search ON story_search USING gin (search)",
    """CREATE FUNCTION stories_search_sync() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO story_search (story_id, search) VALUES (
            NEW.id,
            setweight(to_tsvector('dutch', coalesce(NEW.title, '')), 'A') ||
            setweight(to_tsvector('dutch', coalesce(NEW.place, '') || ' ' ||
                                           coalesce(NEW.lede, '')), 'B') ||
            setweight(to_tsvector('dutch', coalesce(NEW.body, '')), 'C'))
        ON CONFLICT (story_id) DO UPDATE SET search = EXCLUDED.search;
        RETURN NULL;
    END
    $$""",
    """CREATE TRIGGER stories_search_ai AFTER INSERT ON stories
        FOR EACH ROW EXECUTE FUNCTION stories_search_sync()""",
    """CREATE TRIGGER stories_search_au AFTER UPDATE OF title, place, lede, body ON stories
        FOR EACH ROW EXECUTE FUNCTION stories_search_sync()""",
]


def upgrade() -> None:
    op.create_table(
        "captures",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("fetched_at", TS, nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("headers", sa.JSON(), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.Column("compression", sa.String(16), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("parser_version", sa.String(32), nullable=True),
        sa.Column("parse_error", sa.Text(), nullable=True),
        sa.Column("parsed_at", TS, nullable=True),
        sa.UniqueConstraint("sha256", name="uq_captures_sha256"),
    )
    op.create_index("ix_captures_url", "captures", ["url"])
    op.create_index("ix_captures_parser_version", "captures", ["parser_version"])

    op.create_table(
        "stories",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("section", sa.Text(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("place", sa.Text(), nullable=True),
        sa.Column("place_key", sa.Text(), nullable=False),
        sa.Column("agencies", sa.Text(), nullable=True),
        sa.Column("lede", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=True),
        sa.Column("has_lead", sa.Boolean(), nullable=False),
        sa.Column("published_at", TS, nullable=True),
        sa.Column("published_earliest", TS, nullable=True),
        sa.Column("published_latest", TS, nullable=True),
        sa.Column("bound_earliest", TS, nullable=True),
        sa.Column("bound_latest", TS, nullable=True),
        sa.Column("time_conflict", sa.Boolean(), nullable=False),
        sa.Column("first_seen_at", TS, nullable=False),
        sa.Column("last_seen_at", TS, nullable=False),
        sa.Column("text_seen_at", TS, nullable=False),
        sa.Column("sort_at", TS, nullable=False),
        sa.Column("sighting_count", sa.Integer(), nullable=False),
        sa.Column("revision_count", sa.Integer(), nullable=False),
    )
    op.create_index("ix_stories_url", "stories", ["url"])
    op.create_index("ix_stories_place_key", "stories", ["place_key"])
    op.create_index("ix_stories_sort_at", "stories", ["sort_at"])

    op.create_table(
        "story_revisions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "story_id",
            sa.Integer(),
            sa.ForeignKey("stories.id", ondelete="CASCADE", name="fk_story_revisions_story"),
            nullable=False,
        ),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(8), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("lede", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column(
            "capture_id",
            sa.Integer(),
            sa.ForeignKey("captures.id", ondelete="SET NULL", name="fk_story_revisions_capture"),
            nullable=True,
        ),
        sa.Column("seen_at", TS, nullable=False),
        sa.UniqueConstraint("story_id", "revision", name="uq_story_revisions_story_rev"),
    )

    op.create_table(
        "story_keys",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "story_id",
            sa.Integer(),
            sa.ForeignKey("stories.id", ondelete="CASCADE", name="fk_story_keys_story"),
            nullable=False,
        ),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("key", sa.String(40), nullable=False),
        sa.Column("text_key", sa.Text(), nullable=True),
        sa.UniqueConstraint("key", "story_id", name="uq_story_keys_key_story"),
    )
    op.create_index("ix_story_keys_story_id", "story_keys", ["story_id"])

    op.create_table(
        "sightings",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "story_id",
            sa.Integer(),
            sa.ForeignKey("stories.id", ondelete="CASCADE", name="fk_sightings_story"),
            nullable=False,
        ),
        sa.Column(
            "capture_id",
            sa.Integer(),
            sa.ForeignKey("captures.id", ondelete="CASCADE", name="fk_sightings_capture"),
            nullable=False,
        ),
        sa.Column("role", sa.String(8), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("age", sa.Text(), nullable=True),
        sa.Column("seen_at", TS, nullable=False),
        sa.Column("published_earliest", TS, nullable=True),
        sa.Column("published_latest", TS, nullable=True),
        sa.UniqueConstraint("capture_id", "role", "position", name="uq_sightings_capture_role_pos"),
    )
    op.create_index("ix_sightings_story_id", "sightings", ["story_id"])

    op.create_table(
        "fetch_validators",
        sa.Column("url", sa.Text(), primary_key=True),
        sa.Column("etag", sa.Text(), nullable=True),
        sa.Column("last_modified", sa.Text(), nullable=True),
        sa.Column("updated_at", TS, nullable=False),
    )

    op.create_table(
        "runs",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("site", sa.Text(), nullable=False),
        sa.Column("started_at", TS, nullable=False),
        sa.Column("finished_at", TS, nullable=True),
        sa.Column("exit_code", sa.Integer(), nullable=True),
        sa.Column("counts", sa.JSON(), nullable=False),
    )
    op.create_index("ix_runs_started_at", "runs", ["started_at"])

    for view in (V_ARTICLES, V_SIGHTINGS, V_CAPTURES):
        op.execute(view)

    dialect = op.get_bind().dialect.name
    for statement in SQLITE_FTS if dialect == "sqlite" else POSTGRES_FTS:
        op.execute(statement)


def downgrade() -> None:
    for view in ("v_captures", "v_sightings", "v_articles"):
        op.execute(f"DROP VIEW IF EXISTS {view}")
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("stories_fts_ai", "stories_fts_ad", "stories_fts_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS stories_fts")
    else:
        op.execute("DROP TABLE IF EXISTS story_search")
        op.execute("DROP FUNCTION IF EXISTS stories_search_sync() CASCADE")
    for table in (
        "runs",
        "fetch_validators",
        "sightings",
        "story_keys",
        "story_revisions",
        "stories",
        "captures",
    ):
        op.drop_table(table)
