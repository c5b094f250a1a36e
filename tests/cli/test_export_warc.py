"""`anp-archive export-warc`: captures out as WARC, and back in through `import`."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from anp_archive.cli import app
from anp_archive.demo import run_demo
from anp_archive.importer import import_paths
from anp_archive.store import Archive
from anp_archive.warc import read_warc


def test_export_then_import_rebuilds_the_archive(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite"
    summary = run_demo(db)
    out = tmp_path / "captures.warc.gz"
    result = CliRunner().invoke(app, ["export-warc", str(out), "--db", str(db)],
                                catch_exceptions=False)
    assert result.exit_code == 0
    assert result.stdout == f"export-warc: {summary.new_captures} captures to {out}\n"
    captures = list(read_warc(out))
    assert len(captures) == summary.new_captures
    assert all(c.url and c.url.startswith("http://127.0.0.1:") for c in captures)

    copy = tmp_path / "copy.sqlite"
    with Archive.open(f"sqlite:///{copy}") as archive:
        import_paths(archive, [out])
        rebuilt = archive.stats()
    with Archive.open(f"sqlite:///{db}") as archive:
        original = archive.stats()
    assert (rebuilt.stories, rebuilt.sightings, rebuilt.captures) == (
        original.stories, original.sightings, original.captures
    )


def test_export_since_the_future_is_empty(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite"
    run_demo(db)
    out = tmp_path / "none.warc"
    result = CliRunner().invoke(app, ["export-warc", str(out), "--db", str(db),
                                      "--since", "2999-01-01"], catch_exceptions=False)
    assert result.exit_code == 0
    assert result.stdout == f"export-warc: 0 captures to {out}\n"
    assert list(read_warc(out)) == []


def test_unwritable_target_is_exit_2(tmp_path: Path, empty_archive: str) -> None:
    out = tmp_path / "missing-dir" / "x.warc"
    result = CliRunner().invoke(app, ["export-warc", str(out), "--db", empty_archive])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"anp-archive: cannot write {out}: ")
