"""`anp-archive import`: files, folders, re-imports, bad files; state read back via the library."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from anp_archive.cli import app
from anp_archive.importer import import_paths
from anp_archive.store import Archive

SEED = Path(__file__).resolve().parents[3] / "shared" / "seed" / "anp-page-buitenland.txt"
needs_seed = pytest.mark.skipif(not SEED.exists(), reason=f"seed page not found at {SEED} (../shared absent)")

WHEN = "2026-01-01T12:00+01:00"

PAGE_TEMPLATE = """{title}
{place} (ANP) - {lede}
Omwonenden moeten ramen en deuren sluiten.
Meer uit Binnenland
KYIV (ANP/DPA) - De Oekraïense president Volodymyr Zelensky heeft in zijn nieuwjaarsboodschap zijn vertrouwen in vrede in Oekraïne benadrukt.
50 minuten geledenDEN HAAG (ANP) - Het kabinet heeft besloten de accijns op brandstof volgend jaar niet te verhogen, meldt het ministerie van Financiën.
2 uur geleden
"""


def write_page(path: Path, n: int) -> Path:
    """A text page whose lead is story ``n``; every page shares the same two ticker items."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        PAGE_TEMPLATE.format(
            title=f"Bericht nummer {n}",
            place="MOERDIJK",
            lede=f"Bij bedrijf nummer {n} in Moerdijk is een grote brand uitgebroken, meldt de veiligheidsregio vanmiddag.",
        ),
        encoding="utf-8",
    )
    return path


def run(*args: str) -> object:
    return CliRunner().invoke(app, list(args))


@needs_seed
def test_import_seed_then_again_changes_nothing(sqlite_url: str) -> None:
    first = CliRunner().invoke(app, ["import", str(SEED), "--fetched-at", WHEN, "--db", sqlite_url],
                               catch_exceptions=False)
    assert first.exit_code == 0
    assert first.stdout == "import: 1 files, 8 new stories, 8 new sightings, 0 skipped, 0 errors\n"
    again = CliRunner().invoke(app, ["import", str(SEED), "--db", sqlite_url])
    assert again.exit_code == 0
    assert again.stdout == "import: 1 files, 0 new stories, 0 new sightings, 1 skipped, 0 errors\n"
    with Archive.open(sqlite_url) as archive:
        stats = archive.stats()
        assert (stats.stories, stats.sightings, stats.captures) == (8, 8, 1)
        assert {s.place for s in archive.search(place="Moskou")} == {"MOSKOU"}


def test_import_folder_recursively_shares_ticker_items(db_url: str, tmp_path: Path) -> None:
    for n in range(3):
        write_page(tmp_path / "pages" / f"sub{n % 2}" / f"p{n}.txt", n)
    (tmp_path / "pages" / ".hidden.txt").write_text("ignored")
    result = CliRunner().invoke(app, ["import", str(tmp_path / "pages"), "--fetched-at", WHEN,
                                      "--db", db_url], catch_exceptions=False)
    assert result.exit_code == 0
    assert result.stdout == "import: 3 files, 5 new stories, 9 new sightings, 0 skipped, 0 errors\n"
    with Archive.open(db_url) as archive:
        [kyiv] = archive.search(place="KYIV")
        assert kyiv.sightings == 3


def test_a_file_that_does_not_parse_is_reported_and_the_rest_imported(sqlite_url: str, tmp_path: Path) -> None:
    write_page(tmp_path / "in" / "a.txt", 1)
    bad = tmp_path / "in" / "b.html"
    bad.write_bytes(b"")
    write_page(tmp_path / "in" / "c.txt", 2)
    result = CliRunner().invoke(app, ["import", str(tmp_path / "in"), "--fetched-at", WHEN,
                                      "--db", sqlite_url])
    assert result.exit_code == 1
    assert result.stdout == "import: 3 files, 4 new stories, 6 new sightings, 0 skipped, 1 errors\n"
    [line] = result.stderr.splitlines()
    assert line.startswith(f"anp-archive: {bad}: ")
    with Archive.open(sqlite_url) as archive:
        assert archive.stats().captures == 2


