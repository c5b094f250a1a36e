"""Helpers for end-to-end tests: run the real CLI in a subprocess, read the archive back."""

from __future__ import annotations

import html
import os
import re
import sqlite3
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from faultsite import SITE


def scrape_args(start_url: str, db: Path, *extra: str) -> list[str]:
    return [
        sys.executable, "-m", "anp_archive", "scrape",
        "--start-url", start_url, "--delay", "0", "--db", str(db), *extra,
    ]


def cli_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("ANP_ARCHIVE_DB", None)
    return env


@dataclass
class Done:
    code: int
    stdout: str
    stderr: str


def run(args: Sequence[str], *, timeout: float = 120) -> Done:
    proc = subprocess.run(
        list(args), capture_output=True, text=True, timeout=timeout, env=cli_env(), check=False
    )
    return Done(proc.returncode, proc.stdout, proc.stderr)


def start(args: Sequence[str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        list(args), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=cli_env()
    )


def query(db: Path, sql: str, params: Sequence[object] = ()) -> list[tuple[object, ...]]:
    """Read the archive through the analysts' views (Contract 2), read-only."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return list(conn.execute(sql, params))
    finally:
        conn.close()


def fixture_stories() -> dict[str, str]:
    """title -> place of every article on the fixture site that robots.txt allows."""
    stories = {}
    for file in sorted((SITE / "nieuws").glob("*.html")):
        text = file.read_text(encoding="utf-8")
        h1 = re.search(r"<h1[^>]*>(.*?)</h1>", text)
        lead = re.search(r"<p>([^<(]+?) \(ANP", text)
        if h1 and lead and "@" not in file.name and file.stem != "verborgen-bericht":
            if file.stem in ("binnenland", "buitenland", "economie"):
                continue
            stories[html.unescape(h1.group(1))] = html.unescape(lead.group(1))
    return stories


