"""``import_paths``: the order files go in, and the URL a saved page is stored under."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import text

from anp_archive.importer import import_paths, iter_files
from anp_archive.store import Archive

PAGE = """{title}
{place} (ANP) - {lede}
Een tweede alinea van het bericht.
Meer uit Binnenland
KYIV (ANP/DPA) - De Oekraïense president heeft zijn vertrouwen in vrede benadrukt.
50 minuten geleden
"""

HTML = """<!doctype html><html><head><meta charset="utf-8">
<link rel="canonical" href="https://nieuws.example/nieuws/dijkversterking"></head><body>
<article><h1>Dijk bij Kampen wordt versterkt</h1>
<p>KAMPEN (ANP) - Het waterschap begint volgende week met het versterken van de dijk.</p>
<p>De werkzaamheden duren twee jaar.</p></article>
<aside><h2>Meer uit Binnenland</h2><ul><li><a href="/nieuws/brug">ZWOLLE (ANP) - De brug
over de IJssel gaat een weekend dicht.</a> <span>2 uur geleden</span></li></ul></aside>
</body></html>"""


def _write(path: Path, n: int, mtime: float) -> Path:
    path.write_text(
        PAGE.format(title=f"Bericht {n}", place="MOERDIJK",
                    lede=f"Bij bedrijf nummer {n} in Moerdijk is brand uitgebroken."),
        encoding="utf-8",
    )
    os.utime(path, (mtime, mtime))
    return path


def test_a_folder_is_imported_oldest_file_first(tmp_path: Path, sqlite_url: str) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    base = 1_767_261_600.0  # 2026-01-01 10:00 UTC
    # Names sort the other way round from the times the pages were saved.
    _write(folder / "a.txt", 1, base + 3600)
    _write(folder / "b.txt", 2, base + 1800)
    _write(folder / "c.txt", 3, base)
    assert [p.name for p in iter_files([folder])] == ["a.txt", "b.txt", "c.txt"]
    with Archive.open(sqlite_url) as archive:
        summary = import_paths(archive, [folder])
        assert summary.errors == 0
        with archive.engine.connect() as conn:
            titles = conn.execute(text(
                "SELECT title FROM v_articles WHERE place = 'MOERDIJK' ORDER BY id"
            )).scalars().all()
    assert titles == ["Bericht 3", "Bericht 2", "Bericht 1"]


def test_a_saved_page_is_stored_under_its_canonical_url(tmp_path: Path, sqlite_url: str) -> None:
    page = tmp_path / "opgeslagen.html"
    page.write_text(HTML, encoding="utf-8")
    with Archive.open(sqlite_url) as archive:
        import_paths(archive, [page])
        with archive.engine.connect() as conn:
            captures = conn.execute(text("SELECT url FROM v_captures")).scalars().all()
            pages = conn.execute(text("SELECT DISTINCT page_url FROM v_sightings")).scalars().all()
    assert captures == ["https://nieuws.example/nieuws/dijkversterking"]
    assert pages == ["https://nieuws.example/nieuws/dijkversterking"]


def test_url_given_on_the_command_line_wins_over_the_canonical(
    tmp_path: Path, sqlite_url: str
) -> None:
    page = tmp_path / "opgeslagen.html"
    page.write_text(HTML, encoding="utf-8")
    with Archive.open(sqlite_url) as archive:
        import_paths(archive, [page], url="https://spiegel.example/a")
        with archive.engine.connect() as conn:
            captures = conn.execute(text("SELECT url FROM v_captures")).scalars().all()
    assert captures == ["https://spiegel.example/a"]


def test_only_page_files_are_parsed_the_rest_counted_as_not_pages(
    tmp_path: Path, sqlite_url: str
) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    _write(folder / "a.txt", 1, 1_700_000_000)
    (folder / "b").write_text(HTML, encoding="utf-8")  # no suffix, sniffed as HTML
    (folder / "expected.json").write_text('{"stories": []}', encoding="utf-8")
    (folder / "notes.md").write_text("# Aantekeningen\n", encoding="utf-8")
    (folder / "maak.py").write_text("print('hallo')\n", encoding="utf-8")
    with Archive.open(sqlite_url) as archive:
        summary = import_paths(archive, [folder])
        assert archive.stats().captures == 2
    assert (summary.files, summary.not_pages, summary.errors) == (2, 3, 0), summary.failures
    assert ", 3 not pages, 0 errors" in summary.line()


def test_a_file_over_the_cap_is_skipped_unread(tmp_path: Path, sqlite_url: str) -> None:
    import tracemalloc

    big = tmp_path / "groot.html"
    with big.open("wb") as out:  # 3 GiB, sparse: small on disk
        out.truncate(3 << 30)
    with Archive.open(sqlite_url) as archive:
        tracemalloc.start()
        try:
            summary = import_paths(archive, [big])
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert archive.stats().captures == 0
    assert (summary.files, summary.too_large, summary.errors) == (1, 1, 0)
    [(name, reason)] = summary.too_large_items
    assert name == str(big) and "over the size cap" in reason
    assert peak < 16 << 20


def test_a_cut_off_warc_imports_its_whole_records_and_counts_records_apart(
    tmp_path: Path, sqlite_url: str
) -> None:
    from datetime import UTC, datetime, timedelta

    from anp_archive.models import Capture
    from anp_archive.warc import write_warc

    class Source:
        def iter_captures(self, *, since: datetime | None = None):  # type: ignore[no-untyped-def]
            for n in range(4):
                capture = Capture(
                    f"https://nieuws.example/brand-{n}",
                    datetime(2026, 1, 1, 11, n, tzinfo=UTC) + timedelta(days=n),
                    200,
                    PAGE.format(title=f"Bericht {n}", place="MOERDIJK",
                                lede=f"Bij bedrijf nummer {n} is brand uitgebroken.").encode(),
                )
                yield type("Stored", (), {"capture": capture})()

    path = tmp_path / "cut.warc.gz"
    write_warc(Source(), path)  # type: ignore[arg-type]
    data = path.read_bytes()
    path.write_bytes(data[:-30])
    with Archive.open(sqlite_url) as archive:
        summary = import_paths(archive, [path])
        assert archive.stats().captures == 3
    assert (summary.files, summary.records, summary.errors) == (1, 3, 1)
    [(name, message)] = summary.failures
    assert name == str(path) and "cut short" in message
    assert summary.line().startswith("import: 1 files (3 WARC records), ")
