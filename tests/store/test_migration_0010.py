"""Migration 0010: an archive keyed by the store's former URL normal form finds its stories."""

from __future__ import annotations

import importlib.util
from datetime import timedelta
from pathlib import Path
from types import ModuleType

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import create_engine, text

from anp_archive.store import Archive, head, upgrade
from anp_archive.store.identity import key_hash, normalise_url
from store.pages import T0, capture_for, page, tick

BEURS = "https://www.example.nl/nieuws/beurs?sectie=economie&id=17"
HAVEN = "https://www.example.nl:443/nieuws/haven/"
# A ticker link that joined the harbour story by its text: only its key holds it.
UNSTORED = "https://www.example.nl/nieuws/haven-extra?b=1&a=2"
# The keys the store wrote for them before 0010 (query order and :443 kept).
OLD_BEURS = key_hash("url", BEURS)
OLD_HAVEN = key_hash("url", "https://www.example.nl:443/nieuws/haven")
OLD_UNSTORED = key_hash("url", UNSTORED)
NEW_BEURS = key_hash("url", "https://www.example.nl/nieuws/beurs?id=17&sectie=economie")
NEW_HAVEN = key_hash("url", "https://www.example.nl/nieuws/haven")


def _migration() -> ModuleType:
    path = next(Path(__file__).parents[2].glob("migrations/versions/0010_*.py"))
    spec = importlib.util.spec_from_file_location("migration_0010", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


M0010 = _migration()

_URL_PARTS = st.lists(
    st.sampled_from(["https://", "http://", "HTTP://", "www.", "Example.NL", ":443", ":80",
                     ":8080", ".", "/", "nieuws", "%7e", "%7E", "~", "%2f", "%c3%a9", "é", "?",
                     "&", "=", "a", "b=2", "utm_source=x", "fbclid", "REF=y", "xtor=1", "#x",
                     "[", "]", "::1", "@", " "]),
    max_size=14,
).map("".join)


@given(st.one_of(_URL_PARTS, st.text(max_size=60)))
def test_the_migration_keys_links_as_the_store_does(url: str) -> None:
    assert M0010.new_url_key(url) == normalise_url(url)
    assert M0010.url_key_hash(M0010.new_url_key(url)) == key_hash("url", normalise_url(url))


def test_the_migrations_old_key_is_the_stores_former_one() -> None:
    assert M0010.old_url_key("HTTPS://WWW.Zeelandnet.nl/nieuws/a-b/#x") == (
        "https://www.zeelandnet.nl/nieuws/a-b")
    assert M0010.old_url_key("https://x.nl/nieuws/a?utm_source=t&id=4") == "https://x.nl/nieuws/a?id=4"
    assert M0010.old_url_key(HAVEN) == "https://www.example.nl:443/nieuws/haven"
    assert M0010.old_url_key(" http://[kapot/ ") == "http://[kapot/"


def _old_archive(db_url: str) -> None:
    """Two stories as a 0009 store wrote them: an article with its lead capture, and a
    ticker-only story whose link is stored in its revision."""
    from alembic import command

    from anp_archive.store.migrate import alembic_config

    engine = create_engine(db_url)
    at = "'2026-01-01 12:00:00'"
    story = (
        "INSERT INTO stories (id, url, section, title, place, place_key, agencies, lede, body, "
        "has_lead, time_conflict, first_seen_at, last_seen_at, text_seen_at, sort_at, "
        f"sighting_count, revision_count) VALUES (:id, :url, 'Economie', :title, :place, "
        f":place_key, 'ANP', :lede, NULL, :has_lead, :no, {at}, {at}, {at}, {at}, 1, 1)"
    )
    try:
        with engine.begin() as conn:
            command.upgrade(alembic_config(connection=conn), "0009")
            for cid, url in ((1, BEURS), (2, "https://www.example.nl/nieuws/economie")):
                conn.execute(text(
                    "INSERT INTO captures (id, sha256, url, fetched_at, status, headers, body, "
                    f"compression, size) VALUES (:id, :sha, :url, {at}, 200, '{{}}', :body, "
                    "'none', 5)"
                ), {"id": cid, "sha": f"{cid:064d}", "url": url, "body": b"<html/>"})
            conn.execute(text(story), {
                "id": 1, "url": BEURS, "title": "Beurs opent hoger", "place": "AMSTERDAM",
                "place_key": "amsterdam", "has_lead": True, "no": False,
                "lede": "De beurs in Amsterdam is hoger geopend na winst op Wall Street."})
            conn.execute(text(story), {
                "id": 2, "url": None, "title": None, "place": "ROTTERDAM",
                "place_key": "rotterdam", "has_lead": False, "no": False,
                "lede": "In de haven van Rotterdam is de staking van de sjorders voorbij."})
            conn.execute(text(
                "INSERT INTO story_revisions (story_id, revision, source, title, lede, url, "
                f"capture_id, seen_at) VALUES (1, 1, 'lead', 'Beurs opent hoger', 'x', :b, 1, "
                f"{at}), (2, 1, 'ticker', NULL, 'y', :h, 2, {at})"
            ), {"b": BEURS, "h": HAVEN})
            conn.execute(text(
                "INSERT INTO sightings (story_id, capture_id, role, position, seen_at) "
                f"VALUES (1, 1, 'lead', 0, {at}), (2, 2, 'ticker', 1, {at})"
            ))
            conn.execute(text(
                "INSERT INTO story_keys (story_id, kind, key) VALUES (1, 'url', :b), "
                "(2, 'url', :h), (2, 'url', :u), (1, 'text', :t)"
            ), {"b": OLD_BEURS, "h": OLD_HAVEN, "u": OLD_UNSTORED, "t": key_hash("text", "x")})
            if engine.dialect.name == "sqlite":  # the store indexes what it inserts itself
                conn.execute(text("INSERT INTO stories_fts(stories_fts) VALUES ('rebuild')"))
            else:  # ids given by hand leave the sequences behind
                for table in ("captures", "stories"):
                    conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), 2)"))
    finally:
        engine.dispose()


