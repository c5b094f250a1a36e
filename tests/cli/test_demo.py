"""`anp-archive demo`: the bundled site, served on 127.0.0.1, scraped into a fresh file."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from anp_archive.cli import app
from anp_archive.demo import demo_site_dir
from anp_archive.store import Archive


def test_demo_scrapes_the_bundled_site(tmp_path: Path) -> None:
    db = tmp_path / "demo.sqlite"
    result = CliRunner().invoke(app, ["demo", "--db", str(db)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"demo: served the bundled site on 127.0.0.1 and scraped it into {db}"
    assert re.match(r"scrape: \d+ pages \(0 unchanged\), \d+ new stories, \d+ sightings, "
                    r"0 errors in \d+ s$", lines[1])
    assert re.match(r"stats: \d+ stories, \d+ sightings, \d+ captures, 1 run\(s\)$", lines[2])
    assert any(line.startswith("search 'haven': ") for line in lines)
    with Archive.open(f"sqlite:///{db}") as archive:
        stats = archive.stats()
        assert stats.stories >= 16
        assert archive.search(text="haven")
        # robots.txt of the demo site disallows this page: it must not be in the archive
        assert not archive.search(text="gescraped")


def test_demo_default_uses_a_fresh_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    result = CliRunner().invoke(app, ["demo"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    path = re.search(r"scraped it into (\S+)", result.stdout)
    assert path and Path(path.group(1)).exists()
    assert Path(path.group(1)).is_relative_to(tmp_path)


def test_demo_refuses_an_existing_file(tmp_path: Path) -> None:
    db = tmp_path / "demo.sqlite"
    db.write_bytes(b"")
    result = CliRunner().invoke(app, ["demo", "--db", str(db)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"anp-archive: {db} already exists; the demo writes only to a fresh file\n"
    )


def test_demo_site_is_found() -> None:
    site = demo_site_dir()
    assert (site / "robots.txt").is_file()
    assert (site / "nieuws.html").is_file()
