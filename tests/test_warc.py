"""WARC export and import: captures survive the round trip with status, headers and bytes."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from anp_archive.errors import ConfigError, ParseError
from anp_archive.models import Capture
from anp_archive.warc import read_warc, write_warc

T0 = datetime(2026, 1, 1, 11, 0, tzinfo=UTC)


@dataclass
class Stored:
    id: int
    capture: Capture
    parser_version: str | None = None


class FakeArchive:
    """Only what write_warc needs: iter_captures(since=...)."""

    def __init__(self, captures: list[Capture]) -> None:
        self.captures = captures

    def iter_captures(self, *, since: datetime | None = None) -> Iterator[Stored]:
        for i, c in enumerate(self.captures, 1):
            if since is None or c.fetched_at >= since:
                yield Stored(i, c)


CAPTURES = [
    Capture(
        url="https://www.zeelandnet.nl/nieuws/ecb-laat-rente-ongemoeid",
        fetched_at=T0,
        status=200,
        body="<p>FRANKFURT (ANP/RTR) - De ECB houdt de rente gelijk. Ééntje.</p>".encode(),
        headers=(
            ("content-type", "text/html; charset=utf-8"),
            ("etag", '"abc"'),
            ("content-encoding", "gzip"),
            ("content-length", "12"),
            ("set-cookie", "a=1"),
            ("set-cookie", "b=2"),
        ),
    ),
    Capture(
        url=None,  # an imported file
        fetched_at=T0 + timedelta(hours=2),
        status=200,
        body=b"<p>DEN HAAG (ANP) - Iets.</p>",
    ),
    Capture(
        url="https://www.zeelandnet.nl/nieuws/x",
        fetched_at=T0 + timedelta(days=1),
        status=203,
        body="ROTTERDAM (ANP) - caf\xe9".encode("windows-1252"),
        headers=(("content-type", "text/html; charset=windows-1252"),),
    ),
]


@pytest.mark.parametrize("name", ["out.warc", "out.warc.gz"])
def test_round_trip(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    assert write_warc(FakeArchive(CAPTURES), path) == 3
    back = list(read_warc(path))
    assert [c.body for c in back] == [c.body for c in CAPTURES]
    assert [c.sha256 for c in back] == [c.sha256 for c in CAPTURES]
    assert [c.url for c in back] == [c.url for c in CAPTURES]
    assert [c.status for c in back] == [200, 200, 203]
    assert [c.fetched_at for c in back] == [c.fetched_at for c in CAPTURES]
    first = back[0]
    assert first.header("etag") == '"abc"'
    assert [v for k, v in first.headers if k == "set-cookie"] == ["a=1", "b=2"]
    # the stored body is decoded: encoding headers that no longer describe it are gone
    assert first.header("content-encoding") is None
    assert back[2].header("content-type") == "text/html; charset=windows-1252"


def test_gz_suffix_means_gzip(tmp_path: Path) -> None:
    write_warc(FakeArchive(CAPTURES), tmp_path / "a.warc.gz")
    write_warc(FakeArchive(CAPTURES), tmp_path / "a.warc")
    assert (tmp_path / "a.warc.gz").read_bytes()[:2] == b"\x1f\x8b"
    assert (tmp_path / "a.warc").read_bytes().startswith(b"WARC/1.1")
    gzip.decompress((tmp_path / "a.warc.gz").read_bytes())  # a valid gzip member stream


def test_records_are_standard_warc(tmp_path: Path) -> None:
    path = tmp_path / "a.warc.gz"
    write_warc(FakeArchive(CAPTURES[:1]), path)
    with path.open("rb") as stream:
        records = list(
            (r.rec_type, r.rec_headers.get_header("WARC-Target-URI"),
             r.http_headers.get_statuscode() if r.http_headers else None,
             r.rec_headers.get_header("WARC-Date"))
            for r in ArchiveIterator(stream)
        )
    assert records[0][0] == "warcinfo"
    assert records[1] == (
        "response",
        "https://www.zeelandnet.nl/nieuws/ecb-laat-rente-ongemoeid",
        "200",
        "2026-01-01T11:00:00.000000Z",
    )


def test_since_filters(tmp_path: Path) -> None:
    path = tmp_path / "a.warc"
    assert write_warc(FakeArchive(CAPTURES), path, since=T0 + timedelta(hours=1)) == 2
    assert [c.status for c in read_warc(path)] == [200, 203]


def test_not_a_warc(tmp_path: Path) -> None:
    path = tmp_path / "x.warc.gz"
    path.write_bytes(b"<html>not a warc</html>")
    with pytest.raises(ParseError, match="is not a WARC file: it does not start with a WARC"):
        list(read_warc(path))


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        list(read_warc(tmp_path / "nope.warc"))


def test_unwritable_target(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot write"):
        write_warc(FakeArchive(CAPTURES), tmp_path / "no" / "such" / "dir.warc")


def test_existing_directory_target(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"^cannot write .*: Is a directory$"):
        write_warc(FakeArchive(CAPTURES), tmp_path)


def _one_line(exc: BaseException) -> str:
    text = str(exc)
    assert "\n" not in text
    return text


@pytest.mark.parametrize("name", ["cut.warc", "cut.warc.gz"])
@pytest.mark.parametrize("keep", [0.5, 0.8, 0.95])
def test_truncated_file_is_a_parse_error_not_a_partial_capture(
    tmp_path: Path, name: str, keep: float
) -> None:
    path = tmp_path / name
    write_warc(FakeArchive(CAPTURES[:1]), path)
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])
    with pytest.raises(ParseError) as info:
        list(read_warc(path))
    assert str(path) in _one_line(info.value)


def test_truncated_body_in_plain_warc_without_digests(tmp_path: Path) -> None:
    body = b"<p>DEN HAAG (ANP) - Een heel verhaal.</p>"
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + body
    record = (
        b"WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: https://x.test/a\r\n"
        b"WARC-Date: 2026-01-01T11:00:00Z\r\nWARC-Record-ID: <urn:uuid:1>\r\n"
        b"Content-Type: application/http; msgtype=response\r\n"
        b"Content-Length: " + str(len(http)).encode() + b"\r\n\r\n"
    )
    path = tmp_path / "nodigest.warc"
    path.write_bytes(record + http + b"\r\n\r\n")
    assert [c.body for c in read_warc(path)] == [body]
    path.write_bytes(record + http[:-10])
    with pytest.raises(ParseError, match=r"nodigest\.warc"):
        list(read_warc(path))


def test_non_2xx_and_revisit_records_are_skipped(tmp_path: Path) -> None:
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "mixed.warc"
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=False)
        for status, body in (("404 Not Found", b"<p>weg</p>"), ("200 OK", b"<p>hier</p>")):
            http = StatusAndHeaders(status, [("Content-Type", "text/html")], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(
                    f"https://x.test/{status[:3]}",
                    "response",
                    payload=io.BytesIO(body),
                    length=len(body),
                    http_headers=http,
                )
            )
        writer.write_record(
            writer.create_revisit_record(
                "https://x.test/200",
                digest="sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                refers_to_uri="https://x.test/200",
                refers_to_date="2026-01-01T11:00:00Z",
                http_headers=StatusAndHeaders("200 OK", [], protocol="HTTP/1.1"),
            )
        )
    back = list(read_warc(path))
    assert [(c.url, c.status, c.body) for c in back] == [
        ("https://x.test/200", 200, b"<p>hier</p>")
    ]


def _four_captures() -> list[Capture]:
    return [
        Capture(
            url=f"https://nieuws.example/bericht-{n}",
            fetched_at=T0 + timedelta(minutes=n),
            status=200,
            body=(f"<p>UTRECHT (ANP) - Bericht nummer {n} over de dienstregeling van de NS. "
                  + "De treinen rijden weer volgens schema. " * 40 + "</p>").encode(),
        )
        for n in range(4)
    ]


def test_a_cut_off_warc_gz_yields_its_whole_records_and_says_where_it_was_cut(
    tmp_path: Path,
) -> None:
    path = tmp_path / "cut.warc.gz"
    write_warc(FakeArchive(_four_captures()), path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 40])  # into the last record's gzip member
    read: list[Capture] = []
    with pytest.raises(ParseError) as info:
        for capture in read_warc(path):
            read.append(capture)
    assert [c.url for c in read] == [f"https://nieuws.example/bericht-{n}" for n in range(3)]
    message = _one_line(info.value)
    assert f"cut short at byte {len(data) - 40}" in message
    assert "records before the cut were read" in message


def test_an_empty_warc_is_not_a_warc_file(tmp_path: Path) -> None:
    path = tmp_path / "leeg.warc"
    path.write_bytes(b"")
    with pytest.raises(ParseError, match="is not a WARC file: it is empty"):
        list(read_warc(path))


def _bomb(path: Path, decoded: int) -> None:
    """A .warc.gz with one response record whose gzip member decodes to ``decoded`` bytes."""
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
    length = len(http) + decoded
    head = (
        b"WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: https://nieuws.example/bom\r\n"
        b"WARC-Date: 2026-01-01T11:00:00Z\r\nWARC-Record-ID: <urn:uuid:2>\r\n"
        b"Content-Type: application/http; msgtype=response\r\n"
        b"Content-Length: " + str(length).encode() + b"\r\n\r\n" + http
    )
    zeros = b"<" * (1 << 20)
    with path.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9) as out:
        out.write(head)
        for _ in range(decoded // len(zeros)):
            out.write(zeros)
        out.write(b"\r\n\r\n")


def test_a_gzip_bomb_record_is_skipped_within_a_few_times_the_cap(tmp_path: Path) -> None:
    import tracemalloc

    from anp_archive.warc import OversizedRecord, iter_warc

    path = tmp_path / "bom.warc.gz"
    cap = 1 << 20
    _bomb(path, 96 * cap)
    assert path.stat().st_size < cap  # small on disk, 96 MiB decoded
    tracemalloc.start()
    try:
        items = list(iter_warc(path, max_bytes=cap))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert items == [OversizedRecord("https://nieuws.example/bom", cap)]
    assert peak < 4 * cap


def test_cr_lf_in_a_url_or_header_value_never_becomes_a_line_of_its_own(tmp_path: Path) -> None:
    evil = Capture(
        "https://www.regio.test/nieuws/a\r\nWARC-Type: resource\r\nX-Injected: 1",
        T0, 200, b"<html>Regio</html>",
        headers=(("content-type", "text/html\r\nX-Injected: 2"), ("bad name\r\n", "x")),
    )
    target = tmp_path / "out.warc"
    assert write_warc(FakeArchive([evil]), target) == 1  # type: ignore[arg-type]
    raw = target.read_bytes()
    assert b"\r\nX-Injected" not in raw and b"\nX-Injected" not in raw
    assert b"\r\nbad name" not in raw
    with target.open("rb") as stream:
        records = [r for r in ArchiveIterator(stream) if r.rec_type == "response"]
    [record] = records
    uri = record.rec_headers.get_header("WARC-Target-URI")
    assert uri.startswith("https://www.regio.test/nieuws/a%0D%0AWARC-Type:%20resource")
    assert record.http_headers.get_header("Content-Type") == "text/html  X-Injected: 2"