def _url_keys(db_url: str) -> set[tuple[int, str]]:
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT story_id, key FROM story_keys WHERE kind = 'url'"))
            return {(int(s), str(k)) for s, k in rows}
    finally:
        engine.dispose()


def test_0010_rekeys_old_links_so_ticker_variants_find_their_stories(db_url: str) -> None:
    from alembic import command

    from anp_archive.store.migrate import alembic_config

    _old_archive(db_url)
    assert upgrade(db_url) == head() == "0010"
    assert _url_keys(db_url) == {(1, NEW_BEURS), (2, NEW_HAVEN), (2, OLD_UNSTORED)}
    beurs_link = "https://www.example.nl:443/nieuws/beurs/?id=17&utm_source=nb&sectie=economie"
    haven_link = "https://www.example.nl/nieuws/haven?utm_medium=rss"
    with Archive.open(db_url) as archive:
        assert archive.get_story(beurs_link).story.id == 1
        assert archive.get_story(haven_link).story.id == 2
        at = T0 + timedelta(hours=1)
        p = page("https://www.example.nl/nieuws/laatste", None,
                 tick("AMSTERDAM", "Banken en chipfondsen trokken de hoofdindex omhoog.",
                      agencies=("ANP",), url=beurs_link, fetched_at=at),
                 tick("ROTTERDAM", "De sjorders gaan na vijf dagen weer aan het werk.",
                      agencies=("ANP",), url=haven_link, fetched_at=at),
                 fetched_at=at)
        assert archive.ingest(capture_for(p), p, parser_version="1").new_stories == 0
        counts = {s.id: (s.sightings, s.revisions) for s in archive.search()}
    assert counts == {1: (2, 1), 2: (2, 2)}
    engine = create_engine(db_url)
    try:
        with engine.begin() as conn:
            command.downgrade(alembic_config(connection=conn), "0009")
    finally:
        engine.dispose()
    # The harbour story's new link is its second revision's; the old store keyed it (its
    # utm_ parameter dropped) as the new one keys the first link.
    assert _url_keys(db_url) == {(1, OLD_BEURS), (2, OLD_HAVEN), (2, OLD_UNSTORED),
                                 (2, NEW_HAVEN)}
    assert upgrade(db_url) == "0010"
    assert _url_keys(db_url) == {(1, NEW_BEURS), (2, NEW_HAVEN), (2, OLD_UNSTORED)}
