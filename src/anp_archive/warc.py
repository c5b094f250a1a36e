"""Captures as WARC response records, and back: the archive's exchange format.

WARC is what other archiving tools (pywb, the Wayback Machine, warcio itself) read, so
``export-warc`` gives users their raw captures in a form that outlives this tool, and
``import x.warc.gz`` takes them back (or takes WARCs from other crawlers).

The stored body is the *decoded* body (httpx undoes Content-Encoding), so the transfer-level
headers that describe the encoded form (``Content-Encoding``, ``Transfer-Encoding``,
``Content-Length``) are replaced by an accurate ``Content-Length``; every other header and
the status are kept as received. An imported file has no URL and was never an HTTP
response: it becomes a ``resource`` record with a ``urn:anp-archive:sha256:<hex>`` target
URI, which ``read_warc`` turns back into None.
"""

from __future__ import annotations

import gzip
import io
import re
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from anp_archive import __version__
from anp_archive.config import PARSE_MAX_BYTES
from anp_archive.errors import ConfigError, ParseError
from anp_archive.models import Capture
from anp_archive.times import to_utc

if TYPE_CHECKING:
    from anp_archive.store import Archive

__all__ = ["OversizedRecord", "iter_warc", "read_warc", "write_warc"]

_URN_PREFIX = "urn:anp-archive:sha256:"
_DROPPED_HEADERS = frozenset({"content-encoding", "transfer-encoding", "content-length"})


def _warc_date(value: datetime) -> str:
    return to_utc(value).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _status_line(status: int) -> str:
    try:
        reason = HTTPStatus(status).phrase
    except ValueError:
        reason = "Unknown"
    return f"{status} {reason}"


# Control characters, CR and LF above all: in a header value or the target URI they would
# end the line and inject a header (or a whole record) of someone else's making.
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
# RFC 9110 field-name characters.
_TOKEN = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")


def _safe_value(value: str) -> str:
    return _CONTROL.sub(" ", value)


def _safe_uri(url: str) -> str:
    # Percent-encoded, so the URI keeps its meaning and stays one line.
    return _CONTROL.sub(lambda m: f"%{ord(m.group()):02X}", url).replace(" ", "%20")


def _http_headers(capture: Capture) -> StatusAndHeaders:
    headers = [
        (k, _safe_value(v))
        for k, v in capture.headers
        if k.lower() not in _DROPPED_HEADERS and _TOKEN.match(k)
    ]
    if not any(k.lower() == "content-type" for k, _ in headers):
        # An imported file: say what it is, so WARC readers do not guess.
        headers.append(("Content-Type", "text/html; charset=utf-8"))
    headers.append(("Content-Length", str(len(capture.body))))
    return StatusAndHeaders(_status_line(capture.status), headers, protocol="HTTP/1.1")


def _record(writer: WARCWriter, capture: Capture) -> Any:
    if capture.url is None:
        # An imported file was never an HTTP response: a WARC "resource" record says so.
        return writer.create_warc_record(
            f"{_URN_PREFIX}{capture.sha256}",
            "resource",
            payload=io.BytesIO(capture.body),
            length=len(capture.body),
            warc_content_type=_safe_value(capture.header("content-type") or "text/html"),
            warc_headers_dict={"WARC-Date": _warc_date(capture.fetched_at)},
        )
    return writer.create_warc_record(
        _safe_uri(capture.url),
        "response",
        payload=io.BytesIO(capture.body),
        length=len(capture.body),
        http_headers=_http_headers(capture),
        warc_headers_dict={"WARC-Date": _warc_date(capture.fetched_at)},
    )


