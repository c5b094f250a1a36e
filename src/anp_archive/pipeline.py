"""The only module that joins fetch -> parse -> store: ``scrape`` and ``reparse``.

A run, in order:

1. takes the per-site run lock (``anp_archive.lock``) so cron runs never overlap;
2. finishes captures a killed run stored but never parsed (``Archive.unparsed_captures``);
3. fetches the profile's start and index pages with the validators kept from last time
   (a 304 is "unchanged" and costs the site nothing);
4. follows article and index links found there and in every page's ticker, breadth first,
   up to ``max_depth`` hops into index pages and ``max_pages`` fetches, skipping articles
   already captured unless ``refresh``.

Every response is stored as a capture *before* it is parsed, and each page is parsed and
stored in its own transaction: a crash or a bad page never costs the pages before it, and
the next run (or ``reparse``) finishes what was left.

Network waits and our own work overlap: fetches run concurrently on the event loop
(the Fetcher enforces concurrency, robots and per-host delays). A fetched page's links are
extracted on a reader thread (which also answers "captured before?" and validator
lookups) and handed straight back to the crawl, while capturing, parsing and storing the
page run on one worker thread. One writer thread keeps SQLite writes strictly serial,
which SQLite needs anyway, and the loop keeps requests in flight meanwhile.
"""

from __future__ import annotations

import asyncio
import functools
import time
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit

from anp_archive import discovery, fetch, parse, urls
from anp_archive.canonical import declared_urls
from anp_archive.config import Settings
from anp_archive.errors import (
    AnpArchiveError,
    ConsentWallError,
    FetchError,
    HTTPStatusError,
    LayoutChangedError,
    NoNewStoriesError,
    NothingFetchedError,
    RedirectError,
    ResponseTooLargeError,
    RobotsDisallowedError,
    RobotsUnreachableError,
    StoreError,
    UnsupportedContentError,
)
from anp_archive.ingestion import (
    Outcome,
    PageResult,
    StoreFailures,
    parse_and_store,
    read,
    record_failure,
    reread_batch,
)
from anp_archive.lock import run_lock
from anp_archive.models import Capture, Page
from anp_archive.profile import SiteProfile
from anp_archive.store import Archive, StoredCapture

if TYPE_CHECKING:
    import httpx

__all__ = [
    "DEFAULT_STALE_AFTER",
    "ProgressCallback",
    "ReparseSummary",
    "RunSummary",
    "Terminated",
    "reparse",
    "scrape",
]

T = TypeVar("T")

#: ``reparse`` stores this many pages (or one second of work) per transaction.
REPARSE_BATCH = 50
BATCH_SECONDS = 1.0

#: Exit code of a run stopped by SIGINT (Ctrl-C) or SIGTERM (systemd stop, ``timeout``).
EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 143

#: ``scrape --stale-after``: no new story for this long while the site answered is exit 5.
DEFAULT_STALE_AFTER = timedelta(hours=24)

#: Called after each fetch with (fetches done, fetches started so far, url).
ProgressCallback = Callable[[int, int, str], None]

# Errors that say something about one page, not about reaching the site at all.
_PAGE_ERRORS = (
    ConsentWallError,
    RedirectError,
    ResponseTooLargeError,
    UnsupportedContentError,
    HTTPStatusError,
)


class Terminated(KeyboardInterrupt):
    """SIGTERM (systemd stop, ``timeout``): stops a run like Ctrl-C, recorded as exit 143.

    The CLI installs the handler that raises it (``scrape_cmd``); a KeyboardInterrupt, so
    code that stops cleanly on Ctrl-C stops cleanly on SIGTERM too.
    """


