"""scrape and reparse over an httpx MockTransport serving the fixture site (no sockets)."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa

from anp_archive import parse, pipeline
from anp_archive.config import Settings
from anp_archive.errors import (
    InputTooLargeError,
    LayoutChangedError,
    LockHeldError,
    NothingFetchedError,
    StoreError,
)
from anp_archive.lock import run_lock
from anp_archive.models import Capture, Page
from anp_archive.pipeline import reparse, scrape
from anp_archive.profile import SiteProfile, default_profile
from anp_archive.store import Archive

SITE = Path(__file__).resolve().parents[1] / "fixtures" / "site"
BASE = "http://nieuws.test"
ARTICLES = sorted(
    p.stem for p in (SITE / "nieuws").glob("*.html")
    if "@" not in p.name and p.stem not in ("binnenland", "buitenland", "economie")
)
ALLOWED_ARTICLES = [a for a in ARTICLES if a != "verborgen-bericht"]


def _resp(status: int, body: bytes | str = b"", content_type: str = "text/html", **headers: str
          ) -> httpx.Response:
    """A response whose body arrives as a stream, as from a real server.

    (A ``Response(content=...)`` counts 0 bytes downloaded, which the fetcher's truncation
    check rightly reads as a cut-off body.)
    """
    data = body.encode() if isinstance(body, str) else body
    all_headers = {"content-type": content_type, "content-length": str(len(data)), **headers}
    return httpx.Response(status, headers=all_headers, stream=httpx.ByteStream(data))


@dataclass
class SiteTransport:
    """Serves a site directory like anp_archive.demo does, and logs each request."""

    root: Path = SITE
    requests: list[httpx.Request] = field(default_factory=list)
    override: dict[str, Callable[[httpx.Request], httpx.Response]] = field(default_factory=dict)

    def paths(self) -> list[str]:
        return [r.url.raw_path.decode() for r in self.requests]

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        target = request.url.raw_path.decode()
        if target in self.override:
            return self.override[target](request)
        path, _, query = target.partition("?")
        if path == "/robots.txt":
            file = self.root / "robots.txt"
        else:
            stem = path.strip("/") or "index"
            file = self.root / (f"{stem}@{query}.html" if query else f"{stem}.html")
        if not file.is_file():
            return _resp(404, "niet gevonden")
        body = file.read_bytes()
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if request.headers.get("if-none-match") == etag:
            return httpx.Response(304, headers={"etag": etag})
        kind = "text/plain" if file.name == "robots.txt" else "text/html; charset=utf-8"
        return _resp(200, body, kind, etag=etag)

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self)


def _profile() -> SiteProfile:
    return default_profile().with_start_url(f"{BASE}/nieuws")


def _settings(db_url: str, **kw: object) -> Settings:
    values: dict[str, object] = {"delay_s": 0.0, "retries": 0, "timeout_s": 5.0}
    values.update(kw)
    return Settings(db_url=db_url, **values)  # type: ignore[arg-type]


def _scrape(db_url: str, site: SiteTransport, **kw: object) -> pipeline.RunSummary:
    refresh = bool(kw.pop("refresh", False))
    return scrape(_settings(db_url, **kw), _profile(), refresh=refresh, transport=site.transport())


def _stories(db_url: str) -> list[tuple[object, ...]]:
    """Every story as (place, title, lede), through the analysts' view."""
    with Archive.open(db_url) as archive, archive.engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT place, title, lede FROM v_articles")).all()
    return sorted((tuple(r) for r in rows), key=repr)


def test_first_run_fetches_the_site_and_stores_every_story(db_url: str) -> None:
    site = SiteTransport()
    summary = _scrape(db_url, site)
    assert summary.exit_code == 0, summary.messages
    assert summary.errors == 0
    paths = site.paths()
    assert paths[0] == "/robots.txt"
    # every allowed article, including those linked only from tickers, once
    for slug in ALLOWED_ARTICLES:
        assert paths.count(f"/nieuws/{slug}") == 1, slug
    assert "/nieuws/verborgen-bericht" not in paths  # robots.txt Disallow
    assert "/contact" not in paths and "/privacy" not in paths  # not article/index URLs
    assert summary.new_stories >= len(ALLOWED_ARTICLES)
    assert summary.new_sightings > summary.new_stories
    assert summary.pages == summary.new_captures == len(paths) - 1
    with Archive.open(db_url) as archive:
        for slug in ALLOWED_ARTICLES:
            assert archive.has_capture_for_url(f"{BASE}/nieuws/{slug}")
        assert list(archive.unparsed_captures()) == []
        parsed = {s.parser_version for s in archive.iter_captures()}
        assert parsed == {parse.PARSER_VERSION}


def test_second_run_is_conditional_and_adds_nothing(sqlite_url: str) -> None:
    site = SiteTransport()
    _scrape(sqlite_url, site)
    site.requests.clear()
    second = _scrape(sqlite_url, site)
    assert second.exit_code == 0
    assert second.new_stories == 0 and second.new_sightings == 0 and second.new_captures == 0
    fetched = [r for r in site.requests if r.url.path != "/robots.txt"]
    assert fetched, "index pages are checked again"
    # the section pages (and the start page, when the store can give back its last
    # capture) are asked for conditionally; known articles are not asked for at all
    sections = [r for r in fetched if r.url.path.startswith("/nieuws/")]
    assert sections and all("if-none-match" in r.headers for r in sections)
    assert {r.url.raw_path.decode() for r in fetched} <= {
        "/nieuws", "/nieuws/binnenland", "/nieuws/buitenland", "/nieuws/economie",
        "/nieuws/binnenland?page=2", "/nieuws/buitenland?page=2", "/nieuws/economie?page=2",
    }
    assert second.unchanged == second.pages == len(fetched)


def test_refresh_fetches_known_articles_again(sqlite_url: str) -> None:
    site = SiteTransport()
    _scrape(sqlite_url, site)
    site.requests.clear()
    again = _scrape(sqlite_url, site, refresh=True)
    assert again.new_stories == 0
    assert f"/nieuws/{ALLOWED_ARTICLES[0]}" in site.paths()