def write_warc(
    archive: Archive,
    path: str | Path,
    *,
    since: datetime | None = None,
    on_progress: Callable[[int, int | None], None] | None = None,
) -> int:
    """Write every capture (fetched at or after ``since``) to ``path``; return how many.

    The file is gzip-compressed per record when ``path`` ends in ``.gz``.

    Raises:
        ConfigError: ``path`` cannot be written.
        StoreError: the archive could not be read.
    """
    target = Path(path)
    count = 0
    try:
        with target.open("wb") as out:
            writer = WARCWriter(out, gzip=target.name.endswith(".gz"), warc_version="1.1")
            writer.write_record(
                writer.create_warcinfo_record(
                    target.name,
                    {"software": f"anp-archive/{__version__}", "format": "WARC File Format 1.1"},
                )
            )
            for stored in archive.iter_captures(since=since):
                writer.write_record(_record(writer, stored.capture))
                count += 1
                if on_progress is not None:
                    on_progress(count, None)
    except OSError as exc:
        raise ConfigError(f"cannot write {target}: {exc.strerror or exc}") from None
    return count


def _parse_warc_date(value: str | None) -> datetime:
    if not value:
        return datetime.now(UTC)
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return datetime.now(UTC)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class OversizedRecord:
    """A record whose page is over the size cap: skipped unread, so memory stays bounded."""

    url: str | None
    limit: int


_CHUNK = 1 << 16
_WARC_BLOCK = 1024


def _read_capped(stream: Any, limit: int) -> bytes | None:
    """At most ``limit`` bytes of ``stream``, or None (and the rest left unread) if longer.

    Read in chunks: a small gzip record can decode to gigabytes.
    """
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = stream.read(min(_CHUNK, limit + 1 - total))
        if not chunk:
            return b"".join(chunks)
        total += len(chunk)
        if total > limit:
            return None
        chunks.append(chunk)


def _drain(stream: Any) -> None:
    while stream.read(_CHUNK):
        pass


def _capture(record: Any, source: Path, max_bytes: int) -> Capture | OversizedRecord | None:
    """The Capture of one record, or None for a record that holds no page to keep."""
    if record.rec_type not in ("response", "resource"):
        return None
    uri = record.rec_headers.get_header("WARC-Target-URI") or None
    if uri is not None and uri.startswith(_URN_PREFIX):
        uri = None
    fetched_at = _parse_warc_date(record.rec_headers.get_header("WARC-Date"))
    status = 200
    headers: tuple[tuple[str, str], ...] = ()
    if record.http_headers is not None and record.rec_type == "response":
        code = record.http_headers.get_statuscode()
        status = int(code) if code and str(code).isdigit() else 200
        headers = tuple(
            (str(k).lower(), str(v))
            for k, v in record.http_headers.headers
            if str(k).lower() not in _DROPPED_HEADERS
        )
    body = _read_capped(record.content_stream(), max_bytes)
    # Whatever the payload reader left unread must still be there: a block that ends
    # before its declared Content-Length is a cut-off file, not a shorter page.
    raw = record.raw_stream
    _drain(raw)
    missing = getattr(raw, "limit", 0)
    if missing > 0:
        declared = record.rec_headers.get_header("Content-Length")
        raise ParseError(
            f"{source} is truncated: the record for {uri or 'a file'} declares "
            f"Content-Length {declared} but {missing} bytes are missing"
        )
    if not 200 <= status < 300:
        return None  # an error page or a redirect: nothing the archive keeps
    if body is None:
        return OversizedRecord(uri, max_bytes)
    return Capture(url=uri, fetched_at=fetched_at, status=status, body=body, headers=headers)


# What warcio (and gzip/zlib under it) raise on a damaged file; some of them, such as the
# AttributeError of a truncated .warc.gz, are accidents inside warcio, not documented errors.
_WARCIO_ERRORS: tuple[type[Exception], ...] = (
    ArchiveLoadFailed,
    EOFError,
    OSError,
    ValueError,
    LookupError,
    AttributeError,
    TypeError,
    zlib.error,
)


