"""Archive commands: import, search, show, export, stats, and ``db upgrade|current``.

Each command opens an ``Archive``, calls one library function and formats the result;
errors become one stderr line through ``handle_errors``.
"""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from anp_archive.cli._app import (
    AMSTERDAM,
    DbOption,
    PlainCommand,
    ProfileOption,
    app,
    aware_time,
    db_app,
    echo_utf8,
    handle_errors,
    site_profile,
    utf8_stdout,
)
from anp_archive.cli.progress import progress_shown, show_progress, ticking
from anp_archive.errors import AnpArchiveError, ConfigError

# The store (SQLAlchemy, and Alembic for upgrades), the query parser (the Snowball stemmer)
# and the settings (platformdirs) are imported by the commands that use them, inside them:
# `--help` and a usage error need none of them.
if TYPE_CHECKING:
    from anp_archive.store import SearchQuery, StoryDetail, StoryRecord

__all__ = ["db_current", "db_upgrade", "export", "import_", "search", "show", "stats"]


def _when(
    value: str | None, option: str = "--fetched-at", *, end_of_day: bool = False
) -> datetime | None:
    """``2026-01-01`` (a day in Amsterdam) or an ISO-8601 time; naive times are Amsterdam."""
    if value is None:
        return None
    try:
        parsed = aware_time(value)
    except ValueError:
        raise typer.BadParameter(
            f"{value!r} is not a date (use 2026-01-31 or an ISO time like 2026-01-31T12:00+01:00)",
            param_hint=option,
        ) from None
    try:
        if end_of_day and len(value) == 10:
            parsed = parsed + timedelta(days=1, microseconds=-1)
        # Stored times are UTC: a time that has none (0001-01-01 in Amsterdam) is refused here
        # rather than failing in the database.
        parsed.astimezone(UTC)
    except OverflowError:
        raise typer.BadParameter(
            f"{value!r} is out of range (use a year from 0002 to 9998)", param_hint=option
        ) from None
    return parsed


def _stdout_format(requested: str | None, *, terminal: str, pipe: str) -> str:
    if requested:
        return requested
    return terminal if sys.stdout.isatty() else pipe


def _local(value: datetime | None) -> str:
    return value.astimezone(AMSTERDAM).strftime("%Y-%m-%d %H:%M") if value else "-"


def _story_time(story: StoryRecord) -> datetime | None:
    return story.published_at or story.published_latest or story.first_seen_at


