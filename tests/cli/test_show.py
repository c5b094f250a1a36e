"""`anp-archive show ID|URL`: the story, its revisions and its sightings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from anp_archive.cli import app
from anp_archive.store import Archive

SEED = Path(__file__).resolve().parents[3] / "shared" / "seed" / "anp-page-buitenland.txt"
needs_seed = pytest.mark.skipif(not SEED.exists(), reason=f"seed page not found at {SEED} (../shared absent)")

URL = "https://www.zeelandnet.nl/nieuws/kremlin-ontkent"


def _import(db: str, tmp_path: Path) -> None:
    copy = tmp_path / "later.txt"
    copy.write_bytes(SEED.read_bytes() + b"\n")  # other bytes, same stories: new sightings
    for path, when, url in ((SEED, "2026-01-01T12:00+01:00", URL),
                            (copy, "2026-01-01T12:30+01:00", None)):
        args = ["import", str(path), "--fetched-at", when, "--db", db]
        result = CliRunner().invoke(app, args + (["--url", url] if url else []),
                                    catch_exceptions=False)
        assert result.exit_code == 0


@needs_seed
def test_show_by_url_and_id_as_json(db_url: str, tmp_path: Path) -> None:
    _import(db_url, tmp_path)
    result = CliRunner().invoke(app, ["show", URL, "--db", db_url], catch_exceptions=False)
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["title"] == "Kremlin ontkent telefoongesprek tussen Poetin en Trump"
    assert data["sightings"] == 2
    assert [s["role"] for s in data["sighting_list"]] == ["lead", "lead"]
    assert len(data["revision_history"]) == 1
    by_id = CliRunner().invoke(app, ["show", str(data["id"]), "--db", db_url])
    assert json.loads(by_id.stdout) == data
    with Archive.open(db_url) as archive:
        assert archive.get_story(data["id"]).story.sightings == 2


@needs_seed
def test_show_text(sqlite_url: str, tmp_path: Path) -> None:
    _import(sqlite_url, tmp_path)
    with Archive.open(sqlite_url) as archive:
        [kyiv] = archive.search(place="KYIV")
    result = CliRunner().invoke(app, ["show", str(kyiv.id), "--format", "text", "--db", sqlite_url])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"#{kyiv.id} De Oekraïense president")
    assert lines[1].startswith("KYIV (ANP/DPA) · Buitenland")
    assert "published: between 2026-01-01 05:30 and 2026-01-01 06:00" in lines
    assert "sightings (2):" in lines


def test_show_unknown_story(empty_archive: str) -> None:
    result = CliRunner().invoke(app, ["show", "999", "--db", empty_archive])
    assert result.exit_code == 9
    assert result.stderr == "anp-archive: no story with id or URL 999; try 'anp-archive search'\n"


def test_show_finds_a_story_under_every_spelling_of_its_url(sqlite_url: str, pg_url: str) -> None:
    from store.pages import capture_for, lead, page

    article = "https://www.zeelandnet.nl/nieuws/aex-opent-hoger/"
    spellings = [
        article,
        "https://www.zeelandnet.nl/nieuws/aex-opent-hoger",
        "https://www.zeelandnet.nl/nieuws/aex-opent-hoger?utm_campaign=ochtend",
        "https://WWW.zeelandnet.nl:443/nieuws/%61ex-opent-hoger/#reacties",
        "http://zeelandnet.nl/nieuws/aex-opent-hoger",
    ]
    shown = []
    for db in (sqlite_url, pg_url):
        p = page(article, lead("AEX opent hoger", "AMSTERDAM",
                               "De AEX is maandag hoger geopend na de winst op Wall Street."),
                 section="Economie")
        with Archive.open(db) as archive:
            archive.ingest(capture_for(p), p, parser_version="1")
        for url in spellings:
            result = CliRunner().invoke(app, ["show", url, "--db", db], catch_exceptions=False)
            assert result.exit_code == 0, (url, result.stderr)
            shown.append(json.loads(result.stdout))
        missing = CliRunner().invoke(app, ["show", article + "-2", "--db", db])
        assert missing.exit_code == 9
    assert all(s == shown[0] for s in shown)
    assert shown[0]["url"] == article and shown[0]["title"] == "AEX opent hoger"
