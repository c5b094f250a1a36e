"""``ingest_many`` stores a batch exactly as storing its pages one by one would.

The batch is matched in memory and written in bulk (store/ingest.py), so this compares two
archives row by row: one fed page by page, one fed in batches, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import random
import uuid
from collections import Counter
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import text

from anp_archive.models import Capture, Page, TickerItem
from anp_archive.store import Archive, IngestResult
from store.pages import T0, capture_for, lead, page, tick

PLACES = ["KYIV", "MOSKOU", "WASHINGTON", "DEN HAAG", "GAZA"]
WORDS = ["oorlog", "vrede", "kabinet", "brand", "storm", "akkoord", "rechter", "staking",
         "Oekraïne", "Israël", "beurs", "rente", "drone", "asiel", "grens", "sancties"]


def _text(rng: random.Random, n: int) -> str:
    return "Volgens ingewijden " + " ".join(rng.choice(WORDS) for _ in range(14)) + f" (nr {n})."


def _shared(j: int) -> tuple[str, str, str]:
    rng = random.Random(j)
    return rng.choice(PLACES), f"Kop nummer {j} over {rng.choice(WORDS)}", _text(rng, j)


def _pages(n: int, seed: int) -> list[tuple[Capture, Page]]:
    """Pages whose tickers share a sliding window of stories, with updates, cut-short texts,
    article links, a lead that a later ticker shows, and the same bytes twice."""
    out: list[tuple[Capture, Page]] = []
    for p in range(n):
        rng = random.Random(seed * 1000 + p)
        when = T0 + timedelta(minutes=7 * p)
        ticker: list[TickerItem] = []
        for _ in range(5):
            j = max(0, p // 2 - rng.randint(0, 6))
            place, title, body = _shared(j)
            minutes = max(1, 7 * p - 14 * j + rng.randint(0, 3))
            kind = rng.random()
            if kind < 0.15:  # the update of story j, announced by its headline
                title, body = title + " (2)", body.replace("Volgens", "Nu blijkt", 1)
            elif kind < 0.3:  # cut short
                body = body[:70] + "…"
            url = f"https://x.nl/nieuws/{j}" if kind > 0.8 else None
            ticker.append(tick(place, body, minutes=(minutes + 1, minutes), fetched_at=when,
                               url=url, title=title if rng.random() < 0.5 else None,
                               age=f"{minutes} minuten geleden"))
        if p % 5 == 3:  # the article of a shared story, as the page's lead
            place, title, body = _shared(p // 2)
            the_lead = lead(title, place, body, "Meer volgt.")
            url = f"https://x.nl/nieuws/{p // 2}"
        else:
            the_lead = lead(f"Eigen kop {p}", rng.choice(PLACES), _text(rng, 10_000 + p))
            url = f"https://x.nl/pagina/{p}"
        the_page = page(url, the_lead, *ticker, fetched_at=when,
                        section=rng.choice(["Buitenland", "Economie", None]))
        out.append((capture_for(the_page), the_page))
    out.insert(n // 2, out[n // 2 - 1])  # the same capture again, inside a batch
    return out


def _state(archive: Archive) -> dict[str, Any]:
    queries = {
        "articles": "SELECT * FROM v_articles ORDER BY id",
        "stories": "SELECT id, place_key, bound_earliest, bound_latest, time_conflict, "
        "text_seen_at, sort_at, revision_count, has_lead FROM stories ORDER BY id",
        "revisions": "SELECT r.story_id, r.revision, r.source, r.title, r.lede, r.body, r.url, "
        "r.seen_at, "
        "c.sha256 FROM story_revisions r LEFT JOIN captures c ON c.id = r.capture_id",
        "keys": "SELECT story_id, kind, key, text_key FROM story_keys",
        "sightings": "SELECT g.story_id, c.sha256, g.role, g.position, g.age, g.seen_at, "
        "g.published_earliest, g.published_latest, g.is_update FROM sightings g "
        "JOIN captures c ON c.id = g.capture_id",
        "captures": "SELECT sha256, url, fetched_at, status, size, parser_version, parse_error "
        "FROM captures",
    }
    with archive.engine.connect() as conn:
        state = {
            name: Counter(tuple(row) for row in conn.execute(text(sql)))
            for name, sql in queries.items()
        }
    state["search"] = [s.id for s in archive.search(text="oorlog")]
    return state


@pytest.fixture
def two_archives(db_url: str, tmp_path: Any, request: pytest.FixtureRequest) -> Any:
    if db_url.startswith("sqlite"):
        with Archive.open(db_url) as one, Archive.open(f"sqlite:///{tmp_path / 'b.sqlite'}") as b:
            yield one, b
        return
    import psycopg

    server = str(request.getfixturevalue("pg_server"))
    name = f"anp_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    other = db_url.rsplit("/", 1)[0] + "/" + name
    try:
        with Archive.open(db_url) as one, Archive.open(other) as batched:
            yield one, batched
    finally:
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_batch_stores_exactly_what_page_by_page_stores(two_archives: Any) -> None:
    one, batched = two_archives
    pages = _pages(40, seed=1)
    single = [one.ingest(c, p, parser_version="1") for c, p in pages]
    in_batches: list[IngestResult] = []
    for start in range(0, len(pages), 9):
        in_batches += batched.ingest_many(pages[start : start + 9], parser_version="1")
    assert in_batches == single
    assert sum(r.new_revisions for r in single) > 0  # the updates made revisions
    assert any(not r.capture_new for r in single)  # and the repeated capture added nothing
    assert _state(batched) == _state(one)
    conflicts = [s.time_conflict for s in one.search()]
    assert conflicts.count(False) > 0


def test_a_batch_with_reparses_and_unparsed_captures_matches_too(two_archives: Any) -> None:
    one, batched = two_archives
    pages = _pages(30, seed=2)
    first, rest = pages[:20], pages[20:]
    for archive in (one, batched):
        archive.ingest_many(first, parser_version="1")
        # Stored but never parsed: a scrape that stopped between capture and parse.
        archive.add_capture(rest[0][0])
    # Parser 2: new pages, pages parser 1 stored (reparsed in place), the unparsed capture.
    second = [first[3], *rest, first[0], first[3]]
    single = [one.ingest(c, p, parser_version="2") for c, p in second]
    together = batched.ingest_many(second, parser_version="2")
    assert together == single
    assert _state(batched) == _state(one)
    assert batched.ingest_many(second, parser_version="2") == [IngestResult(0, 0, 0, False)] * len(
        second
    )
