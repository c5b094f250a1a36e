"""The real CLI against a real loopback server whose articles partly hide in sitemaps
and feeds: found once each, times kept, reruns conditional, --backfill resumable."""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
from clirun import run, scrape_args
from test_discovery_pipeline import RECENT, RSS_TIME, site_files


class _Handler(BaseHTTPRequestHandler):
    pages: ClassVar[dict[str, tuple[bytes, str]]]
    log: ClassVar[list[tuple[str, bool]]]  # (path, sent a validator)
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the test reads ``log`` instead."""

    def do_GET(self) -> None:
        self.log.append((self.path, "If-None-Match" in self.headers))
        found = self.pages.get(self.path)
        if found is None:
            body, kind, status = b"niet gevonden", "text/html", 404
        else:
            (body, kind), status = found, 200
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if status == 200 and self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def site() -> Iterator[tuple[str, type[_Handler]]]:
    handler = type("Handler", (_Handler,), {"pages": {}, "log": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    base = f"http://127.0.0.1:{server.server_address[1]}"
    handler.pages.update(site_files(base))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield base, handler
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def _stories(db: Path) -> dict[str, str | None]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        rows = conn.execute("SELECT url, published_at FROM stories").fetchall()
    finally:
        conn.close()
    urls = [str(u).rsplit("/", 1)[-1] for u, _ in rows]
    assert len(urls) == len(set(urls)), "a story stored twice"
    return {str(u).rsplit("/", 1)[-1]: t for u, t in rows}


def test_cli_discovers_from_sitemaps_and_feeds_and_backfills(
    site: tuple[str, type[_Handler]], tmp_path: Path
) -> None:
    base, handler = site
    db = tmp_path / "archive.sqlite"
    first = run(scrape_args(f"{base}/nieuws", db, "--json"))
    assert first.code == 0, first.stderr
    # Without the profile's Atom feed (--start-url uses the built-in profile's keys).
    found = _stories(db)
    assert set(found) == set(RECENT) - {"beurs-opent-lager"}
    assert found["veerpont-weer-in-de-vaart"] is not None
    assert found["veerpont-weer-in-de-vaart"].startswith(
        RSS_TIME.strftime("%Y-%m-%d %H:%M"))

    handler.log.clear()
    again = run(scrape_args(f"{base}/nieuws", db))
    assert again.code == 0, again.stderr
    asked = [(p, v) for p, v in handler.log if p != "/robots.txt"]
    assert {p for p, _ in asked} == {"/nieuws", "/news-sitemap.xml", "/rss/binnenland.xml"}
    assert all(v for _, v in asked), asked  # conditional requests only

    handler.log.clear()
    capped = run(scrape_args(f"{base}/nieuws", db, "--backfill", "--max-pages", "4"))
    assert capped.code == 0, capped.stderr
    done = run(scrape_args(f"{base}/nieuws", db, "--backfill"))
    assert done.code == 0, done.stderr
    paths = [p for p, _ in handler.log]
    for slug in ("museum-krijgt-schilderij-terug", "haven-verwerkt-meer-graan"):
        assert paths.count(f"/nieuws/{slug}") == 1, paths
    assert paths.count("/sitemap-2019.xml.gz") == 1
    assert "museum-krijgt-schilderij-terug" in _stories(db)