def test_missing_path_is_a_usage_error(sqlite_url: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["import", str(tmp_path / "nope"), "--db", sqlite_url])
    assert result.exit_code == 2
    assert result.stderr == f"anp-archive: no such file or folder: {tmp_path / 'nope'}\n"


def test_url_and_fetched_at_are_recorded(sqlite_url: str, tmp_path: Path) -> None:
    page = write_page(tmp_path / "p.txt", 7)
    url = "https://www.zeelandnet.nl/nieuws/bericht-7"
    result = CliRunner().invoke(app, ["import", str(page), "--url", url, "--fetched-at", WHEN,
                                      "--db", sqlite_url], catch_exceptions=False)
    assert result.exit_code == 0
    with Archive.open(sqlite_url) as archive:
        detail = archive.get_story(url)
        assert detail.story.title == "Bericht nummer 7"
        [capture] = list(archive.iter_captures())
        assert capture.capture.url == url
        assert capture.capture.fetched_at.isoformat() == "2026-01-01T11:00:00+00:00"


def test_url_with_several_files_is_refused(sqlite_url: str, tmp_path: Path) -> None:
    write_page(tmp_path / "d" / "a.txt", 1)
    write_page(tmp_path / "d" / "b.txt", 2)
    result = CliRunner().invoke(app, ["import", str(tmp_path / "d"), "--url", "https://x.nl/a",
                                      "--db", sqlite_url])
    assert result.exit_code == 2
    assert "--url names the page of one file" in result.stderr


@needs_seed
def test_bad_fetched_at_is_a_usage_error(sqlite_url: str) -> None:
    result = CliRunner().invoke(app, ["import", str(SEED), "--fetched-at", "gisteren", "--db", sqlite_url])
    assert result.exit_code == 2


def test_default_fetched_at_is_the_file_mtime(sqlite_url: str, tmp_path: Path) -> None:
    page = write_page(tmp_path / "p.txt", 3)
    os.utime(page, (1767261600, 1767261600))  # 2026-01-01T10:00:00Z
    CliRunner().invoke(app, ["import", str(page), "--db", sqlite_url], catch_exceptions=False)
    with Archive.open(sqlite_url) as archive:
        [capture] = list(archive.iter_captures())
        assert capture.capture.fetched_at.isoformat() == "2026-01-01T10:00:00+00:00"


