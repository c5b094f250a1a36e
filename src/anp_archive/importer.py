"""Import saved pages (HTML or text files, folders, WARC files) into the archive.

Each file is one capture. Parsed pages are stored in small batches (at most ``batch_size``
files or one second of work per transaction), so an import killed half way leaves every
file it committed whole and none half-stored; running it again skips what is already there
(same bytes, same parser version) without parsing it again and completes the rest. A file
that does not parse is reported through ``on_error`` and skipped; the others still import.

Only page files are parsed: ``.html``, ``.htm``, ``.txt``, ``.warc`` and ``.warc.gz`` by
name, any other file only when its first bytes look like HTML or WARC. The rest of a folder
(notes, JSON, scripts) is counted as ``not_pages`` and left alone. A file or WARC record
over ``max_bytes`` is never read whole: it is counted as ``too_large`` with its reason.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from anp_archive.config import PARSE_MAX_BYTES
from anp_archive.errors import AnpArchiveError, ConfigError, ParseError, StoreError
from anp_archive.ingestion import Outcome, PageResult, StoreFailures, read, store_batch
from anp_archive.models import Capture, Page
from anp_archive.parse import PARSER_VERSION
from anp_archive.store import Archive
from anp_archive.times import AMSTERDAM
from anp_archive.urls import MAX_URL_LENGTH

__all__ = ["PAGE_SUFFIXES", "ImportSummary", "import_paths", "iter_files"]

BATCH_SECONDS = 1.0
ErrorCallback = Callable[[str, AnpArchiveError], None]
ProgressCallback = Callable[[int, int | None], None]  # (files done, files in all)


PAGE_SUFFIXES = (".html", ".htm", ".txt", ".warc", ".warc.gz")
_SNIFF_BYTES = 1024
_HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<article", b"<?xml")


@dataclass(slots=True)
class ImportSummary:
    """What an import did.

    ``files`` counts the page files read (a WARC file is one), ``records`` the captures
    taken from WARC files; ``skipped`` are captures already in the archive, ``not_pages``
    files that are not pages, ``too_large`` files and records over the size cap.
    """

    files: int = 0
    records: int = 0
    not_pages: int = 0
    too_large: int = 0
    too_large_items: list[tuple[str, str]] = field(default_factory=list)
    new_stories: int = 0
    new_sightings: int = 0
    new_revisions: int = 0
    new_latest: int = 0  # Net binnen lines stored as exact times
    skipped: int = 0
    errors: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)

    def count(self, result: PageResult) -> None:
        """Add what storing one parsed page came to (its failure is reported apart)."""
        stored = result.stored
        if result.outcome is not Outcome.STORED or stored is None:
            return
        if not stored.capture_new and stored.new_sightings == 0:
            self.skipped += 1
        self.new_stories += stored.new_stories
        self.new_sightings += stored.new_sightings
        self.new_revisions += stored.new_revisions
        self.new_latest += result.latest

    def line(self) -> str:
        """The one-line summary the CLI prints."""
        records = f" ({self.records} WARC records)" if self.records else ""
        extra = "".join(
            f", {count} {what}"
            for count, what in ((self.not_pages, "not pages"), (self.too_large, "too large"))
            if count
        )
        return (
            f"import: {self.files} files{records}, {self.new_stories} new stories, "
            f"{self.new_sightings} new sightings, {self.skipped} skipped{extra}, "
            f"{self.errors} errors"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "records": self.records,
            "not_pages": self.not_pages,
            "too_large": self.too_large,
            "new_stories": self.new_stories,
            "new_sightings": self.new_sightings,
            "new_revisions": self.new_revisions,
            "skipped": self.skipped,
            "errors": self.errors,
        }


def _is_warc(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith((".warc", ".warc.gz"))


def _sniff(path: Path) -> str | None:
    """``"warc"``, ``"page"`` or None (not a page) for a file without a page suffix."""
    try:
        with path.open("rb") as handle:
            head = handle.read(_SNIFF_BYTES)
    except OSError:
        return "page"  # let the read report why it cannot be read
    if head.startswith(b"WARC/"):
        return "warc"
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return "page" if start.startswith(_HTML_STARTS) else None


def _kind(path: Path) -> str | None:
    if _is_warc(path):
        return "warc"
    if path.name.lower().endswith(PAGE_SUFFIXES):
        return "page"
    return _sniff(path)


def _read_capped(path: Path, limit: int) -> bytes | None:
    """The file's bytes, or None if it is longer than ``limit`` (then never read whole)."""
    with path.open("rb") as handle:
        body = handle.read(limit + 1)
    return None if len(body) > limit else body


def iter_files(paths: Sequence[Path]) -> Iterator[Path]:
    """Every file named, and every non-hidden file below every folder named, sorted.

    Raises:
        ConfigError: a path does not exist.
    """
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                relative = child.relative_to(path).parts
                if child.is_file() and not any(part.startswith(".") for part in relative):
                    yield child
        elif path.is_file():
            yield path
        else:
            raise ConfigError(f"no such file or folder: {path}")


def _size(path: Path) -> int:
    return path.stat().st_size


def _mtime(path: Path) -> float | None:
    try:
        return path.stat().st_mtime
    except OSError:
        return None  # reported when it is read


