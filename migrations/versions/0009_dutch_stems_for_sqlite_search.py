"""SQLite's search finds Dutch stems as PostgreSQL's ``dutch`` does: ``woningen`` finds ``woning``.

- ``stories.stems``: the stems of title, place, lede and body, computed in Python
  (``anp_archive.search.stems``: PostgreSQL 15's Snowball Dutch stemmer via the
  ``snowballstemmer`` package, its ``dutch.stop`` words kept as the place-holder ``0stop0``),
  written by the store with every story row, on both databases.
- SQLite's ``stories_fts`` is rebuilt with a fifth column, ``stems``, which the search
  matches; it is now declared ``content="stories"`` (double quotes), the form Datasette's
  full-text detection looks for, so ``?_search=`` works on ``stories``. The triggers copy
  ``stems`` too.

Existing rows get their stems here (folded with a frozen copy of 0005's table, stemmed by
the frozen rules below); the downgrade restores 0003's FTS table and drops the column.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07
"""

from __future__ import annotations

import re
from typing import Any

import snowballstemmer  # type: ignore[import-untyped]
import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

# Frozen here (a migration must not change with the code): 0005's fold table and
# PostgreSQL 15's dutch.stop, equal to the store's (a test checks they agree).
FOLD_FROM = (
    "ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöùúûüýÿĀāĂăĄąĆćĈĉĊċČčĎďĒ"
    "ēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĨĩĪīĬĭĮįİĴĵĶķĹĺĻļĽľŃńŅņŇňŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŨũ"
    "ŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽžſƠơƯưǍǎǏǐǑǒǓǔǕǖǗǘǙǚǛǜǞǟǠǡǦǧǨǩǪǫǬǭǰǴǵǸǹǺǻȀȁȂȃȄȅȆȇȈ"
    "ȉȊȋȌȍȎȏȐȑȒȓȔȕȖȗȘșȚțȞȟȦȧȨȩȪȫȬȭȮȯȰȱȲȳ"
)
FOLD_TO = (
    "AAAAAACEEEEIIIINOOOOOUUUUYaaaaaaceeeeiiiinooooouuuuyyAaAaAaCcCcCcCcDdE"
    "eEeEeEeEeGgGgGgGgHhIiIiIiIiIJjKkLlLlLlNnNnNnOoOoOoRrRrRrSsSsSsSsTtTtUu"
    "UuUuUuUuUuWwYyYZzZzZzsOoUuAaIiOoUuUuUuUuUuAaAaGgKkOoOojGgNnAaAaAaEeEeI"
    "iIiOoOoRrRrUuUuSsTtHhAaEeOoOoOoOoYy"
)
_STOP_LIST = (
    "de en van ik te dat die in een hij het niet zijn is was op aan met als voor had er "
    "maar om hem dan zou of wat mijn men dit zo door over ze zich bij ook tot je mij uit "
    "der daar haar naar heb hoe heeft hebben deze u want nog zal me zij nu ge geen omdat "
    "iets worden toch al waren veel meer doen toen moet ben zonder kan hun dus alles onder "
    "ja eens hier wie werd altijd doch wordt wezen kunnen ons zelf tegen na reeds wil kon "
    "niets uw iemand geweest andere"
)
STOPWORDS = frozenset(_STOP_LIST.split())
STOP = "0stop0"
_WORD = re.compile(r"[^\W_]+")
_FOLD = str.maketrans(FOLD_FROM, FOLD_TO)
BATCH = 2000

FTS_OLD = """CREATE VIRTUAL TABLE stories_fts USING fts5(
        title, place, lede, body,
        content='stories', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2')"""
FTS_NEW = """CREATE VIRTUAL TABLE stories_fts USING fts5(
        title, place, lede, body, stems,
        content="stories", content_rowid="id",
        tokenize="unicode61 remove_diacritics 2")"""


def _triggers(columns: str) -> list[str]:
    old = ", ".join(f"old.{c.strip()}" for c in columns.split(","))
    new = ", ".join(f"new.{c.strip()}" for c in columns.split(","))
    return [
        f"""CREATE TRIGGER stories_fts_ad AFTER DELETE ON stories BEGIN
        INSERT INTO stories_fts(stories_fts, rowid, {columns})
        VALUES ('delete', old.id, {old});
    END""",
        # Only the text columns: the counters change on every sighting.
        f"""CREATE TRIGGER stories_fts_au AFTER UPDATE OF {columns} ON stories BEGIN
        INSERT INTO stories_fts(stories_fts, rowid, {columns})
        VALUES ('delete', old.id, {old});
        INSERT INTO stories_fts(rowid, {columns})
        VALUES (new.id, {new});
    END""",
    ]


def _replace_fts(table: str, columns: str) -> None:
    op.execute("DROP TRIGGER IF EXISTS stories_fts_ad")
    op.execute("DROP TRIGGER IF EXISTS stories_fts_au")
    op.execute("DROP TABLE IF EXISTS stories_fts")
    op.execute(table)
    for trigger in _triggers(columns):
        op.execute(trigger)
    op.execute("INSERT INTO stories_fts(stories_fts) VALUES ('rebuild')")


def stems_of_row(*texts: Any) -> str:
    stemmer = snowballstemmer.stemmer("dutch_porter")
    out: list[str] = []
    for text in texts:
        if text:
            for word in _WORD.findall(str(text).translate(_FOLD)):
                word = word.lower()
                out.append(STOP if word in STOPWORDS else str(stemmer.stemWord(word)))
    return " ".join(out)


def _fill_stems() -> None:
    conn = op.get_bind()
    last = 0
    while True:
        rows = conn.execute(
            sa.text(
                "SELECT id, title, place, lede, body FROM stories WHERE id > :last "
                "ORDER BY id LIMIT :n"
            ),
            {"last": last, "n": BATCH},
        ).all()
        if not rows:
            return
        conn.execute(
            sa.text("UPDATE stories SET stems = :stems WHERE id = :id"),
            [{"id": r[0], "stems": stems_of_row(r[1], r[2], r[3], r[4])} for r in rows],
        )
        last = rows[-1][0]


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        # The old update trigger would re-index every row the fill touches; the index is
        # rebuilt once afterwards instead.
        op.execute("DROP TRIGGER IF EXISTS stories_fts_au")
    op.add_column("stories", sa.Column("stems", sa.Text(), nullable=True))
    _fill_stems()
    if sqlite:
        _replace_fts(FTS_NEW, "title, place, lede, body, stems")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _replace_fts(FTS_OLD, "title, place, lede, body")
    # SQLite (3.35+) drops a column in place; batch mode would rebuild the table.
    op.execute("ALTER TABLE stories DROP COLUMN stems")
