from __future__ import annotations

from collections.abc import Iterator

import pytest

from anp_archive.store import Archive


@pytest.fixture
def archive(db_url: str) -> Iterator[Archive]:
    """A fresh archive on SQLite and on PostgreSQL."""
    with Archive.open(db_url) as opened:
        yield opened