@dataclass(slots=True)
class RunSummary:
    """What one ``scrape`` run did; ``exit_code`` follows the documented table (0, 1, 4, 5)."""

    site: str
    pages: int = 0  # responses received: new bodies + unchanged (304 or same bytes)
    unchanged: int = 0
    new_captures: int = 0
    new_stories: int = 0
    new_sightings: int = 0
    new_revisions: int = 0
    errors: int = 0
    parse_failures: int = 0
    store_failures: int = 0
    skipped: int = 0  # article pages that are not ANP news (no dateline): normal content
    gone: int = 0  # discovered article links that answered 404/410
    robots_skipped: int = 0
    recovered: int = 0  # captures a killed run left unparsed, parsed now
    capped: int = 0  # 1 while links of a capped or stopped run wait in the frontier
    bad_links: int = 0  # links refused: malformed, or longer than urls.MAX_URL_LENGTH
    resumed: int = 0  # links taken over from the frontier a capped or stopped run left
    sources: int = 0  # feeds and sitemaps read (new or unchanged); never stored as captures
    new_latest: int = 0  # Net binnen lines stored as exact times
    wire_pages: int = 0  # new bodies of pages the profile says carry wire items
    wire_pages_bare: int = 0  # ... of which showed no dateline at all
    layout_alarm: int = 0  # 1 when this run exits 5 for a layout change
    requests: int = 0
    duration_s: float = 0.0
    exit_code: int = 0
    messages: list[str] = field(default_factory=list)

    def line(self) -> str:
        """The one summary line a cron job's log keeps."""
        return (
            f"scrape: {self.pages} pages ({self.unchanged} unchanged), "
            f"{self.new_stories} new stories, {self.new_sightings} sightings, "
            f"{self.errors} errors in {self.duration_s:.0f} s"
        )

    def counts(self) -> dict[str, int]:
        """The integer counters, as recorded in the runs table."""
        return {k: v for k, v in asdict(self).items() if isinstance(v, int) and k != "exit_code"}

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (``scrape --json``)."""
        data = asdict(self)
        data["duration_s"] = round(self.duration_s, 3)
        return data


@dataclass(slots=True)
class ReparseSummary:
    """What ``reparse`` did: captures looked at, re-read or already current, and what the
    re-reading added to the archive's totals (0 on a second pass).

    ``rebuilt`` counts re-read captures whose earlier reading was replaced; the sightings
    a rebuilt capture stores again are not new, so ``new_*`` are the change in the
    archive's totals, never the rows written."""

    captures: int = 0  # captures looked at (all, or those fetched since --since)
    reread: int = 0  # handed to the parser this time
    current: int = 0  # left alone: already read by this PARSER_VERSION without an error
    rebuilt: int = 0  # re-read captures whose earlier reading was replaced
    new_stories: int = 0
    new_sightings: int = 0
    new_revisions: int = 0
    failed: int = 0
    skipped: int = 0  # captures without a body
    store_failures: int = 0
    messages: list[str] = field(default_factory=list)

    def count(self, result: PageResult, read_before: bool) -> None:
        """Count one re-read capture's outcome (``read_before``: an earlier reading)."""
        if result.outcome is Outcome.STORED:
            if read_before:
                self.rebuilt += 1
        else:
            self.failed += 1
            if result.outcome.store_failed:
                self.store_failures += 1

    def line(self) -> str:
        """One summary line for the CLI."""
        rebuilt = f", {self.rebuilt} rebuilt" if self.rebuilt else ""
        return (
            f"reparse: {self.captures} captures ({self.reread} re-read{rebuilt}, "
            f"{self.current} already current), {self.new_stories} new stories, "
            f"{self.new_sightings} new sightings, {self.new_revisions} new revisions, "
            f"{self.failed} failed (parser {parse.PARSER_VERSION})"
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        data = asdict(self)
        data["parser_version"] = parse.PARSER_VERSION
        return data


def _readable(page: Page) -> bool:
    """True when the parser found wire structure: a dateline anywhere, or a Net binnen list."""
    if page.lead is not None and page.lead.dateline is not None:
        return True
    return any(item.dateline is not None for item in page.ticker) or bool(page.latest)


def _has_dateline(page: Page) -> bool:
    """True when the page shows a datelined wire item (a Net binnen list alone is not)."""
    if page.lead is not None and page.lead.dateline is not None:
        return True
    return any(item.dateline is not None for item in page.ticker)


def _now() -> datetime:
    return datetime.now(UTC)


#: The depth a feed or sitemap has in the frontier: links are never negative deep, so a
#: capped run resumes its sitemaps as sitemaps without a new column. One queued by
#: ``--backfill`` keeps BACKFILL_DEPTH, so the runs that carry it on read it whole too.
SOURCE_DEPTH = -1
BACKFILL_DEPTH = -2



class _Run:
    """One scrape run: the frontier, the counters, and the worker that stores and parses."""

    def __init__(
        self,
        archive: Archive,
        profile: SiteProfile,
        settings: Settings,
        *,
        refresh: bool,
        progress: ProgressCallback | None,
        transport: httpx.AsyncBaseTransport | None,
        thorough: bool = False,
        alarm_before: bool = False,
        backfill: bool = False,
    ) -> None:
        self.archive = archive
        self.backfill = backfill
        # Feeds and sitemaps to read, ahead of pages: they say where the articles are.
        self.sources: deque[tuple[str, int]] = deque()
        # Exact times feeds and news sitemaps gave for stories not stored yet, by URL key
        # (kept in the archive too, for later runs); only the worker thread touches it.
        self.pending_times: dict[str, datetime] = {}
        # The last run raised the layout alarm: a run that re-reads no wire page (all
        # unchanged) has no reason to think it is over, and says so again.
        self.alarm_before = alarm_before
        self.thorough = thorough
        self.profile = profile
        self.settings = settings
        self.refresh = refresh
        self.progress = progress
        self.transport = transport
        self.summary = RunSummary(site=profile.name)
        self.pages_parsed = 0  # new bodies handed to the parser
        self.articles_parsed = 0  # ... of which were article (not index) pages
        self.pages_readable = 0  # ... of which showed a dateline or a Net binnen list
        self.network_errors: list[FetchError] = []
        self.robots_errors: list[RobotsDisallowedError] = []
        self.fetches = 0  # real fetches started: what --max-pages limits
        self.done = 0
        self.store_failures = StoreFailures()
        # Counters are split by thread (no shared read-modify-write): the loop counts fetch
        # outcomes, the worker counts parse outcomes; verdict() adds them up.
        self.fetch_errors = 0
        self.not_modified = 0
        self.same_bytes = 0
        # One worker thread stores and parses, in order: SQLite takes one writer at a time
        # anyway. Lookups (skip checks, validators) and link extraction run on a reader
        # thread, so the next fetch never waits behind a page being stored.
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="anp-archive-store")
        self.reader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="anp-archive-read")
        self.resumed: deque[tuple[str, int]] = deque()
        self.frontier: deque[tuple[str, int]] = deque()
        self.index_frontier: deque[tuple[str, int]] = deque()
        self.seen: set[str] = set()
        self.start_urls = frozenset(filter(None, map(self._key, profile.start_urls)))
        self.storing: dict[asyncio.Future[list[str]], int] = {}
        self.deadline = float("inf")  # set when crawl() starts
        # Links taken off the queue but not fetched yet, and links the page cap refused:
        # with what is left in the queues, the frontier the next run starts from.
        self.in_flight: dict[str, int] = {}
        self.visited: dict[str, int] = {}  # fetched (or known and skipped) this run
        self.done_before: list[tuple[str, int]] = []  # fetched by earlier runs of the crawl
        self.refused: dict[str, int] = {}

    async def _in_worker(self, func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.worker, functools.partial(func, *args, **kwargs))

    # -- worker-thread side (blocking) ------------------------------------------------------

    def _parse_and_store(
        self, capture_id: int, capture: Capture, *, is_index: bool, recovering: bool = False
    ) -> list[str]:
        """Parse one stored capture, store the page, and count what came of it.

        Returns the page's ticker URLs, for discovery. Raises StoreError only when
        ``MAX_STORE_FAILURES_IN_A_ROW`` pages in a row could not be stored.
        """
        result = parse_and_store(self.archive, capture_id, capture, hints=self.profile.hints)
        self.store_failures.check(result)
        if not recovering and capture.url and self.profile.is_wire_page(capture.url):
            self.summary.wire_pages += 1
            if result.page is None or not _has_dateline(result.page):
                self.summary.wire_pages_bare += 1
        if not recovering:
            # The verdict (exit 5) is about pages fetched in this run.
            self.pages_parsed += 1
            if not is_index:
                self.articles_parsed += 1
        url = capture.url or f"capture {capture_id}"
        self._count(result, url, is_index=is_index)
        if result.outcome is not Outcome.STORED:
            if result.outcome is Outcome.NOT_NEWS and self.pending_times and capture.url:
                # No story will ever be stored for this page: its feed time has no use.
                self._apply_pending(capture.url, store=False)
            return []
        assert result.page is not None
        if not recovering and _readable(result.page):
            self.pages_readable += 1
        if self.pending_times and result.page_url:
            # A feed lists the URL it knows: the fetched one or the canonical the page
            # is stored under (result.page_url); either finds the waiting time.
            self._apply_pending(result.page_url, capture.url)
        return [item.url for item in result.page.ticker if item.url]

    def _count(self, result: PageResult, url: str, *, is_index: bool) -> None:
        """Add one page's outcome to the summary, and note what the operator should see."""
        s, outcome = self.summary, result.outcome
        if outcome.store_failed:
            s.store_failures += 1
            self._note(f"{url}: not stored: {result.error}")
        elif outcome is Outcome.INTERNAL:
            s.parse_failures += 1
            self._note(f"{url}: {result.error}")
        elif outcome.parse_failed:
            # An index page without wire items is only a list of links; an article page
            # that is not ANP news (a regional story, no dateline) is normal site content.
            if is_index:
                return
            if outcome is Outcome.NOT_NEWS:
                s.skipped += 1
            else:
                s.parse_failures += 1
                self._note(f"{url}: {result.error}")
        elif outcome is Outcome.STORED:
            assert result.stored is not None
            if result.error:  # stored, but its Net binnen times were not
                self._note(f"{url}: {result.error}")
            s.new_latest += result.latest
            s.new_stories += result.stored.new_stories
            s.new_sightings += result.stored.new_sightings
            s.new_revisions += result.stored.new_revisions

    def _apply_pending(
        self, url: str, fetched_as: str | None = None, *, store: bool = True
    ) -> None:
        keys = [k for k in {self._key(u) for u in (url, fetched_as) if u} if k is not None]
        waiting = [k for k in keys if k in self.pending_times]
        if not waiting:
            return
        at = self.pending_times[waiting[0]]
        try:
            if store:
                self.archive.set_published_at(url, at, self.profile.url_form)
            for key in waiting:
                self.archive.drop_listed_time(self.profile.name, key)
        except StoreError as exc:
            self._note(f"{url}: feed time not stored: {exc}")
            return
        for key in waiting:
            del self.pending_times[key]

    def _listed_times(self, listed: list[tuple[str, datetime]]) -> None:
        """Store the exact times a source gave: at once for stories we have, the rest
        once their article page is stored (``_apply_pending``), by this run or a later
        one (they are kept in the archive, ``listed_times``)."""
        waiting: dict[str, datetime] = {}
        for url, at in listed:
            key = self._key(url)
            if key is None:
                continue
            try:
                form = self.profile.url_form
                # Kept only while no story has the URL: a story with its own exact time
                # keeps it, and its article is not fetched again to use a kept one.
                if not self.archive.set_published_at(
                    url, at, form
                ) and not self.archive.has_story_for_url(url, form):
                    waiting[key] = at
            except StoreError as exc:
                self._note(f"{url}: feed time not stored: {exc}")
        try:
            self.archive.keep_listed_times(self.profile.name, waiting)
        except StoreError as exc:  # this run can still apply them
            self._note(f"feed times not kept for later runs: {exc}")
        self.pending_times.update(waiting)

    def _store_page(
        self, requested: str, result: fetch.FetchResult, *, is_index: bool
    ) -> list[str]:
        """Store the response first (so a crash loses nothing), then parse and store it.

        Returns the page's ticker URLs, for discovery.
        """
        capture = result.capture
        assert capture is not None  # only a 304 comes without one
        ref = self.archive.add_capture(capture)
        # Validators only once the bytes are safe: killed in between, the next run must
        # not get a 304 for a page it never stored.
        if result.etag or result.last_modified:
            self.archive.set_validators(requested, result.etag, result.last_modified)
        if not ref.is_new:
            # The same bytes as a page we already have (and parsed: leftovers of a killed
            # run were parsed at the start): nothing new to read.
            self.same_bytes += 1
            return []
        self.summary.new_captures += 1
        return self._parse_and_store(ref.id, capture, is_index=is_index)

    def _known_article(self, url: str) -> bool:
        """True when ``url`` need not be fetched again: it has a parsed capture that is
        an article page (a stored story, or a page that is not ANP news).

        A page whose URL looks like an article's but that is a list (no lead, only wire
        items) is checked again (conditionally) on every run instead of being skipped for
        ever: its list changes.
        """
        if not self.archive.has_capture_for_url(url, self.profile.url_form):
            return False
        if self.archive.has_story_for_url(url, self.profile.url_form):
            return True
        stored = self.archive.latest_capture_for_url(url, self.profile.url_form)
        if stored is None or stored.parser_version is None:
            return False  # not parsed yet: recovery or this run will see to it
        page = read(stored.capture, hints=self.profile.hints)
        if isinstance(page, PageResult):
            # A regional story, a page without a dateline: nothing to re-read. A failed
            # parse is fetched again: it may be fixed.
            return page.outcome is Outcome.NOT_NEWS
        return page.lead is not None or not (page.ticker or page.latest)

    def _links_from_last_capture(self, url: str, requested: str) -> tuple[list[str], list[str]]:
        """Links and declared feeds of the newest stored capture of ``url`` (the final URL
        of a 304), or of ``requested`` when that has none; nothing without either."""
        stored = self.archive.latest_capture_for_url(url)
        if stored is None and requested != url:
            stored = self.archive.latest_capture_for_url(requested)
        if stored is None:
            return [], []
        capture = stored.capture
        base = capture.url or url
        links = parse.extract_links(capture.body, base_url=base, encoding=capture.charset)
        feeds = discovery.declared_feeds(capture.body, base_url=base, encoding=capture.charset)
        return links, feeds

    def _recover(self) -> None:
        """Parse this site's captures a killed run stored but never got to parse."""
        for stored in self.archive.unparsed_captures():
            url = stored.capture.url
            if url is None or not self.profile.is_allowed(url):
                continue  # another site's run (or an import) will finish its own
            self._parse_and_store(stored.id, stored.capture, is_index=True, recovering=True)
            self.summary.recovered += 1

    # -- event-loop side --------------------------------------------------------------------

    def _note(self, message: str) -> None:
        if len(self.summary.messages) < 100:
            self.summary.messages.append(message)

    def _conditional(self, url: str, *, is_index: bool) -> bool:
        """Whether to send the stored validators when fetching ``url``.

        A 304 saves the site a page but tells us none of its links. That is fine for an
        unchanged page whose links were all followed before, so:

        - ``--refresh`` reads everything anew;
        - after a run that was killed or hit the page cap, index pages are read in full,
          so the links that run never got to are found again;
        - an unchanged index page's links are read from its last capture.
        """
        if self.refresh:
            return False
        if not is_index:
            return True
        return not self.thorough

    def _is_index(self, url: str) -> bool:
        """Start pages and pages matching the profile's index pattern are index pages."""
        return self._key(url) in self.start_urls or self.profile.is_index(url)

    async def _read(self, func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.reader, functools.partial(func, *args, **kwargs))

    async def _visit(self, fetcher: fetch.Fetcher, url: str, depth: int) -> list[str]:
        """Fetch one page; return its links at once and leave storing to the worker.

        A visit cancelled by an interruption leaves ``url`` in ``in_flight``, so it is kept
        in the frontier.
        """
        self.in_flight[url] = depth
        if depth < 0:
            links = await self._fetch_source(fetcher, url, depth)
        else:
            links = await self._fetch_page(fetcher, url, depth)
        self.in_flight.pop(url, None)
        if url not in self.refused:
            self.visited[url] = depth
        return links

    async def _fetch(
        self,
        fetcher: fetch.Fetcher,
        url: str,
        depth: int,
        *,
        etag: str | None,
        last_modified: str | None,
        gone_ok: bool,
        source: bool,
    ) -> fetch.FetchResult | None:
        """Fetch one page or source within the page cap, counting what went wrong; None
        when there is no response to read (capped, robots.txt, an error, gone).

        ``gone_ok``: a 404 or 410 is counted as gone, not as an error. A network error on
        a page (not a source) counts towards "the site cannot be reached" (exit 4).
        """
        if self.fetches >= self.settings.max_pages:
            self.summary.capped = 1  # a real fetch refused: the page cap left work undone
            self.refused[url] = depth
            return None
        self.fetches += 1
        try:
            return await fetcher.fetch(
                url, etag=etag, last_modified=last_modified,
                accept=fetch.XML_TYPES if source else fetch.HTML_TYPES,
            )
        except RobotsDisallowedError as exc:
            self.fetches -= 1  # robots.txt said no: no request went to the page
            self.summary.robots_skipped += 1
            self.robots_errors.append(exc)
            return None
        except FetchError as exc:
            if gone_ok and isinstance(exc, HTTPStatusError) and exc.status in (404, 410):
                self.summary.gone += 1
                return None
            message = str(exc)  # the fetcher's messages name the URL; others get it here
            self.fetch_errors += 1
            self._note(message if url in message else f"{url}: {message}")
            if not source and not isinstance(exc, _PAGE_ERRORS) and exc.status is None:
                self.network_errors.append(exc)
            return None
        finally:
            self.done += 1
            if self.progress is not None:
                self.progress(self.done, max(self.done, self.fetches), url)

    async def _fetch_page(self, fetcher: fetch.Fetcher, url: str, depth: int) -> list[str]:
        is_index = self._is_index(url)
        if not is_index and not self.refresh and await self._read(self._known_article, url):
            return []
        etag: str | None = None
        last_modified: str | None = None
        if self._conditional(url, is_index=is_index):
            etag, last_modified = await self._read(self.archive.get_validators, url)
        # An article taken down since it was linked is reported, not a failure.
        result = await self._fetch(fetcher, url, depth, etag=etag, last_modified=last_modified,
                                   gone_ok=not is_index, source=False)
        if result is None:
            return []
        self.summary.pages += 1
        if result.not_modified or result.capture is None:
            self.not_modified += 1
            if is_index:
                # An unchanged front page may still link to section pages that changed:
                # read its links (and the feeds it declares) from the capture we have.
                links, feeds = await self._read(self._links_from_last_capture, result.url, url)
                self._add_sources(feeds)
                return links
            return []
        capture = result.capture
        # Links first, on the reader thread (pure, no database), so the next fetches can
        # start while this page waits its turn to be stored and parsed.
        links = await self._read(
            parse.extract_links,
            capture.body,
            base_url=capture.url or url,
            encoding=capture.charset,
        )
        if is_index:
            feeds = await self._read(
                discovery.declared_feeds, capture.body, base_url=capture.url or url,
                encoding=capture.charset,
            )
            self._add_sources(feeds)
        else:
            # An article's AMP copy or canonical URL is the same story: not fetched again.
            aliases = await self._read(
                declared_urls, capture.body, base_url=capture.url or url,
                encoding=capture.charset,
            )
            for alias in aliases:
                key = self._key(alias)
                if key is not None and not self._is_index(alias):
                    self.seen.add(key)
        store = asyncio.ensure_future(self._in_worker(self._store_page, url, result,
                                                      is_index=is_index))
        self.storing[store] = depth
        if result.url != url:
            target = self._key(result.url)  # do not fetch the redirect target again
            if target is not None:
                self.seen.add(target)
        return links

    def _add_sources(self, found: Iterable[str], depth: int | None = None) -> None:
        """Queue feeds and sitemaps on the allowed hosts, each once per run."""
        if depth is None:
            depth = BACKFILL_DEPTH if self.backfill else SOURCE_DEPTH
        for raw in found:
            url = urls.clean(raw)
            key = self._key(url) if url is not None else None
            if url is None or key is None or key in self.seen or not self.profile.is_allowed(url):
                continue
            self.seen.add(key)
            self.sources.append((url, depth))

    async def _fetch_source(self, fetcher: fetch.Fetcher, url: str, depth: int) -> list[str]:
        """Fetch a feed or sitemap like a page (cap, robots, validators) but never store
        it as a capture: it is read here, its articles queued and its times kept.

        Returns [] always: what it lists is queued here, the articles as trusted links.
        """
        etag: str | None = None
        last_modified: str | None = None
        # A backfill reads its sources in full: a 304 would hide the old entries a normal
        # run left out when it read the same sitemap.
        if not self.refresh and depth != BACKFILL_DEPTH:
            etag, last_modified = await self._read(self.archive.get_validators, url)
        # A 404 is a sitemap we guessed, or one taken down.
        result = await self._fetch(fetcher, url, depth, etag=etag, last_modified=last_modified,
                                   gone_ok=True, source=True)
        if result is None:
            return []
        self.summary.pages += 1
        self.summary.sources += 1
        if result.not_modified or result.capture is None:
            # Unchanged since it was read: its articles were queued then (and any the
            # page cap left wait in the frontier).
            self.not_modified += 1
            return []
        body = result.capture.body
        found = await self._read(
            discovery.read_source,
            body,
            base_url=result.url,
            max_bytes=self.settings.max_bytes,
            now=result.capture.fetched_at,
            backfill=depth == BACKFILL_DEPTH,
        )
        if found.kind == "unreadable":
            self.fetch_errors += 1
            self._note(f"{url}: {found.error}")
            return []
        self._add_sources(found.sources, depth)
        self._enqueue([a.url for a in found.articles], 0, trusted=True)
        times = [(a.url, a.published_at) for a in found.articles if a.published_at is not None]
        # The validators go in only after the articles are queued: a run killed before
        # then reads the source in full again.
        await self._in_worker(self._source_read, url, result, times)
        return []

    def _source_read(
        self, url: str, result: fetch.FetchResult, times: list[tuple[str, datetime]]
    ) -> None:
        if times:
            self._listed_times(times)
        if result.etag or result.last_modified:
            self.archive.set_validators(url, result.etag, result.last_modified)

    def _wanted(self, link: str) -> bool:
        return self.profile.is_article(link) or self.profile.is_index(link)

    def _key(self, url: str) -> str | None:
        return urls.identity_key(url, self.profile.url_form)

    def _enqueue(self, found: Iterable[str], depth: int, *, trusted: bool = False) -> None:
        """Queue new URLs on the allowed hosts that look like articles or index pages.

        ``trusted`` URLs (start URLs, and the links of ticker items, which the parser
        recognised as wire items by their content) need only be on an allowed host: a
        site whose article URLs do not match the profile's pattern is still crawled.
        """
        for raw in found:
            url = urls.clean(raw)
            key = self._key(url) if url is not None else None
            if url is None or key is None:
                self.summary.bad_links += 1
                continue
            if key in self.seen or not self.profile.is_allowed(url):
                continue
            if not trusted and not self._wanted(url):
                continue
            is_index = self.profile.is_index(url)
            # Depth counts hops into index pages (section, ?page=N): that is where a crawl
            # can run away. Articles take their page's depth, so every article an index
            # page within reach links to, and the tickers there, are followed.
            child_depth = depth + 1 if is_index else depth
            if child_depth > self.settings.max_depth:
                continue
            self.seen.add(key)
            # Index pages jump the queue: they are where the links are, so the crawl finds
            # its work early and the last requests are articles, not a pagination chain.
            queue = self.index_frontier if is_index else self.frontier
            queue.append((url, child_depth))

    def _out_of_time(self, dropped: int) -> None:
        """--max-run-time is up: say so, and mark the run unfinished for the next one."""
        left = len(self.index_frontier) + len(self.frontier) + dropped
        self.summary.capped = 1  # like --max-pages: work is left, the next run is thorough
        self._note(
            f"stopped after --max-run-time {self.settings.max_run_time_s:g} s with {left} "
            "pages not fetched; what was fetched is stored, the next run carries on"
        )

    def leftover(self) -> list[tuple[str, int]]:
        """The links this run found but did not fetch (the page cap, an interruption)."""
        left = dict(self.in_flight)
        left.update(self.refused)
        for url, depth in (*self.resumed, *self.sources, *self.index_frontier, *self.frontier):
            left.setdefault(url, depth)
        return list(left.items())

    def fetched_pages(self) -> list[tuple[str, int]]:
        """Pages the unfinished crawl fetched, this run or before: not to be queued again.

        Start pages are left out: every run reads them, that is where new stories appear.
        """
        done = dict(self.done_before)
        done.update(self.visited)
        starts = self.start_urls
        return [(u, d) for u, d in done.items() if self._key(u) not in starts]

    def resume(
        self, links: Iterable[tuple[str, int]], done: Iterable[tuple[str, int]] = ()
    ) -> None:
        """Queue the frontier a capped or stopped run left, ahead of everything else.

        Ahead of the start pages too: those are fetched (mostly 304s) on every run, and
        with a small ``--max-pages`` they would use up the cap before the frontier ever
        shrank. Pages the crawl fetched already (``done``) are not queued again, so pages
        that link to each other cannot keep the frontier alive: it drains.
        """
        for url, depth in done:
            key = self._key(url)
            if key is not None:
                self.seen.add(key)
                self.done_before.append((url, depth))
        for url, depth in links:
            key = self._key(url)
            if key is None or key in self.seen or not self.profile.is_allowed(url):
                continue
            self.seen.add(key)
            self.summary.resumed += 1
            # A feed or sitemap goes back to the sources, read before the pages.
            (self.sources if depth < 0 else self.resumed).append((url, depth))

    async def _seed_sources(self, fetcher: fetch.Fetcher) -> None:
        """Queue the profile's feeds and sitemaps and those robots.txt lists; with
        ``--backfill`` also ``/sitemap.xml``, where most sites keep their main one."""
        listed: list[str] = [*self.profile.feeds, *self.profile.sitemaps]
        origins: list[str] = []
        for start in self.profile.start_urls:
            parts = urlsplit(start)
            origin = f"{parts.scheme}://{parts.netloc}"
            if origin in origins:
                continue
            origins.append(origin)
            # robots.txt is read once per run anyway; this only asks what it said.
            declared = await fetcher.sitemaps_for(start)
            listed.extend(declared)
            if self.backfill:
                listed.append(f"{origin}/sitemap.xml")
        self._add_sources(listed)

    async def crawl(
        self,
        frontier: Iterable[tuple[str, int]] = (),
        done: Iterable[tuple[str, int]] = (),
    ) -> None:
        """Recover, then fetch breadth first while the worker stores what came in.

        Stops at ``settings.max_run_time_s`` after the run started (see _out_of_time).
        """
        self.deadline = time.monotonic() + self.settings.max_run_time_s
        # Times earlier runs' feeds gave for articles they did not store.
        self.pending_times = await self._in_worker(self.archive.listed_times, self.profile.name)
        await self._in_worker(self._recover)
        settings = fetch.FetchSettings.from_settings(self.settings, self.profile.allowed_hosts)
        for start in self.profile.start_urls:
            url, key = urls.clean(start), self._key(start)
            if url is not None and key is not None and key not in self.seen:
                self.seen.add(key)
                self.index_frontier.append((url, 0))
        self.resume(frontier, done)
        visiting: dict[asyncio.Future[list[str]], int] = {}
        max_visiting = max(2, self.settings.concurrency * 2)
        # Pages fetched but not yet stored wait in memory; bound them (backpressure).
        max_storing = max(4, self.settings.concurrency * 4)
        async with fetch.Fetcher(settings, transport=self.transport) as fetcher:
            try:
                await self._seed_sources(fetcher)
                while (
                    self.resumed or self.sources or self.index_frontier or self.frontier
                    or visiting or self.storing
                ):
                    # Known articles are skipped in _visit without a fetch; only real fetches
                    # count against --max-pages (_visit refuses those past the cap).
                    while (
                        (self.resumed or self.sources or self.index_frontier or self.frontier)
                        and len(visiting) < max_visiting
                        and len(self.storing) < max_storing
                    ):
                        queue = self.resumed or self.sources or self.index_frontier or self.frontier
                        url, depth = queue.popleft()
                        self.in_flight[url] = depth  # kept should the run stop right here
                        visiting[asyncio.ensure_future(self._visit(fetcher, url, depth))] = depth
                    remaining = self.deadline - time.monotonic()
                    finished, _ = await asyncio.wait(
                        [*visiting, *self.storing],
                        timeout=max(0.0, remaining),
                        return_when=asyncio.FIRST_COMPLETED,
                    )
                    if not finished:
                        self._out_of_time(len(visiting))
                        break
                    for task in finished:
                        ticker = task in self.storing  # a stored page's ticker item URLs
                        depth = self.storing.pop(task) if ticker else visiting.pop(task)
                        self._enqueue(task.result(), depth, trusted=ticker)
            finally:
                pending = [*visiting, *self.storing]
                for task in visiting:
                    task.cancel()
                if pending:
                    # Stores already handed to the worker finish (each is one transaction).
                    await asyncio.gather(*pending, return_exceptions=True)
                self.summary.requests = fetcher.requests_made

    def totals(self) -> None:
        """Derive the summary's errors and unchanged counts (idempotent): the one place
        they are added up, for finished and interrupted runs alike."""
        s = self.summary
        s.errors = self.fetch_errors + s.parse_failures + s.store_failures
        s.unchanged = self.not_modified + self.same_bytes

    def verdict(self) -> AnpArchiveError | None:
        """Set the exit code; return the error to raise for exit codes 4 and 5."""
        self.totals()
        s = self.summary
        if s.pages == 0:
            hosts = ", ".join(sorted({urlsplit(u).hostname or u for u in self.profile.start_urls}))
            # The fetcher reads robots.txt first; when the site cannot be reached at all that
            # is where it shows, per RFC 9309.
            unreachable: list[FetchError] = [
                *self.network_errors,
                *(e for e in self.robots_errors if isinstance(e, RobotsUnreachableError)),
            ]
            refused = [e for e in unreachable if e.status is not None]
            if refused and not self.network_errors:
                # robots.txt answered 5xx: the host is up, so the error says what it answered.
                s.exit_code = 4
                first_refusal = refused[0]
                return NothingFetchedError(
                    str(first_refusal).split("; ", 1)[0], status=first_refusal.status
                )
            if unreachable:
                s.exit_code = 4
                return NothingFetchedError(
                    f"could not reach {hosts}: {unreachable[0]}. No network? "
                    "Run 'anp-archive demo' to see the whole pipeline work offline"
                )
            if self.robots_errors:
                s.exit_code = 4
                return NothingFetchedError(
                    f"robots.txt of {hosts} allows none of the start pages; nothing fetched"
                )
            s.exit_code = 4
            first = s.messages[0] if s.messages else "no page could be fetched"
            return NothingFetchedError(f"nothing could be fetched from {hosts}: {first}")
        # "The layout changed" needs a new index page and at least one more new page, none
        # with a dateline. One hub page proves nothing (it may be all links), and neither
        # do new article pages behind an unchanged index: a regional story without a
        # dateline is normal site content.
        if s.wire_pages and s.wire_pages_bare == s.wire_pages:
            s.exit_code, s.layout_alarm = 5, 1
            return LayoutChangedError(
                f"{s.wire_pages} pages of {self.profile.name} that always carry wire items "
                "(the profile's wire_pattern) show no dateline; the site's layout probably "
                "changed (captures are kept: run 'anp-archive reparse' after updating)"
            )
        if s.wire_pages == 0 and self.alarm_before:
            s.exit_code, s.layout_alarm = 5, 1
            return LayoutChangedError(
                f"the pages of {self.profile.name} that always carry wire items are unchanged "
                "since the last run, which found no dateline on them; the layout change is "
                "not over (captures are kept: run 'anp-archive reparse' after updating)"
            )
        index_parsed = self.pages_parsed - self.articles_parsed
        if self.pages_readable == 0 and index_parsed > 0 and self.pages_parsed > 1:
            s.exit_code, s.layout_alarm = 5, 1
            return LayoutChangedError(
                f"{self.pages_parsed} pages fetched from {self.profile.name} but no dateline "
                "parsed on any of them; the site's layout probably changed "
                "(captures are kept: run 'anp-archive reparse' after updating)"
            )
        s.exit_code = 1 if s.errors else 0
        return None


