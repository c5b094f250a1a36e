"""The one parse-and-store step of ``scrape``, ``import`` and ``reparse``.

Every page that enters the archive passes here, whichever command brought it: it is
parsed with the profile's hints, failures are classified the same way (an
:class:`Outcome`, never a free string), the page is stored under its canonical URL when
that is on the same site (an AMP copy and its canonical page are one story), and its
``Net binnen`` lines are stored as exact times that narrow their stories' intervals.

``scrape`` and ``reparse`` store one capture per transaction (:func:`parse_and_store`);
``import`` parses each file with :func:`read` and stores them in batches
(:func:`store_batch`), falling back to one page at a time when the database refuses a
batch, so one page it cannot take never costs the others.
"""

from __future__ import annotations

import contextlib
import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from anp_archive import parse
from anp_archive.canonical import canonical_url
from anp_archive.errors import (
    ConnectionLostError,
    DatabaseLockedError,
    DatabasePermissionError,
    DatabaseUnavailableError,
    DiskFullError,
    InputTooLargeError,
    NotANewsPageError,
    PageTooComplexError,
    ParseError,
    StoreError,
)
from anp_archive.models import Capture, Page
from anp_archive.store import Archive, IngestResult, PageToWrite

__all__ = [
    "MAX_STORE_FAILURES_IN_A_ROW",
    "Outcome",
    "PageResult",
    "StoreFailures",
    "parse_and_store",
    "read",
    "record_failure",
    "reread_batch",
    "store_batch",
]

#: This many "database gone" failures in a row mean the database, not one page, is
#: failing: the run (or reparse, or import) stops with the StoreError.
MAX_STORE_FAILURES_IN_A_ROW = 5


class Outcome(enum.Enum):
    """What parsing and storing one capture came to."""

    STORED = "stored"
    UNCHANGED = "unchanged"  # these bytes were read by this parser version already
    NOT_NEWS = "not_news"  # no dateline, lead or ticker: not an ANP page (normal content)
    TOO_COMPLEX = "too_complex"  # over the parser's size or nesting limits
    UNREADABLE = "unreadable"  # another ParseError: empty, binary, undecodable
    INTERNAL = "internal"  # the parser raised what it should not: a bug
    REFUSED = "refused"  # the database refused this page only (a value, a constraint)
    DATABASE_GONE = "database_gone"  # unreachable, disk full, locked, no permission

    @property
    def parse_failed(self) -> bool:
        return self in (Outcome.NOT_NEWS, Outcome.TOO_COMPLEX, Outcome.UNREADABLE,
                        Outcome.INTERNAL)

    @property
    def store_failed(self) -> bool:
        return self in (Outcome.REFUSED, Outcome.DATABASE_GONE)


@dataclass(frozen=True, slots=True)
class PageResult:
    """One capture's outcome, with the page and what storing it added when it was stored.

    ``error`` is the one-line reason of a failure; ``exc`` the StoreError of a store
    failure; ``latest`` the Net binnen lines stored new.
    """

    outcome: Outcome
    page: Page | None = None
    stored: IngestResult | None = None
    error: str = ""
    exc: StoreError | None = None
    latest: int = 0
    page_url: str | None = None


# Failures that say the database itself is gone, not that one page is bad: only a row of
# these stops the work. A page the database refuses is counted as failed and the rest go
# on, so it can never block the pages after it.
_DATABASE_GONE: tuple[type[StoreError], ...] = (
    DatabaseUnavailableError,
    ConnectionLostError,
    DiskFullError,
    DatabaseLockedError,
    DatabasePermissionError,
)


def _store_failure(exc: StoreError, page: Page | None, error: str | None = None) -> PageResult:
    outcome = Outcome.DATABASE_GONE if isinstance(exc, _DATABASE_GONE) else Outcome.REFUSED
    return PageResult(outcome, page=page, error=str(exc) if error is None else error, exc=exc)


class StoreFailures:
    """Counts "database gone" failures in a row; raises once they say it is down."""

    def __init__(self, work: str = "run") -> None:
        self.in_a_row = 0
        self.work = work  # named in the message: "the run stops", "the import stops"

    def check(self, result: PageResult) -> None:
        """Raises:
            StoreError: MAX_STORE_FAILURES_IN_A_ROW results in a row were DATABASE_GONE.
        """
        if result.outcome is not Outcome.DATABASE_GONE:
            if result.outcome is not Outcome.REFUSED:
                self.in_a_row = 0
            return
        self.in_a_row += 1
        if self.in_a_row >= MAX_STORE_FAILURES_IN_A_ROW:
            exc = result.exc
            assert exc is not None
            # The same class, so the exit code names the failure (disk full, lost, ...).
            raise type(exc)(
                f"the database is gone: {self.in_a_row} pages in a row could not be "
                f"stored; the {self.work} stops. Last error: {exc}"
            ) from exc


