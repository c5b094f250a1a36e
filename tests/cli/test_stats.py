"""`anp-archive stats`: counts by day, section, agency; captures; runs; database size."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from anp_archive.cli import app
from anp_archive.store import Archive

SEED = Path(__file__).resolve().parents[3] / "shared" / "seed" / "anp-page-buitenland.txt"
needs_seed = pytest.mark.skipif(not SEED.exists(), reason=f"seed page not found at {SEED} (../shared absent)")
pytestmark = needs_seed


def test_stats_json(db_url: str) -> None:
    CliRunner().invoke(app, ["import", str(SEED), "--fetched-at", "2026-01-01T12:00+01:00",
                             "--db", db_url], catch_exceptions=False)
    with Archive.open(db_url) as archive:
        run = archive.start_run("zeelandnet", datetime(2026, 1, 1, 11, tzinfo=UTC))
        archive.finish_run(run, finished_at=datetime(2026, 1, 1, 11, 1, tzinfo=UTC), exit_code=0,
                           counts={"pages": 3})
    result = CliRunner().invoke(app, ["stats", "--db", db_url], catch_exceptions=False)
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert (data["stories"], data["sightings"], data["captures"], data["runs"]) == (8, 8, 1, 1)
    assert data["by_section"] == {"Buitenland": 8}
    assert data["by_agency"]["ANP"] == 8
    assert sum(data["by_day"].values()) == 8
    assert data["database_bytes"] > 0
    assert data["recent_runs"][0]["counts"] == {"pages": 3}


def test_stats_text(empty_archive: str) -> None:
    result = CliRunner().invoke(app, ["stats", "--format", "text", "--db", empty_archive])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "stories: 0 (0 revisions, 0 with contradicting times)"


def test_stats_shows_the_sites_health(empty_archive: str) -> None:
    with Archive.open(empty_archive) as archive:
        ok = archive.start_run("zeelandnet", datetime(2026, 12, 1, 8, tzinfo=UTC))
        archive.finish_run(ok, finished_at=datetime(2026, 12, 1, 8, 2, tzinfo=UTC),
                           exit_code=0, counts={"pages": 3})
        bad = archive.start_run("zeelandnet", datetime(2026, 12, 1, 9, tzinfo=UTC))
        archive.finish_run(bad, finished_at=datetime(2026, 12, 1, 9, 1, tzinfo=UTC),
                           exit_code=5, counts={}, messages=["no dateline on the sections"])
    db = empty_archive.removeprefix("sqlite:///")
    result = CliRunner().invoke(app, ["stats", "--db", db, "--format", "json"])
    health = json.loads(result.stdout)["health"]
    assert health["last_successful_run_at"].startswith("2026-12-01T08:02")
    assert [(r["id"], r["status"], r["message"]) for r in health["failed_runs"]] == [
        (bad, "exit 5", "no dateline on the sections")
    ]
    text = CliRunner().invoke(app, ["stats", "--db", db, "--format", "text"]).stdout
    # Amsterdam wall-clock time (UTC+1 in December), not the stored UTC.
    assert "last new story: -; last successful run: 2026-12-01 09:02" in text
    assert f"  failed: #{bad} 2026-12-01 10:00 exit 5: no dateline on the sections" in text
    assert f"  failed: #{bad} " in text and "no dateline on the sections" in text


def test_stats_text_run_lines_are_readable_and_json_keeps_raw_values(sqlite_url: str) -> None:
    CliRunner().invoke(app, ["import", str(SEED), "--fetched-at", "2026-01-01T12:00+01:00",
                             "--db", sqlite_url], catch_exceptions=False)
    with Archive.open(sqlite_url) as archive:
        summer = archive.start_run("zeelandnet", datetime(2026, 7, 1, 10, tzinfo=UTC))
        archive.finish_run(summer, finished_at=datetime(2026, 7, 1, 10, 1, tzinfo=UTC),
                           exit_code=0, counts={"pages": 1, "new_stories": 2, "errors": 0})
        one = archive.start_run("zeelandnet", datetime(2026, 7, 1, 11, tzinfo=UTC))
        archive.finish_run(one, finished_at=datetime(2026, 7, 1, 11, 1, tzinfo=UTC),
                           exit_code=1, counts={"pages": 3, "new_stories": 1, "errors": 1})
    text = CliRunner().invoke(app, ["stats", "--format", "text", "--db", sqlite_url]).stdout
    lines = text.splitlines()
    # Summer time: 10:00 UTC is 12:00 in Amsterdam; zero counters are left out.
    assert f"  #{summer} zeelandnet 2026-07-01 12:00 exit 0 (1 page, 2 new stories)" in lines
    assert f"  #{one} zeelandnet 2026-07-01 13:00 exit 1 (3 pages, 1 new story, 1 error)" in lines
    size_line = next(line for line in lines if line.startswith("database size: "))
    assert size_line.endswith(" KiB") or size_line.endswith(" MiB")
    captures = next(line for line in lines if line.startswith("captures: "))
    assert captures.startswith("captures: 1 (") and " KiB; " in captures
    data = json.loads(CliRunner().invoke(app, ["stats", "--format", "json",
                                               "--db", sqlite_url]).stdout)
    assert isinstance(data["database_bytes"], int) and data["capture_bytes"] > 1024
    assert data["recent_runs"][0]["started_at"] == "2026-07-01T11:00:00+00:00"
    assert data["recent_runs"][0]["counts"] == {"pages": 3, "new_stories": 1, "errors": 1}

