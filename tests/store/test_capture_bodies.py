"""Capture bodies: zstd, successive fetches of one URL kept as deltas against a keyframe,
always read back byte for byte (on SQLite and PostgreSQL)."""

from __future__ import annotations

import random
import zlib
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from anp_archive.errors import StoreError
from anp_archive.models import Capture
from anp_archive.store import Archive
from anp_archive.store.archive import QUEUED_FOR_REPARSE
from anp_archive.store.bodies import DELTA, FULL, compress_body, decompress_body
from store.pages import T0

URL = "https://nieuws.example/nieuws/buitenland"


def _index_page(minutes: int, *, seed: int = 1, items: int = 40) -> bytes:
    """An index page as fetched ``minutes`` after T0: the same items, their ages moved on."""
    rng = random.Random(seed)
    places = ["KYIV", "DEN HAAG", "WASHINGTON", "BRUSSEL", "PARIJS", "MOSKOU", "GAZA"]
    words = ["kabinet", "oorlog", "akkoord", "storm", "rechter", "begroting", "staking",
             "verkiezing", "haven", "grens", "minister", "protest", "energie", "drone"]
    rows = []
    for i in range(items):
        text_ = " ".join(rng.choice(words) for _ in range(25))
        age = minutes + 7 * i
        rows.append(f'<li><a href="/nieuws/{seed}-{i}">{rng.choice(places)} (ANP) - '
                    f"{text_}.</a><span>{age} minuten geleden</span></li>")
    return ("<!doctype html><html><body><h1>Buitenland</h1><ul>" + "\n".join(rows)
            + "</ul></body></html>").encode()


def _rows(archive: Archive) -> list[Any]:
    with archive.engine.connect() as conn:
        return list(conn.execute(text(
            "SELECT id, compression, base_id, length(body) AS stored, size FROM captures "
            "ORDER BY id")))


def _bodies(archive: Archive) -> dict[int, bytes]:
    return {s.id: s.capture.body for s in archive.iter_captures()}


def test_a_later_fetch_of_a_url_is_stored_as_a_small_delta(archive: Archive) -> None:
    first, later = _index_page(0), _index_page(5)
    a = archive.add_capture(Capture(URL, T0, 200, first)).id
    b = archive.add_capture(Capture(URL, T0 + timedelta(minutes=5), 200, later)).id
    rows = {r.id: r for r in _rows(archive)}
    assert rows[a].compression == FULL and rows[a].base_id is None
    assert rows[b].compression == DELTA and rows[b].base_id == a
    assert rows[b].stored * 5 < rows[a].stored  # forty age labels changed, not a whole page
    assert _bodies(archive) == {a: first, b: later}
    latest = archive.latest_capture_for_url(URL)
    assert latest is not None and latest.capture.body == later


def test_deltas_point_at_the_newest_keyframe_and_a_changed_page_is_one(
    archive: Archive,
) -> None:
    pages = [_index_page(0), _index_page(5), _index_page(0, seed=2), _index_page(5, seed=2),
             _index_page(10, seed=2)]
    ids = [archive.add_capture(Capture(URL, T0 + timedelta(minutes=i), 200, body)).id
           for i, body in enumerate(pages)]
    rows = {r.id: r for r in _rows(archive)}
    # Every item replaced: too big a delta, so the third fetch is stored whole.
    assert [(rows[i].compression, rows[i].base_id) for i in ids] == [
        (FULL, None), (DELTA, ids[0]), (FULL, None), (DELTA, ids[2]), (DELTA, ids[2])]
    assert _bodies(archive) == dict(zip(ids, pages, strict=True))


def test_captures_without_a_url_or_of_other_urls_are_whole(archive: Archive) -> None:
    page = _index_page(0)
    a = archive.add_capture(Capture(None, T0, 200, page)).id
    b = archive.add_capture(Capture(None, T0, 200, _index_page(5))).id
    c = archive.add_capture(Capture(URL + "?page=2", T0, 200, _index_page(10))).id
    rows = {r.id: r for r in _rows(archive)}
    assert {rows[i].compression for i in (a, b, c)} == {FULL}


