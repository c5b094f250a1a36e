"""``scrape``, ``reparse``, ``export-warc`` and ``demo``: thin shells over pipeline, warc, demo."""

from __future__ import annotations

import json
import math
import re
import signal
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Annotated, Any

import typer

from anp_archive import config
from anp_archive.cli._app import (
    DbOption,
    PlainCommand,
    ProfileOption,
    app,
    aware_time,
    fail,
    handle_errors,
    site_profile,
)
from anp_archive.cli.progress import progress_shown, show_progress
from anp_archive.errors import (
    ConfigError,
    LayoutChangedError,
    NothingFetchedError,
    StoreError,
)

# The pipeline, fetcher and store are imported inside the commands that use them: `--help`
# and a usage error need none of httpx, SQLAlchemy or Alembic.
if TYPE_CHECKING:
    from anp_archive.config import Settings
    from anp_archive.pipeline import ProgressCallback, RunSummary
    from anp_archive.profile import SiteProfile
    from anp_archive.store import RunRecord

__all__ = ["demo_cmd", "export_warc_cmd", "reparse_cmd", "runs_cmd", "scrape_cmd"]

# anp_archive.pipeline.DEFAULT_STALE_AFTER in hours (tests/test_startup.py keeps them equal),
# named here for the --stale-after default without importing the pipeline.
DEFAULT_STALE_AFTER_HOURS = 24.0


# \b keeps Click from re-flowing the table into one paragraph.
SCRAPE_EPILOG = """\b
Exit codes:
  0  ok
  1  some pages failed (the others were stored)
  2  usage or configuration error (bad option or profile)
  3  another scrape of the same site holds the lock
  4  nothing could be fetched (site unreachable or robots.txt)
  5  pages were fetched but no dateline parsed anywhere, or none on the
       profile's wire pages (layout changed?), or no new story for
       --stale-after while the site answered
  7  the database failed (other than below)
  10 disk full; 11 database locked too long; 12 permission denied;
  13 connection to the database lost. The summary line is still printed.
  130  interrupted by Ctrl-C (SIGINT); 143  stopped by SIGTERM (systemd stop,
       timeout). Either way the run is recorded as interrupted and what was
       stored stays stored.
Not errors: article pages that are not ANP news ("skipped") and article links
that answer 404/410 ("gone") are counted in --json but leave the exit code 0.
"""


def _since(value: str | None) -> datetime | None:
    """``--since`` as an aware datetime; a date or naive time is Europe/Amsterdam."""
    if value is None:
        return None
    try:
        return aware_time(value)
    except ValueError:
        raise ConfigError(
            f"--since {value!r} is not an ISO date or time (e.g. 2026-01-31 or 2026-01-31T08:00)"
        ) from None


# --max-bytes, --retries and --max-crawl-delay are read as text: a typo then gets the same
# one-line error (exit 2) as a value out of range, instead of Click's usage block.


def _whole_number(value: str, option: str, *, least: int) -> int:
    """``value`` as a whole number >= ``least``; one ConfigError line naming ``option``."""
    try:
        number = int(value)
    except ValueError:
        number = least - 1
    if number < least:
        raise ConfigError(f"{option} must be a whole number >= {least} (got {value!r})")
    return number


_SETTING = re.compile(
    r"(?<![\w-])(max_bytes|retries|max_crawl_delay_s|max_run_time_s|delay_s)\b"
)


def _option(match: re.Match[str]) -> str:
    name = match.group(1).removesuffix("_s")
    return "--" + name.replace("_", "-")


def _seconds(value: str, option: str) -> float:
    """``value`` as a finite number of seconds > 0; one ConfigError line naming ``option``."""
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not (math.isfinite(number) and number > 0):
        raise ConfigError(f"{option} must be a number of seconds > 0 (got {value!r})")
    return number


def _hours(value: str, option: str) -> timedelta | None:
    """``value`` hours as a timedelta, None for 0; one ConfigError line naming ``option``."""
    try:
        hours = float(value)
    except ValueError:
        hours = -1.0
    if not math.isfinite(hours) or hours < 0 or hours > 24 * 366:
        raise ConfigError(f"{option} must be a number of hours from 0 to 8784 (got {value!r})")
    return timedelta(hours=hours) if hours else None