def test_interrupted_import_keeps_finished_files_and_rerun_completes(
    sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from anp_archive import parse
    from anp_archive.parse import parse_page

    files = [write_page(tmp_path / "in" / f"p{n}.txt", n) for n in range(5)]
    calls = 0

    def dying_parser(*args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        nonlocal calls
        calls += 1
        if calls == 4:
            raise KeyboardInterrupt
        return parse_page(*args, **kwargs)  # type: ignore[arg-type]

    with Archive.open(sqlite_url) as archive:
        with monkeypatch.context() as patched, pytest.raises(KeyboardInterrupt):
            patched.setattr(parse, "parse_page", dying_parser)
            import_paths(archive, [tmp_path / "in"], batch_size=1)
        assert archive.stats().captures == 3
        summary = import_paths(archive, [tmp_path / "in"])
        assert (summary.files, summary.skipped, summary.errors) == (5, 3, 0)
        stats = archive.stats()
    assert (stats.captures, stats.stories, stats.sightings) == (5, 7, 15)
    assert len(files) == 5


def test_import_killed_with_sigkill_leaves_no_half_page(sqlite_url: str, tmp_path: Path) -> None:
    for n in range(300):
        write_page(tmp_path / "many" / f"p{n:03}.txt", n)
    env = {**os.environ, "ANP_ARCHIVE_DB": sqlite_url}
    proc = subprocess.Popen(
        [sys.executable, "-m", "anp_archive", "import", str(tmp_path / "many"), "--fetched-at", WHEN],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    db_file = Path(sqlite_url.removeprefix("sqlite:///"))
    while time.monotonic() < deadline and proc.poll() is None:
        if db_file.exists() and db_file.stat().st_size > 200_000:
            break
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with Archive.open(sqlite_url) as archive:
        stats = archive.stats()
        # Every stored capture is fully parsed: 1 lead + 2 ticker sightings each.
        assert stats.captures_unparsed == 0
        assert stats.sightings == 3 * stats.captures
        summary = import_paths(archive, [tmp_path / "many"])
        stats = archive.stats()
    assert summary.skipped == 300 - summary.new_stories
    assert (stats.captures, stats.stories, stats.sightings) == (300, 302, 900)


@needs_seed
def test_import_reads_warc_files(sqlite_url: str, tmp_path: Path) -> None:
    warcio = pytest.importorskip("warcio")
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    target = tmp_path / "pages.warc.gz"
    with target.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        body = SEED.read_bytes()
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/plain; charset=utf-8")],
                                   protocol="HTTP/1.1")
        record = writer.create_warc_record(
            "https://www.zeelandnet.nl/nieuws/kremlin", "response", payload=BytesIO(body),
            http_headers=headers, warc_headers_dict={"WARC-Date": "2026-01-01T11:00:00Z"},
        )
        writer.write_record(record)
        record.raw_stream.close()  # warcio spools the payload to a temporary file
    assert warcio
    result = CliRunner().invoke(app, ["import", str(target), "--db", sqlite_url], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("import: 1 files (1 WARC records), 8 new stories")
    with Archive.open(sqlite_url) as archive:
        story = archive.get_story("https://www.zeelandnet.nl/nieuws/kremlin").story
        assert story.place == "MOSKOU"


def _folder_of_pages(tmp_path: Path, n: int) -> Path:
    for i in range(n):
        write_page(tmp_path / "in" / f"p{i}.txt", i)
    return tmp_path / "in"


def test_import_in_a_pipe_draws_no_progress(sqlite_url: str, tmp_path: Path) -> None:
    folder = _folder_of_pages(tmp_path, 3)
    result = CliRunner().invoke(app, ["import", str(folder), "--fetched-at", WHEN,
                                      "--db", sqlite_url])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert result.stdout.startswith("import: 3 files, ")


def test_import_on_a_terminal_shows_progress_and_quiet_silences_it(
    sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import anp_archive.cli.progress as progress

    folder = _folder_of_pages(tmp_path, 3)
    # CliRunner's stderr is never a terminal; pretend it is one.
    monkeypatch.setattr(progress, "sys", type("Sys", (), {"stderr": _Tty()}))
    shown = CliRunner().invoke(app, ["import", str(folder), "--fetched-at", WHEN,
                                     "--db", sqlite_url])
    assert shown.exit_code == 0, shown.output
    assert "import" in shown.stderr and "3/3" in shown.stderr
    quiet = CliRunner().invoke(app, ["import", str(folder), "--fetched-at", WHEN,
                                     "--db", sqlite_url, "--quiet"])
    assert quiet.exit_code == 0, quiet.output
    assert (quiet.stdout, quiet.stderr) == ("", "")


class _Tty:
    def isatty(self) -> bool:
        return True


def test_a_page_whose_url_is_too_long_to_index_is_refused_and_the_rest_imported(
    db_url: str, tmp_path: Path
) -> None:
    from anp_archive.urls import MAX_URL_LENGTH

    long_url = "https://www.zeelandnet.nl/nieuws/dijk?ref=" + "x" * 3000
    folder = tmp_path / "in"
    write_page(folder / "a.txt", 1)
    (folder / "b.html").write_text(
        f'<html><head><link rel="canonical" href="{long_url}"></head><body>'
        "<h1>Dijk bij Yerseke versterkt</h1><p>YERSEKE (ANP) - Het waterschap versterkt de "
        "dijk bij Yerseke over een lengte van twee kilometer, meldt de provincie.</p>"
        "</body></html>",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["import", str(folder), "--fetched-at", WHEN,
                                      "--db", db_url])
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert line == (
        f"anp-archive: {folder / 'b.html'}: its URL is {len(long_url)} characters, over the "
        f"{MAX_URL_LENGTH}-character limit; not imported"
    )
    with Archive.open(db_url) as archive:
        assert archive.stats().captures == 1
        assert all(len(c.capture.url or "") <= MAX_URL_LENGTH for c in archive.iter_captures())