def import_paths(
    archive: Archive,
    paths: Sequence[Path],
    *,
    fetched_at: datetime | None = None,
    url: str | None = None,
    on_error: ErrorCallback | None = None,
    hints: Mapping[str, str] | None = None,
    batch_size: int = 50,
    max_bytes: int = PARSE_MAX_BYTES,
    on_progress: ProgressCallback | None = None,
) -> ImportSummary:
    """Import files and folders (recursively) into ``archive``; see the module docstring.

    ``fetched_at`` defaults to each file's modification time (a naive one is Amsterdam
    time); ``url`` names the page a single file was saved from. WARC files keep their own
    URLs and dates. ``max_bytes`` caps one page (file or WARC record). ``hints`` are the
    site profile's, as for ``scrape``. ``on_progress`` is called with (files done, files
    in all) after each file. Pages are parsed and stored by the same step as ``scrape``'s
    (``anp_archive.ingestion``): a page the database refuses is an error of that file
    only.

    Raises:
        ConfigError: a path does not exist, or ``url`` was given for more than one file.
        StoreError: the database failed (the files before it stay imported).
    """
    # Late: warc.py reads the package's __version__, which the package sets after
    # importing this module.
    from anp_archive.warc import OversizedRecord, iter_warc

    parser_version = PARSER_VERSION
    summary = ImportSummary()
    failures = StoreFailures("import")
    kinds: dict[Path, str] = {}
    for path in iter_files(paths):
        kind = _kind(path)
        if kind is None:
            summary.not_pages += 1
        else:
            kinds[path] = kind
    files = list(kinds)
    # Each file's time, read once: it orders the files and dates their captures.
    mtimes = {path: _mtime(path) for path in files} if fetched_at is None else {}
    if fetched_at is None:
        # Oldest first, as the pages were fetched: an update then meets its original
        # story, and a full text the ticker teaser before it, in the order they appeared.
        files.sort(key=lambda path: (mtimes[path] or 0.0, str(path)))
    if url is not None and len(files) > 1:
        raise ConfigError("--url names the page of one file; import the files one by one")

    def report(name: str, exc: AnpArchiveError) -> None:
        summary.errors += 1
        summary.failures.append((name, str(exc)))
        if on_error is not None:
            on_error(name, exc)

    batch: list[tuple[Capture, Page]] = []
    names: list[tuple[str, str]] = []
    batch_started = time.monotonic()

    def flush() -> None:
        nonlocal batch_started
        if batch:
            for (name, _), result in zip(names, store_batch(archive, batch), strict=True):
                failures.check(result)
                if result.outcome.store_failed or result.error:
                    # Refused, or stored without its Net binnen times.
                    report(name, result.exc or StoreError(result.error))
                summary.count(result)
            batch.clear()
            names.clear()
        batch_started = time.monotonic()

    def too_large(name: str) -> None:
        summary.too_large += 1
        summary.too_large_items.append(
            (name, f"skipped: the page is over the size cap of {max_bytes} bytes")
        )

    def one(name: str, capture: Capture) -> None:
        if archive.is_parsed(capture.sha256, parser_version) or any(
            capture.sha256 == queued.sha256 for queued, _ in batch
        ):
            summary.skipped += 1
            return
        page = read(capture, hints=hints)
        if isinstance(page, PageResult):
            report(name, ParseError(page.error))
            return
        if capture.url is None and page.url is not None:
            # A saved page without --url: its canonical link says where it came from.
            capture = replace(capture, url=page.url)
        if capture.url is not None and len(capture.url) > MAX_URL_LENGTH:
            # The scraper never fetches such a URL; a capture under one could not be
            # indexed on PostgreSQL and would fail the whole batch it is in.
            report(name, ConfigError(
                f"its URL is {len(capture.url)} characters, over the {MAX_URL_LENGTH}-character "
                "limit; not imported"
            ))
            return
        batch.append((capture, page))
        names.append((name, capture.sha256))
        # Small batches: one commit per batch, and a kill loses at most one batch's work.
        if len(batch) >= batch_size or time.monotonic() - batch_started > BATCH_SECONDS:
            flush()

    for done, path in enumerate(files):
        if on_progress is not None:
            on_progress(done, len(files))
        summary.files += 1
        if kinds[path] == "warc":
            try:
                for item in iter_warc(path, max_bytes=max_bytes):
                    summary.records += 1
                    if isinstance(item, OversizedRecord):
                        too_large(f"{path} ({item.url or 'a file'})")
                    else:
                        one(f"{path} ({item.url})", item)
            except (ParseError, ConfigError) as exc:
                report(str(path), exc)
            continue
        try:
            body = None if _size(path) > max_bytes else _read_capped(path, max_bytes)
            if body is None:
                too_large(str(path))
                continue
            when = fetched_at or datetime.fromtimestamp(
                mtimes.get(path) or path.stat().st_mtime, tz=AMSTERDAM
            )
        except OSError as exc:
            report(str(path), ConfigError(f"cannot read: {exc.strerror or exc}"))
            continue
        one(str(path), Capture(url=url, fetched_at=when, status=200, body=body))
    flush()
    if on_progress is not None:
        on_progress(len(files), len(files))
    return summary