def _clip(text: str | None, width: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _table(stories: list[StoryRecord], snippets: list[str | None] | None = None) -> str:
    lines = [f"{'ID':>6}  {'TIME':16}  {'PLACE':14}  {'AGENCIES':10}  TITLE / LEDE"]
    for s, snippet in zip(stories, snippets or [None] * len(stories), strict=True):
        lines.append(
            f"{s.id:>6}  {_local(_story_time(s)):16}  {_clip(s.place, 14):14}  "
            f"{_clip(s.agencies, 10):10}  {_clip(s.title or s.lede, 70)}"
        )
        if snippet:
            # Under the title column, so the marked words read as part of that story.
            lines.append(f"{'':54}{snippet}")
    return "\n".join(lines)


SinceOption = Annotated[
    str | None,
    typer.Option("--since", metavar="ISO-TIME",
                 help="Only stories published/seen from this day (2026-01-31) or time."),
]
UntilOption = Annotated[
    str | None,
    typer.Option("--until", metavar="ISO-TIME",
                 help="Only stories up to this day (inclusive) or time."),
]
PlaceOption = Annotated[
    str | None, typer.Option("--place", metavar="PLACE", help="Dateline place, e.g. MOSKOU.")
]
AgencyOption = Annotated[
    str | None, typer.Option("--agency", metavar="AGENCY", help="An agency, e.g. RTR.")
]
SectionOption = Annotated[
    str | None, typer.Option("--section", metavar="SECTION", help="Section, e.g. Buitenland.")
]


def _query(
    text: str | None,
    since: str | None,
    until: str | None,
    place: str | None,
    agency: str | None,
    section: str | None,
    limit: int | None,
) -> SearchQuery:
    from anp_archive.store import SearchQuery

    return SearchQuery(
        text=text,
        since=_when(since, "--since"),
        until=_when(until, "--until", end_of_day=True),
        place=place,
        agency=agency,
        section=section,
        limit=limit,
    )


@app.command("import", cls=PlainCommand)
@handle_errors
def import_(
    paths: Annotated[
        list[Path],
        typer.Argument(metavar="PATH", help="Files or folders (recursive); WARC too."),
    ],
    fetched_at: Annotated[
        str | None,
        typer.Option("--fetched-at", metavar="ISO-TIME",
                     help="When the pages were fetched (default: file mtime)."),
    ] = None,
    url: Annotated[
        str | None,
        typer.Option("--url", metavar="URL", help="The URL one file was saved from."),
    ] = None,
    db: DbOption = None,
    profile: ProfileOption = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print only errors: no progress, no summary.")
    ] = False,
) -> None:
    """Import saved HTML or text pages into the archive; the same bytes again change nothing.

    Only page files are read (.html, .htm, .txt, .warc, .warc.gz, or content that looks
    like HTML or WARC); other files are counted as not pages. Exit 1 if any file failed.

    Example: anp-archive import saved-pages/ --fetched-at 2026-01-01T12:00+01:00
    """
    when = _when(fetched_at)
    if url is not None and any(ord(c) < 32 or ord(c) == 127 for c in url):
        # A CR/LF would end up as a line break in export-warc's headers.
        raise typer.BadParameter("a URL cannot contain control characters (CR, LF, ...)",
                                 param_hint="--url")

    hints = site_profile(profile).hints

    def report(name: str, exc: AnpArchiveError) -> None:
        typer.echo(f"anp-archive: {name}: {exc}", err=True)

    from anp_archive.importer import import_paths
    from anp_archive.store import Archive

    with Archive.open(db) as archive, show_progress(
        "import", enabled=progress_shown(quiet=quiet)
    ) as progress:
        summary = import_paths(archive, paths, fetched_at=when, url=url, on_error=report,
                               hints=hints, on_progress=progress)
    for name, reason in summary.too_large_items:
        typer.echo(f"anp-archive: {name}: {reason}", err=True)
    if not quiet:
        typer.echo(summary.line())
    if summary.errors:
        raise typer.Exit(1)


