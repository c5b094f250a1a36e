"""A hostile web server on 127.0.0.1: compression bombs and other answers meant to hurt.

Every route is a canned answer (status, headers, body) set by the test, so each case is
stated where it is checked. Bombs are built once per session: zeros compressed so a few
hundred kilobytes on the wire decode to hundreds of megabytes.
"""

from __future__ import annotations

import gzip
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import brotli
import zstandard

MIB = 1024 * 1024


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes
    headers: tuple[tuple[str, str], ...] = (("Content-Type", "text/html; charset=utf-8"),)


def _zeros(mib: int) -> Iterator[bytes]:
    block = b"\0" * MIB
    for _ in range(mib):
        yield block


def _gzip(mib: int) -> bytes:
    comp = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    return b"".join(comp.compress(b) for b in _zeros(mib)) + comp.flush()


def _deflate(mib: int) -> bytes:
    comp = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS)
    return b"".join(comp.compress(b) for b in _zeros(mib)) + comp.flush()


def _brotli(mib: int) -> bytes:
    comp = brotli.Compressor(quality=5)
    return b"".join(comp.process(b) for b in _zeros(mib)) + comp.finish()


def _zstd(mib: int) -> bytes:
    comp = zstandard.ZstdCompressor(level=3).compressobj()
    return b"".join(comp.compress(b) for b in _zeros(mib)) + comp.flush()


def bombs() -> dict[str, tuple[str, bytes]]:
    """kind -> (Content-Encoding, body); each decodes to 512 MiB or more of zeros."""
    once = _gzip(512)
    return {
        "zstd": ("zstd", _zstd(2048)),
        "gzip": ("gzip", once),
        "gzip, gzip": ("gzip, gzip", gzip.compress(once, compresslevel=9)),
        "br": ("br", _brotli(1024)),
        "deflate": ("deflate", _deflate(512)),
    }


class HostileHandler(BaseHTTPRequestHandler):
    routes: ClassVar[dict[str, Answer]]
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def handle_one_request(self) -> None:
        try:
            super().handle_one_request()
        except ConnectionError:  # the client hung up on a bomb: what it should do
            self.close_connection = True

    def do_GET(self) -> None:
        answer = self.routes.get(self.path.split("?", 1)[0])
        if answer is None:
            answer = Answer(404, b"niet gevonden", (("Content-Type", "text/plain"),))
        self.send_response(answer.status)
        for name, value in answer.headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(answer.body)))
        self.end_headers()
        try:
            self.wfile.write(answer.body)
        except OSError:
            self.close_connection = True  # the client stopped reading: fine


@contextmanager
def serve_hostile(routes: dict[str, Answer]) -> Iterator[str]:
    """Serve ``routes`` on 127.0.0.1; yields the base URL. robots.txt defaults to allow-all."""
    table = {"/robots.txt": Answer(200, b"User-agent: *\nAllow: /\n", ()), **routes}
    handler = type("BoundHostileHandler", (HostileHandler,), {"routes": table})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def article_page(title: str, lead: str, ticker_link: str, ticker_text: str) -> bytes:
    """An ANP article page with one ticker item linking to ``ticker_link``."""
    return (
        f'<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>{title}</title>'
        f"</head><body><main><article><h1>{title}</h1><p>{lead}</p>"
        "<p>Meer details volgen later vandaag, meldt het persbureau.</p></article>"
        f'<aside><h2>Meer uit Binnenland</h2><ul><li><a href="{ticker_link}">'
        f"<p>{ticker_text}</p></a><span>2 uur geleden</span></li></ul></aside></main>"
        "</body></html>"
    ).encode()
