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
