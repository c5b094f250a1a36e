"""The one parse-and-store step (``anp_archive.ingestion``) that scrape, import and reparse
share: outcomes by type, and import failing like scrape does (one page, never the rest)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import pytest

from anp_archive import ingestion, parse
from anp_archive.errors import PageTooComplexError, StoreError
from anp_archive.importer import import_paths
from anp_archive.ingestion import Outcome, PageResult
from anp_archive.models import Capture, Page
from anp_archive.store import Archive, IngestResult

T0 = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)

PAGE = """Bericht {n} over de haven
VLISSINGEN (ANP) - In de haven van Vlissingen is schip nummer {n} vastgelopen, meldt de havendienst.
De bemanning is ongedeerd.
Meer uit Binnenland
GOES (ANP) - De markt in Goes gaat volgende week een dag later open.
12 minuten geleden
"""


def _capture(body: bytes, url: str | None = None) -> Capture:
    return Capture(url=url, fetched_at=T0, status=200, body=body)


def _pages(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        path = folder / f"p{n}.txt"
        path.write_text(PAGE.format(n=n), encoding="utf-8")
        paths.append(path)
    return paths


def test_read_classifies_every_failure_by_type(monkeypatch: pytest.MonkeyPatch) -> None:
    page = ingestion.read(_capture(PAGE.format(n=1).encode()))
    assert isinstance(page, Page) and page.lead is not None
    empty = ingestion.read(_capture(b""))
    assert isinstance(empty, PageResult) and empty.outcome is Outcome.UNREADABLE
    regional = ingestion.read(_capture(b"Een gewone dag\nDe zon scheen in Zeeland.\n"))
    assert isinstance(regional, PageResult) and regional.outcome is Outcome.NOT_NEWS

    def too_deep(*args: object, **kwargs: object) -> Page:
        raise PageTooComplexError("the page is nested too deeply")

    monkeypatch.setattr(parse, "parse_page", too_deep)
    complex_ = ingestion.read(_capture(b"<html></html>"))
    assert isinstance(complex_, PageResult) and complex_.outcome is Outcome.TOO_COMPLEX

    def bug(*args: object, **kwargs: object) -> Page:
        raise IndexError("list index out of range")

    monkeypatch.setattr(parse, "parse_page", bug)
    broken = ingestion.read(_capture(b"<html></html>"))
    assert isinstance(broken, PageResult) and broken.outcome is Outcome.INTERNAL
    assert broken.error == "internal: IndexError: list index out of range"
    assert broken.outcome.parse_failed and not broken.outcome.store_failed


def test_import_survives_a_parser_bug_on_one_file(
    sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = _pages(tmp_path / "in", 3)
    real = parse.parse_page

    def buggy(data: bytes, **kwargs: object) -> Page:
        if b"nummer 1 " in data:
            raise IndexError("list index out of range")
        return real(data, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(parse, "parse_page", buggy)
    with Archive.open(sqlite_url) as archive:
        summary = import_paths(archive, paths, fetched_at=T0)
        assert archive.stats().captures == 2
    assert summary.errors == 1
    [(name, reason)] = summary.failures
    assert name.endswith("p1.txt") and reason == "internal: IndexError: list index out of range"


def test_import_stores_the_rest_of_a_batch_the_database_refuses_one_page_of(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = _pages(tmp_path / "in", 4)
    real = Archive.ingest_many

    def picky(self: Archive, pages: Sequence[tuple[Capture, Page]], *,
              parser_version: str) -> list[IngestResult]:
        if any(page.lead is not None and "schip nummer 2 " in page.lead.paragraphs[0]
               for _, page in pages):
            raise StoreError("value too long for type character varying(2000)")
        return real(self, pages, parser_version=parser_version)

    monkeypatch.setattr(Archive, "ingest_many", picky)
    with Archive.open(db_url) as archive:
        summary = import_paths(archive, paths, fetched_at=T0)
        stats = archive.stats()
    assert (summary.files, summary.errors) == (4, 1)
    assert summary.failures[0][0].endswith("p2.txt")
    assert "value too long" in summary.failures[0][1]
    # Three leads and the shared ticker item: the refused page costs only its own lead.
    assert (stats.captures, stats.stories) == (3, 4)


REGIO = """Net binnen
- Zeeland 17:40 Nieuwe sluis bij Sas van Gent later klaar
- Verkeer 18:55 Tunnel onder de Westerschelde morgen dicht

Zeeland

Nieuwe sluis bij Sas van Gent later klaar
SAS VAN GENT - De nieuwe sluis bij Sas van Gent wordt een jaar later in gebruik genomen dan gepland, meldt het havenbedrijf.
1 uur geleden

