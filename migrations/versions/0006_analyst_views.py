"""Analyst views gain what they are joined and grouped on.

``v_articles`` gains ``revisions``, ``time_conflict`` and ``day`` (the Europe/Amsterdam
calendar day of the story's time, the same on both databases); ``v_captures`` gains ``id``
and ``v_sightings`` a ``capture_id`` that refers to it; ``v_revisions`` lists every rendering
of a story. New columns come after the old ones, so ``SELECT *`` users keep their positions.

SQLite has no time-zone database, so its ``day`` applies the EU summer-time rule (since 1996:
from the last Sunday of March to the last Sunday of October, 01:00 UTC each) in SQL; tests
compare it with PostgreSQL's ``AT TIME ZONE 'Europe/Amsterdam'`` at the switch moments.
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

VIEWS = ("v_articles", "v_sightings", "v_captures", "v_revisions")

# The story's time: as stored in stories.sort_at (published, else latest bound, else seen).
_SQLITE_DAY = """CASE
    WHEN s.sort_at >= datetime(strftime('%Y', s.sort_at) || '-03-25', 'weekday 0', '+1 hour')
     AND s.sort_at < datetime(strftime('%Y', s.sort_at) || '-10-25', 'weekday 0', '+1 hour')
    THEN date(s.sort_at, '+2 hours')
    ELSE date(s.sort_at, '+1 hour')
END"""
_POSTGRES_DAY = "(s.sort_at AT TIME ZONE 'Europe/Amsterdam')::date"


def _new_views(day: str) -> list[str]:
    return [
        f"""CREATE VIEW v_articles AS
        SELECT s.id, s.url, s.section, s.title, s.place, s.agencies, s.lede, s.body,
               s.published_at, s.published_earliest, s.published_latest,
               s.first_seen_at, s.last_seen_at, s.sighting_count AS sightings,
               s.revision_count AS revisions, s.time_conflict, {day} AS day
        FROM stories s""",
        """CREATE VIEW v_sightings AS
        SELECT g.story_id AS article_id, c.url AS page_url, g.role, g.position, g.age,
               g.seen_at, g.capture_id
        FROM sightings g JOIN captures c ON c.id = g.capture_id""",
        """CREATE VIEW v_captures AS
        SELECT c.url, c.fetched_at, c.status, c.size AS bytes, c.sha256, c.parser_version,
               c.id
        FROM captures c""",
        """CREATE VIEW v_revisions AS
        SELECT r.story_id AS article_id, r.revision, r.source, r.title, r.lede, r.body,
               r.url, r.seen_at
        FROM story_revisions r""",
    ]


# The views as 0001 made them, for the downgrade.
_OLD_VIEWS = [
    """CREATE VIEW v_articles AS
    SELECT s.id, s.url, s.section, s.title, s.place, s.agencies, s.lede, s.body,
           s.published_at, s.published_earliest, s.published_latest,
           s.first_seen_at, s.last_seen_at, s.sighting_count AS sightings
    FROM stories s""",
    """CREATE VIEW v_sightings AS
    SELECT g.story_id AS article_id, c.url AS page_url, g.role, g.position, g.age, g.seen_at
    FROM sightings g JOIN captures c ON c.id = g.capture_id""",
    """CREATE VIEW v_captures AS
    SELECT c.url, c.fetched_at, c.status, c.size AS bytes, c.sha256, c.parser_version
    FROM captures c""",
]


def _drop() -> None:
    for view in VIEWS:
        op.execute(f"DROP VIEW IF EXISTS {view}")


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    _drop()
    for statement in _new_views(_SQLITE_DAY if sqlite else _POSTGRES_DAY):
        op.execute(statement)


def downgrade() -> None:
    _drop()
    for statement in _OLD_VIEWS:
        op.execute(statement)