def test_page_cap_and_depth_cap(sqlite_url: str, tmp_path: Path) -> None:
    site = SiteTransport()
    summary = _scrape(sqlite_url, site, max_pages=3)
    assert len([p for p in site.paths() if p != "/robots.txt"]) == 3
    assert summary.pages == 3

    # depth counts hops into index pages; articles (and their tickers) come along
    site = SiteTransport()
    _scrape(f"sqlite:///{tmp_path / 'd1.sqlite'}", site, max_depth=1)
    paths = site.paths()
    assert {"/nieuws", "/nieuws/binnenland", "/nieuws/economie"} <= set(paths)
    assert "/nieuws/binnenland?page=2" not in paths  # two index hops away
    assert "/nieuws/waterschap-versterkt-dijk-bij-middelburg" in paths  # via a ticker

    site = SiteTransport()
    _scrape(f"sqlite:///{tmp_path / 'd0.sqlite'}", site, max_depth=0)
    paths = site.paths()
    assert not [p for p in paths if p in ("/nieuws/binnenland", "/nieuws/economie")]
    assert "/nieuws/kabinet-trekt-geld-uit-voor-studentenreizen" in paths  # Net binnen


def test_off_host_links_are_never_followed(sqlite_url: str, tmp_path: Path) -> None:
    root = tmp_path / "site"
    root.mkdir()
    (root / "robots.txt").write_text("User-agent: *\n", encoding="utf-8")
    (root / "nieuws.html").write_text(
        '<html><body><a href="https://elders.test/nieuws/x">x</a>'
        '<a href="/nieuws/lokaal-bericht">y</a></body></html>', encoding="utf-8"
    )
    (root / "nieuws").mkdir()
    (root / "nieuws" / "lokaal-bericht.html").write_text(
        "<html><body><h1>Lokaal</h1><p>GOES (ANP) - Er gebeurde iets in Goes.</p></body></html>",
        encoding="utf-8",
    )
    site = SiteTransport(root=root)
    summary = _scrape(sqlite_url, site)
    assert {r.url.host for r in site.requests} == {"nieuws.test"}
    assert "/nieuws/lokaal-bericht" in site.paths()
    assert summary.new_stories >= 1


def test_non_news_article_is_skipped_not_an_error_and_not_fetched_again(
    sqlite_url: str,
) -> None:
    site = SiteTransport()
    bad = f"/nieuws/{ALLOWED_ARTICLES[0]}"
    site.override[bad] = lambda r: _resp(200, "<html><body><p>Geen nieuws hier.</p></body></html>")
    summary = _scrape(sqlite_url, site)
    assert (summary.skipped, summary.parse_failures, summary.errors) == (1, 0, 0)
    assert summary.exit_code == 0
    assert summary.messages == []
    assert summary.new_stories >= len(ALLOWED_ARTICLES) - 1
    again = SiteTransport()
    again.override[bad] = site.override[bad]
    second = _scrape(sqlite_url, again)
    assert bad not in again.paths()  # a parsed capture makes the URL known
    assert second.exit_code == 0