def read(capture: Capture, *, hints: Mapping[str, str] | None = None) -> Page | PageResult:
    """The parsed page, or the failed PageResult saying why it could not be read.

    Never raises for one bad page: a parser bug is an INTERNAL outcome, recorded as
    ``internal: ...``, so it is found and fixed, not hidden.
    """
    try:
        return parse.parse_page(
            capture.body,
            url=capture.url,
            fetched_at=capture.fetched_at,
            encoding=capture.charset,
            hints=hints or None,
        )
    except NotANewsPageError as exc:
        return PageResult(Outcome.NOT_NEWS, error=str(exc))
    except (PageTooComplexError, InputTooLargeError) as exc:
        return PageResult(Outcome.TOO_COMPLEX, error=str(exc))
    except ParseError as exc:
        return PageResult(Outcome.UNREADABLE, error=str(exc))
    except Exception as exc:  # one bad page must never break a run
        return PageResult(Outcome.INTERNAL, error=f"internal: {type(exc).__name__}: {exc}")


def record_failure(archive: Archive, capture_id: int, failed: PageResult) -> PageResult:
    """Mark the capture failed by the current ``PARSER_VERSION`` with ``failed``'s reason,
    so the next run does not trip over it again and ``reparse`` retries it after a fix;
    returns ``failed``, or the store failure when even that could not be recorded."""
    try:
        archive.mark_parse_failed(capture_id, parser_version=parse.PARSER_VERSION,
                                  error=failed.error)
    except StoreError as exc:
        return _store_failure(exc, None, f"{failed.error} (not recorded: {exc})")
    return failed


def _page_url(capture: Capture, page: Page) -> str | None:
    """The URL the page's story is known by: its canonical URL when the page declares one
    on its own site, else the URL it was fetched from."""
    fetched = capture.url or page.url
    if fetched is None:
        return None
    canonical = canonical_url(capture.body, base_url=fetched, encoding=capture.charset)
    return canonical if canonical is not None else fetched


def _store_latest(archive: Archive, capture_id: int, page: Page) -> int:
    if not page.latest and page.lead is None:
        return 0
    return archive.store_latest(capture_id, page)


def parse_and_store(
    archive: Archive,
    capture_id: int,
    capture: Capture,
    *,
    hints: Mapping[str, str] | None = None,
    replace: bool = False,
) -> PageResult:
    """Parse one stored capture and store the page in its own transaction; never raises
    for one bad page. ``replace`` rebuilds a reading by the same parser version.

    Whatever the parser raises, the capture is marked failed with the current
    ``PARSER_VERSION`` (so the next run does not trip over it again, and ``reparse`` can
    retry it after a fix). A store failure is returned as REFUSED or DATABASE_GONE: the
    caller (through :class:`StoreFailures`) decides when they mean the database is down.
    """
    version = parse.PARSER_VERSION
    page = read(capture, hints=hints)
    if isinstance(page, PageResult):
        return record_failure(archive, capture_id, page)
    page_url = _page_url(capture, page)
    try:
        if page_url is not None and page_url != capture.url:
            stored = archive.store_page_as(
                capture_id, page, page_url=page_url, parser_version=version, replace=replace
            )
        else:
            stored = archive.store_page(capture_id, page, parser_version=version,
                                        replace=replace)
    except StoreError as exc:
        if not isinstance(exc, _DATABASE_GONE):
            # The database refused this page only: record why, so no later run's recovery
            # trips over it again; ``reparse`` retries it once the cause is fixed.
            with contextlib.suppress(StoreError):
                archive.mark_parse_failed(capture_id, parser_version=version,
                                          error=f"not stored: {exc}")
        return _store_failure(exc, page)
    try:
        latest = _store_latest(archive, capture_id, page)
    except StoreError as exc:  # the page's stories are stored; only the times wait
        return PageResult(Outcome.STORED, page=page, stored=stored, page_url=page_url,
                          error=f"Net binnen times not stored: {exc}", exc=exc)
    return PageResult(Outcome.STORED, page=page, stored=stored, latest=latest,
                      page_url=page_url)


def _one(archive: Archive, capture: Capture, page: Page, version: str) -> PageResult:
    page_url = _page_url(capture, page)
    try:
        if page_url is not None and page_url != (capture.url or page.url):
            # Stored apart: the batch writer takes the capture's own URL for the page.
            ref = archive.add_capture(capture)
            stored = archive.store_page_as(ref.id, page, page_url=page_url,
                                           parser_version=version)
            stored = replace(stored, capture_new=ref.is_new)
        else:
            [stored] = archive.ingest_many([(capture, page)], parser_version=version)
    except StoreError as exc:
        return _store_failure(exc, page)
    return PageResult(Outcome.STORED, page=page, stored=stored, page_url=page_url)


