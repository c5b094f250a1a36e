"""`anp-archive reparse`: re-reads what an older parser read (or all with --all), with a
profile's hints, and adds nothing twice."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from anp_archive import parse
from anp_archive.cli import app
from anp_archive.demo import run_demo
from anp_archive.parse import PARSER_VERSION
from anp_archive.store import Archive


def test_reparse_after_scrape_is_idempotent(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite"
    summary = run_demo(db)
    with Archive.open(f"sqlite:///{db}") as archive:
        before = archive.stats()
    result = CliRunner().invoke(app, ["reparse", "--db", str(db)], catch_exceptions=False)
    assert result.exit_code == 0
    assert result.stdout == (
        f"reparse: {summary.new_captures} captures (0 re-read, {summary.new_captures} already "
        f"current), 0 new stories, 0 new sightings, 0 new revisions, 0 failed "
        f"(parser {PARSER_VERSION})\n"
    )
    with Archive.open(f"sqlite:///{db}") as archive:
        after = archive.stats()
    assert (after.stories, after.sightings) == (before.stories, before.sightings)


def test_reparse_since_the_future_reads_nothing(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite"
    run_demo(db)
    result = CliRunner().invoke(
        app, ["reparse", "--db", str(db), "--since", "2999-01-01", "--json"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0
    assert json.loads(result.stdout)["captures"] == 0


def test_reparse_bad_since_is_exit_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["reparse", "--db", str(tmp_path / "a.sqlite"),
                                      "--since", "gisteren"])
    assert result.exit_code == 2
    assert result.stderr == (
        "anp-archive: --since 'gisteren' is not an ISO date or time "
        "(e.g. 2026-01-31 or 2026-01-31T08:00)\n"
    )


def _record_hints(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    seen: list[object] = []
    real = parse.parse_page

    def recording(*args: object, **kwargs: object) -> object:
        seen.append(kwargs.get("hints"))
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(parse, "parse_page", recording)
    return seen


def test_reparse_all_rereads_every_capture_with_the_profile_hints(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "a.sqlite"
    summary = run_demo(db)
    profile = tmp_path / "p.toml"
    profile.write_text(
        'name = "eigen"\nstart_urls = ["https://nieuws.test/"]\narticle_pattern = "^/n/"\n'
        '[hints]\ntitle = "article h1.kop"\n',
        encoding="utf-8",
    )
    seen = _record_hints(monkeypatch)
    result = CliRunner().invoke(
        app, ["reparse", "--db", str(db), "--all", "--profile", str(profile), "--json"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["reread"], data["current"], data["failed"]) == (summary.new_captures, 0, 0)
    assert data["parser_version"] == PARSER_VERSION
    assert seen == [{"title": "article h1.kop"}] * summary.new_captures


def test_reparse_rereads_a_capture_an_older_parser_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "a.sqlite"
    summary = run_demo(db)
    with Archive.open(f"sqlite:///{db}") as archive, archive.engine.begin() as conn:
        conn.execute(text("UPDATE captures SET parser_version = '1' "
                          "WHERE id = (SELECT min(id) FROM captures)"))
    seen = _record_hints(monkeypatch)
    result = CliRunner().invoke(app, ["reparse", "--db", str(db), "--profile", "zeelandnet"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(
        f"reparse: {summary.new_captures} captures (1 re-read, 1 rebuilt, "
        f"{summary.new_captures - 1} already current), "
    )
    assert seen == [None]  # re-read once; the built-in profile names no hints


def test_reparse_unknown_profile_is_one_line_exit_2(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite"
    run_demo(db)
    result = CliRunner().invoke(app, ["reparse", "--db", str(db), "--profile", "nergens"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "anp-archive: no profile 'nergens': give a TOML file, or a built-in name (zeelandnet)\n"
    )


def test_reparse_all_says_what_it_rebuilt_not_new_sightings(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite"
    summary = run_demo(db)
    with Archive.open(f"sqlite:///{db}") as archive:
        before = archive.stats()
    result = CliRunner().invoke(app, ["reparse", "--db", str(db), "--all", "--json"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["rebuilt"] == summary.new_captures
    assert (data["new_stories"], data["new_sightings"], data["new_revisions"]) == (0, 0, 0)
    with Archive.open(f"sqlite:///{db}") as archive:
        after = archive.stats()
    assert (after.stories, after.sightings) == (before.stories, before.sightings)


def test_reparse_quiet_prints_nothing_and_a_pipe_gets_no_progress(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite"
    run_demo(db)
    piped = CliRunner().invoke(app, ["reparse", "--db", str(db), "--all"])
    assert piped.exit_code == 0 and piped.stderr == ""
    assert piped.stdout.startswith("reparse: ")
    quiet = CliRunner().invoke(app, ["reparse", "--db", str(db), "--all", "--quiet"])
    assert (quiet.exit_code, quiet.stdout, quiet.stderr) == (0, "", "")
