"""The one time rule: a naive time is Amsterdam wall time, the archive holds UTC.

Checked at both summer-time changes, on the pure conversions and at each entry point that
takes a time from a user: the store (on SQLite and PostgreSQL), WARC writing and reading,
import's ``fetched_at`` and the parser's ages.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from anp_archive.models import Capture
from anp_archive.store import Archive
from anp_archive.times import AMSTERDAM, from_db, to_amsterdam, to_utc
from anp_archive.warc import read_warc, write_warc

# 2026: summer time starts Sunday 29 March 02:00 CET, ends Sunday 25 October 03:00 CEST.
SPRING_GAP = datetime(2026, 3, 29, 2, 30)  # a wall time that does not exist
AUTUMN_FIRST = datetime(2026, 10, 25, 2, 30)  # 02:30 CEST
AUTUMN_SECOND = datetime(2026, 10, 25, 2, 30, fold=1)  # 02:30 CET, an hour later


def test_a_naive_time_is_amsterdam_wall_time() -> None:
    assert to_utc(datetime(2026, 7, 1, 12, 0)) == datetime(2026, 7, 1, 10, 0, tzinfo=UTC)
    assert to_utc(datetime(2026, 1, 1, 12, 0)) == datetime(2026, 1, 1, 11, 0, tzinfo=UTC)


def test_the_repeated_autumn_hour_gives_two_instants() -> None:
    first, second = to_utc(AUTUMN_FIRST), to_utc(AUTUMN_SECOND)
    assert first == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert second == datetime(2026, 10, 25, 1, 30, tzinfo=UTC)
    assert to_amsterdam(second).utcoffset() == timedelta(hours=1)


def test_a_wall_time_in_the_spring_gap_gets_a_real_instant() -> None:
    utc = to_utc(SPRING_GAP)
    assert utc.tzinfo is UTC
    # Round trip through UTC lands on a wall time that exists (03:30 CEST).
    local = to_amsterdam(SPRING_GAP)
    assert local.astimezone(UTC) == utc
    assert local.utcoffset() == timedelta(hours=2)


def test_an_aware_time_keeps_its_instant_and_a_stored_naive_one_is_utc() -> None:
    aware = datetime(2026, 7, 1, 12, 0, tzinfo=AMSTERDAM)
    assert to_utc(aware) == datetime(2026, 7, 1, 10, 0, tzinfo=UTC)
    assert from_db(datetime(2026, 10, 25, 0, 30)) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert to_utc(None) is None and from_db(None) is None


def test_the_store_keeps_both_autumn_02_30s_apart(db_url: str) -> None:
    with Archive.open(db_url) as archive:
        archive.add_capture(Capture("https://nieuws.example/a", AUTUMN_FIRST, 200, b"<p>a</p>"))
        archive.add_capture(Capture("https://nieuws.example/b", AUTUMN_SECOND, 200, b"<p>b</p>"))
        times = sorted(s.capture.fetched_at for s in archive.iter_captures())
    assert times == [datetime(2026, 10, 25, 0, 30, tzinfo=UTC),
                     datetime(2026, 10, 25, 1, 30, tzinfo=UTC)]


def test_since_given_naive_means_amsterdam(db_url: str) -> None:
    with Archive.open(db_url) as archive:
        archive.add_capture(Capture("https://nieuws.example/a", AUTUMN_FIRST, 200, b"<p>a</p>"))
        archive.add_capture(Capture("https://nieuws.example/b", AUTUMN_SECOND, 200, b"<p>b</p>"))
        later = [s.capture.url for s in archive.iter_captures(since=AUTUMN_SECOND)]
    assert later == ["https://nieuws.example/b"]


def test_a_naive_capture_time_goes_into_warc_as_amsterdam_and_comes_back(
    tmp_path: Path, sqlite_url: str
) -> None:
    target = tmp_path / "out.warc.gz"
    with Archive.open(sqlite_url) as archive:
        archive.add_capture(Capture("https://nieuws.example/a", AUTUMN_SECOND, 200, b"<p>a</p>"))
        assert write_warc(archive, target) == 1
    (back,) = list(read_warc(target))
    assert back.fetched_at == datetime(2026, 10, 25, 1, 30, tzinfo=UTC)


def test_import_with_a_naive_fetch_time_in_the_spring_gap(
    tmp_path: Path, sqlite_url: str
) -> None:
    from anp_archive.importer import import_paths

    page = tmp_path / "brand.txt"
    page.write_text(
        "Brand in Moerdijk\nMOERDIJK (ANP) - Bij een bedrijf in Moerdijk is brand uitgebroken.\n"
        "De brandweer is met veel materieel aanwezig.\n",
        encoding="utf-8",
    )
    with Archive.open(sqlite_url) as archive:
        summary = import_paths(archive, [page], fetched_at=AUTUMN_SECOND)
        assert summary.errors == 0, summary.failures
        (stored,) = list(archive.iter_captures())
    assert stored.capture.fetched_at == datetime(2026, 10, 25, 1, 30, tzinfo=UTC)


def test_ages_across_the_autumn_change_count_real_minutes() -> None:
    from anp_archive.parse.ages import read_age

    # 03:10 CET is 40 real minutes after 02:30 CET (the second one), not 100.
    now = datetime(2026, 10, 25, 3, 10, tzinfo=AMSTERDAM)
    earliest, latest = read_age("40 minuten geleden", now)
    assert to_utc(latest) == datetime(2026, 10, 25, 1, 30, tzinfo=UTC)
    assert to_utc(earliest) == datetime(2026, 10, 25, 1, 29, tzinfo=UTC)


def test_parse_command_reads_a_naive_fetch_time_as_amsterdam(tmp_path: Path) -> None:
    import json

    from typer.testing import CliRunner

    from anp_archive.cli import app

    page = tmp_path / "brand.txt"
    page.write_text(
        "Brand in Moerdijk\nMOERDIJK (ANP) - Bij een bedrijf in Moerdijk is brand uitgebroken.\n"
        "De brandweer is met veel materieel aanwezig.\n"
        "Meer uit Binnenland\n"
        "ZWOLLE (ANP) - De brug over de IJssel gaat een weekend dicht.\n40 minuten geleden\n",
        encoding="utf-8",
    )
    # 03:10 on the night summer time ends: CET, so 02:10 UTC; 40 minutes back is 01:30 UTC.
    result = CliRunner().invoke(app, ["parse", str(page), "--fetched-at", "2026-10-25T03:10"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    (item,) = data["ticker"]
    latest = datetime.fromisoformat(item["published_latest"])
    assert latest.astimezone(UTC) == datetime(2026, 10, 25, 1, 30, tzinfo=UTC)
