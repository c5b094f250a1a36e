"""`anp-archive runs`: the runs table, newest first, with how each run ended."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from typer.testing import CliRunner

from anp_archive.cli import app
from anp_archive.store import Archive


def _record(db_url: str) -> None:
    with Archive.open(db_url) as archive:
        archive.start_run("zeelandnet", datetime(2026, 12, 1, 8, tzinfo=UTC))  # dies
        done = archive.start_run("zeelandnet", datetime(2026, 12, 1, 8, 5, tzinfo=UTC))
        archive.finish_run(done, finished_at=datetime(2026, 12, 1, 8, 6, tzinfo=UTC),
                           exit_code=1, counts={"pages": 12, "errors": 1},
                           messages=["https://www.zeelandnet.nl/nieuws/x: HTTP 503"])
        other = archive.start_run("elders", datetime(2026, 12, 1, 9, tzinfo=UTC))
        archive.finish_run(other, finished_at=datetime(2026, 12, 1, 9, 1, tzinfo=UTC),
                           exit_code=0, counts={"pages": 3})


def test_runs_lists_newest_first_with_status_and_messages(empty_archive: str) -> None:
    _record(empty_archive)
    db = empty_archive.removeprefix("sqlite:///")
    result = CliRunner().invoke(app, ["runs", "--db", db, "--site", "zeelandnet", "--messages"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("#2 zeelandnet 2026-12-01T08:05:00+00:00 exit 1 (pages 12, errors 1)")
    assert lines[1] == "    https://www.zeelandnet.nl/nieuws/x: HTTP 503"
    assert lines[2].startswith("#1 zeelandnet 2026-12-01T08:00:00+00:00 interrupted")
    assert len(lines) == 3


def test_runs_json_and_limit(empty_archive: str) -> None:
    _record(empty_archive)
    db = empty_archive.removeprefix("sqlite:///")
    result = CliRunner().invoke(app, ["runs", "--db", db, "--json", "--limit", "1"])
    assert result.exit_code == 0, result.output
    (run,) = json.loads(result.stdout)
    assert (run["site"], run["status"], run["counts"]) == ("elders", "exit 0", {"pages": 3})


def test_runs_bad_limit_is_exit_2(empty_archive: str) -> None:
    db = empty_archive.removeprefix("sqlite:///")
    result = CliRunner().invoke(app, ["runs", "--db", db, "--limit", "0"])
    assert result.exit_code == 2
    assert "--limit must be a whole number >= 1" in result.output
