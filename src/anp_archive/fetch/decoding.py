"""Bounded, streamed ``Content-Encoding`` decoding: a bomb costs at most the size cap.

httpx decodes each network chunk whole, so a 64 KiB chunk of a zstd or doubly gzipped
bomb can become gigabytes before any size check sees it. Here every decoder hands its
output on in pieces of at most :data:`STEP` bytes, and the last stage counts them: once
the decoded body passes the cap, :class:`DecodedTooLargeError` stops the decoding at
once. Peak memory is then about the cap plus a few pieces, whatever the encoding.

Supported: ``gzip`` (and ``x-gzip``), ``deflate`` (zlib-wrapped or raw, as httpx),
``br`` (the ``brotli`` package) and ``zstd`` (``zstandard``, window capped at 8 MiB as
RFC 9659 asks of HTTP senders), ``identity``; at most :data:`MAX_LAYERS` stacked.
"""

from __future__ import annotations

import zlib
from typing import IO, Protocol, cast

import brotli
import httpx
import zstandard

__all__ = [
    "MAX_LAYERS",
    "STEP",
    "BodyDecoder",
    "DecodedTooLargeError",
    "UnsupportedEncodingError",
    "encodings_of",
]

STEP = 64 * 1024
MAX_LAYERS = 2
# RFC 9659 §3: zstd-encoded HTTP content uses windows of at most 8 MiB; a frame asking
# for more would make the decoder allocate it before a single byte comes out.
_ZSTD_MAX_WINDOW = 8 * 1024 * 1024


class DecodedTooLargeError(Exception):
    """The decoded body passed the cap (internal: the fetcher turns it into its own error)."""


class UnsupportedEncodingError(Exception):
    """An encoding we do not decode, or more than MAX_LAYERS of them (internal)."""


class _Sink(Protocol):
    def write(self, data: bytes) -> object: ...


class _Collector:
    """The last stage: keeps the decoded pieces and enforces the cap."""

    def __init__(self, cap: int) -> None:
        self.cap = cap
        self.size = 0
        self.chunks: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.size > self.cap:
            raise DecodedTooLargeError(self.size)
        if data:
            self.chunks.append(data)
        return len(data)


class _Identity:
    def __init__(self, out: _Sink) -> None:
        self._out = out

    def write(self, data: bytes) -> int:
        for start in range(0, len(data), STEP):
            self._out.write(data[start : start + STEP])
        return len(data)

    def close(self) -> None:
        return None


class _Zlib:
    """gzip or deflate through zlib, never more than STEP bytes out per call."""

    def __init__(self, out: _Sink, *, gzip: bool) -> None:
        self._out = out
        self._gzip = gzip
        self._decomp: zlib._Decompress | None = (
            zlib.decompressobj(zlib.MAX_WBITS | 16) if gzip else None
        )
        self._head = b""

    def _start_deflate(self, data: bytes) -> zlib._Decompress | None:
        # "deflate" is zlib-wrapped by the RFC, raw by some servers: look at the header.
        self._head += data
        if len(self._head) < 2:
            return None
        cmf, flg = self._head[0], self._head[1]
        wrapped = cmf & 0x0F == 8 and (cmf * 256 + flg) % 31 == 0
        return zlib.decompressobj(zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS)

    def write(self, data: bytes) -> int:
        size = len(data)
        if self._decomp is None:
            self._decomp = self._start_deflate(data)
            if self._decomp is None:
                return size
            data, self._head = self._head, b""
        decomp = self._decomp
        try:
            while not decomp.eof:
                piece = decomp.decompress(data, STEP)
                if piece:
                    self._out.write(piece)
                data = decomp.unconsumed_tail
                # A full piece may leave output inside zlib even when all input is used.
                if not data and len(piece) < STEP:
                    break
        except zlib.error as exc:
            raise httpx.DecodingError(f"{'gzip' if self._gzip else 'deflate'}: {exc}") from exc
        return size

    def close(self) -> None:
        if self._decomp is None and self._head:
            raise httpx.DecodingError("deflate: body too short")


