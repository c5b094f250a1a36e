"""`anp-archive scrape` through CliRunner against the fixture site served on 127.0.0.1."""

from __future__ import annotations

import json
import re
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from anp_archive import config
from anp_archive.cli import app, scrape_cmds
from anp_archive.demo import serve_site
from anp_archive.lock import run_lock
from anp_archive.pipeline import RunSummary
from anp_archive.store import Archive

SUMMARY = re.compile(
    r"^scrape: \d+ pages \(\d+ unchanged\), \d+ new stories, \d+ sightings, 0 errors in \d+ s\n$"
)


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with serve_site() as url:
        yield url


def _site(base_url: str) -> str:
    """A --start-url on another host is its own site: lock and runs are keyed by host:port."""
    return base_url.split("://", 1)[1].rstrip("/")


def _scrape(base_url: str, db: Path, *extra: str) -> object:
    args = ["scrape", "--start-url", f"{base_url}/nieuws", "--delay", "0", "--db", str(db)]
    return CliRunner().invoke(app, [*args, *extra])


def test_scrape_prints_one_summary_line(base_url: str, tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite"
    result = _scrape(base_url, db)
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert SUMMARY.match(result.stdout), result.stdout  # type: ignore[attr-defined]
    assert result.stderr == ""  # type: ignore[attr-defined]
    with Archive.open(f"sqlite:///{db}") as archive:
        hits = archive.search(text="Veiligheidsraad")
        assert [h.place for h in hits] == ["NEW YORK"]
        runs = archive.runs()
        assert runs[0].exit_code == 0 and runs[0].site == _site(base_url)
        assert runs[0].counts["new_stories"] >= 16


def test_json_summary(base_url: str, tmp_path: Path) -> None:
    result = _scrape(base_url, tmp_path / "a.sqlite", "--json")
    assert result.exit_code == 0  # type: ignore[attr-defined]
    data = json.loads(result.stdout)  # type: ignore[attr-defined]
    assert data["exit_code"] == 0 and data["errors"] == 0
    assert data["new_stories"] >= 16 and data["pages"] >= 20
    assert data["site"] == _site(base_url)


def test_quiet_prints_nothing_on_success_and_second_run_adds_nothing(
    base_url: str, tmp_path: Path
) -> None:
    db = tmp_path / "a.sqlite"
    first = _scrape(base_url, db, "--quiet")
    assert (first.exit_code, first.stdout, first.stderr) == (0, "", "")  # type: ignore[attr-defined]
    second = _scrape(base_url, db, "--json")
    data = json.loads(second.stdout)  # type: ignore[attr-defined]
    assert data["new_stories"] == 0 and data["new_sightings"] == 0
    assert data["unchanged"] == data["pages"] > 0


def test_help_documents_exit_codes() -> None:
    result = CliRunner().invoke(app, ["scrape", "--help"])
    assert result.exit_code == 0
    for line in ("0  ok", "3  another scrape", "4  nothing could be fetched", "5  pages were"):
        assert line in result.stdout
    assert "Example: anp-archive scrape" in result.stdout


def test_bad_profile_is_exit_2(tmp_path: Path) -> None:
    profile = tmp_path / "p.toml"
    profile.write_text("name = 3\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["scrape", "--profile", str(profile), "--db",
                                      str(tmp_path / "a.sqlite")])
    assert result.exit_code == 2
    assert result.stderr == f"anp-archive: profile {profile}: 'name' must be a non-empty string\n"


def test_bad_start_url_is_exit_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["scrape", "--start-url", "nieuws", "--db",
                                      str(tmp_path / "a.sqlite")])
    assert result.exit_code == 2
    assert result.stderr.startswith("anp-archive: --start-url: ")
    assert "'nieuws'" in result.stderr and len(result.stderr.splitlines()) == 1


