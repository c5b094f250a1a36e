"""The archive on SQLite and PostgreSQL: identity, sightings, revisions, time, idempotency."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import text

from anp_archive.errors import NotFoundError, StoreError
from anp_archive.models import Capture
from anp_archive.store import Archive, SearchQuery
from store.pages import (
    KREMLIN,
    T0,
    TRUMP_CLOONEY,
    TRUMP_TARIFFS,
    ZELENSKY,
    capture_for,
    lead,
    page,
    tick,
)

KREMLIN_URL = "https://www.example.nl/nieuws/kremlin-ontkent"


def _rows(archive: Archive, sql: str) -> list[tuple[object, ...]]:
    with archive.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql))]


def _count(archive: Archive, view: str) -> int:
    return int(_rows(archive, f"SELECT count(*) FROM {view}")[0][0])


def _kremlin_page(fetched_at=T0, *ticker):  # type: ignore[no-untyped-def]
    return page(
        KREMLIN_URL,
        lead("Kremlin ontkent telefoongesprek", "MOSKOU", KREMLIN, "Volgens Peskov ..."),
        *ticker,
        fetched_at=fetched_at,
    )


def test_lead_and_ticker_renderings_are_one_story(archive: Archive) -> None:
    first = _kremlin_page(T0, tick("WASHINGTON", TRUMP_CLOONEY))
    later = T0 + timedelta(minutes=30)
    other = page(
        "https://www.example.nl/nieuws/iets-anders",
        lead("Iets anders", "DEN HAAG", "Het kabinet heeft vandaag besloten iets heel anders te doen dan verwacht."),
        tick("MOSKOU", KREMLIN, agencies=("ANP", "RTR"), minutes=(31, 30), fetched_at=later),
        tick("WASHINGTON", TRUMP_CLOONEY, minutes=(91, 90), fetched_at=later),
        fetched_at=later,
    )
    r1 = archive.ingest(capture_for(first), first, parser_version="1")
    r2 = archive.ingest(capture_for(other), other, parser_version="1")
    assert (r1.new_stories, r1.new_sightings) == (2, 2)
    assert (r2.new_stories, r2.new_sightings) == (1, 3)
    assert _count(archive, "v_articles") == 3
    assert _count(archive, "v_sightings") == 5
    story = archive.get_story(KREMLIN_URL).story
    assert story.title == "Kremlin ontkent telefoongesprek"
    assert story.sightings == 2
    assert story.agencies == "ANP/RTR"
    roles = _rows(
        archive,
        f"SELECT role, position, page_url FROM v_sightings WHERE article_id = {story.id} "
        "ORDER BY seen_at",
    )
    assert roles == [
        ("lead", 0, KREMLIN_URL),
        ("ticker", 1, "https://www.example.nl/nieuws/iets-anders"),
    ]


def test_ticker_first_then_lead_fills_in_title_body_and_url(archive: Archive) -> None:
    truncated = KREMLIN[:90] + "…"
    ticker_page = page(None, None, tick("MOSKOU", truncated, agencies=("ANP", "RTR")))
    archive.ingest(capture_for(ticker_page), ticker_page, parser_version="1")
    [only] = archive.search()
    assert only.title is None and only.url is None
    later = T0 + timedelta(hours=1)
    lead_page = _kremlin_page(later)
    result = archive.ingest(capture_for(lead_page), lead_page, parser_version="1")
    assert result.new_stories == 0
    [story] = archive.search()
    assert story.id == only.id
    assert story.title == "Kremlin ontkent telefoongesprek"
    assert story.url == KREMLIN_URL
    assert story.lede == KREMLIN
    assert story.body is not None and story.body.endswith("Volgens Peskov ...")
    # The cut-short ticker text was a rendering, not an older version of the story.
    assert story.revisions == 1


def test_re_rendering_with_other_quotes_whitespace_and_accents_matches(archive: Archive) -> None:
    p1 = page(None, None, tick("SÃO PAULO", "Bij een brand in een fabriek in São Paulo zijn “zeker” vijf mensen om het leven gekomen."))
    p2 = page(
        None, None,
        tick("SÃO  PAULO", 'Bij een brand in een fabriek in Sao Paulo zijn "zeker"  vijf mensen om het leven gekomen', minutes=(121, 120)),
        fetched_at=T0 + timedelta(hours=1),
    )
    archive.ingest(capture_for(p1), p1, parser_version="1")
    archive.ingest(capture_for(p2), p2, parser_version="1")
    assert _count(archive, "v_articles") == 1
    assert _count(archive, "v_sightings") == 2


def test_shared_openings_and_shared_datelines_do_not_merge(archive: Archive) -> None:
    p = page(
        None,
        None,
        tick("WASHINGTON", TRUMP_CLOONEY),
        tick("WASHINGTON", TRUMP_TARIFFS),
        tick("WASHINGTON", "De Amerikaanse president Donald Trump heeft fel uitgehaald naar de Federal Reserve."),
        tick("WASHINGTON", "De Amerikaanse president Donald Trump heeft"),  # an opening only
    )
    result = archive.ingest(capture_for(p), p, parser_version="1")
    assert result.new_stories == 4
    # A truncated rendering that stops inside the shared opening matches none of them.
    p2 = page(None, None, tick("WASHINGTON", "De Amerikaanse president Donald Trump heeft fel…"),
              fetched_at=T0 + timedelta(minutes=5))
    archive.ingest(capture_for(p2), p2, parser_version="1")
    assert _count(archive, "v_articles") == 5


def test_same_text_from_another_place_is_another_story(archive: Archive) -> None:
    text_ = "Bij een explosie in een woonwijk zijn zeker drie mensen om het leven gekomen, meldt de politie."
    p = page(None, None, tick("BEIROET", text_), tick("BAGDAD", text_))
    assert archive.ingest(capture_for(p), p, parser_version="1").new_stories == 2


def test_short_formula_items_recur_daily_as_separate_stories(archive: Archive) -> None:
    text_ = "De AEX is hoger geopend."
    day1 = page(None, None, tick("AMSTERDAM", text_, agencies=("ANP",)), section="Economie")
    day1_later = page(None, None, tick("AMSTERDAM", text_, agencies=("ANP",), minutes=(121, 120),
                                        fetched_at=T0 + timedelta(hours=1)),
                      fetched_at=T0 + timedelta(hours=1), section="Economie")
    day2 = page(None, None, tick("AMSTERDAM", text_, agencies=("ANP",),
                                 fetched_at=T0 + timedelta(days=1)),
                fetched_at=T0 + timedelta(days=1), section="Economie")
    for p in (day1, day1_later, day2):
        archive.ingest(capture_for(p), p, parser_version="1")
    assert sorted(s.sightings for s in archive.search()) == [1, 2]


def test_ticker_link_url_joins_ticker_to_its_article(archive: Archive) -> None:
    other_text = "Het Kremlin zegt niet te hebben gebeld met de nieuwe Amerikaanse president."
    p1 = page(None, None, tick("MOSKOU", other_text, url=KREMLIN_URL + "#top"))
    archive.ingest(capture_for(p1), p1, parser_version="1")
    p2 = _kremlin_page(T0 + timedelta(minutes=10))
    archive.ingest(capture_for(p2), p2, parser_version="1")
    [story] = archive.search()
    assert story.sightings == 2
    # Texts that differ and are joined only by the URL are two versions of the story.
    assert story.revisions == 2


def test_a_ticker_link_urlsplit_refuses_is_stored_and_found_again(archive: Archive) -> None:
    """A ``[`` in a link's host made ``urlsplit`` raise out of the store: every later
    scrape, reparse and import stopped on that one capture."""
    bad = "http://[ticker.example.nl/nieuws/kade"
    text_ = "De gemeente Vlissingen sluit de boulevard af voor het verkeer na de storm."
    p1 = page(None, None, tick("VLISSINGEN", text_, agencies=("ANP",), url=bad))
    result = archive.ingest(capture_for(p1), p1, parser_version="1")
    assert result.new_stories == 1
    again = archive.ingest(capture_for(p1, salt="2"), p1, parser_version="1")
    assert again.new_stories == 0
    [story] = archive.search()
    assert story.sightings == 2


def test_update_with_title_suffix_becomes_a_revision(archive: Archive) -> None:
    v1 = page("https://x.nl/nieuws/brand",
              lead("Grote brand in Moerdijk", "MOERDIJK", "Bij een chemisch bedrijf in Moerdijk woedt een grote brand, meldt de veiligheidsregio.", "Meer volgt."),
              section="Binnenland")
    v2 = page("https://x.nl/nieuws/brand-2",
              lead("Grote brand in Moerdijk (2)", "MOERDIJK", "De grote brand bij een chemisch bedrijf in Moerdijk is onder controle, zegt de brandweer.", "Er raakte niemand gewond."),
              fetched_at=T0 + timedelta(hours=2), section="Binnenland")
    archive.ingest(capture_for(v1), v1, parser_version="1")
    result = archive.ingest(capture_for(v2), v2, parser_version="1")
    assert (result.new_stories, result.new_revisions) == (0, 1)
    detail = archive.get_story("https://x.nl/nieuws/brand-2")
    assert [r.title for r in detail.revisions] == ["Grote brand in Moerdijk", "Grote brand in Moerdijk (2)"]
    assert detail.revisions[0].lede.startswith("Bij een chemisch bedrijf")  # older text kept
    assert detail.story.title == "Grote brand in Moerdijk (2)"
    assert detail.story.lede.startswith("De grote brand")


def test_same_title_without_update_marker_does_not_merge(archive: Archive) -> None:
    a = page("https://x.nl/a", lead("Grote brand in Moerdijk", "MOERDIJK", "Bij een chemisch bedrijf in Moerdijk woedt een grote brand, meldt de veiligheidsregio."))
    b = page("https://x.nl/b", lead("Grote brand in Moerdijk", "MOERDIJK", "In een loods op een industrieterrein in Moerdijk is opnieuw brand uitgebroken, de derde deze maand."),
             fetched_at=T0 + timedelta(days=20))
    archive.ingest(capture_for(a), a, parser_version="1")
    archive.ingest(capture_for(b), b, parser_version="1")
    assert _count(archive, "v_articles") == 2


def test_nieuw_bericht_vervangt_becomes_a_revision(archive: Archive) -> None:
    v1 = page("https://x.nl/nieuws/kabinet",
              lead("Kabinet valt over asielbeleid", "DEN HAAG", "Het kabinet is gevallen na een conflict over het asielbeleid, meldt ANP op basis van ingewijden."),
              section="Binnenland")
    v2 = page("https://x.nl/nieuws/kabinet-premier",
              lead("Premier biedt ontslag aan", "DEN HAAG",
                   "Nieuw bericht, vervangt: Kabinet valt over asielbeleid",
                   "De premier heeft het ontslag van het voltallige kabinet aangeboden aan de koning.",
                   "Dat gebeurde na een crisisberaad."),
              fetched_at=T0 + timedelta(hours=3), section="Binnenland")
    archive.ingest(capture_for(v1), v1, parser_version="1")
    archive.ingest(capture_for(v2), v2, parser_version="1")
    [story] = archive.search()
    assert story.revisions == 2
    assert story.lede.startswith("De premier heeft")


def test_grown_lede_is_a_revision_and_keeps_the_older_text(archive: Archive) -> None:
    short = "Bij een schietpartij in een winkelcentrum in de Amerikaanse stad Dallas zijn twee doden gevallen."
    grown = short + " De dader is volgens de politie opgepakt."
    v1 = page("https://x.nl/nieuws/dallas", lead("Schietpartij Dallas", "DALLAS", short))
    v2 = page("https://x.nl/nieuws/dallas", lead("Schietpartij Dallas", "DALLAS", grown),
              fetched_at=T0 + timedelta(hours=1))
    archive.ingest(capture_for(v1), v1, parser_version="1")
    archive.ingest(capture_for(v2), v2, parser_version="1")
    detail = archive.get_story("https://x.nl/nieuws/dallas")
    assert [r.lede for r in detail.revisions] == [short, grown]
    assert detail.story.lede == grown


def test_intervals_intersect_and_exact_time_is_kept(archive: Archive) -> None:
    # 12:00 "1 uur geleden" -> [10:59, 11:00]... use explicit windows instead:
    p1 = page(None, None, tick("KYIV", ZELENSKY, minutes=(120, 60)))  # [10:00, 11:00]
    p2 = page(None, None, tick("KYIV", ZELENSKY, minutes=(120, 60), fetched_at=T0 + timedelta(minutes=30)),
              fetched_at=T0 + timedelta(minutes=30))  # [10:30, 11:30]
    for p in (p1, p2):
        archive.ingest(capture_for(p), p, parser_version="1")
    [story] = archive.search()
    assert story.published_earliest == T0 - timedelta(minutes=90)
    assert story.published_latest == T0 - timedelta(minutes=60)
    assert not story.time_conflict
    assert story.published_at is None


def test_non_intersecting_intervals_keep_the_story_and_record_the_conflict(archive: Archive) -> None:
    p1 = page(None, None, tick("KYIV", ZELENSKY, minutes=(120, 60)))
    p2 = page(None, None, tick("KYIV", ZELENSKY, minutes=(10, 5), fetched_at=T0 + timedelta(hours=3)),
              fetched_at=T0 + timedelta(hours=3))
    for p in (p1, p2):
        archive.ingest(capture_for(p), p, parser_version="1")
    [story] = archive.search()
    assert story.sightings == 2
    assert story.time_conflict
    assert story.published_earliest is None and story.published_latest is None
    # Each sighting still says what its own age said.
    detail = archive.get_story(story.id)
    assert [s.published_latest for s in detail.sightings] == [
        T0 - timedelta(minutes=60), T0 + timedelta(hours=3) - timedelta(minutes=5)
    ]


def test_lead_published_at_is_kept(archive: Archive) -> None:
    stated = T0 - timedelta(minutes=42)
    p = page(KREMLIN_URL, lead("Kremlin", "MOSKOU", KREMLIN, published_at=stated))
    archive.ingest(capture_for(p), p, parser_version="1")
    assert archive.search()[0].published_at == stated


def test_reingesting_the_same_bytes_adds_nothing(archive: Archive) -> None:
    p = _kremlin_page(T0, tick("WASHINGTON", TRUMP_CLOONEY), tick("KYIV", ZELENSKY))
    cap = capture_for(p)
    first = archive.ingest(cap, p, parser_version="1")
    again = archive.ingest(cap, p, parser_version="1")
    assert first.capture_new and first.new_sightings == 3
    assert again == type(again)(0, 0, 0, False)
    ref = archive.add_capture(cap)
    assert not ref.is_new
    assert archive.store_page(ref.id, p, parser_version="1").new_sightings == 0
    assert (_count(archive, "v_articles"), _count(archive, "v_sightings"),
            _count(archive, "v_captures")) == (3, 3, 1)


def test_same_page_fetched_again_later_adds_sightings_only(archive: Archive) -> None:
    p1 = _kremlin_page(T0, tick("KYIV", ZELENSKY))
    p2 = _kremlin_page(T0 + timedelta(minutes=5), tick("KYIV", ZELENSKY, fetched_at=T0 + timedelta(minutes=5)))
    archive.ingest(capture_for(p1), p1, parser_version="1")
    r = archive.ingest(capture_for(p2), p2, parser_version="1")
    assert (r.new_stories, r.new_sightings, r.new_revisions) == (0, 2, 0)
    assert {s.sightings for s in archive.search()} == {2}


def test_reparse_with_a_new_parser_version_replaces_the_captures_sightings(archive: Archive) -> None:
    p = _kremlin_page(T0, tick("KYIV", ZELENSKY))
    ref = archive.add_capture(capture_for(p))
    assert [c.id for c in archive.unparsed_captures()] == [ref.id]
    archive.store_page(ref.id, p, parser_version="1")
    assert list(archive.unparsed_captures()) == []
    # Parser 2 reads the ticker differently (it no longer sees the Kyiv item).
    p_v2 = _kremlin_page(T0)
    archive.store_page(ref.id, p_v2, parser_version="2")
    archive.store_page(ref.id, p_v2, parser_version="2")
    assert _count(archive, "v_sightings") == 1
    assert _count(archive, "v_articles") == 1
    assert _rows(archive, "SELECT parser_version FROM v_captures") == [("2",)]


def test_mark_parse_failed_is_recorded(archive: Archive) -> None:
    ref = archive.add_capture(Capture("https://x.nl/pdf", T0, 200, b"%PDF-1.4"))
    archive.mark_parse_failed(ref.id, parser_version="1", error="not a news page")
    assert not archive.is_parsed(Capture("u", T0, 200, b"%PDF-1.4").sha256, "1")
    stats = archive.stats()
    assert (stats.captures, stats.captures_failed, stats.captures_unparsed) == (1, 1, 0)


def test_capture_is_stored_compressed_once_and_read_back_whole(archive: Archive) -> None:
    body = ("<html>" + "Oekraïne " * 5000 + "</html>").encode()
    cap = Capture("https://x.nl/a", T0, 200, body, headers=(("content-type", "text/html"),))
    ref = archive.add_capture(cap)
    assert ref.is_new and not archive.add_capture(cap).is_new
    [stored] = list(archive.iter_captures())
    assert stored.capture.body == body
    assert stored.capture.headers == (("content-type", "text/html"),)
    assert stored.capture.fetched_at == T0
    assert archive.has_capture_for_url("https://x.nl/a")
    assert not archive.has_capture_for_url("https://x.nl/b")
    assert list(archive.iter_captures(since=T0 + timedelta(seconds=1))) == []
    [(size, stored_len)] = _rows(archive, "SELECT size, length(body) FROM captures")
    assert size == len(body) and int(stored_len) < len(body) // 10  # type: ignore[call-overload]


def test_latest_capture_for_url_is_the_newest_fetch_decompressed(archive: Archive) -> None:
    url = "https://x.nl/buitenland"
    assert archive.latest_capture_for_url(url) is None
    newest = Capture(url, T0 + timedelta(hours=2), 200, b"<html>nieuw " + b"x" * 500 + b"</html>",
                     headers=(("content-type", "text/html; charset=utf-8"),))
    # Stored out of fetch order: the newest fetch wins, not the last row written.
    archive.add_capture(newest)
    archive.add_capture(Capture(url, T0, 200, b"<html>oud</html>"))
    archive.add_capture(Capture("https://x.nl/binnenland", T0 + timedelta(hours=3), 200, b"b"))
    stored = archive.latest_capture_for_url(url)
    assert stored is not None
    assert stored.capture.body == newest.body
    assert stored.capture.fetched_at == newest.fetched_at
    assert stored.capture.headers == newest.headers
    assert stored.capture.sha256 == newest.sha256
    assert stored.parser_version is None
    # Same fetch time: the one stored last.
    tie = Capture(url, T0 + timedelta(hours=2), 200, b"<html>ook nieuw</html>")
    tie_id = archive.add_capture(tie).id
    stored = archive.latest_capture_for_url(url)
    assert stored is not None and (stored.id, stored.capture.body) == (tie_id, tie.body)
    assert archive.latest_capture_for_url("https://x.nl/elders") is None


def test_a_database_error_while_ingesting_is_a_store_error_and_stores_nothing(
    archive: Archive,
) -> None:
    p = _kremlin_page(T0, tick("WASHINGTON", TRUMP_CLOONEY))
    with archive.engine.begin() as conn:
        conn.execute(text("ALTER TABLE story_keys RENAME TO story_keys_gone"))
    with pytest.raises(StoreError, match="story_keys"):
        archive.ingest(capture_for(p), p, parser_version="1")
    assert _count(archive, "v_captures") == 0
    assert _count(archive, "v_articles") == 0


def test_validators_and_runs(archive: Archive) -> None:
    assert archive.get_validators("https://x.nl/") == (None, None)
    archive.set_validators("https://x.nl/", '"abc"', None)
    archive.set_validators("https://x.nl/", '"def"', "Thu, 01 Jan 2026 10:00:00 GMT")
    assert archive.get_validators("https://x.nl/") == ('"def"', "Thu, 01 Jan 2026 10:00:00 GMT")
    run_id = archive.start_run("zeelandnet", T0)
    archive.finish_run(run_id, finished_at=T0 + timedelta(seconds=42), exit_code=0,
                       counts={"pages": 14, "errors": 0})
    [run] = archive.runs()
    assert (run.site, run.exit_code, run.counts) == ("zeelandnet", 0, {"pages": 14, "errors": 0})
    assert run.finished_at == T0 + timedelta(seconds=42)
    assert archive.stats().runs == 1


def test_views_have_exactly_the_contract_columns(archive: Archive) -> None:
    expected = {
        "v_articles": ["id", "url", "section", "title", "place", "agencies", "lede", "body",
                       "published_at", "published_earliest", "published_latest",
                       "first_seen_at", "last_seen_at", "sightings", "revisions",
                       "time_conflict", "day"],
        "v_sightings": ["article_id", "page_url", "role", "position", "age", "seen_at",
                        "capture_id"],
        "v_captures": ["url", "fetched_at", "status", "bytes", "sha256", "parser_version",
                       "id"],
        "v_revisions": ["article_id", "revision", "source", "title", "lede", "body", "url",
                        "seen_at"],
    }
    p = _kremlin_page(T0, tick("KYIV", ZELENSKY))
    archive.ingest(capture_for(p), p, parser_version="1")
    for view, columns in expected.items():
        with archive.engine.connect() as conn:
            result = conn.execute(text(f"SELECT * FROM {view}"))
            assert list(result.keys()) == columns
            assert result.fetchall()


def test_search_full_text_filters_and_order(archive: Archive) -> None:
    p1 = _kremlin_page(T0, tick("KYIV", ZELENSKY, agencies=("ANP", "DPA"), minutes=(300, 240)))
    p2 = page(None, None, tick("WASHINGTON", TRUMP_TARIFFS, minutes=(10, 5),
                               fetched_at=T0 + timedelta(days=1)),
              fetched_at=T0 + timedelta(days=1), section="Economie")
    for p in (p1, p2):
        archive.ingest(capture_for(p), p, parser_version="1")
    titles = [s.place for s in archive.search()]
    assert titles == ["WASHINGTON", "MOSKOU", "KYIV"]  # newest first
    assert [s.place for s in archive.search(text="Oekraïne")] == ["KYIV"]
    assert [s.place for s in archive.search(text="Kremlin Peskov")] == ["MOSKOU"]
    assert archive.search(text="Kremlin Zelensky") == []
    assert [s.place for s in archive.search(place="kyiv")] == ["KYIV"]
    assert [s.place for s in archive.search(agency="dpa")] == ["KYIV"]
    assert [s.place for s in archive.search(agency="ANP")] == ["WASHINGTON", "MOSKOU", "KYIV"]
    assert [s.place for s in archive.search(section="economie")] == ["WASHINGTON"]
    assert [s.place for s in archive.search(since=T0 + timedelta(hours=1))] == ["WASHINGTON"]
    assert [s.place for s in archive.search(until=T0 - timedelta(hours=1))] == ["KYIV"]
    assert len(archive.search(limit=2)) == 2
    assert [s.place for s in archive.iter_stories(SearchQuery(agency="RTR"))] == ["MOSKOU"]
    assert archive.search(text="!!! ***") == []


def test_search_folds_diacritics_on_sqlite(sqlite_url: str) -> None:
    with Archive.open(sqlite_url) as archive:
        p = page(None, None, tick("KYIV", ZELENSKY))
        archive.ingest(capture_for(p), p, parser_version="1")
        assert [s.place for s in archive.search(text="Oekraine")] == ["KYIV"]
        assert [s.place for s in archive.search(text="OEKRAÏNE")] == ["KYIV"]


def test_search_uses_dutch_stemming_on_postgres(pg_url: str) -> None:
    with Archive.open(pg_url) as archive:
        p = page(None, None, tick("KYIV", ZELENSKY))
        archive.ingest(capture_for(p), p, parser_version="1")
        assert [s.place for s in archive.search(text="Oekraïne")] == ["KYIV"]
        assert [s.place for s in archive.search(text="presidenten")] == ["KYIV"]


def test_search_folds_accents_on_both_databases(archive: Archive) -> None:
    sao = "Door zware regenval zijn grote delen van de Braziliaanse miljoenenstad São Paulo onder water gelopen."
    geneve = "De Wereldgezondheidsorganisatie waarschuwt in Genève voor een wereldwijd tekort aan vaccins tegen mazelen."
    p = page(None, None, tick("SÃO PAULO", sao), tick("GENÈVE", geneve))
    archive.ingest(capture_for(p), p, parser_version="1")
    for words, place in [("Sao", "SÃO PAULO"), ("São", "SÃO PAULO"), ("SAO PAULO", "SÃO PAULO"),
                         ('"sao paulo"', "SÃO PAULO"), ("Geneve", "GENÈVE"),
                         ("GENÈVE", "GENÈVE"), ("genève mazelen", "GENÈVE")]:
        assert [s.place for s in archive.search(text=words)] == [place], words


def test_get_story_by_id_and_url_and_missing(archive: Archive) -> None:
    p = _kremlin_page(T0, tick("KYIV", ZELENSKY))
    archive.ingest(capture_for(p), p, parser_version="1")
    by_url = archive.get_story(KREMLIN_URL)
    assert archive.get_story(by_url.story.id).story == by_url.story
    assert archive.get_story(str(by_url.story.id)).story == by_url.story
    with pytest.raises(NotFoundError, match="no story with id or URL 999"):
        archive.get_story(999)
    with pytest.raises(NotFoundError):
        archive.get_story("https://x.nl/nope")


def test_stats_counts_by_day_section_and_agency(archive: Archive) -> None:
    p = _kremlin_page(T0, tick("KYIV", ZELENSKY, agencies=("ANP", "DPA")))
    archive.ingest(capture_for(p), p, parser_version="1")
    stats = archive.stats()
    assert (stats.stories, stats.sightings, stats.captures) == (2, 2, 1)
    assert dict(stats.by_section) == {"Buitenland": 2}
    assert dict(stats.by_agency) == {"ANP": 2, "RTR": 1, "DPA": 1}
    assert dict(stats.by_day) == {"2026-01-01": 2}
    assert stats.database_bytes and stats.database_bytes > 0


def test_headline_rendering_with_a_teaser_joins_its_article_by_title(archive: Archive) -> None:
    article = _kremlin_page(T0)
    teaser = page(None, None,
                  tick("MOSKOU", "Peskov: verhaal van The Washington Post is pure fictie.",
                       agencies=("ANP", "RTR"), title="Kremlin ontkent telefoongesprek",
                       minutes=(91, 90), fetched_at=T0 + timedelta(minutes=30)),
                  fetched_at=T0 + timedelta(minutes=30))
    archive.ingest(capture_for(article), article, parser_version="1")
    result = archive.ingest(capture_for(teaser), teaser, parser_version="1")
    assert (result.new_stories, result.new_sightings, result.new_revisions) == (0, 1, 0)
    [story] = archive.search()
    assert story.lede == KREMLIN and story.sightings == 2


def test_a_link_shared_by_several_ticker_items_does_not_merge_them(archive: Archive) -> None:
    section = "https://www.example.nl/nieuws/buitenland"
    p = page(section, None,
             tick("WASHINGTON", TRUMP_CLOONEY, url=section),
             tick("KYIV", ZELENSKY, url="https://www.example.nl/nieuws/meer"),
             tick("MOSKOU", KREMLIN, url="https://www.example.nl/nieuws/meer"))
    assert archive.ingest(capture_for(p), p, parser_version="1").new_stories == 3


def test_has_story_for_url_knows_articles_and_nothing_else(archive: Archive) -> None:
    first = _kremlin_page(T0)
    archive.ingest(capture_for(first), first, parser_version="1")
    assert archive.has_story_for_url(KREMLIN_URL)
    assert archive.has_story_for_url(KREMLIN_URL + "/")  # the same article, normalised
    assert not archive.has_story_for_url("https://www.example.nl/nieuws/nooit-gezien")
    assert archive.get_story(KREMLIN_URL).story.url == KREMLIN_URL


def test_runs_can_be_asked_for_one_site(archive: Archive) -> None:
    ids = [archive.start_run(site, T0 + timedelta(minutes=i))
           for i, site in enumerate(["zeelandnet", "127.0.0.1:8000", "zeelandnet"])]
    archive.finish_run(ids[1], finished_at=T0 + timedelta(minutes=5), exit_code=0, counts={})
    assert [r.id for r in archive.runs(site="127.0.0.1:8000")] == [ids[1]]
    assert [r.id for r in archive.runs(site="zeelandnet", limit=1)] == [ids[2]]
    assert [r.id for r in archive.runs()] == [ids[2], ids[1], ids[0]]
