"""`anp-archive search`: full text with filters, newest first; table, JSON, JSON Lines, CSV."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from anp_archive.cli import app
from anp_archive.store import Archive

SEED = Path(__file__).resolve().parents[3] / "shared" / "seed" / "anp-page-buitenland.txt"
needs_seed = pytest.mark.skipif(not SEED.exists(), reason=f"seed page not found at {SEED} (../shared absent)")
pytestmark = needs_seed


@pytest.fixture
def seeded(db_url: str) -> str:
    result = CliRunner().invoke(
        app, ["import", str(SEED), "--fetched-at", "2026-01-01T12:00+01:00", "--db", db_url],
        catch_exceptions=False,
    )
    assert result.exit_code == 0
    return db_url


def test_search_json_in_a_pipe_newest_first(seeded: str) -> None:
    result = CliRunner().invoke(app, ["search", "--db", seeded], catch_exceptions=False)
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    stories = data["stories"]
    assert (data["total"], len(stories)) == (8, 8)
    times = [s["published_at"] or s["published_latest"] or s["first_seen_at"] for s in stories]
    assert times == sorted(times, reverse=True)
    assert stories[0]["place"] == "MOSKOU"


def test_search_words_and_filters(seeded: str) -> None:
    def places(*args: str) -> list[str]:
        result = CliRunner().invoke(app, ["search", *args, "--db", seeded], catch_exceptions=False)
        assert result.exit_code == 0, result.stderr
        return [s["place"] for s in json.loads(result.stdout)["stories"]]

    assert places("Kim", "Jong-un") == ["PYONGYANG"]
    assert places("--place", "washington", "--agency", "RTR") == ["WASHINGTON"]
    assert places("Trump", "--agency", "AFP", "--limit", "1") == ["WASHINGTON"]
    assert places("--section", "Binnenland") == []
    assert places("--until", "2025-12-31") == []
    assert len(places("--since", "2026-01-01")) == 8


def test_search_finds_words_without_their_accents_on_sqlite(sqlite_url: str) -> None:
    CliRunner().invoke(app, ["import", str(SEED), "--db", sqlite_url], catch_exceptions=False)
    result = CliRunner().invoke(app, ["search", "Oekraine", "--db", sqlite_url, "--format", "jsonl"])
    assert result.exit_code == 0
    places = {json.loads(line)["place"] for line in result.stdout.splitlines()}
    assert {"MOSKOU", "PYONGYANG", "KYIV"} <= places


def test_search_table_and_csv_formats(seeded: str) -> None:
    table = CliRunner().invoke(app, ["search", "Kremlin", "--format", "table", "--db", seeded])
    assert table.exit_code == 0
    header, row, snippet, footer = table.stdout.splitlines()
    assert header.split() == ["ID", "TIME", "PLACE", "AGENCIES", "TITLE", "/", "LEDE"]
    assert "MOSKOU" in row and "Kremlin ontkent telefoongesprek" in row
    assert snippet.startswith(" " * 54) and "[Kremlin]" in snippet
    assert footer == "1 story"
    some = CliRunner().invoke(app, ["search", "--format", "table", "--limit", "3", "--db", seeded])
    assert some.stdout.splitlines()[-1] == "3 of 8 stories"
    out = CliRunner().invoke(app, ["search", "Kremlin", "--format", "csv", "--db", seeded])
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert [r["place"] for r in rows] == ["MOSKOU"]
    empty = CliRunner().invoke(app, ["search", "zzzonbekend", "--format", "table", "--db", seeded])
    assert empty.stdout == "no stories found\n"


def test_search_bad_options_are_usage_errors(sqlite_url: str) -> None:
    assert CliRunner().invoke(app, ["search", "--format", "xml", "--db", sqlite_url]).exit_code == 2
    assert CliRunner().invoke(app, ["search", "--since", "morgen", "--db", sqlite_url]).exit_code == 2
    assert CliRunner().invoke(app, ["search", "--limit", "0", "--db", sqlite_url]).exit_code == 2


def test_search_on_an_empty_archive(empty_archive: str) -> None:
    result = CliRunner().invoke(app, ["search", "iets", "--db", empty_archive])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"total": 0, "stories": []}
    with Archive.open(empty_archive) as archive:
        assert archive.search() == []


def test_search_on_a_missing_file_is_exit_2_and_creates_nothing(tmp_path: Path) -> None:
    target = tmp_path / "typo.sqlite"
    result = CliRunner().invoke(app, ["search", "iets", "--db", str(target)])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"anp-archive: no archive at {target} "
        "(nothing scraped or imported yet, or a mistyped --db)\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_search_bad_query_syntax_is_one_line_exit_2(seeded: str) -> None:
    result = CliRunner().invoke(app, ["search", '"Kim Jong', "--db", seeded])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("anp-archive: search: unclosed quote")
    assert result.stdout == ""


def test_search_or_and_not_on_the_command_line(seeded: str) -> None:
    def ids(*args: str) -> set[int]:
        result = CliRunner().invoke(app, ["search", *args, "--db", seeded], catch_exceptions=False)
        assert result.exit_code == 0, result.stderr
        return {s["id"] for s in json.loads(result.stdout)["stories"]}

    assert ids("Kim", "OR", "Trump") == ids("Kim") | ids("Trump")
    assert ids("Trump", "-Clooney") == ids("Trump") - ids("Clooney")
    assert ids("Trump") & ids("Clooney")


def test_search_mistyped_long_option_is_not_taken_as_a_word(seeded: str) -> None:
    result = CliRunner().invoke(app, ["search", "Trump", "--plac", "X", "--db", seeded])
    assert result.exit_code == 2
    assert "--plac" in result.stderr


def test_search_sort_orders(seeded: str) -> None:
    def ids(*args: str) -> list[int]:
        result = CliRunner().invoke(app, ["search", *args, "--db", seeded], catch_exceptions=False)
        assert result.exit_code == 0, result.stderr
        return [s["id"] for s in json.loads(result.stdout)["stories"]]

    newest = ids("--sort", "newest")
    assert ids("--sort", "oldest") == list(reversed(newest))
    assert ids() == newest
    assert sorted(ids("Trump", "--sort", "relevance")) == sorted(ids("Trump", "--sort", "newest"))
    bad = CliRunner().invoke(app, ["search", "--sort", "random", "--db", seeded])
    assert bad.exit_code == 2 and bad.stderr.startswith("anp-archive: --sort: 'random'")


def test_search_json_has_the_total_of_all_matches_and_marked_snippets(seeded: str) -> None:
    result = CliRunner().invoke(app, ["search", "Trump", "--limit", "1", "--db", seeded],
                                catch_exceptions=False)
    data = json.loads(result.stdout)
    assert set(data) == {"total", "stories"}
    assert data["total"] == 4 and len(data["stories"]) == 1
    assert "[Trump]" in data["stories"][0]["snippet"]
    lines = CliRunner().invoke(app, ["search", "Kremlin", "--format", "jsonl", "--db", seeded])
    (story,) = [json.loads(line) for line in lines.stdout.splitlines()]
    assert "[Kremlin]" in story["snippet"]
    bare = json.loads(CliRunner().invoke(app, ["search", "--limit", "2", "--db", seeded]).stdout)
    assert bare["total"] == 8
    assert [s["snippet"] for s in bare["stories"]] == [None, None]


def test_search_facets_in_json_and_after_the_table(seeded: str) -> None:
    args = ["search", "Trump", "--limit", "1", "--facet", "agency", "--facet", "day",
            "--db", seeded]
    data = json.loads(CliRunner().invoke(app, args, catch_exceptions=False).stdout)
    # Counted over all four matches, not the one shown.
    assert data["facets"] == {"agency": {"ANP": 4, "RTR": 2, "AFP": 1},
                              "day": {"2026-01-01": 4}}
    table = CliRunner().invoke(app, [*args, "--format", "table"]).stdout.splitlines()
    assert table[-7:] == [
        "1 of 4 stories",
        "by agency:",
        f"  {'ANP':20} {4:>8}",
        f"  {'RTR':20} {2:>8}",
        f"  {'AFP':20} {1:>8}",
        "by day:",
        f"  {'2026-01-01':20} {4:>8}",
    ]


def test_search_bad_facets_are_usage_errors(sqlite_url: str) -> None:
    bad = CliRunner().invoke(app, ["search", "--facet", "author", "--db", sqlite_url])
    assert bad.exit_code == 2
    assert bad.stderr == ("anp-archive: --facet: 'author' is not a facet "
                          "(use section, place, agency or day)\n")
    lines = CliRunner().invoke(app, ["search", "--facet", "day", "--format", "csv",
                                     "--db", sqlite_url])
    assert lines.exit_code == 2
    assert lines.stderr == "anp-archive: --facet: facets are shown with --format table or json\n"
