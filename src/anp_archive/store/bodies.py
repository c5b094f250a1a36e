"""How capture bodies are kept: zstd, and most of them as deltas against a keyframe.

An index page changes on every fetch (each age label moves on a minute), so a cron run
every few minutes stores each index page again and again: on real pages of 100-200 KiB
that is tens of GiB a year. Two fetches of the same page differ in a few bytes, though.
A body is therefore compressed against the newest *keyframe* of its URL (a capture kept
whole) used as a zstd raw-content dictionary, and kept as that delta when it is small.
A URL fetched for the first time is compressed so against its site's newest keyframe
(``site_keyframes``): the pages of one site share their furniture, which is most of
their bytes. Deltas only ever point at a keyframe, never at another delta, so reading any
capture takes at most two decompressions, and a delta that grows too big (the page has
changed much since its keyframe) is stored whole as the next keyframe.

``zlib`` is how earlier versions stored bodies; they stay readable and serve as keyframes.

Everything about bodies is here: compressing (:func:`compress_body`, one compression per
capture), what each capture of a batch is compressed against and its ``captures`` row
(:class:`Keyframes`), and reading bodies back (:class:`BodyReader`).
"""

from __future__ import annotations

import functools
import threading
import zlib
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, overload
from urllib.parse import urlsplit

import zstandard

from anp_archive.errors import StoreError
from anp_archive.models import Capture
from anp_archive.store.rawsql import RawSql

__all__ = [
    "DELTA", "FULL", "BodyReader", "CaptureRows", "Keyframes", "compress_body",
    "compress_whole", "decompress_body", "site_of",
]

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
def _delta_dictionary(base: bytes) -> zstandard.ZstdCompressionDict:
    """``base`` as a dictionary, its tables built once: building them costs about ten times
    compressing one page against them (same output bytes either way). The tables are only
    read, so compressors on several threads can share them."""
    dictionary = _dictionary(base)
    dictionary.precompute_compress(level=LEVEL)
    return dictionary


@functools.lru_cache(maxsize=_READY_KEYFRAMES)
def _delta_compressor(base: bytes) -> zstandard.ZstdCompressor:
    """The compressor against ``base`` of the thread that stores captures (probes and
    single captures; the archive's write lock lets one store at a time). The background
    thread makes its own from the same tables: a zstd context serves one thread at a
    time."""
    return zstandard.ZstdCompressor(level=LEVEL, dict_data=_delta_dictionary(base))


# Bodies at least this large are probed before their delta is made: a delta that turns out
# too big would cost a second, whole compression (most of an import's time is compressing).
PROBE_FROM = 64 * 1024
_PROBE_SLICES = 2
_PROBE_SLICE = 8192
# What compressing nothing costs (the frame's header), not to be scaled up with the sample.
_FRAME = 9


def _delta_limit(body: bytes) -> int:
    return max(64, int(len(body) * MAX_DELTA_SHARE))


