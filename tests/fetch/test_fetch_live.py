"""The fetcher against a real HTTP server on 127.0.0.1: what mocks cannot show.

The server is a few lines of asyncio on raw sockets so each test can misbehave exactly:
stream forever, reset the connection, close before Content-Length, or answer too slowly.
It runs on the test's own event loop and is shut down (every connection closed) before
the loop ends, so no ResourceWarning is left behind.
"""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import socket
import struct
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from types import TracebackType

import pytest

from anp_archive.errors import (
    FetchError,
    ResponseTooLargeError,
    RobotsDisallowedError,
    UnsupportedContentError,
)
from anp_archive.fetch import Fetcher, FetchSettings

pytestmark = pytest.mark.e2e

PAGE = (
    b"<html><body><h1>Kremlin ontkent</h1><p>MOSKOU (ANP/RTR) - Het Kremlin heeft ontkend.</p>"
    b"<h2>Meer uit Buitenland</h2></body></html>"
)


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]


Handler = Callable[[Request, asyncio.StreamWriter], Awaitable[bool]]


def head(status: str, headers: dict[str, str]) -> bytes:
    lines = [f"HTTP/1.1 {status}", *(f"{k}: {v}" for k, v in headers.items()), "", ""]
    return "\r\n".join(lines).encode("latin-1")


async def send(
    writer: asyncio.StreamWriter, body: bytes, status: str = "200 OK", **headers: str
) -> bool:
    """A complete response with Content-Length; True = keep the connection open."""
    all_headers = {"Content-Type": "text/html; charset=utf-8", "Content-Length": str(len(body))}
    all_headers.update({k.replace("_", "-"): v for k, v in headers.items()})
    writer.write(head(status, all_headers) + body)
    await writer.drain()
    return True


async def not_found(request: Request, writer: asyncio.StreamWriter) -> bool:
    return await send(writer, b"not found", "404 Not Found", Content_Type="text/plain")


@dataclass
class LocalServer:
    """``async with LocalServer({"/path": handler}) as server``: serves on 127.0.0.1:<port>."""

    routes: Mapping[str, Handler]
    requests: list[Request] = field(default_factory=list)
    connections: int = 0
    _tasks: set[asyncio.Task[None]] = field(default_factory=set)
    _server: asyncio.Server | None = None
    base: str = ""

    async def __aenter__(self) -> LocalServer:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.base = f"http://127.0.0.1:{self._server.sockets[0].getsockname()[1]}"
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self._server is not None
        self._server.close()
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self._server.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        self.connections += 1
        try:
            while True:
                line = await reader.readline()
                if not line:
                    break
                method, path, _ = line.decode("latin-1").split(" ", 2)
                headers: dict[str, str] = {}
                while (raw := await reader.readline()) not in (b"\r\n", b"\n", b""):
                    name, _, value = raw.decode("latin-1").partition(":")
                    headers[name.strip().lower()] = value.strip()
                request = Request(method, path, headers)
                self.requests.append(request)
                keep_alive = await self.routes.get(path, not_found)(request, writer)
                if not keep_alive:
                    break
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.CancelledError):
            # Cancelled = the server is shutting down. Ending normally keeps asyncio's
            # stream callback from logging the cancellation as an error.
            pass
        finally:
            if not writer.transport.is_closing():
                writer.close()
            with contextlib.suppress(ConnectionError, asyncio.CancelledError):
                await writer.wait_closed()

    def hits(self, path: str) -> int:
        return sum(1 for r in self.requests if r.path == path)


def fetcher_for(server: LocalServer, **overrides: object) -> Fetcher:
    values: dict[str, object] = {
        "allowed_hosts": frozenset({"127.0.0.1"}),
        "delay_s": 0,
        "backoff_s": 0.01,
        "timeout_s": 5,
    }
    values.update(overrides)
    return Fetcher(FetchSettings(**values))  # type: ignore[arg-type]


async def page(request: Request, writer: asyncio.StreamWriter) -> bool:
    return await send(writer, PAGE, ETag='"p1"')


