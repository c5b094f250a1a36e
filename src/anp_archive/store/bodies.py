"""How capture bodies are kept: zstd, and successive fetches of one URL as deltas.

An index page changes on every fetch (each age label moves on a minute), so a cron run
every few minutes stores each index page again and again: on real pages of 100-200 KiB
that is tens of GiB a year. Two fetches of the same page differ in a few bytes, though.
A body is therefore compressed against the newest *keyframe* of its URL (a capture kept
whole) used as a zstd raw-content dictionary, and kept as that delta when it is small.
Deltas only ever point at a keyframe, never at another delta, so reading any capture
takes at most two decompressions, and a delta that grows too big (the page has changed
much since its keyframe) is stored whole as the URL's next keyframe.

``zlib`` is how earlier versions stored bodies; they stay readable and serve as keyframes.
"""

from __future__ import annotations

import functools
import zlib

import zstandard

from anp_archive.errors import StoreError

__all__ = ["DELTA", "FULL", "compress_body", "decompress_body"]

FULL = "zstd"
DELTA = "zstd-delta"
# zstd level 3 compresses a news page about twice as fast as zlib level 1 and smaller.
LEVEL = 3
# A delta is kept when it is at most this share of the page's raw size; a fully compressed
# HTML page takes about a fifth, a fetch that only moved its age labels well under 1%.
MAX_DELTA_SHARE = 0.05

_COMPRESSOR = zstandard.ZstdCompressor(level=LEVEL)
_DECOMPRESSOR = zstandard.ZstdDecompressor()


def _dictionary(base: bytes) -> zstandard.ZstdCompressionDict:
    return zstandard.ZstdCompressionDict(base, dict_type=zstandard.DICT_TYPE_RAWCONTENT)


# Keyframes whose compressor is kept ready: each holds the keyframe's precomputed tables
# (a few MiB at most), so only a handful, which covers the few index pages a cron run
# fetches again and again.
_READY_KEYFRAMES = 8


@functools.lru_cache(maxsize=_READY_KEYFRAMES)
def _delta_compressor(base: bytes) -> zstandard.ZstdCompressor:
    """A compressor against ``base``, its dictionary tables built once: building them costs
    about ten times compressing one page against them (same output bytes either way)."""
    dictionary = _dictionary(base)
    dictionary.precompute_compress(level=LEVEL)
    return zstandard.ZstdCompressor(level=LEVEL, dict_data=dictionary)


def compress_body(body: bytes, base: bytes | None = None) -> tuple[bytes, str]:
    """``(stored bytes, compression)`` for ``body``; with ``base`` (the raw body of the URL's
    keyframe) a delta when that is small enough, else the whole body."""
    if base:
        delta = _delta_compressor(base).compress(body)
        if len(delta) <= max(64, int(len(body) * MAX_DELTA_SHARE)):
            return delta, DELTA
    return _COMPRESSOR.compress(body), FULL


def decompress_body(stored: bytes, compression: str, base: bytes | None = None) -> bytes:
    """The raw body; ``base`` is the keyframe's raw body, needed for a delta.

    Raises:
        StoreError: an unknown method, a delta without its keyframe, or damaged bytes.
    """
    try:
        if compression == FULL:
            return _DECOMPRESSOR.decompress(stored)
        if compression == DELTA:
            if base is None:
                raise StoreError("a capture stored as a delta has lost its keyframe")
            return zstandard.ZstdDecompressor(dict_data=_dictionary(base)).decompress(stored)
        if compression == "zlib":
            return zlib.decompress(stored)
        if compression in ("", "none"):
            return stored
    except (zstandard.ZstdError, zlib.error) as exc:
        raise StoreError(f"a stored capture body is damaged ({exc})") from exc
    raise StoreError(f"capture compressed with unknown method {compression!r}")