def test_one_batch_with_two_fetches_of_a_url(archive: Archive) -> None:
    from store.pages import capture_for, page, tick

    first, second = (page(URL, None, tick("KYIV", "Een bericht over de oorlog.", fetched_at=T0
                                          + timedelta(minutes=m)),
                          fetched_at=T0 + timedelta(minutes=m)) for m in (0, 5))
    caps = [capture_for(first), capture_for(second)]
    caps = [Capture(URL, c.fetched_at, 200, _index_page(i * 5) + c.body)
            for i, c in enumerate(caps)]
    archive.ingest_many([(caps[0], first), (caps[1], second)], parser_version="t")
    rows = _rows(archive)
    assert [(r.compression, r.base_id) for r in rows] == [(FULL, None), (DELTA, rows[0].id)]
    assert list(_bodies(archive).values()) == [c.body for c in caps]


def test_a_zlib_body_from_before_serves_as_keyframe(archive: Archive) -> None:
    old = _index_page(0)
    archive.add_capture(Capture(URL, T0, 200, old))
    with archive.engine.begin() as conn:  # as stored before migration 0004
        conn.execute(text("UPDATE captures SET body = :b, compression = 'zlib'"),
                     {"b": zlib.compress(old, 6)})
    new = archive.add_capture(Capture(URL, T0 + timedelta(minutes=5), 200, _index_page(5))).id
    rows = {r.id: r for r in _rows(archive)}
    assert rows[new].compression == DELTA
    assert list(_bodies(archive).values()) == [old, _index_page(5)]


def test_a_delta_without_its_keyframe_is_a_store_error(archive: Archive) -> None:
    archive.add_capture(Capture(URL, T0, 200, _index_page(0)))
    b = archive.add_capture(Capture(URL, T0 + timedelta(minutes=5), 200, _index_page(5))).id
    with archive.engine.begin() as conn:
        conn.execute(text("UPDATE captures SET base_id = 999999 WHERE id = :b"), {"b": b})
    with pytest.raises(StoreError, match="keyframe"):
        _bodies(archive)


@settings(max_examples=200, deadline=None)
@given(body=st.binary(max_size=4000), base=st.one_of(st.none(), st.binary(max_size=4000)))
def test_bodies_round_trip(body: bytes, base: bytes | None) -> None:
    stored, method = compress_body(body, base)
    assert method in (FULL, DELTA)
    assert decompress_body(stored, method, base if method == DELTA else None) == body


def test_damaged_bodies_are_store_errors() -> None:
    with pytest.raises(StoreError, match="damaged"):
        decompress_body(b"not zstd at all", FULL)
    with pytest.raises(StoreError, match="unknown"):
        decompress_body(b"x", "brotli")


def test_downgrading_migration_0004_rewrites_bodies_as_zlib(db_url: str) -> None:
    from alembic import command
    from sqlalchemy import create_engine, inspect

    from anp_archive.store.archive import upgrade
    from anp_archive.store.migrate import alembic_config

    pages = [_index_page(0), _index_page(5), _index_page(10)]
    with Archive.open(db_url) as archive:
        for i, body in enumerate(pages):
            archive.add_capture(Capture(URL, T0 + timedelta(minutes=i), 200, body))
        assert [r.compression for r in _rows(archive)] == [FULL, DELTA, DELTA]
    engine = create_engine(db_url.replace("postgresql://", "postgresql+psycopg://"))
    try:
        with engine.begin() as conn:
            command.downgrade(alembic_config(connection=conn), "0003")
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT compression, body FROM captures ORDER BY id")).all()
            columns = {c["name"] for c in inspect(conn).get_columns("captures")}
    finally:
        engine.dispose()
    assert "base_id" not in columns
    assert [r.compression for r in rows] == ["zlib"] * 3
    assert [zlib.decompress(r.body) for r in rows] == pages
    upgrade(db_url)
    with Archive.open(db_url) as archive:
        assert list(_bodies(archive).values()) == pages


