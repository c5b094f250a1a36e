"""``anp-archive parse``: Contract 1 JSON on stdout, one-line errors with documented codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from anp_archive.cli import app
from anp_archive.config import PARSE_MAX_BYTES
from anp_archive.parse import parse_page

SEED = Path(__file__).resolve().parents[2].parent / "shared" / "seed" / "anp-page-buitenland.txt"
runner = CliRunner()

PAGE = ("Kop van het verhaal\nDEN HAAG (ANP) - Het kabinet is gevallen.\nMeer uit Binnenland\n"
        "UTRECHT (ANP) - Een item over Oekraïne.\n50 minuten geleden\n")


@pytest.fixture
def page_file(tmp_path: Path) -> Path:
    path = tmp_path / "page.txt"
    path.write_text(PAGE, encoding="utf-8")
    return path


@pytest.mark.skipif(not SEED.exists(), reason=f"seed page not found at {SEED} (../shared absent)")
def test_seed_as_in_the_issue() -> None:
    result = runner.invoke(app, ["parse", str(SEED), "--format", "text",
                                 "--fetched-at", "2026-01-01T12:00:00+01:00"],
                           catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    page = json.loads(result.stdout)
    assert page["section"] == "Buitenland"
    assert page["lead"]["dateline"] == {"place": "MOSKOU", "agencies": ["ANP", "RTR"]}
    assert len(page["lead"]["paragraphs"]) == 4
    assert len(page["ticker"]) == 7
    assert page["ticker"][0]["published_earliest"] == "2026-01-01T11:09:00+01:00"
    assert page["ticker"][0]["published_latest"] == "2026-01-01T11:10:00+01:00"
    # The CLI prints exactly what the library returns.
    from datetime import datetime
    expected = parse_page(SEED.read_bytes(), format="text",
                          fetched_at=datetime.fromisoformat("2026-01-01T12:00:00+01:00"))
    assert page == expected.to_dict()


def test_json_is_utf8_not_ascii_escaped(page_file: Path) -> None:
    result = runner.invoke(app, ["parse", str(page_file)], catch_exceptions=False)
    assert result.exit_code == 0
    assert "Oekraïne" in result.stdout and "\\u00ef" not in result.stdout
    assert result.stdout.startswith("{\n  \"url\": null,")


def test_url_and_naive_fetched_at_is_amsterdam(page_file: Path) -> None:
    result = runner.invoke(app, ["parse", str(page_file), "--url", "https://x.nl/a",
                                 "--fetched-at", "2026-07-01T12:00:00"], catch_exceptions=False)
    page = json.loads(result.stdout)
    assert page["url"] == "https://x.nl/a"
    assert page["fetched_at"] == "2026-07-01T12:00:00+02:00"
    assert page["ticker"][0]["published_latest"] == "2026-07-01T11:10:00+02:00"


def test_stdin(page_file: Path) -> None:
    result = runner.invoke(app, ["parse", "-", "--format", "text"],
                           input=page_file.read_bytes(), catch_exceptions=False)
    assert result.exit_code == 0
    assert json.loads(result.stdout)["section"] == "Binnenland"


def test_html_format_option(tmp_path: Path) -> None:
    path = tmp_path / "p.html"
    path.write_text("<h1>Kop</h1><p><b>MOSKOU</b> (ANP) - Tekst.</p>", encoding="utf-8")
    result = runner.invoke(app, ["parse", str(path), "--format", "html"], catch_exceptions=False)
    assert json.loads(result.stdout)["lead"]["title"] == "Kop"


def test_missing_file_is_one_line(tmp_path: Path) -> None:
    missing = tmp_path / "nope.html"
    result = runner.invoke(app, ["parse", str(missing)])
    assert result.exit_code == 2
    assert result.stderr == f"anp-archive: cannot read {missing}: No such file or directory\n"
    assert result.stdout == ""


def test_directory_is_one_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["parse", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"anp-archive: cannot read {tmp_path}: it is a directory; give one page file\n")


def test_empty_file_exit_6(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    result = runner.invoke(app, ["parse", str(path)])
    assert result.exit_code == 6
    assert result.stderr == "anp-archive: input is empty\n"


def test_binary_file_exit_6(tmp_path: Path) -> None:
    path = tmp_path / "x.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(100))
    result = runner.invoke(app, ["parse", str(path)])
    assert result.exit_code == 6
    assert result.stderr == "anp-archive: input is binary, not an HTML or text page\n"


def test_not_a_news_page_exit_6(tmp_path: Path) -> None:
    path = tmp_path / "list.txt"
    path.write_text("Boodschappen\nmelk\nbrood\n", encoding="utf-8")
    result = runner.invoke(app, ["parse", str(path)])
    assert result.exit_code == 6
    assert result.stderr == ("anp-archive: no dateline (PLACE (ANP) - ...) found; "
                             "is this an ANP news page?\n")
    assert "Traceback" not in result.output


def test_too_large_exit_6(tmp_path: Path) -> None:
    path = tmp_path / "big.html"
    path.write_bytes(b" " * (PARSE_MAX_BYTES + 1))
    result = runner.invoke(app, ["parse", str(path)])
    assert result.exit_code == 6
    assert result.stderr == (f"anp-archive: {path} is over the parser's limit of "
                             f"{PARSE_MAX_BYTES} bytes; is it really one page?\n")


def test_bad_fetched_at_is_a_usage_error(page_file: Path) -> None:
    result = runner.invoke(app, ["parse", str(page_file), "--fetched-at", "gisteren"])
    assert result.exit_code == 2
    assert result.stderr == (
        "anp-archive: --fetched-at: 'gisteren' is not an ISO-8601 time; "
        "use e.g. 2026-01-01T12:00:00+01:00\n")


def test_bad_format_is_a_usage_error(page_file: Path) -> None:
    result = runner.invoke(app, ["parse", str(page_file), "--format", "pdf"])
    assert result.exit_code == 2


def test_help_has_an_example() -> None:
    result = runner.invoke(app, ["parse", "--help"], catch_exceptions=False)
    assert result.exit_code == 0
    assert "Example: anp-archive parse" in result.stdout
