"""config: Settings validation, and which SQLite file a database URL names."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from anp_archive.config import (
    DEFAULT_MAX_CRAWL_DELAY_S,
    Settings,
    existing_archive_url,
    sqlite_file,
)
from anp_archive.errors import ConfigError


def test_settings_defaults_include_the_crawl_delay_cap() -> None:
    assert Settings(db_url="sqlite://").max_crawl_delay_s == DEFAULT_MAX_CRAWL_DELAY_S


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("max_bytes", 0, "max_bytes must be a whole number > 0 (got 0)"),
        ("max_bytes", 1.5, "max_bytes must be a whole number > 0 (got 1.5)"),
        ("retries", -1, "retries must be a whole number from 0 to 20 (got -1)"),
        ("retries", 21, "retries must be a whole number from 0 to 20 (got 21)"),
        ("max_crawl_delay_s", 0, "max_crawl_delay_s must be > 0 and at most 3600 seconds (got 0)"),
        ("max_crawl_delay_s", float("inf"),
         "max_crawl_delay_s must be > 0 and at most 3600 seconds (got inf)"),
        ("max_crawl_delay_s", 3601, "max_crawl_delay_s must be > 0 and at most 3600 seconds "
         "(got 3601)"),
        ("delay_s", float("inf"), "delay_s must be >= 0 and at most 3600 seconds (got inf)"),
        ("delay_s", -1, "delay_s must be >= 0 and at most 3600 seconds (got -1)"),
    ],
)
def test_settings_refuse_values_out_of_range(field: str, value: object, message: str) -> None:
    with pytest.raises(ConfigError) as info:
        Settings(db_url="sqlite://", **{field: value})  # type: ignore[arg-type]
    assert str(info.value) == message


def test_settings_accept_the_edges() -> None:
    settings = Settings(db_url="sqlite://", max_bytes=1, retries=0, max_crawl_delay_s=0.001)
    assert (settings.max_bytes, settings.retries) == (1, 0)


@pytest.mark.parametrize(
    "url",
    [
        "sqlite:///a.sqlite",
        "sqlite:////tmp/x/a.sqlite",
        "sqlite:////tmp/a%20b.sqlite",
        "sqlite+pysqlite:////tmp/x.sqlite?timeout=3",
    ],
)
def test_sqlite_file_is_the_file_sqlalchemy_opens(url: str) -> None:
    assert sqlite_file(url) == Path(str(make_url(url).database))


@pytest.mark.parametrize(
    "url",
    ["sqlite://", "sqlite:///:memory:", "sqlite:///file:x.db?uri=true",
     "postgresql+psycopg://u@h/db", "not a url"],
)
def test_no_file_for_memory_uris_and_servers(url: str) -> None:
    assert sqlite_file(url) is None


def test_existing_archive_url_refuses_a_missing_file_and_passes_the_rest(tmp_path: Path) -> None:
    missing = tmp_path / "nope.sqlite"
    with pytest.raises(ConfigError) as info:
        existing_archive_url(str(missing))
    assert str(info.value) == (
        f"no archive at {missing} (nothing scraped or imported yet, or a mistyped --db)"
    )
    missing.touch()
    assert existing_archive_url(str(missing)) == f"sqlite:///{missing}"
    assert existing_archive_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert not (tmp_path / "other").exists()