async def test_real_server_page_robots_and_keep_alive() -> None:
    async def robots(request: Request, writer: asyncio.StreamWriter) -> bool:
        body = b"User-agent: *\nDisallow: /geheim\n"
        return await send(writer, body, Content_Type="text/plain")

    async def gzipped(request: Request, writer: asyncio.StreamWriter) -> bool:
        assert "gzip" in request.headers["accept-encoding"]
        return await send(writer, gzip.compress(PAGE), Content_Encoding="gzip")

    routes = {"/robots.txt": robots, "/nieuws/a": page, "/nieuws/b": gzipped}
    async with LocalServer(routes) as server, fetcher_for(server) as fetcher:
        first = await fetcher.fetch(f"{server.base}/nieuws/a")
        second = await fetcher.fetch(f"{server.base}/nieuws/b")
        with pytest.raises(RobotsDisallowedError):
            await fetcher.fetch(f"{server.base}/geheim")
        assert fetcher.requests_made == 3
    assert first.capture is not None and first.capture.body == PAGE
    assert first.etag == '"p1"'
    assert second.capture is not None and second.capture.body == PAGE  # decompressed
    assert ("content-encoding", "gzip") in second.capture.headers
    assert server.hits("/geheim") == 0
    assert server.connections == 1  # one pooled connection served everything
    assert all(r.headers["user-agent"].startswith("anp-archive/") for r in server.requests)


async def test_streaming_body_is_cut_off_at_the_cap() -> None:
    sent = 0

    async def endless(request: Request, writer: asyncio.StreamWriter) -> bool:
        nonlocal sent
        writer.write(head("200 OK", {"Content-Type": "text/html", "Transfer-Encoding": "chunked"}))
        chunk = b"<p>" + b"x" * 16381
        for _ in range(50 * 64):  # 50 MB if nobody stops us
            writer.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            await writer.drain()
            sent += len(chunk)
        writer.write(b"0\r\n\r\n")
        return True

    cap = 256 * 1024
    routes = {"/big": endless}
    async with LocalServer(routes) as server, fetcher_for(server, max_bytes=cap) as fetcher:
        started = time.monotonic()
        with pytest.raises(ResponseTooLargeError) as info:
            await fetcher.fetch(f"{server.base}/big")
        elapsed = time.monotonic() - started
        assert fetcher.requests_made == 2  # robots + one try: a size error is not retried
    assert info.value.status == 200
    assert elapsed < 5
    # The client stopped reading just past the cap; the server could only push what the
    # socket buffers held, far less than the 50 MB it meant to send.
    assert sent < 20 * 1024 * 1024


async def test_declared_50_mb_is_refused_before_reading() -> None:
    async def huge(request: Request, writer: asyncio.StreamWriter) -> bool:
        writer.write(head("200 OK", {"Content-Type": "text/html", "Content-Length": "52428800"}))
        writer.write(b"<html>" + b"x" * 65536)
        await writer.drain()
        await asyncio.sleep(10)  # would stall a client that tried to read it all
        return False

    async with LocalServer({"/huge": huge}) as server, fetcher_for(server) as fetcher:
        started = time.monotonic()
        with pytest.raises(ResponseTooLargeError, match="52428800"):
            await fetcher.fetch(f"{server.base}/huge")
        assert time.monotonic() - started < 5


async def test_connection_reset_is_retried_then_a_fetch_error() -> None:
    async def reset(request: Request, writer: asyncio.StreamWriter) -> bool:
        sock = writer.get_extra_info("socket")
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        writer.transport.abort()  # RST instead of FIN
        return False

    async with LocalServer({"/reset": reset}) as server, fetcher_for(server, retries=2) as f:
        with pytest.raises(FetchError) as info:
            await f.fetch(f"{server.base}/reset")
    assert type(info.value) is FetchError
    assert info.value.status is None
    assert info.value.url == f"{server.base}/reset"
    assert server.hits("/reset") == 3
    assert "after 3 attempts" in str(info.value)


