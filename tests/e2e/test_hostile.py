"""The real CLI against a hostile server on 127.0.0.1: every fault fixed here stays fixed."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from clirun import cli_env, scrape_args
from hostile_site import Answer, bombs, serve_hostile

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