def _terminal_progress() -> ProgressCallback:
    """A one-line progress display on stderr, redrawn in place."""

    def show(done: int, total: int, url: str) -> None:
        tail = url if len(url) <= 60 else "..." + url[-57:]
        sys.stderr.write(f"\r\x1b[2K[{done}/{total}] {tail}")
        sys.stderr.flush()

    return show


def _emit_summary(summary: RunSummary, *, quiet: bool, as_json: bool) -> None:
    for message in summary.messages:
        typer.echo(f"anp-archive: {message}", err=True)
    if as_json:
        typer.echo(json.dumps(summary.to_dict(), ensure_ascii=False))
    elif not quiet:
        typer.echo(summary.line())


def scrape(settings: Settings, site: SiteProfile, **options: Any) -> RunSummary:
    """:func:`anp_archive.pipeline.scrape`, the pipeline imported only when a scrape runs."""
    from anp_archive.pipeline import scrape as run

    return run(settings, site, **options)


@contextmanager
def _sigterm_stops_the_run() -> Iterator[None]:
    """SIGTERM raises Terminated (a KeyboardInterrupt) in the main thread, like Ctrl-C."""
    from anp_archive.pipeline import Terminated

    def stop(signum: int, frame: FrameType | None) -> None:
        raise Terminated

    try:
        previous = signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread (embedded use): leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@app.command("scrape", cls=PlainCommand, epilog=SCRAPE_EPILOG)