def _staleness(
    archive: Archive, summary: RunSummary, stale_after: timedelta
) -> NoNewStoriesError | None:
    """Exit 5 when the site answered this run but nothing new came in for ``stale_after``.

    Unchanged pages (304) are answers too: a site that serves the same front page for a
    day has stopped carrying the wire, whatever its status codes say.
    """
    if summary.pages == 0 or summary.new_stories:
        return None
    last = archive.last_new_story_at()
    if last is None or _now() - last <= stale_after:
        return None
    hours = stale_after.total_seconds() / 3600
    summary.exit_code = 5
    return NoNewStoriesError(
        f"no new story from {summary.site} for more than {hours:g} h although the site "
        f"answered: the last new story was first seen at {last.isoformat(timespec='minutes')}"
        " (check the site and the profile; --stale-after sets the limit)"
    )


def _alarm_before(archive: Archive, site: str) -> bool:
    """True when the last finished run of ``site`` raised the layout alarm (exit 5)."""
    for run in archive.runs(limit=5, site=site):
        if run.finished_at is not None:
            return bool(run.counts.get("layout_alarm"))
    return False


def _previous_run_incomplete(archive: Archive, site: str) -> bool:
    """True when the last run of ``site`` was killed or stopped at the page cap.

    We hold the site's lock, so an unfinished run in the table is a dead one.
    """
    last = archive.runs(limit=1, site=site)
    return bool(last) and (last[0].finished_at is None or bool(last[0].counts.get("capped")))