def test_other_parse_error_on_an_article_is_exit_1(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = parse.parse_page
    bad = f"{BASE}/nieuws/{ALLOWED_ARTICLES[0]}"

    def too_large(*args: object, **kwargs: object) -> object:
        if kwargs.get("url") == bad:
            raise InputTooLargeError("too large")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(parse, "parse_page", too_large)
    summary = _scrape(sqlite_url, SiteTransport())
    assert (summary.parse_failures, summary.errors, summary.exit_code) == (1, 1, 1)
    assert any(bad in m for m in summary.messages)


def test_gone_article_is_counted_not_an_error(sqlite_url: str) -> None:
    site = SiteTransport()
    site.override[f"/nieuws/{ALLOWED_ARTICLES[1]}"] = lambda r: _resp(404, "weg")
    site.override[f"/nieuws/{ALLOWED_ARTICLES[2]}"] = lambda r: _resp(410, "weg")
    summary = _scrape(sqlite_url, site)
    assert (summary.gone, summary.errors, summary.exit_code) == (2, 0, 0)
    assert summary.new_stories >= len(ALLOWED_ARTICLES) - 2


def test_fetch_failure_is_exit_1_not_fatal(sqlite_url: str) -> None:
    site = SiteTransport()
    site.override[f"/nieuws/{ALLOWED_ARTICLES[1]}"] = lambda r: _resp(403, "verboden")
    summary = _scrape(sqlite_url, site)
    assert summary.exit_code == 1
    assert summary.errors == 1
    assert summary.new_stories >= len(ALLOWED_ARTICLES) - 1


def _parse_errors(db_url: str) -> dict[str, str | None]:
    with Archive.open(db_url) as archive, archive.engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT url, parse_error FROM captures")).all()
    return {r[0]: r[1] for r in rows}


def test_parser_bug_on_one_page_never_breaks_this_run_or_the_next(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = parse.parse_page
    bad = f"{BASE}/nieuws/{ALLOWED_ARTICLES[0]}"

    def buggy(*args: object, **kwargs: object) -> object:
        if kwargs.get("url") == bad:
            raise IndexError("list index out of range")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(parse, "parse_page", buggy)
    summary = _scrape(sqlite_url, SiteTransport())
    assert summary.exit_code == 1
    assert (summary.parse_failures, summary.errors) == (1, 1)
    assert any(bad in m and "internal: IndexError" in m for m in summary.messages)
    assert summary.new_stories >= len(ALLOWED_ARTICLES) - 1
    assert _parse_errors(sqlite_url)[bad] == "internal: IndexError: list index out of range"
    with Archive.open(sqlite_url) as archive:
        assert list(archive.unparsed_captures()) == []
    second = _scrape(sqlite_url, SiteTransport())  # the bug is still there: no crash
    assert second.exit_code in (0, 1)
    assert second.recovered == 0


def test_reparse_survives_a_parser_bug(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _scrape(sqlite_url, SiteTransport())
    real = parse.parse_page
    bad = f"{BASE}/nieuws/{ALLOWED_ARTICLES[0]}"

    def buggy(*args: object, **kwargs: object) -> object:
        if kwargs.get("url") == bad:
            raise KeyError("oeps")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(parse, "parse_page", buggy)
    with Archive.open(sqlite_url) as archive:
        summary = reparse(archive, all_captures=True)
    assert summary.failed == 1
    assert summary.messages == [f"{bad}: internal: KeyError: 'oeps'"]
    assert _parse_errors(sqlite_url)[bad] == "internal: KeyError: 'oeps'"


def test_store_failure_on_one_page_is_counted_and_the_run_goes_on(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = Archive.store_page
    bad = f"{BASE}/nieuws/{ALLOWED_ARTICLES[0]}"

    def flaky(self: Archive, capture_id: int, page: Page, **kw: str) -> object:
        if page.url == bad:
            raise StoreError("disk says no")
        return real(self, capture_id, page, **kw)

    monkeypatch.setattr(Archive, "store_page", flaky)
    summary = _scrape(sqlite_url, SiteTransport())
    assert (summary.store_failures, summary.errors, summary.exit_code) == (1, 1, 1)
    assert any(bad in m and "disk says no" in m for m in summary.messages)
    assert summary.new_stories >= len(ALLOWED_ARTICLES) - 1


def test_store_failing_on_every_page_stops_the_run(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from anp_archive.errors import DiskFullError

    def broken(self: Archive, capture_id: int, page: Page, **kw: str) -> object:
        raise DiskFullError("database or disk is full")

    monkeypatch.setattr(Archive, "store_page", broken)
    with pytest.raises(DiskFullError, match=r"the database is gone: 5 pages in a row could "
                       r"not be stored; the run stops. Last error: database or disk is full"):
        _scrape(sqlite_url, SiteTransport())
    with Archive.open(sqlite_url) as archive:
        assert archive.runs()[0].exit_code == 10


def test_pages_the_database_refuses_one_by_one_never_stop_the_run(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # e.g. PostgreSQL's "index row size exceeds btree maximum": this page only.
    real = Archive.store_page
    articles = {f"{BASE}/nieuws/{a}" for a in ALLOWED_ARTICLES}

    def refused(self: Archive, capture_id: int, page: Page, **kw: str) -> object:
        if page.url in articles:
            raise StoreError("database error: value too large for its index")
        return real(self, capture_id, page, **kw)

    monkeypatch.setattr(Archive, "store_page", refused)
    summary = _scrape(sqlite_url, SiteTransport())
    assert summary.exit_code == 1
    # More than MAX_STORE_FAILURES_IN_A_ROW, which used to stop the run.
    assert summary.store_failures == len(ALLOWED_ARTICLES) > 5
    assert sum("value too large" in m for m in summary.messages) == len(ALLOWED_ARTICLES)
    # Each refused page is recorded as failed with its reason, so the next run's recovery
    # does not meet it again.
    errors = _parse_errors(sqlite_url)
    assert {u for u, e in errors.items() if e and "not stored: " in e} == articles
    with Archive.open(sqlite_url) as archive:
        assert list(archive.unparsed_captures()) == []
    monkeypatch.setattr(Archive, "store_page", real)  # the cause is fixed: reparse stores them
    with Archive.open(sqlite_url) as archive:
        assert reparse(archive, all_captures=True).failed == 0
        assert {a for a in articles if archive.has_story_for_url(a)} == articles


def test_capture_is_stored_before_parsing_and_recovered_next_run(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    real = parse.parse_page
    calls = {"n": 0}

    def crashing(*args: object, **kwargs: object) -> object:
        calls["n"] += 1
        if calls["n"] == 4:
            raise KeyboardInterrupt  # the process dies half way
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(parse, "parse_page", crashing)
    with pytest.raises(KeyboardInterrupt):
        _scrape(sqlite_url, SiteTransport())
    with Archive.open(sqlite_url) as archive:
        left = list(archive.unparsed_captures())
    assert len(left) == 1  # stored, not parsed: nothing half-stored

    monkeypatch.setattr(parse, "parse_page", real)
    summary = _scrape(sqlite_url, SiteTransport())
    assert summary.recovered == 1
    clean_url = f"sqlite:///{tmp_path / 'clean.sqlite'}"
    assert _scrape(clean_url, SiteTransport()).exit_code == 0
    assert _stories(sqlite_url) == _stories(clean_url)  # no duplicates, nothing missing
    with Archive.open(sqlite_url) as archive:
        assert list(archive.unparsed_captures()) == []


def test_nothing_fetched_points_to_demo(sqlite_url: str) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    with pytest.raises(NothingFetchedError) as info:
        scrape(_settings(sqlite_url), _profile(), transport=httpx.MockTransport(refuse))
    assert info.value.exit_code == 4
    assert "anp-archive demo" in str(info.value)


def test_robots_disallowing_everything_is_exit_4(sqlite_url: str, tmp_path: Path) -> None:
    site = SiteTransport()
    site.override["/robots.txt"] = lambda r: _resp(200, "User-agent: *\nDisallow: /\n", "text/plain")
    with pytest.raises(NothingFetchedError, match=r"robots\.txt"):
        _scrape(sqlite_url, site)
    assert site.paths() == ["/robots.txt"]


def test_no_dateline_anywhere_is_layout_changed(sqlite_url: str, tmp_path: Path) -> None:
    root = tmp_path / "site"
    (root / "nieuws").mkdir(parents=True)
    (root / "robots.txt").write_text("User-agent: *\n", encoding="utf-8")
    page = "<html><body><h1>{t}</h1><p>Een nieuwe vormgeving zonder datelines.</p>{a}</body></html>"
    (root / "nieuws.html").write_text(
        page.format(t="Nieuws", a='<a href="/nieuws/iets-nieuws">x</a>'), encoding="utf-8"
    )
    (root / "nieuws" / "iets-nieuws.html").write_text(page.format(t="Iets", a=""), encoding="utf-8")
    with pytest.raises(LayoutChangedError) as info:
        _scrape(sqlite_url, SiteTransport(root=root))
    assert info.value.exit_code == 5


def test_lock_held_is_exit_3(sqlite_url: str) -> None:
    with (
        Archive.open(sqlite_url) as archive,
        run_lock(archive, _profile().name),
        pytest.raises(LockHeldError) as info,
    ):
        _scrape(sqlite_url, SiteTransport())
    assert info.value.exit_code == 3


def test_reparse_is_idempotent(db_url: str) -> None:
    first = _scrape(db_url, SiteTransport())
    with Archive.open(db_url) as archive:
        again = reparse(archive)
        assert again.captures == first.new_captures
        assert (again.reread, again.current) == (0, first.new_captures)
        assert (again.new_stories, again.new_sightings, again.new_revisions) == (0, 0, 0)
        assert again.failed == 0
        assert {s.parser_version for s in archive.iter_captures()} == {parse.PARSER_VERSION}


def _count_parses(monkeypatch: pytest.MonkeyPatch) -> list[tuple[object, object]]:
    """Record (url, hints) of every parse_page call from now on."""
    calls: list[tuple[object, object]] = []
    real = parse.parse_page

    def counting(*args: object, **kwargs: object) -> object:
        calls.append((kwargs.get("url"), kwargs.get("hints")))
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(parse, "parse_page", counting)
    return calls


def test_reparse_rereads_older_versions_and_with_hints_failures(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _scrape(db_url, SiteTransport())
    old = f"{BASE}/nieuws/{ALLOWED_ARTICLES[0]}"
    failed = f"{BASE}/nieuws/{ALLOWED_ARTICLES[1]}"
    with Archive.open(db_url) as archive:
        with archive.engine.begin() as conn:
            conn.execute(sa.text("UPDATE captures SET parser_version = '0' WHERE url = :u"),
                         {"u": old})
        (failed_id,) = [s.id for s in archive.iter_captures() if s.capture.url == failed]
        archive.mark_parse_failed(failed_id, parser_version=parse.PARSER_VERSION, error="x")
        calls = _count_parses(monkeypatch)
        summary = reparse(archive)
        # The same parser would fail the same way: a failure waits for new hints.
        assert [url for url, _ in calls] == [old]
        assert (summary.captures, summary.reread, summary.current) == (
            first.new_captures, 1, first.new_captures - 1
        )
        assert summary.failed == 0
        assert summary.line().startswith(
            f"reparse: {first.new_captures} captures (1 re-read, 1 rebuilt, "
            f"{first.new_captures - 1} already current), "
        )
        assert _parse_errors(db_url)[failed] == "x"
        calls.clear()
        hinted = reparse(archive, hints={"title": "h1"})
        assert [url for url, _ in calls] == [failed]
        assert hinted.reread == 1
        assert _parse_errors(db_url)[failed] is None
        calls.clear()
        again = reparse(archive)
        assert (calls, again.reread, again.current) == ([], 0, first.new_captures)


def test_reparse_all_rereads_every_capture_with_the_hints_and_stores_the_new_reading(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _scrape(db_url, SiteTransport())
    target = f"{BASE}/nieuws/{ALLOWED_ARTICLES[0]}"
    calls = _count_parses(monkeypatch)
    counting = parse.parse_page

    def retitled(*args: object, **kwargs: object) -> object:
        # The same parser version reading a page differently (as new hints can make it).
        page = counting(*args, **kwargs)
        if kwargs.get("url") == target:
            assert isinstance(page, Page) and page.lead is not None
            return dataclasses.replace(
                page, lead=dataclasses.replace(page.lead, title="Anders gelezen kop")
            )
        return page

    monkeypatch.setattr(parse, "parse_page", retitled)
    hints = {"title": "article h1.kop"}
    with Archive.open(db_url) as archive:
        summary = reparse(archive, all_captures=True, hints=hints)
        assert (summary.reread, summary.current, summary.failed) == (first.new_captures, 0, 0)
        assert len(calls) == first.new_captures
        assert {str(h) for _, h in calls} == {str(hints)}
        assert any(s.title == "Anders gelezen kop" for s in archive.search(limit=100))
    assert set(_parse_errors(db_url).values()) == {None}
    with Archive.open(db_url) as archive:
        calls.clear()
        assert reparse(archive).reread == 0  # --all leaves every capture current


def test_summary_line_and_dict() -> None:
    s = pipeline.RunSummary(site="x", pages=14, unchanged=9, new_stories=6, new_sightings=31,
                            duration_s=41.6)
    assert s.line() == (
        "scrape: 14 pages (9 unchanged), 6 new stories, 31 sightings, 0 errors in 42 s"
    )
    assert s.to_dict()["pages"] == 14
    assert "exit_code" not in s.counts() and s.counts()["pages"] == 14


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("text/html; charset=windows-1252", "windows-1252"),
        ('text/html; Charset="UTF-8"', "UTF-8"),
        ("text/html", None),
        (None, None),
    ],
)
def test_capture_charset_comes_from_the_content_type(header: str | None, expected: str | None) -> None:
    from datetime import UTC, datetime

    headers = (("content-type", header),) if header else ()
    capture = Capture(url=None, fetched_at=datetime.now(UTC), status=200, body=b"x",
                      headers=headers)
    assert capture.charset == expected


def _mini_site(root: Path, pages: dict[str, str]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "robots.txt").write_text("User-agent: *\n", encoding="utf-8")
    for path, html in pages.items():
        file = root / f"{path.strip('/')}.html"
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(html, encoding="utf-8")
    return root


def _ticker_page(items: list[tuple[str, str]], *, lead: str = "") -> str:
    lis = "".join(
        f'<li><a href="{href}"><p>{text}</p></a><span>{n + 5} minuten geleden</span></li>'
        for n, (href, text) in enumerate(items)
    )
    return (f"<html><body><main>{lead}<h2>Meer uit Regio</h2><ul>{lis}</ul></main>"
            "</body></html>")


def _article(title: str, dateline_text: str) -> str:
    return _ticker_page([], lead=f"<article><h1>{title}</h1><p>{dateline_text}</p></article>")


def test_ticker_links_are_followed_even_off_pattern(sqlite_url: str, tmp_path: Path) -> None:
    root = _mini_site(tmp_path / "site", {
        "nieuws": _ticker_page([("/artikel/123/dijk-bij-goes", "GOES (ANP) - De dijk bij Goes "
                                 "wordt versterkt, meldt het waterschap.")]),
        "artikel/123/dijk-bij-goes": _article(
            "Dijk bij Goes versterkt",
            "GOES (ANP) - De dijk bij Goes wordt versterkt, meldt het waterschap."),
    })
    site = SiteTransport(root=root)
    summary = _scrape(sqlite_url, site)
    assert "/artikel/123/dijk-bij-goes" in site.paths()
    assert summary.exit_code == 0
    assert ("GOES", "Dijk bij Goes versterkt") in [(p, t) for p, t, _ in _stories(sqlite_url)]


def test_index_page_with_an_article_like_url_is_checked_every_run(
    sqlite_url: str, tmp_path: Path
) -> None:
    first_item = ("/nieuws/eerste-bericht", "TERNEUZEN (ANP) - Het eerste bericht uit Terneuzen.")
    root = _mini_site(tmp_path / "site", {
        "nieuws": '<html><body><a href="/nieuws/regio-walcheren">Walcheren</a></body></html>',
        "nieuws/regio-walcheren": _ticker_page([first_item]),
        "nieuws/eerste-bericht": _article("Eerste", first_item[1]),
    })
    _scrape(sqlite_url, SiteTransport(root=root))
    second_item = ("/nieuws/tweede-bericht", "VEERE (ANP) - Het tweede bericht uit Veere.")
    _mini_site(root, {
        "nieuws/regio-walcheren": _ticker_page([second_item, first_item]),
        "nieuws/tweede-bericht": _article("Tweede", second_item[1]),
    })
    site = SiteTransport(root=root)
    again = _scrape(sqlite_url, site)
    assert "/nieuws/regio-walcheren" in site.paths()  # not skipped as a "known article"
    assert "/nieuws/tweede-bericht" in site.paths()
    assert "/nieuws/eerste-bericht" not in site.paths()  # a known article is skipped
    assert again.new_stories == 1


def test_run_after_a_capped_run_reads_index_pages_in_full(sqlite_url: str) -> None:
    first = _scrape(sqlite_url, SiteTransport(), max_pages=6)
    assert first.capped == 1
    site = SiteTransport()
    second = _scrape(sqlite_url, site)
    assert second.capped == 0
    sections = [r for r in site.requests if r.url.path == "/nieuws/binnenland"]
    assert sections and "if-none-match" not in sections[0].headers
    for slug in ALLOWED_ARTICLES:  # what the capped run never reached is found now
        assert f"{BASE}/nieuws/{slug}" in _captured(sqlite_url), slug
    # and once a run completes, the next one is conditional again
    site = SiteTransport()
    _scrape(sqlite_url, site)
    sections = [r for r in site.requests if r.url.path == "/nieuws/binnenland"]
    assert sections and "if-none-match" in sections[0].headers


def _captured(db_url: str) -> set[str]:
    with Archive.open(db_url) as archive:
        return {s.capture.url or "" for s in archive.iter_captures()}


def test_redirected_start_page_still_leads_to_the_sections(sqlite_url: str) -> None:
    def moved(request: httpx.Request) -> httpx.Response:
        return _resp(301, "verhuisd", location=f"{BASE}/nieuws/")

    first = SiteTransport()
    first.override["/nieuws"] = moved
    assert _scrape(sqlite_url, first).exit_code == 0
    assert f"{BASE}/nieuws/" in _captured(sqlite_url)  # stored under the final URL
    site = SiteTransport()
    site.override["/nieuws"] = moved
    second = _scrape(sqlite_url, site)
    assert "/nieuws/" in site.paths()
    assert site.requests[site.paths().index("/nieuws/")].headers.get("if-none-match")
    assert "/nieuws/binnenland" in site.paths()  # links read from the final URL's capture
    assert second.exit_code == 0


def test_skipped_known_articles_do_not_use_up_the_page_cap(sqlite_url: str) -> None:
    _scrape(sqlite_url, SiteTransport())
    probe = SiteTransport()
    assert _scrape(sqlite_url, probe).capped == 0
    fetches = len([p for p in probe.paths() if p != "/robots.txt"])
    assert fetches < len(ALLOWED_ARTICLES)  # the known articles were skipped
    site = SiteTransport()
    second = _scrape(sqlite_url, site, max_pages=fetches)
    assert second.capped == 0  # every real fetch fitted under the cap
    sections = [r for r in site.requests if r.url.path == "/nieuws/binnenland"]
    assert sections and "if-none-match" in sections[0].headers
    # and the next run is not "thorough": the one before it was complete
    after = SiteTransport()
    _scrape(sqlite_url, after, max_pages=fetches)
    sections = [r for r in after.requests if r.url.path == "/nieuws/binnenland"]
    assert sections and "if-none-match" in sections[0].headers


def test_recovery_leaves_other_sites_captures_alone(sqlite_url: str) -> None:
    other = Capture(url="http://ander.test/nieuws/iets", fetched_at=datetime.now(UTC),
                    status=200, body=b"<html><body><p>GOES (ANP) - Iets.</p></body></html>")
    with Archive.open(sqlite_url) as archive:
        archive.add_capture(other)
    summary = _scrape(sqlite_url, SiteTransport())
    assert summary.recovered == 0
    with Archive.open(sqlite_url) as archive:
        assert [s.capture.url for s in archive.unparsed_captures()] == [other.url]


def test_one_non_news_article_alone_is_not_a_layout_change(
    sqlite_url: str, tmp_path: Path
) -> None:
    item = ("/nieuws/eerste-bericht", "TERNEUZEN (ANP) - Het eerste bericht uit Terneuzen.")
    root = _mini_site(tmp_path / "site", {
        "nieuws": _ticker_page([item]) .replace(
            "</main>", '<a href="/nieuws/regio-zwembad">Zwembad</a></main>'),
        "nieuws/eerste-bericht": _article("Eerste", item[1]),
    })
    first = _scrape(sqlite_url, SiteTransport(root=root))
    assert first.gone == 1  # the regional story is not online yet
    _mini_site(root, {"nieuws/regio-zwembad":
                      "<html><body><h1>Zwembad</h1><p>Het zwembad gaat open.</p></body></html>"})
    site = SiteTransport(root=root)
    second = _scrape(sqlite_url, site)  # front page unchanged (304), one non-news article
    assert "/nieuws/regio-zwembad" in site.paths()
    assert (second.skipped, second.exit_code) == (1, 0)


def test_interrupted_run_records_its_true_counts(sqlite_url: str) -> None:
    site = SiteTransport()
    site.override["/nieuws/binnenland"] = lambda r: _resp(403, "verboden")

    def stop_after_the_error(done: int, total: int, url: str) -> None:
        if url.endswith("/nieuws/binnenland"):
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        scrape(_settings(sqlite_url), _profile(), progress=stop_after_the_error,
               transport=site.transport())
    with Archive.open(sqlite_url) as archive:
        last = archive.runs()[0]
    assert last.exit_code == 130 and last.finished_at is not None
    assert last.counts["errors"] == 1


def test_settings_max_crawl_delay_reaches_the_fetcher(
    sqlite_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    robots = "User-agent: *\nCrawl-delay: 86400\n"
    site = SiteTransport(override={"/robots.txt": lambda r: _resp(200, robots, "text/plain")})
    # One page: the capped delay is never waited for, whatever the cap.
    summary = _scrape(sqlite_url, site, max_pages=1, max_crawl_delay_s=0.25)
    assert summary.pages == 1
    assert "Crawl-delay 86400 s; using the max_crawl_delay_s cap of 0.25 s" in caplog.text


def test_url_variants_of_one_page_are_fetched_once(sqlite_url: str, tmp_path: Path) -> None:
    item = ("/nieuws/dijk-bij-goes", "GOES (ANP) - De dijk bij Goes wordt versterkt.")
    root = _mini_site(tmp_path / "site", {
        "nieuws": '<html><body>'
        '<a href="/nieuws/dijk-bij-goes">a</a>'
        '<a href="/nieuws/dijk-bij-goes/">b</a>'
        '<a href="/nieuws/dijk-bij-goes?utm_campaign=x&amp;fbclid=1">c</a>'
        '<a href="http://NIEUWS.test:80/nieuws/dijk-bij-goes#reacties">d</a>'
        '<a href="/nieuws/%64ijk-bij-goes">e</a>'
        '</body></html>',
        "nieuws/dijk-bij-goes": _article("Dijk bij Goes versterkt", item[1]),
    })
    site = SiteTransport(root=root)
    summary = _scrape(sqlite_url, site)
    assert site.paths().count("/nieuws/dijk-bij-goes") == 1
    assert len([p for p in site.paths() if "dijk" in p]) == 1
    assert summary.new_stories == 1 and summary.bad_links == 0


def test_malformed_and_overlong_links_are_counted_and_skipped(
    sqlite_url: str, tmp_path: Path
) -> None:
    item = ("/nieuws/dijk-bij-goes", "GOES (ANP) - De dijk bij Goes wordt versterkt.")
    long_link = "/nieuws/" + "x" * 3000
    root = _mini_site(tmp_path / "site", {
        "nieuws": '<html><body>'
        '<a href="http://nieuws.te[st/nieuws/kapot">kapot</a>'
        f'<a href="{long_link}">lang</a>'
        '<a href="/nieuws/dijk-bij-goes">goed</a>'
        '</body></html>',
        "nieuws/dijk-bij-goes": _article("Dijk bij Goes versterkt", item[1]),
    })
    for _ in range(2):  # the run after meets the same links and does not crash either
        site = SiteTransport(root=root)
        summary = _scrape(sqlite_url, site, refresh=True)
        assert summary.bad_links == 1  # extract_links already drops the one urlsplit refuses
        assert summary.exit_code == 0
        assert "/nieuws/dijk-bij-goes" in site.paths()
        assert not [p for p in site.paths() if "xxx" in p]


def _frontier(db_url: str) -> list[tuple[str, int]]:
    with Archive.open(db_url) as archive:
        return archive.frontier(_profile().name)


def test_capped_runs_leave_a_frontier_the_next_runs_drain(sqlite_url: str) -> None:
    first = _scrape(sqlite_url, SiteTransport(), max_pages=4)
    assert first.capped == 1
    left = _frontier(sqlite_url)
    assert left  # what the cap refused is kept, not forgotten
    runs = 0
    summary = first
    while summary.capped and runs < 30:
        summary = _scrape(sqlite_url, SiteTransport(), max_pages=4)
        runs += 1
    assert summary.capped == 0 and _frontier(sqlite_url) == []
    for slug in ALLOWED_ARTICLES:  # every article, though no run fetched more than 4 pages
        assert f"{BASE}/nieuws/{slug}" in _captured(sqlite_url), slug


def test_the_next_run_starts_with_the_frontier(sqlite_url: str) -> None:
    _scrape(sqlite_url, SiteTransport(), max_pages=4)
    left = {url for url, _ in _frontier(sqlite_url)}
    site = SiteTransport()
    second = _scrape(sqlite_url, site, max_pages=1000)
    assert second.resumed == len(left) and second.capped == 0
    fetched = {str(r.url) for r in site.requests}
    wanted = {u for u in left if u.rsplit("/", 1)[-1] in ALLOWED_ARTICLES}
    assert wanted and wanted <= fetched | _captured(sqlite_url)


def test_an_interrupted_run_keeps_its_frontier(sqlite_url: str) -> None:
    def stop_at_the_first_section(done: int, total: int, url: str) -> None:
        if url.endswith("/nieuws/binnenland"):
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        scrape(_settings(sqlite_url), _profile(), progress=stop_at_the_first_section,
               transport=SiteTransport().transport())
    assert _frontier(sqlite_url)
    summary = _scrape(sqlite_url, SiteTransport())
    assert summary.resumed > 0 and summary.capped == 0 and _frontier(sqlite_url) == []
    for slug in ALLOWED_ARTICLES:
        assert f"{BASE}/nieuws/{slug}" in _captured(sqlite_url), slug


def test_run_messages_are_stored_and_a_dead_run_shows_as_interrupted(sqlite_url: str) -> None:
    with Archive.open(sqlite_url) as archive:
        dead = archive.start_run(_profile().name, datetime(2026, 12, 1, 8, tzinfo=UTC))
    site = SiteTransport()
    site.override["/nieuws/binnenland"] = lambda r: _resp(403, "verboden")
    _scrape(sqlite_url, site)
    with Archive.open(sqlite_url) as archive:
        last, before = archive.runs(limit=2)
    assert before.id == dead and before.status == "interrupted" and before.finished_at is None
    assert last.status == "exit 1"
    assert any("/nieuws/binnenland" in m and "403" in m for m in last.messages)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("http://localhost:8123/nieuws", "http://127.0.0.1:8123/nieuws"),
        ("http://[::1]:8123/nieuws", "http://LOCALHOST:8123/nieuws"),
        ("https://www.elders.test/nieuws", "https://elders.test/nieuws"),
    ],
)
def test_two_spellings_of_one_site_cannot_run_at_once(
    db_url: str, first: str, second: str
) -> None:
    one = default_profile().with_start_url(first)
    other = default_profile().with_start_url(second)
    assert one.name == other.name
    with (
        Archive.open(db_url) as archive,
        run_lock(archive, one.name),
        pytest.raises(LockHeldError) as info,
    ):
        scrape(_settings(db_url), other, transport=SiteTransport().transport())
    assert info.value.exit_code == 3


def _without_datelines(root: Path) -> None:
    """The site's new layout: wire items without a dateline; the front page's Net binnen
    list stays as it was."""
    import re
    import shutil

    shutil.copytree(SITE, root)
    for file in (root / "nieuws").glob("*.html"):
        html = file.read_text(encoding="utf-8")
        bare = re.sub(r"[A-Z][A-Z .'-]+ \([A-Z/]+\) *[-\u2013\u2014] *", "", html)
        file.write_text(bare, encoding="utf-8")


def test_wire_pages_without_datelines_are_exit_5_on_every_run(
    sqlite_url: str, tmp_path: Path
) -> None:
    root = tmp_path / "site"
    _without_datelines(root)
    for _ in range(2):  # the second run finds every page unchanged and still says so
        with pytest.raises(LayoutChangedError) as info:
            _scrape(sqlite_url, SiteTransport(root=root))
        assert info.value.exit_code == 5
        assert "wire items" in str(info.value)
    with Archive.open(sqlite_url) as archive:
        assert [r.counts["layout_alarm"] for r in archive.runs(limit=2)] == [1, 1]
    # the layout fixed (here: the old pages back): the alarm ends
    import shutil

    shutil.rmtree(root)
    shutil.copytree(SITE, root)
    assert _scrape(sqlite_url, SiteTransport(root=root)).exit_code == 0


def test_the_front_page_alone_without_datelines_is_no_alarm(sqlite_url: str) -> None:
    # The fixture front page shows only a Net binnen list: normal, not a layout change.
    summary = _scrape(sqlite_url, SiteTransport(), max_depth=0)
    assert summary.wire_pages == 0 and summary.exit_code == 0


def test_no_new_story_for_stale_after_is_exit_5_naming_the_last_one(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import timedelta

    from anp_archive.errors import NoNewStoriesError

    assert _scrape(db_url, SiteTransport()).new_stories > 0
    with Archive.open(db_url) as archive:
        last = archive.last_new_story_at()
    assert last is not None
    # Within the limit, a run with nothing new is fine; a day and a half later it is not.
    assert _scrape(db_url, SiteTransport()).exit_code == 0
    later = last + timedelta(hours=36)
    monkeypatch.setattr(pipeline, "_now", lambda: later)
    with pytest.raises(NoNewStoriesError) as info:
        _scrape(db_url, SiteTransport())
    assert info.value.exit_code == 5
    assert last.isoformat(timespec="minutes") in str(info.value)
    # Off, or with a longer limit: no alarm.
    settings = _settings(db_url)
    assert scrape(settings, _profile(), transport=SiteTransport().transport(),
                  stale_after=None).exit_code == 0
    assert scrape(settings, _profile(), transport=SiteTransport().transport(),
                  stale_after=timedelta(hours=48)).exit_code == 0
    with Archive.open(db_url) as archive:
        health = archive.health(_profile().name)
    assert health.last_new_story_at == last
    assert [r.exit_code for r in health.failed_runs] == [5]
    assert health.last_successful_run_at is not None


def test_an_amp_page_and_its_canonical_url_are_fetched_once(
    sqlite_url: str, tmp_path: Path
) -> None:
    lede = "GOES (ANP) - De dijk bij Goes wordt versterkt, meldt het waterschap."
    amp = _article("Dijk bij Goes versterkt", lede).replace(
        "<html>", '<html><head><link rel="canonical" href="/nieuws/dijk-bij-goes"></head>'
    ).replace("</main>", '<a href="/nieuws/dijk-bij-goes">Lees op de site</a></main>')
    root = _mini_site(tmp_path / "site", {
        "nieuws": '<html><body><a href="/nieuws/dijk-bij-goes-amp">AMP</a></body></html>',
        "nieuws/dijk-bij-goes-amp": amp,
        "nieuws/dijk-bij-goes": _article("Dijk bij Goes versterkt", lede),
    })
    site = SiteTransport(root=root)
    summary = _scrape(sqlite_url, site)
    assert "/nieuws/dijk-bij-goes-amp" in site.paths()
    assert "/nieuws/dijk-bij-goes" not in site.paths()
    assert summary.new_stories == 1


def test_net_binnen_lines_are_stored_and_linked_to_their_story(db_url: str) -> None:
    summary = _scrape(db_url, SiteTransport())
    with Archive.open(db_url) as archive, archive.engine.connect() as conn:
        rows = conn.execute(sa.text(
            "SELECT l.title, l.published_at, l.story_id, s.title "
            "FROM latest_sightings l LEFT JOIN stories s ON s.id = l.story_id ORDER BY l.id"
        )).all()
    assert summary.new_latest == len(rows) > 0
    assert all(r[1] is not None for r in rows)  # the parser gave every line a time
    # the front page is read before its articles: lines are linked once those are stored
    linked = [r for r in rows if r[2] is not None]
    assert linked and all(title == story_title for title, _, _, story_title in linked)
    with Archive.open(db_url) as archive:
        stored = archive.latest_capture_for_url(f"{BASE}/nieuws")
        assert stored is not None
        page = parse.parse_page(stored.capture.body, url=stored.capture.url,
                                fetched_at=stored.capture.fetched_at)
        assert archive.store_latest(stored.id, page) == 0  # a repeat adds nothing


def test_an_exact_time_narrows_the_story_interval_only_when_it_fits(db_url: str) -> None:
    from datetime import timedelta

    from anp_archive.models import Dateline, LatestItem, TickerItem

    t0 = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
    item = TickerItem("Dijk bij Goes versterkt", Dateline("GOES", ("ANP",)),
                      "De dijk bij Goes wordt versterkt, meldt het waterschap.", "1 uur geleden",
                      t0 - timedelta(hours=1, minutes=30), t0 - timedelta(minutes=30))
    other = TickerItem("Veerdienst vaart weer", Dateline("VLISSINGEN", ("ANP",)),
                       "De veerdienst tussen Vlissingen en Breskens vaart weer.", "1 uur geleden",
                       t0 - timedelta(hours=1, minutes=30), t0 - timedelta(minutes=30))
    fits = t0 - timedelta(minutes=50)
    outside = t0 - timedelta(hours=3)
    latest = (LatestItem("Regio", "09:10", "Dijk bij Goes versterkt", fits),
              LatestItem("Regio", "07:00", "Veerdienst vaart weer", outside),
              LatestItem("Regio", "08:40", "Nog onbekend bericht", fits))
    with Archive.open(db_url) as archive:
        archive.ingest(Capture("http://h.test/a", t0, 200, b"a"),
                       Page("http://h.test/a", t0, None, None, (item, other)), parser_version="1")
        ref = archive.add_capture(Capture("http://h.test/b", t0, 200, b"b"))
        page = Page("http://h.test/b", t0, None, None, (), latest=latest)
        assert archive.store_latest(ref.id, page) == 3
        with archive.engine.connect() as conn:
            rows = dict(conn.execute(sa.text(
                "SELECT s.title, s.published_earliest = s.published_latest "
                "FROM stories s")).all())
            unlinked = conn.execute(sa.text(
                "SELECT title FROM latest_sightings WHERE story_id IS NULL")).scalars().all()
    assert rows["Dijk bij Goes versterkt"]  # narrowed to the exact time
    assert not rows["Veerdienst vaart weer"]  # 07:00 contradicts its sightings: unchanged
    assert unlinked == ["Nog onbekend bericht"]  # no such story (yet)


def test_an_amp_page_is_stored_as_its_canonical_story(db_url: str, tmp_path: Path) -> None:
    lede = ("GOES (ANP) - Het waterschap begint maandag met het versterken van de dijk bij "
            "Goes, een klus die twee jaar gaat duren.")
    teaser = "GOES (ANP) - Dijk bij Goes twee jaar lang op de schop."
    sluis = ("TERNEUZEN (ANP) - De nieuwe zeesluis bij Terneuzen gaat een half jaar later "
             "open dan gepland, meldt het havenbedrijf.")
    amp = _ticker_page(
        [("/nieuws/sluis-terneuzen-later-open", sluis)],
        lead=f"<article><h1>Dijk bij Goes versterkt</h1><p>{lede}</p></article>",
    ).replace("<html>", '<html><head><link rel="canonical" href="/nieuws/dijk-bij-goes">'
              "</head>")
    root = _mini_site(tmp_path / "site", {
        "nieuws": '<html><body><a href="/nieuws/dijk-bij-goes-amp">AMP</a></body></html>',
        "nieuws/dijk-bij-goes-amp": amp,
        # Another page's ticker links the canonical URL, with a teaser instead of the lede.
        "nieuws/sluis-terneuzen-later-open": _ticker_page(
            [("/nieuws/dijk-bij-goes", teaser)],
            lead=f"<article><h1>Zeesluis later open</h1><p>{sluis}</p></article>"),
        "nieuws/dijk-bij-goes": _article("Dijk bij Goes versterkt", lede),
    })
    site = SiteTransport(root=root)
    summary = _scrape(db_url, site)
    assert summary.exit_code == 0, summary.messages
    paths = site.paths()
    assert "/nieuws/dijk-bij-goes" not in paths
    assert paths.count("/nieuws/dijk-bij-goes-amp") == 1
    with Archive.open(db_url) as archive, archive.engine.connect() as conn:
        stories = conn.execute(sa.text(
            "SELECT url, sighting_count FROM stories ORDER BY url")).all()
        captures = conn.execute(sa.text("SELECT url FROM v_captures ORDER BY url")).scalars().all()
    assert [(u, n) for u, n in stories] == [
        (f"{BASE}/nieuws/dijk-bij-goes", 2),  # the AMP lead and the teaser on the other page
        (f"{BASE}/nieuws/sluis-terneuzen-later-open", 2),
    ]
    # One capture per fetch, each under the URL it was fetched from.
    assert captures == [f"{BASE}/nieuws", f"{BASE}/nieuws/dijk-bij-goes-amp",
                        f"{BASE}/nieuws/sluis-terneuzen-later-open"]
    with Archive.open(db_url) as archive:
        again = reparse(archive, all_captures=True)
        assert again.new_stories == 0  # (the link-only front page fails to parse)
        assert archive.stats().stories == 2


@pytest.mark.parametrize(
    ("fetched", "minutes_50", "hours_2"),
    [
        # Autumn: 02:10 CET on 25 October, ten minutes after the clocks went back from
        # 03:00 CEST. Real minutes count: 50 minutes before 01:10 UTC is 00:20 UTC (02:20
        # CEST), not the 01:20 on the wall, which was 23:20 UTC.
        ("2026-10-25T01:10:00+00:00", ("2026-10-25T00:19:00", "2026-10-25T00:20:00"),
         ("2026-10-24T22:10:00", "2026-10-24T23:10:00")),
        # Spring: 03:10 CEST on 29 March, ten minutes after 02:00 CET jumped to 03:00.
        # 50 minutes earlier is 01:20 CET; the wall's 02:20 never existed.
        ("2026-03-29T01:10:00+00:00", ("2026-03-29T00:19:00", "2026-03-29T00:20:00"),
         ("2026-03-28T22:10:00", "2026-03-28T23:10:00")),
    ],
    ids=["autumn", "spring"],
)
def test_scrape_just_after_a_dst_change_gives_utc_intervals_in_real_time(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    fetched: str, minutes_50: tuple[str, str], hours_2: tuple[str, str],
) -> None:
    from anp_archive.fetch import client

    at = datetime.fromisoformat(fetched)

    class FrozenClock(datetime):
        @classmethod
        def now(cls, tz: object = None) -> FrozenClock:  # type: ignore[override]
            return at  # type: ignore[return-value]

    monkeypatch.setattr(client, "datetime", FrozenClock)
    root = _mini_site(tmp_path / "site", {"nieuws": _ticker_page([
        ("/nieuws/brug-zeeland", "ZIERIKZEE (ANP) - De Zeelandbrug is vannacht een uur "
         "dicht geweest voor onderhoud aan het wegdek."),
        ("/nieuws/storm-vlieland", "VLIELAND (ANP) - De veerdienst naar Vlieland vaart "
         "door de storm vannacht niet volgens de dienstregeling."),
    ])})
    # _ticker_page gives its items "5 minuten geleden", "6 ...": set the ages under test.
    page = root / "nieuws.html"
    html = page.read_text(encoding="utf-8")
    html = html.replace("5 minuten geleden", "50 minuten geleden").replace(
        "6 minuten geleden", "2 uur geleden")
    page.write_text(html, encoding="utf-8")
    for slug in ("brug-zeeland", "storm-vlieland"):
        (root / "nieuws" / f"{slug}.html").unlink(missing_ok=True)
    settings = _settings(db_url)
    summary = scrape(settings, _profile(), transport=SiteTransport(root=root).transport(),
                     stale_after=None)
    assert summary.new_stories == 2, summary.messages
    with Archive.open(db_url) as archive:
        stories = {s.place: s for s in archive.search(limit=10)}

    def utc(value: datetime | None) -> str:
        assert value is not None
        return value.astimezone(UTC).replace(tzinfo=None).isoformat()

    brug, storm = stories["ZIERIKZEE"], stories["VLIELAND"]
    assert (utc(brug.published_earliest), utc(brug.published_latest)) == minutes_50
    assert (utc(storm.published_earliest), utc(storm.published_latest)) == hours_2
    with Archive.open(db_url) as archive:
        [capture] = [c.capture for c in archive.iter_captures()]
    assert capture.fetched_at == at
