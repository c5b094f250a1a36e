"""PostgreSQL's search folds accents, as SQLite's FTS5 does: ``Sao`` finds ``SÃO PAULO``.

The ``dutch`` configuration drops only some accents (its stemmer folds umlauts and acute
accents, not ``ã`` or ``è``), so ``search Sao`` and ``search Geneve`` found nothing on
PostgreSQL while SQLite (``remove_diacritics 2``) found them. The ``unaccent`` extension
would do it, but installing it takes a superuser. Instead ``anp_search_fold(text)`` maps
every Latin letter with diacritics (U+00C0..U+024F whose NFKD form is one ASCII letter and
combining marks: the letters FTS5 folds) to its plain letter, the search index is built
from folded text, and the store folds the query by the same table
(``anp_archive.store.identity.SEARCH_FOLD_FROM``/``_TO``; a test checks they agree).

The function replaces each distinct non-ASCII character of a text once rather than calling
``translate()`` on the whole text, which costs the text's length times the table's (245
letters): many times ``to_tsvector`` itself, on every story an import inserts.

Existing rows are re-indexed. SQLite needs nothing.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# Frozen here (a migration must not change with the code); equal to identity.py's table.
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

FOLD_FUNCTION = (
    """CREATE FUNCTION anp_search_fold(value text) RETURNS text
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
    DECLARE
        rest text;
        ch text;
        plain text;
    BEGIN
        IF value IS NULL OR value !~ '[^\\x01-\\x7f]' THEN
            RETURN value;
        END IF;
        rest := regexp_replace(value, '[\\x01-\\x7f]+', '', 'g');
        WHILE rest <> '' LOOP
            ch := left(rest, 1);
            plain := translate(ch, '"""
    + FOLD_FROM
    + "', '"
    + FOLD_TO
    + """');
            IF plain <> ch THEN
                value := replace(value, ch, plain);
            END IF;
            rest := replace(rest, ch, '');
        END LOOP;
        RETURN value;
    END
    $$"""
)


def _vector(row: str, fold: bool) -> str:
    """The ``story_search.search`` value of the stories row ``row`` (as 0001 made it when
    not ``fold``)."""

    def words(expr: str, weight: str) -> str:
        if fold:
            expr = f"anp_search_fold({expr})"
        return f"setweight(to_tsvector('dutch', {expr}), '{weight}')"

    return " || ".join(
        (
            words(f"coalesce({row}.title, '')", "A"),
            words(f"coalesce({row}.place, '') || ' ' || coalesce({row}.lede, '')", "B"),
            words(f"coalesce({row}.body, '')", "C"),
        )
    )


def _sync_function(fold: bool) -> str:
    return f"""CREATE OR REPLACE FUNCTION stories_search_sync() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO story_search (story_id, search) VALUES (NEW.id, {_vector("NEW", fold)})
        ON CONFLICT (story_id) DO UPDATE SET search = EXCLUDED.search;
        RETURN NULL;
    END
    $$"""


def _reindex(fold: bool) -> str:
    return (
        f"UPDATE story_search SET search = {_vector('s', fold)} "
        "FROM stories s WHERE s.id = story_search.story_id"
    )


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(FOLD_FUNCTION)
    op.execute(_sync_function(fold=True))
    op.execute(_reindex(fold=True))


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(_sync_function(fold=False))
    op.execute(_reindex(fold=False))
    op.execute("DROP FUNCTION anp_search_fold(text)")