def scrape(
    settings: Settings,
    profile: SiteProfile,
    *,
    refresh: bool = False,
    progress: ProgressCallback | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    summaries: list[RunSummary] | None = None,
    stale_after: timedelta | None = DEFAULT_STALE_AFTER,
    backfill: bool = False,
) -> RunSummary:
    """Run one scrape of ``profile`` into the archive at ``settings.db_url``.

    ``transport`` replaces the network (tests). The run's summary is appended to
    ``summaries`` as soon as the run starts, so a caller still has its counts (and exit
    code) when the run ends in an exception (``scrape --json`` on exit 4 or 5). The run is
    recorded in the runs table whatever its outcome. A summary with exit code 0 or 1 is
    returned; the codes that mean the run achieved nothing are raised instead, so callers
    cannot mistake them for success. ``backfill`` walks the sitemaps whole (the back
    catalogue), not only their recent entries; ``settings.max_pages`` caps it and the
    frontier carries it on over the next runs.

    Raises:
        LockHeldError: another run for this site holds the lock (exit 3).
        NothingFetchedError: not one page could be fetched (exit 4).
        LayoutChangedError: pages came in but no dateline parsed on any, or on none of
            the profile's wire pages (exit 5).
        NoNewStoriesError: the site answered but the archive's newest story was first
            seen longer than ``stale_after`` ago (exit 5; None turns the check off).
        StoreError: the database failed (or MAX_STORE_FAILURES_IN_A_ROW pages in a row
            could not be stored).
        Terminated, KeyboardInterrupt: SIGTERM / Ctrl-C; recorded as exit 143 / 130.
    """
    started = time.monotonic()
    with Archive.open(settings.db_url) as archive, run_lock(archive, profile.name):
        run = _Run(
            archive,
            profile,
            settings,
            refresh=refresh,
            progress=progress,
            transport=transport,
            thorough=_previous_run_incomplete(archive, profile.name),
            alarm_before=_alarm_before(archive, profile.name),
            backfill=backfill,
        )
        if summaries is not None:
            summaries.append(run.summary)
        run_id = archive.start_run(profile.name, _now())
        error: AnpArchiveError | None = None
        try:
            asyncio.run(
                run.crawl(archive.frontier(profile.name), archive.frontier(profile.name, done=True))
            )
            error = run.verdict()
            if error is None and stale_after is not None:
                error = _staleness(archive, run.summary, stale_after)
        except AnpArchiveError as exc:
            run.summary.exit_code = exc.exit_code
            raise
        except Terminated:
            run.summary.exit_code = EXIT_TERMINATED
            raise
        except KeyboardInterrupt:
            run.summary.exit_code = EXIT_INTERRUPTED
            raise
        except BaseException:
            run.summary.exit_code = 1
            raise
        finally:
            run.worker.shutdown(wait=True)
            run.reader.shutdown(wait=True)
            run.totals()
            run.summary.duration_s = time.monotonic() - started
            try:
                # Until the frontier is drained, the summary says the work is not done.
                if archive.replace_frontier(profile.name, run.leftover(), run.fetched_pages()):
                    run.summary.capped = 1
                archive.finish_run(
                    run_id,
                    finished_at=_now(),
                    exit_code=run.summary.exit_code,
                    counts=run.summary.counts(),
                    messages=run.summary.messages,
                )
            except AnpArchiveError:
                if error is None:
                    raise
        if error is not None:
            raise error
        return run.summary