def test_lock_held_is_exit_3(base_url: str, tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite"
    site = _site(base_url)
    with Archive.open(f"sqlite:///{db}") as archive, run_lock(archive, site):
        result = _scrape(base_url, db)
    assert result.exit_code == 3  # type: ignore[attr-defined]
    lines = result.stderr.splitlines()  # type: ignore[attr-defined]
    assert len(lines) == 1
    assert lines[0].startswith(f"anp-archive: another scrape of {site} is running (lock file ")
    assert result.stdout == ""  # type: ignore[attr-defined]


def test_unreachable_is_exit_4(tmp_path: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = _scrape(f"http://127.0.0.1:{port}", tmp_path / "a.sqlite")
    assert result.exit_code == 4  # type: ignore[attr-defined]
    assert result.stderr.startswith("anp-archive: could not reach 127.0.0.1")  # type: ignore[attr-defined]
    assert "anp-archive demo" in result.stderr  # type: ignore[attr-defined]


def test_unreachable_with_json_still_prints_the_summary(tmp_path: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = _scrape(f"http://127.0.0.1:{port}", tmp_path / "a.sqlite", "--json")
    assert result.exit_code == 4  # type: ignore[attr-defined]
    data = json.loads(result.stdout)  # type: ignore[attr-defined]
    assert data["exit_code"] == 4 and data["pages"] == 0
    assert data["error"].startswith("could not reach 127.0.0.1")
    lines = result.stderr.splitlines()  # type: ignore[attr-defined]
    assert len(lines) == 1 and lines[0].startswith("anp-archive: could not reach 127.0.0.1")


def test_layout_changed_with_json_still_prints_the_summary(tmp_path: Path) -> None:
    root = tmp_path / "site"
    (root / "nieuws").mkdir(parents=True)
    (root / "robots.txt").write_text("User-agent: *\n", encoding="utf-8")
    page = "<html><body><h1>{t}</h1><p>Een nieuwe vormgeving zonder datelines.</p>{a}</body></html>"
    (root / "nieuws.html").write_text(
        page.format(t="Nieuws", a='<a href="/nieuws/iets-nieuws">x</a>'), encoding="utf-8"
    )
    (root / "nieuws" / "iets-nieuws.html").write_text(page.format(t="Iets", a=""), encoding="utf-8")
    with serve_site(root) as url:
        result = _scrape(url, tmp_path / "a.sqlite", "--json")
    assert result.exit_code == 5  # type: ignore[attr-defined]
    data = json.loads(result.stdout)  # type: ignore[attr-defined]
    assert data["exit_code"] == 5 and data["pages"] == 2
    assert "layout probably changed" in data["error"]
    lines = result.stderr.splitlines()  # type: ignore[attr-defined]
    assert len(lines) == 1 and "layout probably changed" in lines[0]


def test_help_documents_the_interrupt_exit_codes() -> None:
    result = CliRunner().invoke(app, ["scrape", "--help"])
    assert "130" in result.stdout and "143  stopped by SIGTERM" in result.stdout


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--max-bytes", "0", "--max-bytes must be a whole number >= 1 (got '0')"),
        ("--max-bytes", "5M", "--max-bytes must be a whole number >= 1 (got '5M')"),
        ("--retries", "-1", "--retries must be a whole number >= 0 (got '-1')"),
        ("--retries", "2.5", "--retries must be a whole number >= 0 (got '2.5')"),
        ("--max-crawl-delay", "0", "--max-crawl-delay must be a number of seconds > 0 (got '0')"),
        ("--max-crawl-delay", "nan",
         "--max-crawl-delay must be a number of seconds > 0 (got 'nan')"),
        ("--max-crawl-delay", "inf",
         "--max-crawl-delay must be a number of seconds > 0 (got 'inf')"),
        ("--max-crawl-delay", "lang",
         "--max-crawl-delay must be a number of seconds > 0 (got 'lang')"),
        # Upper bounds, checked by Settings and reported under the option's name.
        ("--retries", "21", "--retries must be a whole number from 0 to 20 (got 21)"),
        ("--retries", "99999999999999999999",
         "--retries must be a whole number from 0 to 20 (got 99999999999999999999)"),
        ("--max-crawl-delay", "1e308",
         "--max-crawl-delay must be > 0 and at most 3600 seconds (got 1e+308)"),
        ("--delay", "inf", "--delay must be >= 0 and at most 3600 seconds (got inf)"),
    ],
)
def test_bad_limit_options_are_one_line_exit_2(
    tmp_path: Path, option: str, value: str, message: str
) -> None:
    db = tmp_path / "a.sqlite"
    result = CliRunner().invoke(app, ["scrape", option, value, "--db", str(db)])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"anp-archive: {message}\n"
    assert not db.exists()


def _settings_seen(monkeypatch: pytest.MonkeyPatch) -> list[config.Settings]:
    seen: list[config.Settings] = []

    def fake_scrape(settings: config.Settings, site: object, **kw: object) -> RunSummary:
        seen.append(settings)
        return RunSummary(site="x")

    monkeypatch.setattr(scrape_cmds, "scrape", fake_scrape)
    return seen


def test_limit_options_reach_the_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen = _settings_seen(monkeypatch)
    db = str(tmp_path / "a.sqlite")
    for extra in ([], ["--max-bytes", "2048", "--retries", "0", "--max-crawl-delay", "7.5"]):
        result = CliRunner().invoke(app, ["scrape", "--db", db, "-q", *extra],
                                    catch_exceptions=False)
        assert result.exit_code == 0, result.stderr
    default, chosen = seen
    assert (default.max_bytes, default.retries, default.max_crawl_delay_s) == (
        config.DEFAULT_MAX_BYTES, config.DEFAULT_RETRIES, config.DEFAULT_MAX_CRAWL_DELAY_S
    )
    assert (chosen.max_bytes, chosen.retries, chosen.max_crawl_delay_s) == (2048, 0, 7.5)


def test_max_bytes_caps_what_is_downloaded(base_url: str, tmp_path: Path) -> None:
    result = _scrape(base_url, tmp_path / "a.sqlite", "--max-bytes", "100")
    assert result.exit_code == 4  # type: ignore[attr-defined]
    assert "over the 100-byte cap" in result.stderr  # type: ignore[attr-defined]


def test_profile_by_built_in_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen_sites: list[object] = []

    def fake_scrape(settings: config.Settings, site: object, **kw: object) -> RunSummary:
        seen_sites.append(site)
        return RunSummary(site="x")

    monkeypatch.setattr(scrape_cmds, "scrape", fake_scrape)
    result = CliRunner().invoke(app, ["scrape", "--profile", "zeelandnet", "-q",
                                      "--db", str(tmp_path / "a.sqlite")], catch_exceptions=False)
    assert result.exit_code == 0
    assert [getattr(s, "name", None) for s in seen_sites] == ["zeelandnet"]
