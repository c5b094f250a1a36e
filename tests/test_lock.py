"""The run lock: one scrape per site, released by the OS/server when the holder dies."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa

from anp_archive.errors import LockHeldError
from anp_archive.lock import advisory_key, lock_path_for, run_lock


@dataclass
class FakeArchive:
    dialect: str
    sqlite_path: Path | None
    engine: sa.Engine


def _sqlite(tmp_path: Path) -> FakeArchive:
    db = tmp_path / "archive.sqlite"
    return FakeArchive("sqlite", db, sa.create_engine(f"sqlite:///{db}"))


def test_second_holder_gets_lock_held_error(tmp_path: Path) -> None:
    archive = _sqlite(tmp_path)
    with run_lock(archive, "zeelandnet"):
        with pytest.raises(LockHeldError) as info, run_lock(archive, "zeelandnet"):
            pass
        assert str(info.value).startswith("another scrape of zeelandnet is running")
        assert info.value.exit_code == 3
    # released at the end of the block: taking it again works
    with run_lock(archive, "zeelandnet"):
        pass


def test_different_sites_do_not_block_each_other(tmp_path: Path) -> None:
    archive = _sqlite(tmp_path)
    with run_lock(archive, "zeelandnet"), run_lock(archive, "andere-site"):
        assert lock_path_for(archive.sqlite_path, "zeelandnet").exists()  # type: ignore[arg-type]


def test_lock_file_sits_beside_the_database(tmp_path: Path) -> None:
    path = lock_path_for(tmp_path / "a.sqlite", "demo site/1")
    assert path == tmp_path / "a.sqlite.demo_site_1.lock"


def test_lock_released_when_error_escapes(tmp_path: Path) -> None:
    archive = _sqlite(tmp_path)
    with pytest.raises(RuntimeError), run_lock(archive, "s"):
        raise RuntimeError("boom")
    with run_lock(archive, "s"):
        pass


def test_sigkilled_holder_leaves_no_stale_lock(tmp_path: Path) -> None:
    archive = _sqlite(tmp_path)
    code = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from types import SimpleNamespace\n"
        "from anp_archive.lock import run_lock\n"
        "a = SimpleNamespace(dialect='sqlite', sqlite_path=Path(sys.argv[1]), engine=None)\n"
        "with run_lock(a, 'zeelandnet'):\n"
        "    print('held', flush=True)\n"
        "    time.sleep(60)\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code, str(archive.sqlite_path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "held"
        with pytest.raises(LockHeldError), run_lock(archive, "zeelandnet"):
            pass
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()
    deadline = time.monotonic() + 5
    while True:
        try:
            with run_lock(archive, "zeelandnet"):
                break
        except LockHeldError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def test_advisory_key_is_stable_and_signed_64_bit() -> None:
    key = advisory_key("zeelandnet")
    assert key == advisory_key("zeelandnet")
    assert key != advisory_key("demo")
    assert -(2**63) <= key < 2**63


@pytest.mark.postgres
def test_postgres_advisory_lock(pg_url: str) -> None:
    engine = sa.create_engine(pg_url)
    archive = FakeArchive("postgresql", None, engine)
    try:
        with run_lock(archive, "zeelandnet"):
            with (
                pytest.raises(LockHeldError, match="another scrape of zeelandnet is running"),
                run_lock(archive, "zeelandnet"),
            ):
                pass
            with run_lock(archive, "andere-site"):
                pass
        with run_lock(archive, "zeelandnet"):
            pass
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_postgres_lock_released_when_holder_dies(pg_url: str) -> None:
    engine = sa.create_engine(pg_url)
    archive = FakeArchive("postgresql", None, engine)
    code = (
        "import sys, time\n"
        "import sqlalchemy as sa\n"
        "from types import SimpleNamespace\n"
        "from anp_archive.lock import run_lock\n"
        "a = SimpleNamespace(dialect='postgresql', sqlite_path=None,"
        " engine=sa.create_engine(sys.argv[1]))\n"
        "with run_lock(a, 'zeelandnet'):\n"
        "    print('held', flush=True)\n"
        "    time.sleep(60)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code, pg_url], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "held"
        with pytest.raises(LockHeldError), run_lock(archive, "zeelandnet"):
            pass
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        deadline = time.monotonic() + 10
        while True:
            try:
                with run_lock(archive, "zeelandnet"):
                    break
            except LockHeldError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()
        engine.dispose()
