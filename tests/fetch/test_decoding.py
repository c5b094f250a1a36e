"""Content-Encoding decoding: correct bodies, and bombs stopped at the cap in small steps."""

from __future__ import annotations

import gzip
import zlib

import brotli
import httpx
import pytest
import zstandard

from anp_archive.fetch.decoding import (
    STEP,
    BodyDecoder,
    DecodedTooLargeError,
    UnsupportedEncodingError,
    encodings_of,
)

PAGE = (
    b"<html><body><p>UTRECHT (ANP) - Het KNMI waarschuwt voor gladheid op de wegen in het "
    b"midden van het land.</p></body></html>"
) * 200


def _deflate_raw(data: bytes) -> bytes:
    comp = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    return comp.compress(data) + comp.flush()


ENCODERS = {
    "gzip": gzip.compress,
    "deflate": zlib.compress,
    "br": brotli.compress,
    "zstd": zstandard.ZstdCompressor().compress,
}


def _decode(encodings: list[str], raw: bytes, cap: int, chunk: int = 1000) -> bytes:
    decoder = BodyDecoder(encodings, cap)
    for start in range(0, len(raw), chunk):
        decoder.feed(raw[start : start + chunk])
    return decoder.finish()


@pytest.mark.parametrize("token", sorted(ENCODERS))
def test_each_encoding_round_trips_in_small_chunks(token: str) -> None:
    assert _decode([token], ENCODERS[token](PAGE), cap=len(PAGE)) == PAGE


def test_raw_deflate_is_accepted_like_httpx_does() -> None:
    assert _decode(["deflate"], _deflate_raw(PAGE), cap=len(PAGE)) == PAGE


def test_two_stacked_encodings_are_undone_last_applied_first() -> None:
    raw = brotli.compress(gzip.compress(PAGE))
    assert _decode(["gzip", "br"], raw, cap=len(PAGE)) == PAGE


def test_a_body_one_byte_over_the_cap_is_refused() -> None:
    with pytest.raises(DecodedTooLargeError):
        _decode(["gzip"], gzip.compress(PAGE), cap=len(PAGE) - 1)


def test_more_than_two_stacked_encodings_are_refused() -> None:
    with pytest.raises(UnsupportedEncodingError, match="at most 2"):
        BodyDecoder(["gzip", "gzip", "gzip"], 1000)


def test_an_unknown_encoding_is_refused() -> None:
    with pytest.raises(UnsupportedEncodingError, match="compress"):
        BodyDecoder(["compress"], 1000)


def test_corrupt_data_is_a_decoding_error() -> None:
    with pytest.raises(httpx.DecodingError):
        _decode(["gzip"], b"\x1f\x8b\x08\x00garbage-garbage-garbage", cap=1000)


def test_encodings_are_listed_in_the_order_applied_without_identity() -> None:
    headers = httpx.Headers([("Content-Encoding", "gzip, identity"), ("Content-Encoding", "BR")])
    assert encodings_of(headers) == ["gzip", "br"]


ZEROS = b"\0" * (64 * 1024 * 1024)


def _bombs() -> dict[str, tuple[list[str], bytes]]:
    gz = gzip.compress(ZEROS, compresslevel=9)
    return {
        "gzip": (["gzip"], gz),
        "gzip+gzip": (["gzip", "gzip"], gzip.compress(gz, compresslevel=9)),
        "deflate": (["deflate"], zlib.compress(ZEROS, 9)),
        "br": (["br"], brotli.compress(ZEROS, quality=1)),
        "zstd": (["zstd"], zstandard.ZstdCompressor(level=1).compress(ZEROS)),
    }


@pytest.fixture(scope="module")
def bombs() -> dict[str, tuple[list[str], bytes]]:
    return _bombs()


@pytest.mark.parametrize("kind", ["gzip", "gzip+gzip", "deflate", "br", "zstd"])
def test_a_bomb_fed_whole_never_hands_on_more_than_a_step(
    kind: str, bombs: dict[str, tuple[list[str], bytes]]
) -> None:
    encodings, raw = bombs[kind]
    cap = 1024 * 1024
    decoder = BodyDecoder(encodings, cap)
    with pytest.raises(DecodedTooLargeError):
        decoder.feed(raw)  # the whole compressed body in one chunk: the worst case
    pieces = decoder.partial()
    assert sum(map(len, pieces)) <= cap
    # brotli's output_buffer_limit stops growing the buffer once past the limit, so a
    # piece may overshoot it by one internal block.
    assert max(map(len, pieces)) <= 2 * STEP
    # Stopped within a piece of the cap, not after decoding the whole 64 MiB.
    assert decoder.size <= cap + 2 * STEP