def store_batch(archive: Archive, items: Sequence[tuple[Capture, Page]]) -> list[PageResult]:
    """Store parsed captures together in one transaction (``import``), one result each.

    Should the database refuse the batch, its pages are stored one by one, so only the
    page it refuses fails. A page stored under a canonical URL other than its own is
    stored on its own. Net binnen lines are stored after the pages, and the lines headed
    by the titles of the batch's leads are linked to their stories.
    """
    version = parse.PARSER_VERSION
    results: list[PageResult | None] = [None] * len(items)
    together: list[int] = []
    for i, (capture, page) in enumerate(items):
        url = _page_url(capture, page)
        if url is not None and url != (capture.url or page.url):
            results[i] = _one(archive, capture, page, version)
        else:
            together.append(i)
    if together:
        try:
            written = archive.ingest_many([items[i] for i in together], parser_version=version)
        except StoreError as exc:
            if isinstance(exc, _DATABASE_GONE):
                failed = _store_failure(exc, None)
                for i in together:
                    results[i] = replace(failed, page=items[i][1])
            else:
                for i in together:
                    results[i] = _one(archive, *items[i], version)
        else:
            for i, stored in zip(together, written, strict=True):
                capture, page = items[i]
                results[i] = PageResult(Outcome.STORED, page=page, stored=stored,
                                        page_url=capture.url or page.url)
    done: list[tuple[int | None, Capture, PageResult]] = []
    for (capture, _), result in zip(items, results, strict=True):
        assert result is not None
        done.append((None, capture, result))
    return _latest_of(archive, done)


def reread_batch(
    archive: Archive, items: Sequence[tuple[int, Capture, Page]]
) -> list[PageResult]:
    """Store the new readings of stored captures together (``reparse``), one result each.

    One transaction replaces the captures' old readings and recounts the stories they
    touched once for the batch, which is what makes ``reparse --all`` as fast as an
    import. Should the database refuse the batch, its pages are stored one by one, so
    only the page it refuses fails (and is marked failed, as by :func:`parse_and_store`).
    """
    version = parse.PARSER_VERSION
    urls = [_page_url(capture, page) for _, capture, page in items]
    writes = [
        PageToWrite(capture_id, capture.fetched_at, url, page)
        for (capture_id, capture, page), url in zip(items, urls, strict=True)
    ]
    try:
        written = archive.store_pages_again(writes, parser_version=version)
    except StoreError as exc:
        if isinstance(exc, _DATABASE_GONE):
            return [_store_failure(exc, page) for _, _, page in items]
        results = [_store_again(archive, write) for write in writes]
    else:
        results = [
            PageResult(Outcome.STORED, page=page, stored=stored, page_url=url)
            for (_, _, page), stored, url in zip(items, written, urls, strict=True)
        ]
    # Page by page too: a refused batch must not cost its other pages their Net binnen.
    return _latest_of(archive, [
        (w.capture_id, capture, r)
        for w, (_, capture, _), r in zip(writes, items, results, strict=True)
    ])


def _store_again(archive: Archive, write: PageToWrite) -> PageResult:
    version = parse.PARSER_VERSION
    try:
        [stored] = archive.store_pages_again([write], parser_version=version)
    except StoreError as exc:
        if not isinstance(exc, _DATABASE_GONE):
            with contextlib.suppress(StoreError):
                archive.mark_parse_failed(write.capture_id, parser_version=version,
                                          error=f"not stored: {exc}")
        return _store_failure(exc, write.page)
    return PageResult(Outcome.STORED, page=write.page, stored=stored, page_url=write.page_url)


def _latest_of(
    archive: Archive, stored: list[tuple[int | None, Capture, PageResult]]
) -> list[PageResult]:
    """Store the Net binnen lines of the stored pages (capture id None: looked up by the
    capture's bytes), and link the lines headed by their lead titles; a failure is noted
    on the page's result (its stories are stored)."""
    done: list[PageResult] = []
    for capture_id, capture, result in stored:
        page = result.page
        if result.outcome is not Outcome.STORED or page is None or not page.latest:
            done.append(result)
            continue
        try:
            if capture_id is None:
                capture_id = archive.capture_id(capture.sha256)
            if capture_id is not None:
                result = replace(result, latest=archive.store_latest(capture_id, page))
        except StoreError as exc:
            result = replace(result, error=f"Net binnen times not stored: {exc}", exc=exc)
        done.append(result)
    titles = {
        r.page.lead.title.strip()
        for r in done
        if r.outcome is Outcome.STORED and r.page is not None and r.page.lead is not None
        and r.page.lead.title
    }
    if titles:
        with contextlib.suppress(StoreError):  # linked again by the next page of that title
            archive.link_latest(titles)
    return done
