"""The real CLI against a hostile server on 127.0.0.1: every fault fixed here stays fixed."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from clirun import cli_env, query, scrape_args
from faultsite import serve
from hostile_site import Answer, article_page, bombs, serve_hostile

from anp_archive.errors import DiskFullError
from anp_archive.store import Archive

pytestmark = pytest.mark.e2e

RSS_LIMIT_MIB = 300


def _run_measured(args: list[str], tmp_path: Path) -> tuple[int, str, str, float]:
    """Run the CLI; (exit code, stdout, stderr, peak RSS in MiB) of that one process."""
    out, err = tmp_path / "stdout", tmp_path / "stderr"
    with out.open("w") as stdout, err.open("w") as stderr:
        proc = subprocess.Popen(args, stdout=stdout, stderr=stderr, env=cli_env())
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            proc.returncode = 0  # reaped by wait4; keep Popen from waiting again
    # ru_maxrss is in KiB on Linux.
    return (
        os.waitstatus_to_exitcode(status),
        out.read_text(),
        err.read_text(),
        usage.ru_maxrss / 1024,
    )


@pytest.fixture(scope="module")
def bomb_bodies() -> dict[str, tuple[str, bytes]]:
    return bombs()


@pytest.mark.parametrize("kind", ["zstd", "gzip", "gzip, gzip", "br", "deflate"])
def test_a_compression_bomb_stops_at_the_cap_in_bounded_memory(
    kind: str, bomb_bodies: dict[str, tuple[str, bytes]], tmp_path: Path
) -> None:
    encoding, body = bomb_bodies[kind]
    headers = (("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", encoding))
    with serve_hostile({"/nieuws": Answer(200, body, headers)}) as base:
        args = scrape_args(f"{base}/nieuws", tmp_path / "a.sqlite", "--timeout", "60")
        code, stdout, stderr, peak_mib = _run_measured(args, tmp_path)
    print(f"\n{kind} bomb ({len(body) / 1024:.1f} KiB on the wire): peak RSS {peak_mib:.0f} MiB")
    assert "Traceback" not in stderr
    assert "cap" in stderr, stderr
    assert code == 4, (code, stdout, stderr)  # the only page could not be fetched
    assert peak_mib < RSS_LIMIT_MIB, f"{kind}: peak RSS {peak_mib:.0f} MiB"


def test_three_stacked_encodings_are_refused(tmp_path: Path) -> None:
    headers = (("Content-Type", "text/html"), ("Content-Encoding", "gzip, gzip, gzip"))
    with serve_hostile({"/nieuws": Answer(200, b"whatever", headers)}) as base:
        args = scrape_args(f"{base}/nieuws", tmp_path / "a.sqlite")
        code, _stdout, stderr, _peak = _run_measured(args, tmp_path)
    assert "Traceback" not in stderr
    assert "at most 2 are decoded" in stderr, stderr
    assert code == 4


def _run(args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, timeout=120, env=cli_env(), check=False)


def test_robots_answering_500_says_so_instead_of_blaming_the_network(tmp_path: Path) -> None:
    routes = {
        "/robots.txt": Answer(500, b"interne fout", (("Content-Type", "text/plain"),)),
        "/nieuws": Answer(200, b"<html>niet gevraagd</html>"),
    }
    with serve_hostile(routes) as base:
        done = _run(scrape_args(f"{base}/nieuws", tmp_path / "a.sqlite", "--retries", "0"))
    host = base.split("://", 1)[1]
    assert done.returncode == 4, done.stderr
    assert (
        f"robots.txt of {host} answered 500: the site is treated as disallowed for this run "
        "(RFC 9309)"
    ) in done.stderr
    assert "No network" not in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.postgres
def test_a_link_too_long_for_a_btree_does_not_poison_postgres(pg_url: str) -> None:
    import secrets

    from sqlalchemy import create_engine, text

    # Random, so PostgreSQL cannot compress it under its 2,704-byte B-tree entry limit.
    long_link = "/nieuws/dijkversterking?k=" + secrets.token_urlsafe(4000)
    page = article_page(
        "Dijkversterking bij Kampen begint",
        "KAMPEN (ANP) - Het waterschap begint maandag met het versterken van de IJsseldijk.",
        long_link,
        "ZWOLLE (ANP) - De provincie Overijssel trekt extra geld uit voor dijkonderhoud.",
    )
    with serve_hostile({"/nieuws": Answer(200, page)}) as base:
        runs = [_run([*scrape_args(f"{base}/nieuws", Path("unused"))[:-2], "--db", pg_url])
                for _ in range(2)]
    for done in runs:
        assert done.returncode in (0, 1), (done.returncode, done.stderr)
        assert "Traceback" not in done.stderr
        assert "index row size" not in done.stderr
    engine = create_engine(pg_url)
    try:
        with engine.connect() as conn:
            urls = [str(u) for (u,) in conn.execute(text("SELECT url FROM stories"))]
    finally:
        engine.dispose()
    assert f"{base}{long_link}" in urls


def _demo_archive(tmp_path: Path) -> Path:
    db = tmp_path / "archief.sqlite"
    done = _run([sys.executable, "-m", "anp_archive", "demo", "--db", str(db)])
    assert done.returncode == 0, done.stderr
    return db


def _story_count(db: Path) -> int:
    return int(str(query(db, "SELECT count(*) FROM v_articles")[0][0]))


def test_an_export_onto_the_archive_or_its_files_is_refused(tmp_path: Path) -> None:
    db = _demo_archive(tmp_path)
    before = _story_count(db)
    size = db.stat().st_size
    link = tmp_path / "verwijzing.sqlite"
    link.symlink_to(db)
    (tmp_path / "sub").mkdir()
    spellings = [str(db), str(link), str(tmp_path / "sub" / ".." / db.name), f"{db}-wal",
                 f"{db}-shm", f"{db}-journal"]
    for target in spellings:
        for args in (["export", "-o", target], ["export-warc", target]):
            done = _run([sys.executable, "-m", "anp_archive", *args, "--db", str(db)])
            assert done.returncode == 2, (args, done.stderr)
            assert "refusing to write" in done.stderr and "Traceback" not in done.stderr
    assert db.stat().st_size == size
    assert _story_count(db) == before > 0
    assert not Path(f"{db}-journal").exists()


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 16 MiB tmpfs mounted for the test (needs root; skipped elsewhere)."""
    mount_point = tmp_path / "schijf"
    mount_point.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(mount_point)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