# "-Tweede" is a word to exclude, not an option: unknown "-x" reach the query; a mistyped
# "--long-option" is still refused (below).
@app.command(cls=PlainCommand, context_settings={"ignore_unknown_options": True})
@handle_errors
def search(
    words: Annotated[
        list[str] | None,
        typer.Argument(metavar="WORD", help="Words to find (all must occur).",
                       show_default=False),
    ] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    place: PlaceOption = None,
    agency: AgencyOption = None,
    section: SectionOption = None,
    limit: Annotated[
        int, typer.Option("--limit", min=1, metavar="N", help="At most this many.")
    ] = 20,
    sort: Annotated[
        str | None,
        typer.Option(
            "--sort",
            metavar="ORDER",
            help="relevance, newest or oldest (default: relevance with words, else newest).",
            show_default=False,
        ),
    ] = None,
    facet: Annotated[
        list[str] | None,
        typer.Option(
            "--facet",
            metavar="FIELD",
            help="Count all matches by section, place, agency or day (repeatable).",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            metavar="FORMAT",
            help="table, json, jsonl or csv (default: table on a terminal, json in a pipe).",
            show_default=False,
        ),
    ] = None,
    db: DbOption = None,
) -> None:
    """Search the archive's stories: best match first, or newest first without words.

    Matched words are marked [like this] in each story's snippet. JSON output is an
    object: "total" (all matches), "stories" (those shown) and, with --facet, "facets".

    Example: anp-archive search Oekraine --place KYIV --since 2026-01-01 --limit 5
    """
    chosen = _stdout_format(fmt, terminal="table", pipe="json")
    if chosen not in ("table", "json", "jsonl", "csv"):
        raise typer.BadParameter("use table, json, jsonl or csv", param_hint="--format")
    for word in words or ():
        if word.startswith("--") and len(word) > 2:
            raise typer.BadParameter(
                "no such option (see 'anp-archive search --help')",
                param_hint=word.split("=")[0],
            )
    # Options and query are checked before the database is opened: a typo is reported as
    # such, whatever the state of the archive.
    if sort is not None and sort not in ("relevance", "newest", "oldest"):
        raise typer.BadParameter(
            f"{sort!r} is not an order (use relevance, newest or oldest)", param_hint="--sort"
        )
    kinds = list(dict.fromkeys(facet or ()))
    for kind in kinds:
        if kind not in ("section", "place", "agency", "day"):
            raise typer.BadParameter(
                f"{kind!r} is not a facet (use section, place, agency or day)",
                param_hint="--facet",
            )
    if kinds and chosen not in ("table", "json"):
        raise typer.BadParameter("facets are shown with --format table or json",
                                 param_hint="--facet")
    query = replace(
        _query(" ".join(words or ()) or None, since, until, place, agency, section, limit),
        sort=sort,
    )
    from anp_archive.search import check as check_query

    check_query(query.text)
    from anp_archive.export import write_stories
    from anp_archive.store import Archive

    with Archive.open(db, read_only=True) as archive:
        hits = archive.search_hits(query)
        # Fewer hits than the limit are all there are: no second query needed.
        total = archive.count(query) if len(hits) == limit else len(hits)
        facets = archive.facets(query, kinds) if kinds else {}
    if chosen == "table":
        if not hits:
            typer.echo("no stories found")
        else:
            shown = len(hits)
            noun = "story" if total == 1 else "stories"
            footer = f"{total} {noun}" if total == shown else f"{shown} of {total} {noun}"
            typer.echo(_table([h.story for h in hits], [h.snippet for h in hits])
                       + "\n" + footer)
        if kinds:
            typer.echo(_facets_text(facets))
    elif chosen == "json":
        data: dict[str, Any] = {"total": total, "stories": [h.to_dict() for h in hits]}
        if kinds:
            data["facets"] = {kind: dict(counts) for kind, counts in facets.items()}
        echo_utf8(json.dumps(data, ensure_ascii=False, indent=2))
    elif chosen == "jsonl":
        out = utf8_stdout()
        for hit in hits:
            out.write(json.dumps(hit.to_dict(), ensure_ascii=False) + "\n")
        out.flush()
    else:
        out = utf8_stdout()
        write_stories([h.story for h in hits], out, chosen)
        out.flush()


def _facets_text(facets: dict[str, list[tuple[str, int]]]) -> str:
    lines = []
    for kind, counts in facets.items():
        lines.append(f"by {kind}:")
        lines += [f"  {name:20} {count:>8}" for name, count in counts] or ["  -"]
    return "\n".join(lines)


def _detail_text(detail: StoryDetail) -> str:
    s = detail.story
    lines = [
        f"#{s.id} {s.title or _clip(s.lede, 80)}",
        f"{s.place or '-'} ({s.agencies or '-'}) · {s.section or '-'} · {s.url or 'no URL'}",
    ]
    if s.published_at:
        lines.append(f"published: {_local(s.published_at)}")
    elif s.published_earliest or s.published_latest:
        lines.append(
            f"published: between {_local(s.published_earliest)} and {_local(s.published_latest)}"
        )
    elif s.time_conflict:
        lines.append("published: unknown (the sightings' ages contradict each other)")
    lines.append(
        f"seen {s.sightings} times, {_local(s.first_seen_at)} .. {_local(s.last_seen_at)}"
    )
    lines += ["", s.body or s.lede, "", f"revisions ({len(detail.revisions)}):"]
    for r in detail.revisions:
        text = _clip(r.title or r.lede, 80)
        lines.append(f"  {r.revision}. {_local(r.seen_at)} [{r.source}] {text}")
    lines.append(f"sightings ({len(detail.sightings)}):")
    for g in detail.sightings:
        where = f"{g.role} #{g.position}" if g.role == "ticker" else "lead"
        lines.append(f"  {_local(g.seen_at)}  {where:10} {g.age or '':20} {g.page_url or '-'}")
    return "\n".join(lines)


