"""Output on a stdout that is not UTF-8 (``PYTHONIOENCODING=ascii``): never a traceback.

Machine formats (json, jsonl, csv) are always UTF-8 bytes; human text replaces what the
terminal's encoding cannot show.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from anp_archive.cli import app

SEED = Path(__file__).resolve().parents[3] / "shared" / "seed" / "anp-page-buitenland.txt"
pytestmark = pytest.mark.skipif(not SEED.exists(), reason=f"seed page not found at {SEED}")


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> str:
    db = str(tmp_path_factory.mktemp("enc") / "a.sqlite")
    result = CliRunner().invoke(
        app, ["import", str(SEED), "--fetched-at", "2026-01-01T12:00+01:00", "--db", db],
        catch_exceptions=False,
    )
    assert result.exit_code == 0
    return db


def _run(encoding: str, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONIOENCODING": encoding, "LC_ALL": "C"}
    env.pop("ANP_ARCHIVE_DB", None)
    return subprocess.run(
        [sys.executable, "-m", "anp_archive", *args], capture_output=True, env=env, timeout=120,
        check=False,
    )


ENCODINGS = ["ascii", "latin-1"]


def _non_ascii(data: bytes) -> bool:
    return any(b > 0x7F for b in data)


@pytest.mark.parametrize("command", [["search", "--format", "json"], ["export", "--format", "json"]])
@pytest.mark.parametrize("encoding", ENCODINGS)
def test_json_is_utf8_on_a_narrow_stdout(seeded: str, command: list[str], encoding: str) -> None:
    done = _run(encoding, *command, "--db", seeded)
    assert done.returncode == 0, done.stderr.decode()
    assert done.stderr == b"" or b"Traceback" not in done.stderr
    data = json.loads(done.stdout.decode("utf-8"))
    # search wraps its stories with their total; export writes the bare list.
    stories = data["stories"] if command[0] == "search" else data
    assert len(stories) == 8
    assert _non_ascii(done.stdout)  # the real characters, not escapes or '?'


@pytest.mark.parametrize("command", [["export", "--format", "csv"], ["search", "--format", "jsonl"]])
@pytest.mark.parametrize("encoding", ENCODINGS)
def test_csv_and_jsonl_are_utf8_on_a_narrow_stdout(seeded: str, command: list[str], encoding: str) -> None:
    done = _run(encoding, *command, "--db", seeded)
    assert done.returncode == 0, done.stderr.decode()
    text = done.stdout.decode("utf-8")
    if command[-1] == "csv":
        assert len(list(csv.DictReader(io.StringIO(text)))) == 8
    else:
        assert len([json.loads(line) for line in text.splitlines()]) > 0
    assert _non_ascii(done.stdout)


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_show_and_stats_json_are_utf8_on_a_narrow_stdout(seeded: str, encoding: str) -> None:
    stats = _run(encoding, "stats", "--format", "json", "--db", seeded)
    assert stats.returncode == 0, stats.stderr.decode()
    json.loads(stats.stdout.decode("utf-8"))
    found = json.loads(_run(encoding, "search", "--format", "json", "--db", seeded).stdout)
    for story in found["stories"]:
        shown = _run(encoding, "show", str(story["id"]), "--format", "json", "--db", seeded)
        assert shown.returncode == 0, shown.stderr.decode()
        assert json.loads(shown.stdout.decode("utf-8"))["id"] == story["id"]


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_table_on_a_narrow_stdout_has_no_traceback(seeded: str, encoding: str) -> None:
    done = _run(encoding, "search", "--format", "table", "--db", seeded)
    assert done.returncode == 0, done.stderr.decode()
    assert done.stderr == b""
    text = done.stdout.decode("utf-8" if encoding == "ascii" else encoding)
    assert "…" in text or "?" in text  # the clipped titles' ellipsis, shown or replaced
    assert len(text.splitlines()) == 10  # header, 8 stories, the count