@handle_errors
def scrape_cmd(
    db: DbOption = None,
    start_url: Annotated[
        str | None,
        typer.Option(metavar="URL",
                     help="Start here instead of the profile's start URLs; stays on this host."),
    ] = None,
    profile: ProfileOption = None,
    max_pages: Annotated[
        int, typer.Option(min=1, metavar="N", help="Fetch at most this many pages in one run.")
    ] = config.DEFAULT_MAX_PAGES,
    max_depth: Annotated[
        int,
        typer.Option(
            min=0,
            metavar="N",
            help="Follow index pages at most this many hops from a start page "
            "(the articles they link to always come along).",
        ),
    ] = config.DEFAULT_MAX_DEPTH,
    delay: Annotated[
        float,
        typer.Option(
            min=0.0,
            metavar="SECONDS",
            help="Seconds between requests to one host (a larger robots.txt Crawl-delay wins, "
            "up to --max-crawl-delay).",
        ),
    ] = config.DEFAULT_DELAY_S,
    max_crawl_delay: Annotated[
        str,
        typer.Option(
            metavar="SECONDS",
            help="Honour a robots.txt Crawl-delay up to this many seconds (at most 3600); a "
            "longer one is capped to it.",
        ),
    ] = f"{config.DEFAULT_MAX_CRAWL_DELAY_S:g}",
    max_run_time: Annotated[
        str,
        typer.Option(
            metavar="SECONDS",
            help="Stop the run after this many seconds (at most 86400): requests still "
            "going are dropped, what came in is stored, the next run carries on.",
        ),
    ] = f"{config.DEFAULT_MAX_RUN_TIME_S:g}",
    timeout: Annotated[
        float, typer.Option(min=0.1, metavar="SECONDS", help="Seconds to wait for a response.")
    ] = config.DEFAULT_TIMEOUT_S,
    retries: Annotated[
        str,
        typer.Option(
            metavar="N",
            help="Retry a failed request (connection error, timeout, 429, 5xx) this many "
            "times (0 to 20), with backoff; 0 tries once.",
        ),
    ] = str(config.DEFAULT_RETRIES),
    max_bytes: Annotated[
        str,
        typer.Option(
            metavar="BYTES",
            help="Stop reading a response past this many bytes; the page counts as failed "
            "and is not stored.",
        ),
    ] = str(config.DEFAULT_MAX_BYTES),
    concurrency: Annotated[
        int, typer.Option(min=1, metavar="N", help="At most this many requests in flight.")
    ] = config.DEFAULT_CONCURRENCY,
    user_agent: Annotated[
        str, typer.Option(metavar="TEXT", help="User-Agent header; keep a contact URL in it.")
    ] = config.DEFAULT_USER_AGENT,
    refresh: Annotated[
        bool, typer.Option("--refresh", help="Fetch articles again even if already captured.")
    ] = False,
    backfill: Annotated[
        bool,
        typer.Option(
            "--backfill",
            help="Walk the sitemaps whole for older articles (also /sitemap.xml); "
            "--max-pages caps each run and the next runs carry on.",
        ),
    ] = False,
    stale_after: Annotated[
        str,
        typer.Option(
            metavar="HOURS",
            help="Exit 5 when the site answered but no new story came in for this many hours "
            "(0 turns the check off).",
        ),
    ] = f"{DEFAULT_STALE_AFTER_HOURS:g}",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Fetch new ANP pages politely and store every story once (made for cron).

    Example: anp-archive scrape --quiet
    """
    site = site_profile(profile)
    if start_url is not None:
        site = site.with_start_url(start_url)
    byte_cap = _whole_number(max_bytes, "--max-bytes", least=1)
    tries = _whole_number(retries, "--retries", least=0)
    crawl_delay_cap = _seconds(max_crawl_delay, "--max-crawl-delay")
    run_time_cap = _seconds(max_run_time, "--max-run-time")
    stale = _hours(stale_after, "--stale-after")
    try:
        settings = config.Settings(
            db_url=config.resolve_db_url(db),
            user_agent=user_agent,
            delay_s=delay,
            timeout_s=timeout,
            max_bytes=byte_cap,
            concurrency=concurrency,
            retries=tries,
            max_pages=max_pages,
            max_depth=max_depth,
            max_crawl_delay_s=crawl_delay_cap,
            max_run_time_s=run_time_cap,
        )
    except ConfigError as exc:
        # Settings names its fields; the user typed options (max_crawl_delay_s is
        # --max-crawl-delay).
        raise ConfigError(_SETTING.sub(_option, str(exc))) from None
    from anp_archive.pipeline import EXIT_TERMINATED, Terminated

    show_progress = not quiet and not as_json and sys.stderr.isatty()
    summaries: list[RunSummary] = []
    try:
        progress = _terminal_progress() if show_progress else None
        with _sigterm_stops_the_run():
            summary = scrape(settings, site, progress=progress, refresh=refresh,
                             summaries=summaries, stale_after=stale, backfill=backfill)
    except (NothingFetchedError, LayoutChangedError) as exc:
        if as_json and summaries:
            data = summaries[0].to_dict()
            data["error"] = str(exc)
            typer.echo(json.dumps(data, ensure_ascii=False))
        raise fail(exc) from None
    except StoreError as exc:
        # The database gave out mid-run: the counts so far still say what was stored.
        if summaries:
            summaries[0].exit_code = exc.exit_code
            if as_json:
                data = summaries[0].to_dict()
                data["error"] = str(exc)
                typer.echo(json.dumps(data, ensure_ascii=False))
            elif not quiet:
                typer.echo(summaries[0].line())
        raise fail(exc) from None
    except Terminated:
        typer.echo("anp-archive: stopped by SIGTERM; the run is recorded as interrupted "
                   f"(exit {EXIT_TERMINATED})", err=True)
        raise typer.Exit(EXIT_TERMINATED) from None
    finally:
        if show_progress:
            sys.stderr.write("\r\x1b[2K")
    _emit_summary(summary, quiet=quiet, as_json=as_json)
    if summary.exit_code:
        raise typer.Exit(summary.exit_code)


@app.command("reparse", cls=PlainCommand)
@handle_errors
def reparse_cmd(
    db: DbOption = None,
    since: Annotated[
        str | None,
        typer.Option(metavar="ISO-TIME",
                     help="Only captures fetched at or after this ISO date/time (Amsterdam)."),
    ] = None,
    profile: ProfileOption = None,
    all_captures: Annotated[
        bool,
        typer.Option("--all", help="Re-read every capture, also those this parser version "
                     "already read (to apply new --profile hints)."),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print only errors: no progress, no summary.")
    ] = False,
) -> None:
    """Re-read stored captures that an older parser version read (and, with a profile's
    hints, those that failed to parse).

    Example: anp-archive reparse --since 2026-01-01
    """
    since_at = _since(since)
    hints = site_profile(profile).hints
    from anp_archive.pipeline import reparse
    from anp_archive.store import Archive

    with Archive.open(db, create=False) as archive, show_progress(
        "reparse", enabled=progress_shown(quiet=quiet or as_json)
    ) as progress:
        summary = reparse(archive, since=since_at, hints=hints, all_captures=all_captures,
                          on_progress=progress)
    for message in summary.messages:
        typer.echo(f"anp-archive: {message}", err=True)
    if as_json:
        typer.echo(json.dumps(summary.to_dict()))
    elif not quiet:
        typer.echo(summary.line())


def _run_line(run: RunRecord) -> str:
    counts = run.counts
    shown = ", ".join(
        f"{name} {counts[name]}"
        for name in ("pages", "new_stories", "errors", "capped")
        if counts.get(name)
    )
    line = f"#{run.id} {run.site} {run.started_at.isoformat(timespec='seconds')} {run.status}"
    return line + (f" ({shown})" if shown else "")


@app.command("runs", cls=PlainCommand)
@handle_errors
def runs_cmd(
    db: DbOption = None,
    site: Annotated[
        str | None, typer.Option(metavar="NAME", help="Only runs of this profile's site.")
    ] = None,
    limit: Annotated[
        str, typer.Option(metavar="N", help="How many runs, newest first.")
    ] = "20",
    messages: Annotated[
        bool, typer.Option("--messages", help="Also print each run's stored messages.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the runs as JSON.")] = False,
) -> None:
    """List scrape runs, newest first: when, which site, how each ended (exit code, or
    interrupted when a run died without recording its end) and what it counted.

    Example: anp-archive runs --site zeelandnet --messages
    """
    count = _whole_number(limit, "--limit", least=1)
    from anp_archive.store import Archive

    with Archive.open(db, create=False) as archive:
        found = archive.runs(limit=count, site=site)
    if as_json:
        typer.echo(json.dumps([r.to_dict() for r in found], ensure_ascii=False))
        return
    for run in found:
        typer.echo(_run_line(run))
        if messages:
            for message in run.messages:
                typer.echo(f"    {message}")


@app.command("export-warc", cls=PlainCommand)
@handle_errors
def export_warc_cmd(
    file: Annotated[
        Path,
        typer.Argument(metavar="FILE", help="WARC file to write; gzip when it ends in .gz."),
    ],
    db: DbOption = None,
    since: Annotated[
        str | None,
        typer.Option(metavar="ISO-TIME",
                     help="Only captures fetched at or after this ISO date/time (Amsterdam)."),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print only errors: no progress, no summary.")
    ] = False,
) -> None:
    """Write the archive's captures as WARC response records for other archiving tools.

    Example: anp-archive export-warc captures.warc.gz --since 2026-01-01
    """
    since_at = _since(since)
    from anp_archive.export import check_output_path
    from anp_archive.store import Archive
    from anp_archive.warc import write_warc

    with Archive.open(db, read_only=True) as archive:
        check_output_path(archive, file)
        with show_progress(
            "export-warc", enabled=progress_shown(quiet=quiet), sized=False
        ) as progress:
            count = write_warc(archive, file, since=since_at, on_progress=progress)
    if not quiet:
        typer.echo(f"export-warc: {count} captures to {file}")


@app.command("demo", cls=PlainCommand)
@handle_errors
def demo_cmd(
    db: Annotated[
        Path | None,
        typer.Option(metavar="FILE",
                     help="Fresh SQLite file to scrape into (default: a new temporary file)."),
    ] = None,
    query: Annotated[
        str, typer.Option(metavar="WORDS", help="What the demo searches for.")
    ] = "haven",
) -> None:
    """Scrape the bundled fixture site on 127.0.0.1 into a fresh SQLite file, offline.

    Example: anp-archive demo
    """
    from anp_archive.demo import run_demo, show_archive

    target = db or Path(tempfile.mkdtemp(prefix="anp-archive-demo-")) / "demo.sqlite"
    summary = run_demo(target)
    typer.echo(f"demo: served the bundled site on 127.0.0.1 and scraped it into {target}")
    typer.echo(summary.line())
    for line in show_archive(f"sqlite:///{target}", query=query):
        typer.echo(line)