_READ_ERRORS: tuple[type[Exception], ...] = (ParseError, *_WARCIO_ERRORS)


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def _gzip_cut(stream: BinaryIO) -> str | None:
    """Why a gzipped WARC's data stops early, or None when it is whole (or not gzip).

    warcio takes a cut-off gzip member for the file's end, so the file is read through
    once, in chunks, before its records are.
    """
    head = stream.read(2)
    stream.seek(0)
    if head != b"\x1f\x8b":
        return None
    try:
        with gzip.GzipFile(fileobj=stream, mode="rb") as unpacked:
            while unpacked.read(1 << 20):
                pass
    except (EOFError, OSError, zlib.error) as exc:
        return _one_line(exc)
    finally:
        stream.seek(0)
    return None


def _starts_like_warc(stream: BinaryIO) -> bool:
    head = stream.read(2)
    stream.seek(0)
    try:
        if head == b"\x1f\x8b":
            with gzip.GzipFile(fileobj=stream, mode="rb") as unpacked:
                first = unpacked.read(5)
        else:
            first = stream.read(5)
    except (EOFError, OSError, zlib.error):
        first = b""
    stream.seek(0)
    return first == b"WARC/"


def iter_warc(
    path: str | Path, *, max_bytes: int = PARSE_MAX_BYTES
) -> Iterator[Capture | OversizedRecord]:
    """Like ``read_warc``, but a page over ``max_bytes`` comes as an ``OversizedRecord``.

    Raises:
        ConfigError: the file cannot be opened.
        ParseError: the file is not a WARC file, or is damaged or cut short; every whole
            record before the damage has been yielded, and the message says where it was cut.
    """
    source = Path(path)
    try:
        stream = source.open("rb")
    except OSError as exc:
        raise ConfigError(f"cannot read {source}: {exc.strerror or exc}") from None
    with stream:
        size = source.stat().st_size
        if not _starts_like_warc(stream):
            what = "it is empty" if size == 0 else "it does not start with a WARC/1.x header"
            raise ParseError(f"{source} is not a WARC file: {what}")
        cut = _gzip_cut(stream)
        # warcio inflates one compressed block at a time with no output limit; deflate
        # expands at most ~1032:1, so 1 KiB blocks keep one step near 1 MiB even for a bomb.
        records = ArchiveIterator(stream, check_digests="raise", block_size=_WARC_BLOCK)
        read = 0
        while True:
            try:
                record = next(records, None)
                if record is None:
                    break
                capture = _capture(record, source, max_bytes)
            except _READ_ERRORS as exc:
                if cut is not None:
                    break
                if isinstance(exc, ParseError):
                    raise
                # warcio's own errors say what is wrong; the accidental ones do not.
                reason = (
                    _one_line(exc)
                    if isinstance(exc, (ArchiveLoadFailed, EOFError, OSError, zlib.error))
                    else f"a damaged or incomplete record ({type(exc).__name__} in warcio)"
                )
                raise ParseError(
                    f"{source} is not a readable WARC file after {read} records: {reason}"
                ) from None
            read += 1
            if capture is not None:
                yield capture
        if cut is not None:
            raise ParseError(
                f"{source} is cut short at byte {size} ({cut}): the {read} whole records "
                "before the cut were read, the rest of the file is lost"
            )


def read_warc(path: str | Path, *, max_bytes: int = PARSE_MAX_BYTES) -> Iterator[Capture]:
    """Yield a Capture for each 2xx response (or resource) record in a WARC file, in order.

    Other record types (warcinfo, request, metadata, revisit) and responses with a non-2xx
    status are skipped: they hold no page the archive keeps, and so are pages over
    ``max_bytes`` (read in chunks and dropped, so memory stays bounded). Bodies come back
    decoded, as the archive stores them. Digests are checked when the records carry them,
    and every record must be as long as its Content-Length says.

    Raises:
        ConfigError: the file cannot be opened.
        ParseError: the file is not a (complete) WARC file: damaged, truncated, or a digest
            does not match. Captures before the damage have already been yielded.
    """
    for item in iter_warc(path, max_bytes=max_bytes):
        if isinstance(item, Capture):
            yield item
