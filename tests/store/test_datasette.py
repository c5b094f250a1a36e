"""Datasette's ``?_search=`` finds stories in an archive, through the FTS5 table it detects."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path
from typing import Any

from anp_archive.store import Archive

from .pages import T0, capture_for, page, tick

STORIES = [
    ("AMSTERDAM", "De gemeente bouwt dit jaar duizend woningen voor studenten."),
    ("DEVENTER", "Oude huizen aan de IJssel krijgen een nieuw dak."),
]


def _archive(tmp_path: Path) -> Path:
    path = tmp_path / "archive.sqlite"
    with Archive.open(f"sqlite:///{path}") as archive:
        for i, (place, body) in enumerate(STORIES):
            at = T0 + timedelta(hours=i)
            p = page(None, None, tick(place, body, agencies=("ANP",), fetched_at=at),
                     fetched_at=at)
            archive.ingest(capture_for(p), p, parser_version="1")
    return path


def _get(path: Path, url: str, metadata: dict[str, Any] | None = None) -> Any:
    from datasette.app import Datasette

    async def fetch() -> Any:
        ds = Datasette([str(path)], metadata=metadata)
        response = await ds.client.get(url)
        assert response.status_code == 200, response.text
        return response.json()

    return asyncio.run(fetch())


def test_datasette_searches_stories_by_word_and_by_stem(tmp_path: Path) -> None:
    path = _archive(tmp_path)
    plain = _get(path, "/archive/stories.json?_search=woningen&_shape=array")
    assert [r["place"] for r in plain] == ["AMSTERDAM"]
    # The stems column is searched too: the stem of a plural finds it.
    stem = _get(path, "/archive/stories.json?_search=woning&_shape=array")
    assert [r["place"] for r in stem] == ["AMSTERDAM"]
    assert _get(path, "/archive/stories.json?_search=giraffe&_shape=array") == []


def test_datasette_searches_the_articles_view_with_metadata(tmp_path: Path) -> None:
    path = _archive(tmp_path)
    metadata = {"databases": {"archive": {"tables": {
        "v_articles": {"fts_table": "stories_fts", "fts_pk": "id"},
    }}}}
    rows = _get(path, "/archive/v_articles.json?_search=huizen&_shape=array", metadata)
    assert [r["place"] for r in rows] == ["DEVENTER"]