async def test_truncated_body_is_retried_and_never_captured() -> None:
    calls = 0

    async def truncated_once(request: Request, writer: asyncio.StreamWriter) -> bool:
        nonlocal calls
        calls += 1
        if calls == 1:
            writer.write(head("200 OK", {"Content-Type": "text/html", "Content-Length": "5000"}))
            writer.write(PAGE[:50])
            await writer.drain()
            return False  # close with 4950 bytes missing
        return await send(writer, PAGE)

    async def always_truncated(request: Request, writer: asyncio.StreamWriter) -> bool:
        writer.write(head("200 OK", {"Content-Type": "text/html", "Content-Length": "5000"}))
        writer.write(PAGE[:50])
        await writer.drain()
        return False

    routes = {"/once": truncated_once, "/always": always_truncated}
    async with LocalServer(routes) as server, fetcher_for(server, retries=1) as fetcher:
        result = await fetcher.fetch(f"{server.base}/once")
        assert result.capture is not None and result.capture.body == PAGE
        with pytest.raises(FetchError) as info:
            await fetcher.fetch(f"{server.base}/always")
    assert type(info.value) is FetchError
    assert server.hits("/always") == 2


async def test_response_slower_than_the_timeout() -> None:
    async def slow(request: Request, writer: asyncio.StreamWriter) -> bool:
        await asyncio.sleep(10)
        return await send(writer, PAGE)

    async with (
        LocalServer({"/slow": slow}) as server,
        fetcher_for(server, timeout_s=0.3, retries=1) as fetcher,
    ):
        started = time.monotonic()
        with pytest.raises(FetchError) as info:
            await fetcher.fetch(f"{server.base}/slow")
        elapsed = time.monotonic() - started
    assert "timed out" in str(info.value)
    assert server.hits("/slow") == 2
    assert elapsed < 3


async def test_trickling_body_hits_the_overall_deadline() -> None:
    async def trickle(request: Request, writer: asyncio.StreamWriter) -> bool:
        writer.write(head("200 OK", {"Content-Type": "text/html", "Content-Length": "100000"}))
        for _ in range(1000):
            writer.write(b"x")
            await writer.drain()
            await asyncio.sleep(0.05)  # each read is quick; the whole never ends
        return False

    async with (
        LocalServer({"/trickle": trickle}) as server,
        fetcher_for(server, timeout_s=0.5, retries=0) as fetcher,
    ):
        started = time.monotonic()
        with pytest.raises(FetchError, match=r"timed out \(limit 0.5 s\)"):
            await fetcher.fetch(f"{server.base}/trickle")
        assert time.monotonic() - started < 3


async def test_pdf_and_redirects_on_a_real_server() -> None:
    async def pdf(request: Request, writer: asyncio.StreamWriter) -> bool:
        return await send(writer, b"%PDF-1.7\n...", Content_Type="application/pdf")

    async def moved(request: Request, writer: asyncio.StreamWriter) -> bool:
        return await send(writer, b"", "301 Moved Permanently", Location="/nieuws/a")

    routes = {"/doc.pdf": pdf, "/oud": moved, "/nieuws/a": page}
    async with LocalServer(routes) as server, fetcher_for(server) as fetcher:
        with pytest.raises(UnsupportedContentError, match="application/pdf"):
            await fetcher.fetch(f"{server.base}/doc.pdf")
        result = await fetcher.fetch(f"{server.base}/oud")
    assert result.url == f"{server.base}/nieuws/a"


async def test_robots_5xx_on_a_real_server_disallows() -> None:
    async def broken(request: Request, writer: asyncio.StreamWriter) -> bool:
        return await send(writer, b"oops", "503 Service Unavailable", Retry_After="0")

    routes = {"/robots.txt": broken, "/nieuws/a": page}
    async with LocalServer(routes) as server, fetcher_for(server, retries=1) as fetcher:
        with pytest.raises(RobotsDisallowedError):
            await fetcher.fetch(f"{server.base}/nieuws/a")
    assert server.hits("/nieuws/a") == 0
    assert server.hits("/robots.txt") == 2


async def test_concurrent_fetches_share_a_small_pool() -> None:
    active = 0
    peak = 0

    async def slowish(request: Request, writer: asyncio.StreamWriter) -> bool:
        nonlocal active, peak
        active += 1
        peak = max(peak, active)
        await asyncio.sleep(0.05)
        active -= 1
        return await send(writer, PAGE)

    routes = {f"/nieuws/{i}": slowish for i in range(12)}
    async with LocalServer(routes) as server, fetcher_for(server, concurrency=3) as fetcher:
        results = await asyncio.gather(
            *(fetcher.fetch(f"{server.base}/nieuws/{i}") for i in range(12))
        )
    assert all(r.status == 200 for r in results)
    assert peak == 3
    assert server.connections <= 3