@pytest.mark.parametrize("room_kib", [0, 192])
def test_a_full_disk_is_named_with_its_own_exit_code(small_disk: Path, room_kib: int) -> None:
    db = small_disk / "archief.sqlite"
    with Archive.open(str(db)):
        pass  # created and migrated while there is room
    filler = small_disk / "vulling"
    with filler.open("wb") as out, contextlib.suppress(OSError):
        while True:
            out.write(b"\0" * 16384)
            out.flush()
    with filler.open("r+b") as out:  # give back a little room, so the run can start
        out.truncate(max(0, filler.stat().st_size - room_kib * 1024))
    with serve() as site:
        done = _run(scrape_args(site.start_url, db))
    assert "Traceback" not in done.stderr
    assert done.returncode == DiskFullError.exit_code == 10, done.stderr
    assert "the disk is full" in done.stderr
    if room_kib:
        # The run started: its summary is printed on the way out.
        assert done.stdout.strip().startswith("scrape: "), done.stdout
    filler.unlink()
    assert query(db, "PRAGMA integrity_check") == [("ok",)]


def test_import_refuses_a_url_with_a_line_break(tmp_path: Path) -> None:
    page = tmp_path / "pagina.html"
    page.write_text("<html><body><p>ASSEN (ANP) - Een nieuw fietspad.</p></body></html>")
    done = _run([sys.executable, "-m", "anp_archive", "import", str(page), "--db",
                 str(tmp_path / "a.sqlite"), "--url", "https://www.regio.test/a\r\nX-Evil: 1"])
    assert done.returncode == 2, done.stderr
    assert "control characters" in done.stderr and "Traceback" not in done.stderr


def test_max_run_time_stops_a_429_storm_and_keeps_what_came_in(tmp_path: Path) -> None:
    import time

    page = article_page(
        "Veerdienst vaart weer",
        "VLISSINGEN (ANP) - De veerdienst tussen Vlissingen en Breskens vaart weer volgens "
        "de dienstregeling.",
        "/nieuws/wachtrij",
        "BRESKENS (ANP) - Reizigers moesten vanochtend lang wachten op de pont.",
    )
    slow_down = Answer(429, b"rustig aan", (("Content-Type", "text/plain"), ("Retry-After", "100")))
    db = tmp_path / "a.sqlite"
    with serve_hostile({"/nieuws": Answer(200, page), "/nieuws/wachtrij": slow_down}) as base:
        began = time.monotonic()
        done = _run(scrape_args(f"{base}/nieuws", db, "--max-run-time", "3"))
        took = time.monotonic() - began
    assert took < 30, took  # not the 100 s x 3 retries the server asked for
    assert done.returncode in (0, 1), done.stderr
    assert "stopped after --max-run-time 3 s with 1 pages not fetched" in done.stderr
    assert done.stdout.startswith("scrape: 1 pages"), done.stdout
    assert query(db, "SELECT place FROM v_articles WHERE place = 'VLISSINGEN'") == [("VLISSINGEN",)]