@app.command(cls=PlainCommand)
@handle_errors
def show(
    story: Annotated[
        str, typer.Argument(metavar="STORY", help="A story id or its article URL.")
    ],
    fmt: Annotated[
        str | None,
        typer.Option("--format", metavar="FORMAT",
                     help="text or json (default: text on a terminal, json in a pipe).",
                     show_default=False),
    ] = None,
    db: DbOption = None,
) -> None:
    """Show one story with its revisions and every sighting.

    Example: anp-archive show 42
    """
    chosen = _stdout_format(fmt, terminal="text", pipe="json")
    if chosen not in ("text", "json"):
        raise typer.BadParameter("use text or json", param_hint="--format")
    from anp_archive.store import Archive

    with Archive.open(db, read_only=True) as archive:
        detail = archive.get_story(story)
    if chosen == "json":
        echo_utf8(json.dumps(detail.to_dict(), ensure_ascii=False, indent=2))
    else:
        typer.echo(_detail_text(detail))


@app.command(cls=PlainCommand)
@handle_errors
def export(
    words: Annotated[
        list[str] | None,
        typer.Argument(metavar="WORD", help="Only stories with these words.", show_default=False),
    ] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    place: PlaceOption = None,
    agency: AgencyOption = None,
    section: SectionOption = None,
    fmt: Annotated[
        str, typer.Option("--format", metavar="FORMAT", help="jsonl, json or csv.")
    ] = "jsonl",
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write here instead of stdout."),
    ] = None,
    db: DbOption = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print only errors: no progress, no summary.")
    ] = False,
) -> None:
    """Export stories (all, or those matching the filters), streamed in constant memory.

    Example: anp-archive export --format csv --since 2026-01-01 -o stories.csv
    """
    if fmt not in ("jsonl", "json", "csv"):
        raise typer.BadParameter("use jsonl, json or csv", param_hint="--format")
    q = _query(" ".join(words or ()) or None, since, until, place, agency, section, None)
    from anp_archive.search import check as check_query

    check_query(q.text)  # before any output file is made
    from anp_archive.export import check_output_path, write_stories
    from anp_archive.store import Archive

    with Archive.open(db, read_only=True) as archive, show_progress(
        "export", enabled=progress_shown(quiet=quiet), sized=False
    ) as progress:
        stories = ticking(archive.iter_stories(q), progress)
        if output is None:
            out = utf8_stdout()
            write_stories(stories, out, fmt)
            out.flush()
        else:
            check_output_path(archive, output)
            try:
                with output.open("w", encoding="utf-8", newline="") as out:
                    count = write_stories(stories, out, fmt)
            except OSError as exc:
                raise ConfigError(f"cannot write {output}: {exc.strerror or exc}") from None
            if not quiet:
                typer.echo(f"export: {count} stories to {output}", err=True)


def _plural(count: int, noun: str) -> str:
    """``1 story``, ``2 stories``; ``noun`` is the plural, as the run counters name it."""
    if count == 1 and noun.endswith("ies"):
        noun = noun[:-3] + "y"
    elif count == 1 and noun.endswith("s"):
        noun = noun[:-1]
    return f"{count} {noun}"


def _size(count: int | None) -> str:
    if count is None:
        return "-"
    if count < 1024:
        return _plural(count, "bytes")
    value = count / 1024
    for unit in ("KiB", "MiB"):
        if value < 1024:
            return f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GiB"


def _local_iso(value: str | None) -> str:
    """An ISO time from the JSON form as the reader's wall clock in Amsterdam."""
    return _local(datetime.fromisoformat(value)) if value else "-"


