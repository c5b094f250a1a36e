"""Stories out of the archive as JSON, JSON Lines or CSV, streamed row by row.

The writers take any iterable of ``StoryRecord`` (``Archive.iter_stories`` streams them
from a server-side cursor), write as they go and hold one row at a time, so exporting a
million stories needs no more memory than exporting ten. (WARC export of the captures is
``anp_archive.warc``.)
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Literal, TextIO

from anp_archive.errors import ConfigError
from anp_archive.store import Archive, StoryRecord

__all__ = [
    "CSV_COLUMNS",
    "EXPORT_FORMATS",
    "SQLITE_SIDE_FILES",
    "check_output_path",
    "write_stories",
]

ExportFormat = Literal["json", "jsonl", "csv"]
EXPORT_FORMATS: tuple[str, ...] = ("json", "jsonl", "csv")

# The v_articles columns (DESIGN.md, Contract 2), then what the views leave out.
CSV_COLUMNS = (
    "id", "url", "section", "title", "place", "agencies", "lede", "body", "published_at",
    "published_earliest", "published_latest", "first_seen_at", "last_seen_at", "sightings",
    "revisions", "time_conflict",
)

# What SQLite keeps next to a database file; writing over any of them corrupts it, and a
# stray "-wal" or "-journal" file is read as the database's own on the next open.
SQLITE_SIDE_FILES = ("", "-wal", "-shm", "-journal")


def check_output_path(archive: Archive, output: str | Path) -> None:
    """Refuse to write an export onto ``archive``'s own files, however the path is spelt.

    Compared after resolving symlinks and relative parts, and by inode for files that
    exist (a hard link is the same file too). A PostgreSQL archive has no such files.

    Raises:
        ConfigError: ``output`` is the SQLite file or its -wal, -shm or -journal file.
    """
    if archive.sqlite_path is None:
        return
    target = Path(output).expanduser()
    resolved = target.resolve()
    base = archive.sqlite_path.resolve()
    for suffix in SQLITE_SIDE_FILES:
        own = Path(str(base) + suffix)
        same = resolved == own
        if not same and own.exists() and target.exists():
            try:
                same = os.path.samefile(target, own)
            except OSError:
                same = False
        if same:
            raise ConfigError(
                f"refusing to write to {output}: it is the archive's own "
                f"{'database file' if not suffix else suffix[1:] + ' file'} ({own}); "
                "choose another output file"
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
