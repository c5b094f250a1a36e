"""Stories out of the archive as JSON, JSON Lines or CSV, streamed row by row.

The writers take any iterable of ``StoryRecord`` (``Archive.iter_stories`` streams them
from a server-side cursor), write as they go and hold one row at a time, so exporting a
million stories needs no more memory than exporting ten. (WARC export of the captures is
``anp_archive.warc``.)
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import Literal, TextIO

from anp_archive.errors import ConfigError
from anp_archive.store import StoryRecord

__all__ = ["CSV_COLUMNS", "EXPORT_FORMATS", "write_stories"]

ExportFormat = Literal["json", "jsonl", "csv"]
EXPORT_FORMATS: tuple[str, ...] = ("json", "jsonl", "csv")

# The v_articles columns (DESIGN.md, Contract 2), then what the views leave out.
CSV_COLUMNS = (
    "id", "url", "section", "title", "place", "agencies", "lede", "body", "published_at",
    "published_earliest", "published_latest", "first_seen_at", "last_seen_at", "sightings",
    "revisions", "time_conflict",
)


def write_stories(stories: Iterable[StoryRecord], out: TextIO, fmt: str) -> int:
    """Write ``stories`` to ``out`` in ``fmt`` (json, jsonl or csv); returns the count.

    Raises:
        ConfigError: an unknown format.
    """
    if fmt == "jsonl":
        count = 0
        for story in stories:
            out.write(json.dumps(story.to_dict(), ensure_ascii=False) + "\n")
            count += 1
        return count
    if fmt == "json":
        count = 0
        out.write("[")
        for story in stories:
            out.write((",\n" if count else "\n") + json.dumps(story.to_dict(), ensure_ascii=False))
            count += 1
        out.write("\n]\n" if count else "]\n")
        return count
    if fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
        writer.writeheader()
        count = 0
        for story in stories:
            row = story.to_dict()
            writer.writerow({name: "" if row[name] is None else row[name] for name in CSV_COLUMNS})
            count += 1
        return count
    raise ConfigError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
