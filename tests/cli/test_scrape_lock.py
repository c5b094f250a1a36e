"""Two spellings of one site, or of one archive, never scrape at once: the second exits 3.

The holder is a real process holding the run lock as ``scrape`` takes it (the archive
opened under one spelling, the site's name from the profile under another); the second
run is a real ``anp-archive scrape`` process. No page is fetched: the lock comes first.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

HOLDER = """
import sys, time
from anp_archive.profile import default_profile, load_profile
from anp_archive.lock import run_lock
from anp_archive.store import Archive
db, start, profile = sys.argv[1:4]
base = load_profile(profile) if profile else default_profile()
site = base.with_start_url(start).name
with Archive.open(db) as archive, run_lock(archive, site):
    print('held', site, flush=True)
    time.sleep(120)
"""


@contextmanager
def _holding(db: str, start: str, profile: Path | None = None) -> Iterator[str]:
    """A process holding the run lock of ``start``'s site on ``db``; yields the site name."""
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, db, start, str(profile or "")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline().split()
        assert line[:1] == ["held"], proc.stderr.read() if proc.stderr else ""
        yield line[1]
    finally:
        proc.kill()
        proc.wait(timeout=30)
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()


def _scrape(db: str, start: str, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "anp_archive", "scrape", "--start-url", start, "--delay", "0",
         "--retries", "0", "--db", db, *extra],
        capture_output=True, text=True, timeout=120, check=False,
    )


def _refused(done: subprocess.CompletedProcess[str], site: str) -> None:
    assert done.returncode == 3, done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith(f"anp-archive: another scrape of {site} is running")
    assert done.stdout == ""


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("http://127.0.0.1:9/nieuws", "http://localhost:9/nieuws"),
        ("http://elders.test/nieuws", "https://www.elders.test/nieuws/"),
    ],
)
def test_two_spellings_of_one_site_exit_3(tmp_path: Path, first: str, second: str) -> None:
    db = str(tmp_path / "archief.sqlite")
    with _holding(db, first) as site:
        _refused(_scrape(db, second), site)


def test_a_profile_that_folds_www_and_scheme_is_one_site(tmp_path: Path) -> None:
    profile = tmp_path / "kustbode.toml"
    profile.write_text(
        'name = "kustbode"\n'
        'start_urls = ["https://www.kustbode.test/nieuws"]\n'
        'allowed_hosts = ["www.kustbode.test", "kustbode.test"]\n'
        "article_pattern = '^/nieuws/[^/]+$'\n"
        "fold_www = true\nfold_scheme = true\n",
        encoding="utf-8",
    )
    db = str(tmp_path / "archief.sqlite")
    with _holding(db, "http://kustbode.test/nieuws", profile) as site:
        assert site == "kustbode"
        _refused(_scrape(db, "https://www.kustbode.test/nieuws", "--profile", str(profile)),
                 site)


def test_two_paths_to_one_sqlite_file_are_one_archive(tmp_path: Path) -> None:
    db = tmp_path / "archief.sqlite"
    (tmp_path / "a").mkdir()
    link = tmp_path / "koppeling.sqlite"
    with _holding(str(db), "http://127.0.0.1:9/nieuws") as site:
        link.symlink_to(db)  # the file exists now: the holder created it
        for spelling in (str(link), str(tmp_path / "a" / ".." / "archief.sqlite"),
                         f"sqlite:///{tmp_path}/./archief.sqlite"):
            _refused(_scrape(spelling, "http://localhost:9/nieuws"), site)


@pytest.mark.postgres
def test_two_spellings_of_one_postgres_server_are_one_archive(pg_url: str) -> None:
    other = pg_url.replace("@127.0.0.1:", "@localhost:")
    assert other != pg_url
    with _holding(pg_url, "http://127.0.0.1:9/nieuws") as site:
        _refused(_scrape(other, "http://localhost:9/nieuws"), site)
