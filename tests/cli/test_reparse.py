"""`anp-archive reparse`: re-running the parser over stored captures adds nothing twice."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from anp_archive.cli import app
from anp_archive.demo import run_demo
from anp_archive.store import Archive


def test_reparse_after_scrape_is_idempotent(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite"
    summary = run_demo(db)
    with Archive.open(f"sqlite:///{db}") as archive:
        before = archive.stats()
    result = CliRunner().invoke(app, ["reparse", "--db", str(db)], catch_exceptions=False)
    assert result.exit_code == 0
    assert result.stdout.startswith(
        f"reparse: {summary.new_captures} captures, 0 new stories, 0 new sightings, "
        "0 new revisions, 0 failed"
    )
    with Archive.open(f"sqlite:///{db}") as archive:
        after = archive.stats()
    assert (after.stories, after.sightings) == (before.stories, before.sightings)


def test_reparse_since_the_future_reads_nothing(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite"
    run_demo(db)
    result = CliRunner().invoke(
        app, ["reparse", "--db", str(db), "--since", "2999-01-01", "--json"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0
    assert json.loads(result.stdout)["captures"] == 0


def test_reparse_bad_since_is_exit_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["reparse", "--db", str(tmp_path / "a.sqlite"),
                                      "--since", "gisteren"])
    assert result.exit_code == 2
    assert result.stderr == (
        "anp-archive: --since 'gisteren' is not an ISO date or time "
        "(e.g. 2026-01-31 or 2026-01-31T08:00)\n"
    )