def _run_counts(counts: dict[str, int]) -> str:
    # Zero counters are the usual case and would bury the few that say what happened.
    return ", ".join(_plural(n, name.replace("_", " ")) for name, n in counts.items() if n)


def _stats_text(data: dict[str, Any]) -> str:
    lines = [
        f"stories: {data['stories']} ({_plural(data['revisions'], 'revisions')}, "
        f"{data['time_conflicts']} with contradicting times)",
        f"sightings: {data['sightings']}",
        f"captures: {data['captures']} ({_size(data['capture_bytes'])}; "
        f"{data['captures_unparsed']} unparsed, {data['captures_failed']} failed to parse)",
        f"runs: {data['runs']}",
        f"database size: {_size(data['database_bytes'])}",
    ]
    for title, key in (("by day", "by_day"), ("by section", "by_section"),
                       ("by agency", "by_agency")):
        lines.append(f"{title}:")
        lines += [f"  {name:20} {count:>8}" for name, count in data[key].items()]
    health = data["health"]
    if data["runs"]:  # an archive only imported into has no scrape health to show
        lines.append(f"last new story: {_local_iso(health['last_new_story_at'])}; last "
                     f"successful run: {_local_iso(health['last_successful_run_at'])}")
        for run in health["failed_runs"]:
            lines.append(f"  failed: #{run['id']} {_local_iso(run['started_at'])} "
                         f"{run['status']}" + (f": {run['message']}" if run["message"] else ""))
    if data["recent_runs"]:
        lines.append("recent runs (Amsterdam time):")
        for run in data["recent_runs"]:
            counts = _run_counts(run["counts"])
            lines.append(
                f"  #{run['id']} {run['site']} {_local_iso(run['started_at'])} {run['status']}"
                + (f" ({counts})" if counts else "")
            )
    return "\n".join(lines)


@app.command(cls=PlainCommand)
@handle_errors
def stats(
    fmt: Annotated[
        str | None,
        typer.Option("--format", metavar="FORMAT",
                     help="text or json (default: text on a terminal, json in a pipe).",
                     show_default=False),
    ] = None,
    db: DbOption = None,
) -> None:
    """Show counts: stories by day, section and agency; captures; runs; database size.

    Example: anp-archive stats --format json
    """
    chosen = _stdout_format(fmt, terminal="text", pipe="json")
    if chosen not in ("text", "json"):
        raise typer.BadParameter("use text or json", param_hint="--format")
    from anp_archive.store import Archive

    with Archive.open(db, read_only=True) as archive:
        data = archive.stats().to_dict()
        data["health"] = archive.health().to_dict()
    if chosen == "json":
        echo_utf8(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        typer.echo(_stats_text(data))


@db_app.command("upgrade", cls=PlainCommand)
@handle_errors
def db_upgrade(db: DbOption = None) -> None:
    """Create the archive's schema or upgrade it to the newest revision.

    Example: anp-archive db upgrade --db postgresql://archiver@dbhost/anp
    """
    from anp_archive.store import upgrade as upgrade_database

    revision = upgrade_database(db)
    typer.echo(f"database at revision {revision} (head)")


@db_app.command("current", cls=PlainCommand)
@handle_errors
def db_current(db: DbOption = None) -> None:
    """Print the schema revision the database is at ('none' before the first upgrade).

    Example: anp-archive db current --db postgresql://archiver@dbhost/anp
    """
    from anp_archive.config import existing_archive_url
    from anp_archive.store import current as current_revision
    from anp_archive.store import head as head_revision
    from anp_archive.store import known_revision

    revision = current_revision(existing_archive_url(db))
    head = head_revision()
    if revision is None:
        typer.echo(f"none (head is {head}; run 'anp-archive db upgrade')")
    elif revision == head:
        typer.echo(f"{revision} (head)")
    elif not known_revision(revision):
        typer.echo(f"{revision} (newer than this anp-archive knows, head {head}; "
                   "upgrade anp-archive)")
    else:
        typer.echo(f"{revision} (head is {head}; run 'anp-archive db upgrade')")
