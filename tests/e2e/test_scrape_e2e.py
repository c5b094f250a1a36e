"""The real CLI against a real server on 127.0.0.1: faults, reruns, SIGKILL, two runs at once."""

from __future__ import annotations

import json
import os
import re
import signal
import time
from pathlib import Path

import pytest
from clirun import fixture_stories, query, run, scrape_args, start
from faultsite import FAULTS, STORED_FAULT_PLACES, serve

from anp_archive.store import Archive

pytestmark = pytest.mark.e2e

SUMMARY = re.compile(
    r"^scrape: (\d+) pages \((\d+) unchanged\), (\d+) new stories, (\d+) sightings, "
    r"(\d+) errors in \d+ s$"
)


def _summary(stdout: str) -> tuple[int, ...]:
    match = SUMMARY.match(stdout.strip().splitlines()[-1])
    assert match, stdout
    return tuple(int(g) for g in match.groups())


def _titles(db: Path) -> list[str]:
    rows = query(db, "SELECT title FROM v_articles WHERE title IS NOT NULL")
    return sorted(str(r[0]) for r in rows)


def _assert_each_story_once(db: Path) -> None:
    rows = query(db, "SELECT place, lede FROM v_articles")
    assert len(rows) == len(set(rows)), "a story was stored twice"
    titles = _titles(db)
    assert len(titles) == len(set(titles)), "a lead title was stored twice"


def _assert_nothing_half_stored(db: Path) -> None:
    with Archive.open(f"sqlite:///{db}") as archive:
        assert list(archive.unparsed_captures()) == []
    unparsed = query(db, "SELECT url FROM v_captures WHERE parser_version IS NULL")
    assert unparsed == []