class _Brotli:
    def __init__(self, out: _Sink) -> None:
        self._out = out
        self._decomp = brotli.Decompressor()

    def write(self, data: bytes) -> int:
        decomp = self._decomp
        try:
            if decomp.is_finished():
                return len(data)
            self._out.write(decomp.process(data, output_buffer_limit=STEP))
            while not decomp.can_accept_more_data():
                self._out.write(decomp.process(b"", output_buffer_limit=STEP))
        except brotli.error as exc:
            raise httpx.DecodingError(f"br: {exc}") from exc
        return len(data)

    def close(self) -> None:
        return None


class _Zstd:
    def __init__(self, out: _Sink) -> None:
        # stream_writer hands output on in write_size pieces as it goes, so the cap in the
        # collector stops a bomb mid-frame instead of after it.
        self._writer = zstandard.ZstdDecompressor(max_window_size=_ZSTD_MAX_WINDOW).stream_writer(
            cast(IO[bytes], out), write_size=STEP, write_return_read=True, closefd=False
        )

    def write(self, data: bytes) -> int:
        try:
            self._writer.write(data)
        except zstandard.ZstdError as exc:
            raise httpx.DecodingError(f"zstd: {exc}") from exc
        return len(data)

    def close(self) -> None:
        return None


_Stage = _Identity | _Zlib | _Brotli | _Zstd


def encodings_of(headers: httpx.Headers) -> list[str]:
    """The ``Content-Encoding`` tokens in the order they were applied, identity dropped."""
    tokens: list[str] = []
    for value in headers.get_list("content-encoding", split_commas=True):
        token = value.strip().lower()
        if token and token != "identity":
            tokens.append(token)
    return tokens


def _stage(token: str, out: _Sink) -> _Stage:
    if token in ("gzip", "x-gzip"):
        return _Zlib(out, gzip=True)
    if token == "deflate":
        return _Zlib(out, gzip=False)
    if token == "br":
        return _Brotli(out)
    if token == "zstd":
        return _Zstd(out)
    raise UnsupportedEncodingError(f"Content-Encoding {token!r} is not supported")


class BodyDecoder:
    """Feed raw body bytes, get the decoded body; raises once it passes ``cap`` bytes.

    Raises (from ``__init__``) :class:`UnsupportedEncodingError` for an unknown encoding
    or more than :data:`MAX_LAYERS` of them; (from :meth:`feed`) ``DecodedTooLargeError``
    past the cap and ``httpx.DecodingError`` for a corrupt body.
    """

    def __init__(self, encodings: list[str], cap: int) -> None:
        if len(encodings) > MAX_LAYERS:
            raise UnsupportedEncodingError(
                f"Content-Encoding stacks {len(encodings)} encodings "
                f"({', '.join(encodings)}); at most {MAX_LAYERS} are decoded"
            )
        self._collector = _Collector(cap)
        out: _Sink = self._collector
        stages: list[_Stage] = []
        # The last encoding applied is the first to undo.
        for token in encodings:
            stage = _stage(token, out)
            stages.append(stage)
            out = stage
        self._stages = stages[::-1]
        self._first: _Sink = out if stages else _Identity(self._collector)

    @property
    def size(self) -> int:
        """Decoded bytes so far."""
        return self._collector.size

    def feed(self, raw: bytes) -> None:
        """Decode one chunk of the raw body."""
        self._first.write(raw)

    def partial(self) -> list[bytes]:
        """The pieces decoded so far, within the cap (what is left after a stop)."""
        return self._collector.chunks

    def finish(self) -> bytes:
        """The whole decoded body (after the last :meth:`feed`)."""
        for stage in self._stages:
            stage.close()
        return b"".join(self._collector.chunks)
