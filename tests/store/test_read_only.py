"""Read commands never write: a reader uid without write permission, during a scrape,
reads the operator's SQLite archive and leaves every file of it as it was."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

import anp_archive
from anp_archive.cli import app

SEED = Path(__file__).resolve().parents[2] / "fixtures" / "pages"
READER_UID = 65534  # nobody
READS = [["search", "de"], ["show", "1"], ["stats"], ["export", "--format", "jsonl"],
         ["db", "current"]]



def _private_parent(*paths: Path) -> Path | None:
    """The first directory above ``paths`` that other users cannot enter, if any."""
    for path in paths:
        for parent in path.resolve().parents:
            if not parent.stat().st_mode & stat.S_IXOTH:
                return parent
    return None


# The reader runs anp-archive itself: like any user of an installed tool, it must be able
# to reach the installation (a checkout in a private ``mktemp -d`` directory is not).
_PRIVATE = _private_parent(Path(anp_archive.__file__), Path(sys.prefix) / "lib")

pytestmark = [
    pytest.mark.skipif(os.geteuid() != 0, reason="needs root to switch to a reader uid"),
    pytest.mark.skipif(
        _PRIVATE is not None,
        reason=f"the reader uid cannot reach anp-archive's installation ({_PRIVATE} is private)",
    ),
]


@pytest.fixture
def operator_dir() -> Iterator[Path]:
    # Not under pytest's tmp_path: its parents are private to root, and the reader must be
    # able to reach the archive (a root-owned 755 directory, as an operator's would be).
    path = Path(tempfile.mkdtemp(prefix="anp-ro-", dir="/tmp"))
    path.chmod(0o755)
    yield path
    shutil.rmtree(path)


def _snapshot(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


def _invoke(args: list[str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, args)
    return result.exit_code, result.stdout, result.stderr


def _as_reader(args: list[str]) -> tuple[int, str, str]:
    """Run the CLI in a forked child that has dropped to the reader uid."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never return into pytest
        try:
            os.close(read_fd)
            os.setgroups([])
            os.setgid(READER_UID)
            os.setuid(READER_UID)
            payload = json.dumps(_invoke(args)).encode()
            os.write(write_fd, payload)
        finally:
            os._exit(0)
    os.close(write_fd)
    chunks = []
    while chunk := os.read(read_fd, 65536):
        chunks.append(chunk)
    os.close(read_fd)
    os.waitpid(pid, 0)
    code, out, err = json.loads(b"".join(chunks) or b'[99, "", "child died"]')
    return int(code), str(out), str(err)


def _import(db: Path) -> None:
    pages = [str(p) for p in sorted(SEED.glob("*/page.semantic.html"))]
    code, _, err = _invoke(["import", *pages, "--fetched-at", "2026-01-01T12:00+01:00",
                            "--db", str(db)])
    assert code == 0, err


def test_a_reader_without_write_permission_reads_and_leaves_no_trace(
    operator_dir: Path,
) -> None:
    db = operator_dir / "archive.sqlite"
    _import(db)
    db.chmod(0o644)
    for args in READS:  # as the owner first: every module the command needs is imported
        assert _invoke([*args, "--db", str(db)])[0] == 0
    before = _snapshot(operator_dir)
    assert list(before) == ["archive.sqlite"]
    for args in READS:
        code, out, err = _as_reader([*args, "--db", str(db)])
        assert (code, err) == (0, ""), args
        assert out
    assert _snapshot(operator_dir) == before
    _import(db)  # the owner's next import still works


def test_a_reader_during_a_scrape_sees_committed_stories(operator_dir: Path) -> None:
    db = operator_dir / "archive.sqlite"
    _import(db)
    db.chmod(0o644)
    writer = sqlite3.connect(db, isolation_level=None)
    try:
        # A scrape in progress: WAL open, a committed change not yet checkpointed.
        writer.execute("PRAGMA journal_mode = WAL")
        writer.execute("PRAGMA wal_autocheckpoint = 0")
        writer.execute("UPDATE stories SET section = 'Tussendoor' WHERE id = 1")
        assert (operator_dir / "archive.sqlite-wal").exists()
        before = _snapshot(operator_dir)
        code, out, err = _as_reader(["search", "--section", "Tussendoor", "--format", "json",
                                     "--db", str(db)])
        assert (code, err) == (0, "")
        assert [s["id"] for s in json.loads(out)["stories"]] == [1]
        for args in READS:
            code, out, err = _as_reader([*args, "--db", str(db)])
            assert (code, err) == (0, ""), args
        assert _snapshot(operator_dir).keys() == before.keys()
        assert (operator_dir / "archive.sqlite").read_bytes() == before["archive.sqlite"]
    finally:
        writer.close()
    _import(db)
    assert sorted(p.name for p in operator_dir.iterdir()) == ["archive.sqlite"]