def test_first_and_second_run_against_a_faulty_site(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite"
    with serve() as site:
        first = run(scrape_args(site.start_url, db, "--timeout", "1"))
        # Some fault routes can never succeed, so the run reports "some pages failed".
        assert first.code == 1, first.stderr
        _pages, _unchanged, new_stories, _sightings, errors = _summary(first.stdout)
        assert new_stories >= len(fixture_stories()) + len(STORED_FAULT_PLACES)
        assert errors >= 6
        for line in first.stderr.strip().splitlines():
            assert line.startswith("anp-archive: "), line

        # Every fixture story is there exactly once, with its title and place.
        stored = dict(query(db, "SELECT title, place FROM v_articles WHERE title IS NOT NULL"))
        for title, place in fixture_stories().items():
            assert stored.get(title) == place, title
        places = {str(r[0]) for r in query(db, "SELECT place FROM v_articles")}
        assert places >= STORED_FAULT_PLACES  # retried after 429 / 500; mislabelled charset
        # never stored: robots-disallowed, truncated, too slow, too large, walls
        assert not places & {"ASSEN", "GOES", "TRAAG", "OOSTBURG"}
        cafe = [str(r[0]) for r in query(db, "SELECT title FROM v_articles WHERE place = ?",
                                         ("ZIERIKZEE",))]
        assert cafe == ["Café in Zierikzee wint prijs voor beste terras"]  # decoded right
        _assert_each_story_once(db)
        _assert_nothing_half_stored(db)

        # What the server saw: robots honoured, never left the host, never read a wall.
        paths = site.log.paths()
        assert "/robots.txt" in paths
        assert "/nieuws/verborgen-bericht" not in paths
        assert "/nieuws/ergens-anders" not in paths
        assert all(h.get("user-agent", "").startswith("anp-archive/") for _, h in site.log.requests)
        urls = [str(r[0]) for r in query(db, "SELECT url FROM v_captures")]
        assert not [u for u in urls if "toestemming" in u or "cookiemuur" in u or "pdf" in u]
        statuses = {r[0] for r in query(db, "SELECT status FROM v_captures")}
        assert statuses == {200}
        assert site.handler.big_bytes_sent < 50 * 1024 * 1024  # stopped reading at the cap
        for slug in ("marine-oefent-met-mijnenjager", "elfstedenroute-nieuwe-bordjes"):
            assert site.log.hits[f"/nieuws/{slug}"] == 2  # one failure, one retry
        assert len(paths) < 120  # bounded: no runaway crawl or retry storm

        stories_before = query(db, "SELECT count(*) FROM v_articles")[0][0]
        captures_before = query(db, "SELECT count(*) FROM v_captures")[0][0]

        # Second run: conditional requests for index pages, known articles skipped.
        site.log.clear()
        second = run(scrape_args(site.start_url, db, "--timeout", "1"))
        assert second.code in (0, 1), second.stderr
        _, unchanged2, new_stories2, _, _ = _summary(second.stdout)
        assert new_stories2 == 0
        assert unchanged2 >= 1
        sections = [h for p, h in site.log.requests if p == "/nieuws/binnenland"]
        assert sections and "if-none-match" in sections[0]
        stored_articles = {f"/nieuws/{s}" for s in (
            "ecb-laat-rente-ongemoeid", "marine-oefent-met-mijnenjager", "cafe-zierikzee-wint-prijs"
        )}
        assert not stored_articles & set(site.log.paths())
        assert query(db, "SELECT count(*) FROM v_articles")[0][0] == stories_before
        assert query(db, "SELECT count(*) FROM v_captures")[0][0] == captures_before
        _assert_each_story_once(db)
        assert set(FAULTS)  # the routes above were all linked from the front page


def test_sigkill_half_way_then_rerun(tmp_path: Path) -> None:
    killed_db = tmp_path / "killed.sqlite"
    clean_db = tmp_path / "clean.sqlite"
    with serve(faults=False, delay_s=0.15) as site:
        proc = start(scrape_args(site.start_url, killed_db, "--concurrency", "2"))
        try:
            deadline = time.monotonic() + 60
            while len(site.log.paths()) < 10:
                assert proc.poll() is None, proc.communicate()
                assert time.monotonic() < deadline
                time.sleep(0.02)
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
        finally:
            if proc.poll() is None:
                proc.kill()
            proc.communicate()
        assert proc.returncode == -signal.SIGKILL
        site.set_delay(0)
        rerun = run(scrape_args(site.start_url, killed_db))
        assert rerun.code == 0, rerun.stderr
        listed = run([*scrape_args(site.start_url, killed_db)[:3], "runs", "--json",
                      "--db", str(killed_db)])
        assert listed.code == 0, listed.stderr
        statuses = [r["status"] for r in json.loads(listed.stdout)]
        assert statuses == ["exit 0", "interrupted"]  # the killed run, found dead
        reference = run(scrape_args(site.start_url, clean_db))
        assert reference.code == 0, reference.stderr
    _assert_each_story_once(killed_db)
    _assert_nothing_half_stored(killed_db)
    assert _titles(killed_db) == _titles(clean_db)
    assert set(_titles(killed_db)) == set(fixture_stories())


def test_two_runs_at_once_one_gets_exit_3(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite"
    with Archive.open(f"sqlite:///{db}"):
        pass  # created and migrated up front, as a cron setup has it
    with serve(faults=False, delay_s=0.2) as site:
        procs = [start(scrape_args(site.start_url, db)) for _ in range(2)]
        outs = [p.communicate(timeout=120) for p in procs]
    codes = sorted(p.returncode for p in procs)
    assert codes == [0, 3], outs
    loser = outs[[p.returncode for p in procs].index(3)]
    assert loser[1].strip().splitlines() == [loser[1].strip()]
    host = site.start_url.split("://", 1)[1].split("/", 1)[0]
    assert loser[1].startswith(f"anp-archive: another scrape of {host} is running")
    _assert_each_story_once(db)


def test_unreachable_site_exits_4_and_points_to_demo(tmp_path: Path) -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    done = run(scrape_args(f"http://127.0.0.1:{port}/nieuws", tmp_path / "a.sqlite"))
    assert done.code == 4, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "anp-archive demo" in lines[0]


def test_robots_forbidding_everything_exits_4(tmp_path: Path, site_copy: Path) -> None:
    (site_copy / "robots.txt").write_text("User-agent: *\nDisallow: /\n", encoding="utf-8")
    with serve(faults=False, root=site_copy) as site:
        done = run(scrape_args(site.start_url, tmp_path / "a.sqlite"))
        assert done.code == 4, done.stderr
        assert "robots.txt" in done.stderr
        assert site.log.paths() == ["/robots.txt"]


def test_layout_change_exits_5(tmp_path: Path, site_copy: Path) -> None:
    for file in site_copy.rglob("*.html"):
        text = file.read_text(encoding="utf-8")
        text = re.sub(r"[A-ZÃ' -]+ \(ANP[A-Z/]*\) [-\u2013] ", "", text)
        text = re.sub(r"\d+ (minuten|uur) geleden", "", text).replace("Net binnen", "Laatste")
        file.write_text(text, encoding="utf-8")
    with serve(faults=False, root=site_copy) as site:
        done = run(scrape_args(site.start_url, tmp_path / "a.sqlite"))
    assert done.code == 5, (done.stdout, done.stderr)
    assert "layout" in done.stderr


def test_sigterm_is_recorded_as_interrupted(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite"
    with serve(faults=False, delay_s=0.15) as site:
        proc = start(scrape_args(site.start_url, db, "--concurrency", "2"))
        try:
            deadline = time.monotonic() + 60
            while len(site.log.paths()) < 6:
                assert proc.poll() is None, proc.communicate()
                assert time.monotonic() < deadline
                time.sleep(0.02)
            os.kill(proc.pid, signal.SIGTERM)
            _, stderr = proc.communicate(timeout=30)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.communicate()
    assert proc.returncode == 143
    assert stderr.splitlines() == [
        "anp-archive: stopped by SIGTERM; the run is recorded as interrupted (exit 143)"
    ]
    rows = query(db, "SELECT finished_at, exit_code, counts FROM runs")
    assert len(rows) == 1
    finished_at, exit_code, counts = rows[0]
    assert finished_at is not None and exit_code == 143
    assert '"pages"' in str(counts)
    _assert_nothing_half_stored(db)


def test_a_capped_run_then_bigger_runs_archive_every_story(tmp_path: Path) -> None:
    db = tmp_path / "capped.sqlite"
    with serve(faults=False) as site:
        first = run(scrape_args(site.start_url, db, "--max-pages", "3", "--json"))
        assert first.code == 0, first.stderr
        assert json.loads(first.stdout)["capped"] == 1
        second = run(scrape_args(site.start_url, db, "--max-pages", "1000", "--json"))
        assert second.code == 0, second.stderr
        data = json.loads(second.stdout)
        assert data["capped"] == 0 and data["resumed"] > 0
    assert set(_titles(db)) == set(fixture_stories())
    _assert_each_story_once(db)