Veerboot tussen Vlissingen en Breskens vaart weer
VLISSINGEN - De veerboot tussen Vlissingen en Breskens vaart weer volgens de dienstregeling na een storing aan de motor.
2 uur geleden
"""
REGIO_AT = datetime.fromisoformat("2026-01-10T19:10:00+01:00")


def _latest_state(archive: Archive) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    from sqlalchemy import text

    with archive.engine.connect() as conn:
        lines = conn.execute(text(
            "SELECT l.time, l.title, s.title FROM latest_sightings l "
            "LEFT JOIN stories s ON s.id = l.story_id ORDER BY l.position")).all()
        stories = conn.execute(text(
            "SELECT title, published_earliest, published_latest FROM stories ORDER BY title"
        )).all()
    return [tuple(r) for r in lines], [tuple(r) for r in stories]


def _utc(value: object) -> datetime:
    assert isinstance(value, datetime | str)
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def test_import_and_reparse_store_net_binnen_times_that_narrow_their_story(
    db_url: str, tmp_path: Path
) -> None:
    from anp_archive.pipeline import reparse

    page = tmp_path / "regio.txt"
    page.write_text(REGIO, encoding="utf-8")
    exact = datetime(2026, 1, 10, 16, 40, tzinfo=UTC)  # 17:40 in Amsterdam
    with Archive.open(db_url) as archive:
        summary = import_paths(archive, [page], fetched_at=REGIO_AT)
        assert (summary.errors, summary.new_latest) == (0, 2)
        lines, stories = _latest_state(archive)
        assert lines == [
            ("17:40", "Nieuwe sluis bij Sas van Gent later klaar",
             "Nieuwe sluis bij Sas van Gent later klaar"),
            ("18:55", "Tunnel onder de Westerschelde morgen dicht", None),
        ]
        sluis = next(s for s in stories if s[0] == "Nieuwe sluis bij Sas van Gent later klaar")
        # "1 uur geleden" allows 17:10-18:10; the Net binnen line says 17:40 exactly.
        assert (_utc(sluis[1]), _utc(sluis[2])) == (exact, exact)
        # The exact time also places the story in time for --since and --sort newest.
        [hit] = archive.search(text="sluis", since=exact, until=exact)
        assert hit.title == sluis[0]
        veer = next(s for s in stories if s[0].startswith("Veerboot"))
        assert _utc(veer[1]) < _utc(veer[2])  # no line for it: its interval stays
        again = reparse(archive, all_captures=True)
        assert again.failed == 0
        assert _latest_state(archive) == (lines, stories)


def test_a_refused_reparse_batch_keeps_its_pages_net_binnen_lines(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy import text

    from anp_archive.pipeline import reparse

    first, second = tmp_path / "regio.txt", tmp_path / "regio2.txt"
    first.write_text(REGIO, encoding="utf-8")
    second.write_text(REGIO.replace("Sas van Gent", "Terneuzen"), encoding="utf-8")
    with Archive.open(db_url) as archive:
        import_paths(archive, [first, second], fetched_at=REGIO_AT)
        before = _latest_state(archive)
        assert len(before[0]) == 4
        with archive.engine.begin() as conn:
            conn.execute(text("DELETE FROM latest_sightings"))
        real = Archive.store_pages_again

        def one_at_a_time(
            self: Archive, pages: Sequence[object], *, parser_version: str
        ) -> list[IngestResult]:
            if len(pages) > 1:
                raise StoreError("batch refused")
            return real(self, pages, parser_version=parser_version)  # type: ignore[arg-type]

        monkeypatch.setattr(Archive, "store_pages_again", one_at_a_time)
        again = reparse(archive, all_captures=True)
        assert again.failed == 0
        # Stored page by page, each page's lines stored and linked as in one batch.
        assert _latest_state(archive) == before


def test_reparse_replaces_the_net_binnen_lines_an_older_parser_read(
    db_url: str, tmp_path: Path
) -> None:
    from sqlalchemy import text

    from anp_archive.pipeline import reparse

    page = tmp_path / "regio.txt"
    page.write_text(REGIO, encoding="utf-8")
    with Archive.open(db_url) as archive:
        import_paths(archive, [page], fetched_at=REGIO_AT)
        now = _latest_state(archive)[0]
        # What an older parser might have read: another title, and a line no longer there.
        with archive.engine.begin() as conn:
            conn.execute(text("UPDATE latest_sightings SET title = 'Oude lezing' "
                              "WHERE time = '18:55'"))
            conn.execute(text(
                "INSERT INTO latest_sightings (capture_id, position, section, time, title) "
                "SELECT capture_id, 99, NULL, '12:00', 'Verdwenen regel' FROM latest_sightings "
                "WHERE time = '17:40'"))
        reparse(archive, all_captures=True)
        assert _latest_state(archive)[0] == now


def test_import_stores_an_amp_page_under_its_canonical_url(db_url: str, tmp_path: Path) -> None:
    amp = tmp_path / "amp.html"
    amp.write_text(
        '<html><head><link rel="canonical" href="https://nieuws.example/nieuws/veer-vaart">'
        "</head><body><article><h1>Veer vaart weer</h1><p>VLISSINGEN (ANP) - Het veer tussen "
        "Vlissingen en Breskens vaart weer na een storing aan de motor.</p></article></body>"
        "</html>", encoding="utf-8")
    other = tmp_path / "other.html"
    other.write_text(
        "<html><body><article><h1>Markt later open</h1><p>GOES (ANP) - De weekmarkt in Goes "
        "gaat volgende week een dag later open.</p></article><h2>Meer uit Zeeland</h2><ul><li>"
        '<a href="https://nieuws.example/nieuws/veer-vaart"><p>VLISSINGEN (ANP) - Veer weer '
        "in de vaart.</p></a><span>5 minuten geleden</span></li></ul></body></html>",
        encoding="utf-8")
    with Archive.open(db_url) as archive:
        import_paths(archive, [amp], url="https://nieuws.example/amp/nieuws/veer-vaart",
                     fetched_at=T0)
        import_paths(archive, [other], url="https://nieuws.example/nieuws/markt",
                     fetched_at=T0)
        urls = sorted(s.url or "" for s in archive.search(limit=10))
        captures = sorted(c.capture.url or "" for c in archive.iter_captures())
    assert urls == ["https://nieuws.example/nieuws/markt",
                    "https://nieuws.example/nieuws/veer-vaart"]
    assert captures == ["https://nieuws.example/amp/nieuws/veer-vaart",
                        "https://nieuws.example/nieuws/markt"]