def _probe(body: bytes, compressor: zstandard.ZstdCompressor) -> bool:
    """Is a delta of ``body`` likely small? Compresses two slices of 8 KiB, from a quarter
    and three quarters into the page (a quarter of a page of 64 KiB, a tenth of a real
    one), against the keyframe: an unchanged slice costs a few bytes, a changed one about
    a fifth of its size. Scaled to the page that errs a little high (a slice's first
    matches cost more than the page's)."""
    step = len(body) // _PROBE_SLICES
    sample = b"".join(
        body[i * step + step // 2 : i * step + step // 2 + _PROBE_SLICE]
        for i in range(_PROBE_SLICES)
    )
    estimate = (len(compressor.compress(sample)) - _FRAME) * len(body) // len(sample)
    return estimate <= _delta_limit(body)


# How a body is compressed against its keyframe (``_way``): whole, without trying; tried
# as a delta and compressed whole when that is too big (a small body: both cheap); or as
# a delta, since its probe says it will be small (a real-size body).
_WHOLE, _TRY, _PROBED = "whole", "try", "probed"


def _way(body: bytes, base: bytes | None) -> str:
    if not base:
        return _WHOLE
    if len(body) < PROBE_FROM:
        return _TRY
    return _PROBED if _probe(body, _delta_compressor(base)) else _WHOLE


def compress_body(body: bytes, base: bytes | None = None) -> tuple[bytes, str]:
    """``(stored bytes, compression)`` for ``body``; with ``base`` (the raw body of its
    keyframe) a delta when that is small enough, else the whole body.

    A page is compressed once: a real-size body is probed first (``_probe``) and then
    compressed either as a delta (kept up to twice the limit; past that, a probe that
    missed a change, compressed whole after all) or whole. A small body is tried as a delta
    and compressed whole when that is too big (both cheap).
    """
    way = _way(body, base)
    if way != _WHOLE:
        assert base is not None
        delta = _delta_compressor(base).compress(body)
        if way == _PROBED:
            return _probed_delta(body, delta)
        if len(delta) <= _delta_limit(body):
            return delta, DELTA
    return _COMPRESSOR.compress(body), FULL


def _probed_delta(body: bytes, delta: bytes) -> tuple[bytes, str]:
    """How a probed body is kept, given its delta: as that delta up to twice the limit;
    past that (a probe that missed a change, rare) whole, as the URL's next keyframe."""
    if len(delta) <= 2 * _delta_limit(body):
        return delta, DELTA
    return _COMPRESSOR.compress(body), FULL


def compress_whole(bodies: Sequence[bytes]) -> list[bytes]:
    """Each of ``bodies`` compressed whole: the same bytes as ``compress_body(body)``, in
    one call that lets go of the interpreter for all of them."""
    return _compress_each(bodies, _COMPRESSOR)


def _compress_each(bodies: Sequence[bytes], compressor: zstandard.ZstdCompressor) -> list[bytes]:
    """``compressor.compress`` of each of ``bodies``, in one call of zstd's for them all,
    which lets go of the interpreter throughout.

    On one thread: it runs beside the interpreter's, which matches the batch's pages
    meanwhile, and zstd on every core slowed that more than it gained (2,000 real-size
    pages on two cores, 5 alternating rounds: median 1.14 s on all cores, 0.98 s on one).
    """
    # zstd's batch call leaves out a trailing empty body and refuses a batch of one empty
    # body, so empty bodies (a capture of a 204 or a redirect) are compressed on their own.
    full: list[bytes | bytearray | memoryview[int]] = [body for body in bodies if body]
    made: list[bytes] = []
    if full:
        try:
            batch = compressor.multi_compress_to_buffer(full, threads=1)
        except NotImplementedError:  # zstandard's cffi backend has no batch compression
            made = [compressor.compress(body) for body in full]
        else:
            made = [batch[i].tobytes() for i in range(len(batch))]
            if len(made) != len(full):
                made = [compressor.compress(body) for body in full]
    empty = compressor.compress(b"")
    found = iter(made)
    return [next(found) if body else empty for body in bodies]


# Compresses a batch's bodies while the interpreter matches the batch's pages; the thread
# has compressors of its own (a zstd context serves one thread at a time).
_BACKGROUND: ThreadPoolExecutor | None = None
_BACKGROUND_LOCK = threading.Lock()
_BACKGROUND_COMPRESSOR = threading.local()

# Bodies compressed in one call: against a keyframe (its dictionary, handed over ready so
# the thread needs no cache of its own), or whole (None).
Group = tuple[zstandard.ZstdCompressionDict | None, Sequence[bytes]]


def _compress_in_thread(groups: Sequence[Group]) -> list[list[bytes]]:
    whole = getattr(_BACKGROUND_COMPRESSOR, "compressor", None)
    if whole is None:
        whole = _BACKGROUND_COMPRESSOR.compressor = zstandard.ZstdCompressor(level=LEVEL)
    return [
        _compress_each(bodies, whole if dictionary is None else zstandard.ZstdCompressor(
            level=LEVEL, dict_data=dictionary))
        for dictionary, bodies in groups
    ]


def _in_background(groups: Sequence[Group]) -> Future[list[list[bytes]]]:
    global _BACKGROUND
    with _BACKGROUND_LOCK:
        if _BACKGROUND is None:
            _BACKGROUND = ThreadPoolExecutor(max_workers=1, thread_name_prefix="anp-compress")
        executor = _BACKGROUND
    return executor.submit(_compress_in_thread, groups)


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


# (id, raw body) of a URL's newest keyframe.
Keyframe = tuple[int, bytes]


def _capture_row(
    db: RawSql,
    capture_id: int,
    capture: Capture,
    parser_version: str | None,
    parsed_at: Any,
    keyframe: Keyframe | None,
) -> tuple[tuple[Any, ...], bool]:
    """The ``insert_capture`` parameters of ``capture``, compressed as a delta against
    ``keyframe`` when that is small, else whole (``base_id`` None), and whether it was
    stored whole. ``parsed_at`` is a datetime or None."""
    stored, method = compress_body(capture.body, keyframe[1] if keyframe else None)
    base_id = keyframe[0] if keyframe is not None and method == DELTA else None
    return _row(db, capture_id, capture, parser_version, parsed_at, stored, method, base_id), (
        method != DELTA
    )


def _row(
    db: RawSql,
    capture_id: int,
    capture: Capture,
    parser_version: str | None,
    parsed_at: Any,
    stored: bytes,
    method: str,
    base_id: int | None,
) -> tuple[Any, ...]:
    return db.row("insert_capture")(
        id=capture_id,
        sha256=capture.sha256,
        url=capture.url,
        fetched_at=capture.fetched_at,
        status=capture.status,
        headers=[list(pair) for pair in capture.headers],
        body=stored,
        compression=method,
        size=len(capture.body),
        parser_version=parser_version,
        parse_error=None,
        parsed_at=parsed_at,
        base_id=base_id,
    )


class CaptureRows(Sequence[tuple[Any, ...]]):
    """A batch's ``insert_capture`` rows, whose real-size bodies are being compressed in
    the background (:meth:`Keyframes.rows`): reading the rows waits for that, once."""

    def __init__(self, make: Callable[[], list[tuple[Any, ...]]]) -> None:
        self._make: Callable[[], list[tuple[Any, ...]]] | None = make
        self._rows: list[tuple[Any, ...]] = []

    def _done(self) -> list[tuple[Any, ...]]:
        if self._make is not None:
            self._rows = self._make()
            self._make = None
        return self._rows

    def __len__(self) -> int:
        return len(self._done())

    @overload
    def __getitem__(self, index: int) -> tuple[Any, ...]: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[tuple[Any, ...]]: ...

    def __getitem__(self, index: int | slice) -> tuple[Any, ...] | Sequence[tuple[Any, ...]]:
        return self._done()[index]

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        return iter(self._done())


# A body smaller than this is neither compressed against its site's keyframe (whole it
# takes a kilobyte or so, and a delta would tie it to another page for little) nor made
# the site's keyframe (a redirect or an error page would serve the site's next pages as
# no dictionary at all).
SITE_FROM = 4096


def site_of(url: str) -> str | None:
    """The site a URL belongs to for compression: scheme and host (with port), lower case."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}".lower()


def _keyframe(row: tuple[Any, ...] | None) -> Keyframe | None:
    if row is None:
        return None
    try:
        return int(row[0]), decompress_body(bytes(row[1]), row[2])
    except StoreError:
        # A damaged keyframe: the next capture is stored whole and is the keyframe from
        # then on, rather than every later fetch of the URL or site failing to store.
        return None


class Keyframes:
    """What each capture of a batch is compressed against: the newest keyframe of its URL
    (a capture kept whole), or for a URL never fetched before, the newest keyframe of its
    site (``site_keyframes``, migration 0012). Read from the archive once per URL, site
    and batch, then kept up to date as the batch stores captures whole, which become the
    keyframes of their URL and site.

    A URL fetched before that has no keyframe of its own (its first capture was a delta
    against the site's) is stored whole: a page fetched again and again, an index page, is
    then compressed against itself, where its fetches differ in a few bytes.
    """

    def __init__(self, db: RawSql) -> None:
        self._db = db
        self._newest: dict[str, Keyframe | None] = {}
        self._captured: set[str] = set()
        self._sites: dict[str, Keyframe | None] = {}
        self._kept_sites: dict[str, int] = {}

    def row(
        self, capture_id: int, capture: Capture, parser_version: str | None, parsed_at: Any
    ) -> tuple[Any, ...]:
        """The ``insert_capture`` parameters of ``capture``, as a delta where that pays."""
        url = capture.url
        if url and url not in self._newest:
            self._load_all([url])
        return self._against(capture_id, capture, parser_version, parsed_at, self._base(capture))

    def _against(
        self, capture_id: int, capture: Capture, parser_version: str | None, parsed_at: Any,
        base: Keyframe | None,
    ) -> tuple[Any, ...]:
        row, whole = _capture_row(self._db, capture_id, capture, parser_version, parsed_at, base)
        self._stored(capture_id, capture, whole)
        return row

    def rows(
        self,
        captures: Sequence[tuple[int, Capture]],
        parser_version: str | None,
        parsed_at: Any,
    ) -> CaptureRows:
        """``row`` of each ``(capture id, capture)``, in order, each compressed once.

        How each is compressed is decided here, in order, as ``row`` decides it (``_way``),
        and the real-size bodies are then compressed in the background while the caller
        matches the batch's pages: one zstd call per keyframe and one for those stored
        whole (body by body on another thread was slower than not at all, 0.70 s instead
        of 0.61 s for 600 pages, median of 5, as each body's end waited for the
        interpreter). The rows are complete when first read. A change the probe missed is
        stored whole, as by ``row``, but becomes its URL's keyframe only from the next
        batch on. Small bodies with a keyframe are compressed here and now (cheap).
        """
        self._load_all([capture.url for _, capture in captures])
        rows: list[tuple[Any, ...] | None] = [None] * len(captures)
        # keyframe id (None: whole) -> the captures compressed against it
        groups: dict[int | None, list[int]] = {}
        dictionaries: dict[int, zstandard.ZstdCompressionDict] = {}
        for k, (capture_id, capture) in enumerate(captures):
            base = self._base(capture)
            way = _way(capture.body, base[1] if base is not None else None)
            if way == _TRY:
                rows[k] = self._against(capture_id, capture, parser_version, parsed_at, base)
                continue
            key: int | None = None
            if way == _PROBED and base is not None:
                key = base[0]
                dictionaries[key] = _delta_dictionary(base[1])
            groups.setdefault(key, []).append(k)
            self._stored(capture_id, capture, key is None)
        pending = _in_background([
            (dictionaries[key] if key is not None else None, [captures[k][1].body for k in ks])
            for key, ks in groups.items()
        ]) if groups else None
        db = self._db

        def complete() -> list[tuple[Any, ...]]:
            if pending is not None:
                for (key, ks), made in zip(groups.items(), pending.result(), strict=True):
                    for k, stored in zip(ks, made, strict=True):
                        capture_id, capture = captures[k]
                        method = FULL
                        if key is not None:
                            stored, method = _probed_delta(capture.body, stored)
                        rows[k] = _row(
                            db, capture_id, capture, parser_version, parsed_at, stored, method,
                            key if method == DELTA else None,
                        )
            return [row for row in rows if row is not None]

        return CaptureRows(complete)

    def site_rows(self) -> list[tuple[str, int]]:
        """``keep_site_keyframe`` parameters: each site's newest keyframe the batch stored."""
        return list(self._kept_sites.items())

    def _base(self, capture: Capture) -> Keyframe | None:
        url = capture.url
        if not url:
            return None
        own = self._newest[url]
        if own is not None or url in self._captured or len(capture.body) < SITE_FROM:
            return own
        site = site_of(url)
        return self._sites.get(site) if site else None

    def _stored(self, capture_id: int, capture: Capture, whole: bool) -> None:
        url = capture.url
        if not url:
            return
        self._captured.add(url)
        if whole:
            keyframe = self._newest[url] = (capture_id, capture.body)
            site = site_of(url) if len(capture.body) >= SITE_FROM else None
            if site:
                self._sites[site] = keyframe
                self._kept_sites[site] = capture_id

    def _load_all(self, urls: Sequence[str | None]) -> None:
        """Read what each of ``urls`` not yet known is compressed against: its newest
        keyframe, else (never fetched) its site's; a query of each kind for all."""
        wanted = sorted({url for url in urls if url and url not in self._newest})
        if not wanted:
            return
        db = self._db
        found = db.keyframes(wanted)
        for url in wanted:
            self._newest[url] = _keyframe(found.get(url))
        homeless = [url for url in wanted if self._newest[url] is None]
        self._captured.update(db.captured(homeless))
        sites = sorted({
            site for url in homeless
            if url not in self._captured
            and (site := site_of(url)) is not None and site not in self._sites
        })
        found_sites = db.site_keyframes(sites)
        for site in sites:
            self._sites[site] = _keyframe(found_sites.get(site))


class BodyReader:
    """Capture bodies back as bytes, reading each keyframe a delta needs once.

    ``fetch(capture_id)`` reads a keyframe's stored ``(body, compression)``, or None when
    it is gone; the archive decides on which connection.
    """

    _KEEP = 64  # keyframes held at once (least recently used go first)

    def __init__(self, fetch: Callable[[int], tuple[bytes, str] | None]) -> None:
        self._fetch = fetch
        self._keyframes: OrderedDict[int, bytes] = OrderedDict()

    def body(self, stored: bytes, compression: str, base_id: int | None) -> bytes:
        base = None
        if compression == DELTA:
            base = self._keyframes.get(base_id) if base_id is not None else None
            if base is None:
                base = self._keyframe(base_id)
            else:
                assert base_id is not None
                self._keyframes.move_to_end(base_id)
        return decompress_body(stored, compression, base)

    def _keyframe(self, capture_id: int | None) -> bytes:
        found = self._fetch(capture_id) if capture_id is not None else None
        if found is None:
            raise StoreError(f"a capture stored as a delta has lost its keyframe #{capture_id}")
        assert capture_id is not None
        if len(self._keyframes) >= self._KEEP:
            self._keyframes.popitem(last=False)
        body = self._keyframes[capture_id] = decompress_body(*found)
        return body
