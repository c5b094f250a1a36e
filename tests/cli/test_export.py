"""`anp-archive export`: every story (or the filtered ones) as JSON Lines, JSON or CSV."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from anp_archive.cli import app
from anp_archive.export import CSV_COLUMNS
from anp_archive.store import Archive

SEED = Path(__file__).resolve().parents[3] / "shared" / "seed" / "anp-page-buitenland.txt"
needs_seed = pytest.mark.skipif(not SEED.exists(), reason=f"seed page not found at {SEED} (../shared absent)")
pytestmark = needs_seed


def _seed(db: str) -> None:
    result = CliRunner().invoke(app, ["import", str(SEED), "--fetched-at", "2026-01-01T12:00+01:00",
                                      "--db", db], catch_exceptions=False)
    assert result.exit_code == 0


def test_export_jsonl_is_every_story_once(db_url: str) -> None:
    _seed(db_url)
    result = CliRunner().invoke(app, ["export", "--db", db_url], catch_exceptions=False)
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    with Archive.open(db_url) as archive:
        assert sorted(r["id"] for r in rows) == sorted(s.id for s in archive.search(limit=100))
    assert {r["place"] for r in rows} >= {"MOSKOU", "PYONGYANG", "WASHINGTON", "KYIV"}


def test_export_csv_with_filters_to_a_file(sqlite_url: str, tmp_path: Path) -> None:
    _seed(sqlite_url)
    out = tmp_path / "trump.csv"
    result = CliRunner().invoke(app, ["export", "Trump", "--place", "WASHINGTON", "--format", "csv",
                                      "-o", str(out), "--db", sqlite_url], catch_exceptions=False)
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert result.stderr == f"export: {len(rows)} stories to {out}\n"
    assert len(rows) == 3 and {r["place"] for r in rows} == {"WASHINGTON"}
    assert tuple(rows[0]) == CSV_COLUMNS


def test_export_json_array_and_empty(empty_archive: str) -> None:
    sqlite_url = empty_archive
    empty = CliRunner().invoke(app, ["export", "--format", "json", "--db", sqlite_url])
    assert (empty.exit_code, json.loads(empty.stdout)) == (0, [])
    _seed(sqlite_url)
    full = CliRunner().invoke(app, ["export", "--format", "json", "--db", sqlite_url])
    assert len(json.loads(full.stdout)) == 8
    bad = CliRunner().invoke(app, ["export", "--format", "xml", "--db", sqlite_url])
    assert bad.exit_code == 2


@pytest.mark.parametrize("where", ["missing-dir/out.csv", "."])
def test_export_to_a_bad_path_is_one_line_exit_2(sqlite_url: str, tmp_path: Path, where: str) -> None:
    _seed(sqlite_url)
    target = tmp_path / where
    result = CliRunner().invoke(app, ["export", "--format", "csv", "-o", str(target),
                                      "--db", sqlite_url])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stderr.startswith(f"anp-archive: cannot write {target}: ")
    assert result.stderr.count("\n") == 1