def reparse(
    archive: Archive,
    *,
    since: datetime | None = None,
    hints: Mapping[str, str] | None = None,
    all_captures: bool = False,
    on_progress: Callable[[int, int | None], None] | None = None,
) -> ReparseSummary:
    """Run the current parser over stored captures and store what it finds, idempotently.

    By default only captures that need it are re-read: those last read by another
    ``PARSER_VERSION`` (or never), and, when ``hints`` are given, those the current parser
    failed on (most are no ANP page, and would fail the same way again). ``all_captures``
    re-reads every capture, replacing what the same parser version stored before: the way
    to apply new ``hints``, or a parser change made without a version bump. Stories and
    sightings already stored are found again, not duplicated; each capture is marked with
    the current ``PARSER_VERSION``. Captures that do not parse are marked failed and
    counted, never fatal. ``on_progress`` is called with (captures done, captures to do).

    Raises:
        StoreError: the database failed.
    """
    summary = ReparseSummary()
    failures = StoreFailures()
    version = parse.PARSER_VERSION
    before = _totals(archive)
    if all_captures:
        todo = archive.count_captures(since=since) if on_progress is not None else None
        captures = archive.iter_captures(since=since)
    else:
        # Only the outdated ones are read (and decompressed); the rest are counted.
        summary.captures = archive.count_captures(since=since)
        # New hints may read what the parser failed on; without them it would fail again.
        retry = bool(hints)
        todo = (
            archive.count_captures(since=since, outdated_for=version, failed_too=retry)
            if on_progress is not None
            else None
        )
        captures = archive.iter_captures(since=since, outdated_for=version, failed_too=retry)
    # Parsed pages wait here to be stored together: one transaction, and one recount of
    # the stories they touch, per batch instead of per capture.
    batch: list[tuple[StoredCapture, Page]] = []
    batch_started = time.monotonic()

    def counted(stored: StoredCapture, result: PageResult) -> None:
        failures.check(result)
        summary.count(result, stored.parser_version is not None)
        shown = result.outcome.store_failed or result.outcome is Outcome.INTERNAL or (
            result.outcome is Outcome.STORED and bool(result.error))
        if shown and len(summary.messages) < 100:
            url = stored.capture.url or f"capture {stored.id}"
            summary.messages.append(f"{url}: {result.error}")

    def flush() -> None:
        nonlocal batch_started
        if batch:
            results = reread_batch(archive, [(s.id, s.capture, page) for s, page in batch])
            for (stored, _), result in zip(batch, results, strict=True):
                counted(stored, result)
            batch.clear()
        batch_started = time.monotonic()

    for done, stored in enumerate(captures):
        if on_progress is not None:
            on_progress(done, todo)
        capture = stored.capture
        if all_captures:
            summary.captures += 1
        if not capture.body:
            summary.skipped += 1
            continue
        summary.reread += 1
        # The new reading replaces the old one in the transaction that stores it, so a
        # kill leaves the old one whole.
        page = read(capture, hints=hints)
        if isinstance(page, PageResult):
            counted(stored, record_failure(archive, stored.id, page))
            continue
        batch.append((stored, page))
        if len(batch) >= REPARSE_BATCH or time.monotonic() - batch_started > BATCH_SECONDS:
            flush()
    flush()
    if not all_captures:
        summary.current = summary.captures - summary.reread - summary.skipped
    if on_progress is not None:
        on_progress(summary.reread + summary.skipped, todo)
    if summary.reread:
        # Rebuilt stories have their intervals recounted from their sightings only.
        archive.renarrow_latest()
    after = _totals(archive)
    # A rebuilt capture's sightings are written again; only the totals say what is new.
    summary.new_stories, summary.new_sightings, summary.new_revisions = (
        max(0, a - b) for a, b in zip(after, before, strict=True)
    )
    return summary


def _totals(archive: Archive) -> tuple[int, int, int]:
    stats = archive.stats(days=0)
    return stats.stories, stats.sightings, stats.revisions