def test_captures_a_parser_version_has_not_read(archive: Archive) -> None:
    from store.pages import capture_for, page, tick

    pages = [page(f"https://nieuws.example/{i}", None,
                  tick("KYIV", f"Bericht nummer {i} over de oorlog.", fetched_at=T0),
                  fetched_at=T0 + timedelta(minutes=i)) for i in range(4)]
    caps = [capture_for(p) for p in pages]
    archive.ingest(caps[0], pages[0], parser_version="3")  # current
    archive.ingest(caps[1], pages[1], parser_version="2")  # older parser
    failed = archive.add_capture(caps[2]).id
    archive.mark_parse_failed(failed, parser_version="3", error="kapot")
    archive.add_capture(caps[3])  # never parsed
    outdated = [s.capture.sha256 for s in archive.iter_captures(outdated_for="3")]
    assert outdated == [caps[1].sha256, caps[3].sha256]  # a failure is no news by itself
    assert archive.count_captures(outdated_for="3") == 2
    with_failed = archive.iter_captures(outdated_for="3", failed_too=True)
    assert [s.capture.sha256 for s in with_failed] == [c.sha256 for c in caps[1:]]
    assert archive.count_captures(outdated_for="3", failed_too=True) == 3
    assert archive.count_captures() == 4
    later = T0 + timedelta(minutes=2)
    assert archive.count_captures(since=later, outdated_for="3", failed_too=True) == 2
    # A capture marked by a reparse --all that was killed is picked up again.
    archive.mark_parse_failed(failed, parser_version="3", error=QUEUED_FOR_REPARSE)
    assert [s.capture.sha256 for s in archive.iter_captures(since=later, outdated_for="3")] == [
        c.sha256 for c in caps[2:]]


def test_deltas_read_back_from_an_in_memory_archive() -> None:
    with Archive.open("sqlite://") as archive:
        pages = [_index_page(m) for m in (0, 5, 10)]
        for i, body in enumerate(pages):
            archive.add_capture(Capture(URL, T0 + timedelta(minutes=i), 200, body))
        assert [r.compression for r in _rows(archive)] == [FULL, DELTA, DELTA]
        assert list(_bodies(archive).values()) == pages
        latest = archive.latest_capture_for_url(URL)
        assert latest is not None and latest.capture.body == pages[-1]


