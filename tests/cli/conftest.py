"""Fixtures for the command tests."""

from __future__ import annotations

import pytest

from anp_archive.store import upgrade


@pytest.fixture
def empty_archive(sqlite_url: str) -> str:
    """A SQLite archive that exists (migrated) and holds nothing: what read commands need."""
    upgrade(sqlite_url)
    return sqlite_url
