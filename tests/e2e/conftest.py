"""Fixtures for end-to-end tests (a real server on 127.0.0.1, the real CLI in a subprocess)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from faultsite import SITE


@pytest.fixture
def site_copy(tmp_path: Path) -> Iterator[Path]:
    """A writable copy of the fixture site, for tests that change it."""
    root = tmp_path / "site"
    shutil.copytree(SITE, root)
    yield root
