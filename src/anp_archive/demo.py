"""``anp-archive demo``: the whole pipeline, offline, against a bundled fixture site.

The fixture site (invented wire news in ANP format) ships inside the wheel as
``anp_archive/_demo_site`` and lives in the repository as ``fixtures/site``. A small threaded
HTTP server serves it on 127.0.0.1 (a free port), with robots.txt and ETags like a real
site, and an ordinary ``scrape`` runs against it with no per-host delay. So anyone, on a
fresh clone and without a network, can see fetch -> capture -> parse -> store work.

URL mapping: ``/a/b`` is served from ``a/b.html``, ``/a/b?x=y`` from ``a/b@x=y.html``,
``/robots.txt`` as is; the file's sha256 is its ETag, and a matching ``If-None-Match``
answers 304.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import unquote, urlsplit

import anp_archive
from anp_archive.config import Settings
from anp_archive.errors import ConfigError
from anp_archive.profile import SiteProfile, default_profile

if TYPE_CHECKING:
    from anp_archive.pipeline import RunSummary

__all__ = ["SiteHandler", "demo_site_dir", "run_demo", "serve_site", "show_archive"]


def demo_site_dir() -> Path:
    """The bundled fixture site: inside the installed package, else the repository's copy.

    Raises:
        ConfigError: neither exists (a broken install).
    """
    packaged = Path(anp_archive.__file__).parent / "_demo_site"
    if (packaged / "robots.txt").is_file():
        return packaged
    repo = Path(anp_archive.__file__).resolve().parents[2] / "fixtures" / "site"
    if (repo / "robots.txt").is_file():
        return repo
    raise ConfigError(
        "the bundled demo site is missing from this installation; reinstall anp-archive"
    )


class SiteHandler(BaseHTTPRequestHandler):
    """Serves a fixture site directory like a small static news site (ETag, 304, 404)."""

    root: ClassVar[Path]
    server_version = "anp-archive-demo/1"
    # HTTP/1.1: connections are kept alive, as on a real site (every response has a length).
    protocol_version = "HTTP/1.1"
    # Headers and body go out in separate writes; without TCP_NODELAY, Nagle's algorithm
    # and delayed ACKs would add ~40 ms to every kept-alive response.
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet: the demo's output is the scrape summary, not an access log."""

    def resolve(self, target: str) -> Path | None:
        """The file that answers ``target`` (path plus query), or None."""
        parts = urlsplit(target)
        path = unquote(parts.path)
        if path == "/robots.txt":
            name = "robots.txt"
        else:
            stem = path.strip("/") or "index"
            if parts.query:
                stem = f"{stem}@{parts.query}"
            name = f"{stem}.html"
        candidate = (self.root / name).resolve()
        root = self.root.resolve()
        if root not in candidate.parents or not candidate.is_file():
            return None
        return candidate

    def send_body(self, status: int, body: bytes, content_type: str, **headers: str) -> None:
        """Send a complete response (no body for HEAD)."""
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_GET(self) -> None:
        file = self.resolve(self.path)
        if file is None:
            self.send_body(404, b"<h1>404 Niet gevonden</h1>", "text/html; charset=utf-8")
            return
        body = file.read_bytes()
        etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        content_type = (
            "text/plain; charset=utf-8" if file.name == "robots.txt" else "text/html; charset=utf-8"
        )
        last_modified = formatdate(file.stat().st_mtime, usegmt=True)
        self.send_body(200, body, content_type, ETag=etag, Last_Modified=last_modified)

    do_HEAD = do_GET


@contextmanager
def serve_site(
    root: Path | None = None, handler: type[SiteHandler] = SiteHandler
) -> Iterator[str]:
    """Serve ``root`` (default: the bundled site) on 127.0.0.1; yield the base URL.

    The server runs on a daemon thread and stops when the ``with`` block ends.
    """
    site_root = root or demo_site_dir()
    bound = type("BoundSiteHandler", (handler,), {"root": site_root})
    server = ThreadingHTTPServer(("127.0.0.1", 0), bound)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="anp-demo-site", daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host!s}:{port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def demo_profile(base_url: str) -> SiteProfile:
    """The default profile, pointed at the local demo server."""
    return replace(default_profile(), name="demo").with_start_url(f"{base_url}/nieuws")


def run_demo(db_path: Path) -> RunSummary:
    """Serve the bundled site, scrape it with no delay into ``db_path``; return the summary.

    Raises:
        ConfigError: ``db_path`` already exists (the demo never touches an existing archive).
        AnpArchiveError: the scrape failed (it should not: the site is bundled).
    """
    # Imported here so the server above stays usable (tests, benchmarks) without the store.
    from anp_archive.pipeline import scrape

    if db_path.exists():
        raise ConfigError(f"{db_path} already exists; the demo writes only to a fresh file")
    with serve_site() as base_url:
        settings = Settings(db_url=f"sqlite:///{db_path}", delay_s=0.0, timeout_s=10.0, retries=0)
        return scrape(settings, demo_profile(base_url))


def show_archive(db_url: str, *, query: str, limit: int = 5) -> list[str]:
    """A few lines of ``stats`` and a ``search`` of the demo archive, for the demo's output."""
    from anp_archive.store import Archive

    with Archive.open(db_url) as archive:
        stats = archive.stats()
        hits = archive.search(text=query, limit=limit)
    lines = [
        f"stats: {stats.stories} stories, {stats.sightings} sightings, "
        f"{stats.captures} captures, {stats.runs} run(s)",
    ]
    if stats.by_section:
        lines.append(
            "  by section: " + ", ".join(f"{name} {n}" for name, n in stats.by_section)
        )
    if stats.by_agency:
        lines.append("  by agency: " + ", ".join(f"{name} {n}" for name, n in stats.by_agency))
    lines.append(f"search {query!r}: {len(hits)} stories")
    for story in hits:
        where = f"{story.place} ({story.agencies})" if story.agencies else (story.place or "")
        title = story.title or (story.lede or "")[:70]
        lines.append(f"  #{story.id} {where} - {title}")
    lines.append(
        f"Explore it: anp-archive search --db {db_url.removeprefix('sqlite:///')} QUERY"
    )
    return lines