def test_a_naive_fetch_time_is_amsterdam_whatever_the_host_zone(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time
    from datetime import UTC, datetime

    from store.pages import capture_for, page, tick

    # The host's own zone must not matter: a naive time means Amsterdam wall time.
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        naive = datetime(2026, 7, 1, 12, 0)
        p = page(URL, None, tick("KYIV", "Een bericht over de oorlog.", fetched_at=naive),
                 fetched_at=naive)
        archive.ingest(capture_for(p), p, parser_version="t")
        archive.add_capture(Capture(URL + "/b", naive, 200, b"<p>b</p>"))
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    times = sorted(s.capture.fetched_at for s in archive.iter_captures())
    assert times == [datetime(2026, 7, 1, 10, 0, tzinfo=UTC)] * 2
    with archive.engine.connect() as conn:
        seen = conn.execute(text("SELECT seen_at FROM v_sightings")).scalar_one()
    seen = seen if isinstance(seen, datetime) else datetime.fromisoformat(seen)
    if seen.tzinfo is not None:
        seen = seen.astimezone(UTC)
    assert seen.replace(tzinfo=None) == datetime(2026, 7, 1, 10, 0)


def test_store_page_with_replace_rebuilds_a_reading_in_place(archive: Archive) -> None:
    from store.pages import KREMLIN, ZELENSKY, capture_for, page, tick

    p = page(URL, None, tick("MOSKOU", KREMLIN), tick("KYIV", ZELENSKY))
    archive.ingest(capture_for(p), p, parser_version="3")
    (stored,) = list(archive.iter_captures())
    before = archive.stats()
    again = archive.store_page(stored.id, p, parser_version="3")
    assert (again.new_sightings, again.capture_new) == (0, False)  # kept as it was
    rebuilt = archive.store_page(stored.id, p, parser_version="3", replace=True)
    assert rebuilt.new_stories == 0  # the stories are found again, not duplicated
    after = archive.stats()
    assert (after.stories, after.sightings) == (before.stories, before.sightings)
    with archive.engine.connect() as conn:
        errors = conn.execute(text("SELECT parse_error FROM captures")).scalars().all()
    assert errors == [None]


def test_a_delta_from_the_ready_compressor_is_the_same_bytes_and_reads_back() -> None:
    import zstandard

    from anp_archive.store.bodies import LEVEL, compress_body, decompress_body

    base = ("<html><body>" + "".join(
        f"<li>MOSKOU (ANP) - Bericht {i} over het Kremlin.</li><span>{i} minuten geleden</span>"
        for i in range(2000)) + "</body></html>").encode()
    later = base.replace(b"5 minuten geleden", b"6 minuten geleden")
    first, method = compress_body(later, base)
    again, _ = compress_body(later, base)  # the compressor kept ready for this keyframe
    fresh = zstandard.ZstdCompressor(
        level=LEVEL,
        dict_data=zstandard.ZstdCompressionDict(base, dict_type=zstandard.DICT_TYPE_RAWCONTENT),
    ).compress(later)
    assert method == DELTA and first == again == fresh
    assert decompress_body(first, DELTA, base) == later


class _Counting:
    """A compressor that counts the whole pages it compresses (not the probes' slices)."""

    def __init__(self, inner: Any, calls: list[int], page_size: int) -> None:
        self._inner, self._calls, self._page_size = inner, calls, page_size

    def compress(self, data: bytes) -> bytes:
        if len(data) >= self._page_size:
            self._calls.append(len(data))
        return self._inner.compress(data)


def test_every_capture_is_compressed_once(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    from anp_archive.store import bodies

    pages = [_index_page(m, items=700) for m in (0, 5, 10)]
    pages += [_index_page(m, seed=2, items=700) for m in (0, 5)]  # every item replaced
    pages += [_index_page(15, items=700), _index_page(0, seed=3, items=700)]
    assert min(map(len, pages)) >= 64 * 1024  # real-size pages
    calls: list[int] = []
    size = min(map(len, pages))
    monkeypatch.setattr(bodies, "_COMPRESSOR", _Counting(bodies._COMPRESSOR, calls, size))
    ready = bodies._delta_compressor
    monkeypatch.setattr(bodies, "_delta_compressor",
                        lambda base: _Counting(ready(base), calls, size))
    each = bodies._compress_each  # a batch's bodies, in the background

    def counted(batch: list[bytes], compressor: Any) -> list[bytes]:
        calls.extend(len(body) for body in batch if len(body) >= size)
        return each(batch, compressor)

    monkeypatch.setattr(bodies, "_compress_each", counted)
    for i, body in enumerate(pages):
        archive.add_capture(Capture(URL, T0 + timedelta(minutes=5 * i), 200, body))
    second_batch = [_index_page(20 + m, items=700) for m in (0, 5)]
    from store.pages import page

    archive.ingest_many(
        [(Capture(URL, T0 + timedelta(hours=1, minutes=m), 200, body), page(URL, None))
         for m, body in enumerate(second_batch)],
        parser_version="t",
    )
    assert len(calls) == len(pages) + len(second_batch)
    rows = _rows(archive)
    assert [(r.compression, r.base_id) for r in rows] == [
        (FULL, None), (DELTA, rows[0].id), (DELTA, rows[0].id), (FULL, None),
        (DELTA, rows[3].id), (FULL, None), (FULL, None),
        (FULL, None), (DELTA, rows[7].id),  # the batch: seed 1 again, not the seed 3 page
    ]
    assert list(_bodies(archive).values()) == pages + second_batch


def test_a_batch_compressed_together_is_the_same_bytes_as_one_by_one() -> None:
    from anp_archive.store.bodies import compress_whole

    bodies = [_index_page(m, seed=m) for m in range(6)] + [b"", b"<p>kort</p>"]
    assert compress_whole(bodies) == [compress_body(body)[0] for body in bodies]
    # zstd's own batch call drops a trailing empty body and refuses a lone one.
    for edge in ([_index_page(0), b""], [b""], [b"", b""], [b"", _index_page(1), b""]):
        assert compress_whole(edge) == [compress_body(body)[0] for body in edge]


def test_an_empty_body_last_in_a_batch_is_stored(archive: Archive) -> None:
    from store.pages import page

    # Captures are kept once per body, so one empty body per archive.
    batch = [(URL + "/a", _index_page(0)), (URL + "/b", _index_page(3, seed=2)), (URL, b"")]
    archive.ingest_many(
        [(Capture(url, T0 + timedelta(minutes=i), 200, body), page(url, None))
         for i, (url, body) in enumerate(batch)],
        parser_version="t",
    )
    assert list(_bodies(archive).values()) == [body for _, body in batch]
    assert [r.compression for r in _rows(archive)] == [FULL] * 3


def test_an_empty_body_alone_is_stored(archive: Archive) -> None:
    from store.pages import page

    archive.ingest(Capture(URL, T0, 204, b""), page(URL, None), parser_version="t")
    assert list(_bodies(archive).values()) == [b""]


SITE = "https://nieuws.example"


def _article_page(n: int, *, chrome_seed: int = 9) -> bytes:
    """An article page of the site: its furniture (menus, teasers) is the same on every
    page with the same ``chrome_seed``; its story is its own."""
    rng = random.Random(1000 + n)
    words = ["rechtbank", "gemeente", "zorg", "stikstof", "boeren", "spoor", "vertraging",
             "onderzoek", "politie", "brand", "school", "woningen", "huur", "dijk"]
    story = " ".join(rng.choice(words) for _ in range(150))
    furniture = _index_page(0, seed=chrome_seed, items=400)
    return furniture.replace(b"<h1>Buitenland</h1>", f"<h1>Artikel {n}</h1><p>{story}</p>".encode())


def _stored(archive: Archive, url: str, body: bytes, minutes: int = 0) -> int:
    return archive.add_capture(Capture(url, T0 + timedelta(minutes=minutes), 200, body)).id


def _site_keyframes(archive: Archive) -> dict[str, int]:
    with archive.engine.connect() as conn:
        return dict(conn.execute(text("SELECT site, capture_id FROM site_keyframes")).all())


def test_a_new_url_is_a_delta_against_its_sites_newest_keyframe(archive: Archive) -> None:
    first, second = _article_page(1), _article_page(2)
    a = _stored(archive, f"{SITE}/nieuws/1", first)
    b = _stored(archive, f"{SITE}/nieuws/2", second, 5)
    rows = {r.id: r for r in _rows(archive)}
    assert (rows[a].compression, rows[a].base_id) == (FULL, None)
    assert (rows[b].compression, rows[b].base_id) == (DELTA, a)
    assert rows[b].stored * 10 < rows[a].stored  # the furniture is not stored again
    assert _site_keyframes(archive) == {SITE: a}
    assert _bodies(archive) == {a: first, b: second}


def test_a_url_fetched_again_is_compressed_against_a_keyframe_of_its_own(
    archive: Archive,
) -> None:
    """An index page, fetched every run: its second fetch is kept whole, and the fetches
    after it are tiny deltas against it rather than against another page of the site."""
    index = f"{SITE}/nieuws/buitenland"
    a = _stored(archive, f"{SITE}/nieuws/1", _article_page(1))
    fetches = [_article_page(1).replace(b"<h1>Artikel 1</h1>", f"<h1>{m}</h1>".encode())
               for m in range(3)]
    ids = [_stored(archive, index, body, 5 * (m + 1)) for m, body in enumerate(fetches)]
    rows = {r.id: r for r in _rows(archive)}
    assert [(rows[i].compression, rows[i].base_id) for i in ids] == [
        (DELTA, a), (FULL, None), (DELTA, ids[1])]
    assert _site_keyframes(archive) == {SITE: ids[1]}
    assert list(_bodies(archive).values()) == [_article_page(1), *fetches]


def test_other_sites_small_bodies_and_changed_furniture_are_stored_whole(
    archive: Archive,
) -> None:
    a = _stored(archive, f"{SITE}/nieuws/1", _article_page(1))
    other = _stored(archive, "https://ander.example/nieuws/2", _article_page(2))
    port = _stored(archive, "https://nieuws.example:8443/nieuws/3", _article_page(3))
    small = _stored(archive, f"{SITE}/nieuws/4", b"<p>" + b"kort bericht " * 100 + b"</p>")
    # New furniture (a redesign): the delta is too big, and the page is the site's keyframe.
    redesigned = _stored(archive, f"{SITE}/nieuws/5", _article_page(5, chrome_seed=4))
    after = _stored(archive, f"{SITE}/nieuws/6", _article_page(6, chrome_seed=4))
    rows = {r.id: r for r in _rows(archive)}
    assert {rows[i].compression for i in (a, other, port, small, redesigned)} == {FULL}
    assert (rows[after].compression, rows[after].base_id) == (DELTA, redesigned)
    assert _site_keyframes(archive) == {
        SITE: redesigned, "https://ander.example": other, "https://nieuws.example:8443": port}


def test_one_batch_compresses_against_the_site_keyframe_it_stores_itself(
    archive: Archive,
) -> None:
    from store.pages import page

    urls = [f"{SITE}/nieuws/{n}" for n in range(4)]
    bodies = [_article_page(n) for n in range(4)]
    archive.ingest_many(
        [(Capture(url, T0 + timedelta(minutes=n), 200, body), page(url, None))
         for n, (url, body) in enumerate(zip(urls, bodies, strict=True))],
        parser_version="t",
    )
    rows = _rows(archive)
    first = rows[0].id
    assert [(r.compression, r.base_id) for r in rows] == [(FULL, None)] + [(DELTA, first)] * 3
    assert _site_keyframes(archive) == {SITE: first}
    assert list(_bodies(archive).values()) == bodies
    # Compressed together in the background: the bytes compress_body makes one by one.
    with archive.engine.connect() as conn:
        stored = [bytes(b) for (b,) in conn.execute(text("SELECT body FROM captures ORDER BY id"))]
    assert stored == [compress_body(bodies[0])[0]] + [
        compress_body(body, bodies[0])[0] for body in bodies[1:]]


def test_the_site_keyframe_outlives_the_process_and_a_downgrade(db_url: str) -> None:
    from alembic import command
    from sqlalchemy import create_engine, inspect

    from anp_archive.store.archive import upgrade
    from anp_archive.store.migrate import alembic_config

    bodies = [_article_page(n) for n in range(3)]
    with Archive.open(db_url) as archive:
        first = _stored(archive, f"{SITE}/nieuws/0", bodies[0])
    with Archive.open(db_url) as archive:  # a later run: the keyframe is read back
        later = [_stored(archive, f"{SITE}/nieuws/{n}", bodies[n], n) for n in (1, 2)]
        assert [(r.id, r.compression, r.base_id) for r in _rows(archive)][1:] == [
            (i, DELTA, first) for i in later]
    engine = create_engine(db_url.replace("postgresql://", "postgresql+psycopg://"))
    try:
        with engine.begin() as conn:
            command.downgrade(alembic_config(connection=conn), "0011")
        assert "site_keyframes" not in inspect(engine).get_table_names()
        with engine.begin() as conn:  # 0004's downgrade reads each delta by its base_id
            command.downgrade(alembic_config(connection=conn), "0003")
            rows = conn.execute(text("SELECT compression, body FROM captures ORDER BY id")).all()
    finally:
        engine.dispose()
    assert [zlib.decompress(r.body) for r in rows if r.compression == "zlib"] == bodies
    upgrade(db_url)
    with Archive.open(db_url) as archive:
        assert list(_bodies(archive).values()) == bodies
        assert _site_keyframes(archive) == {}  # filled again by the site's next whole page


@pytest.mark.parametrize(
    ("url", "site"),
    [
        ("https://Nieuws.Example/a/b?c=d", "https://nieuws.example"),
        ("http://127.0.0.1:8080/x", "http://127.0.0.1:8080"),
        ("https://nieuws.example", "https://nieuws.example"),
        ("/nieuws/relatief", None),
        ("http://[::1/kapot", None),
    ],
)
def test_the_site_of_a_url(url: str, site: str | None) -> None:
    from anp_archive.store.bodies import site_of

    assert site_of(url) == site


def _missed_by_the_probe(seed: int) -> tuple[bytes, bytes]:
    """A keyframe, and a later fetch of the same length that kept only the two stretches
    the probe looks at (a quarter and three quarters in) and changed all the rest."""
    rng = random.Random(seed)

    def text(n: int) -> bytes:
        return "".join(rng.choice("abcdefghij klmnop") for _ in range(n)).encode()

    keyframe = text(120_000)
    body = bytearray(text(len(keyframe)))
    step = len(keyframe) // 2
    for i in range(2):
        start = i * step + step // 2
        body[start - 1024 : start + 9216] = keyframe[start - 1024 : start + 9216]
    return keyframe, bytes(body)


def test_a_change_the_probe_missed_is_stored_whole(archive: Archive) -> None:
    from anp_archive.store.bodies import _delta_compressor, _probe
    from store.pages import page

    keyframe, body = _missed_by_the_probe(1)
    later_keyframe, later = _missed_by_the_probe(2)
    for base, changed in ((keyframe, body), (later_keyframe, later)):
        assert _probe(changed, _delta_compressor(base))  # the probe sees no change...
    assert compress_body(body, keyframe)[1] == FULL  # ...and the delta is too big
    _stored(archive, URL, keyframe)
    _stored(archive, URL, body, 5)
    other = URL + "/andere"
    _stored(archive, other, later_keyframe, 10)
    archive.ingest_many(  # the batch's bodies are compressed in the background
        [(Capture(other, T0 + timedelta(minutes=15), 200, later), page(other, None))],
        parser_version="t",
    )
    rows = _rows(archive)
    assert [(r.compression, r.base_id) for r in rows] == [(FULL, None)] * 4
    assert [r.stored < r.size for r in rows] == [True] * 4
    assert list(_bodies(archive).values()) == [keyframe, body, later_keyframe, later]



def test_redirects_and_small_pages_do_not_become_the_sites_keyframe(archive: Archive) -> None:
    a = _stored(archive, f"{SITE}/nieuws/1", _article_page(1))
    moved = _stored(archive, f"{SITE}/oud/1", b"")  # a 301's empty body
    small = _stored(archive, f"{SITE}/nieuws/kort", b"<p>" + b"kort bericht " * 100 + b"</p>")
    b = _stored(archive, f"{SITE}/nieuws/2", _article_page(2), 5)
    rows = {r.id: r for r in _rows(archive)}
    assert {rows[i].compression for i in (a, moved, small)} == {FULL}
    assert (rows[b].compression, rows[b].base_id) == (DELTA, a)
    assert _site_keyframes(archive) == {SITE: a}


def test_after_an_empty_capture_of_a_url_its_next_page_is_whole_in_a_batch_too(
    archive: Archive,
) -> None:
    """An empty keyframe is no dictionary: a batch makes compress_body's choice."""
    from store.pages import page

    body = b"<li>Een regel die steeds terugkomt.</li>" * 2000  # compresses to almost nothing
    assert len(body) >= 64 * 1024 and compress_body(body, b"")[1] == FULL
    _stored(archive, URL, b"")  # a 204
    archive.ingest_many(
        [(Capture(URL, T0 + timedelta(minutes=5), 200, body), page(URL, None))],
        parser_version="t",
    )
    assert [(r.compression, r.base_id) for r in _rows(archive)] == [(FULL, None)] * 2
    assert list(_bodies(archive).values()) == [b"", body]


def test_a_damaged_keyframe_does_not_stop_its_site_or_url_from_being_stored(
    archive: Archive,
) -> None:
    a = _stored(archive, f"{SITE}/nieuws/1", _article_page(1))
    with archive.engine.begin() as conn:
        conn.execute(text("UPDATE captures SET body = :b WHERE id = :a"),
                     {"b": b"geen zstd meer", "a": a})
    b = _stored(archive, f"{SITE}/nieuws/2", _article_page(2))  # against the site's
    c = _stored(archive, f"{SITE}/nieuws/1", _article_page(1) + b" ", 5)  # the URL's
    rows = {r.id: r for r in _rows(archive)}
    assert {(rows[i].compression, rows[i].base_id) for i in (b, c)} == {(FULL, None)}
    assert _site_keyframes(archive) == {SITE: c}
    with archive.engine.connect() as conn:
        stored = {cid: (bytes(body), method) for cid, body, method in conn.execute(
            text("SELECT id, body, compression FROM captures WHERE id IN (:b, :c)"),
            {"b": b, "c": c})}
    assert decompress_body(*stored[b]) == _article_page(2)
    assert decompress_body(*stored[c]) == _article_page(1) + b" "


def test_site_deltas_survive_a_warc_export_and_import(archive: Archive, tmp_path: Path) -> None:
    from anp_archive.warc import read_warc, write_warc

    bodies = [_article_page(n) for n in range(4)]
    for n, body in enumerate(bodies):
        _stored(archive, f"{SITE}/nieuws/{n}", body, n)
    assert [r.compression for r in _rows(archive)] == [FULL] + [DELTA] * 3
    path = tmp_path / "export.warc.gz"
    assert write_warc(archive, path) == 4
    back = list(read_warc(path))
    assert [c.body for c in back] == bodies
    with Archive.open(f"sqlite:///{tmp_path / 'again.sqlite'}") as again:
        for capture in back:
            again.add_capture(capture)
        assert [r.compression for r in _rows(again)] == [FULL] + [DELTA] * 3
        assert list(_bodies(again).values()) == bodies
