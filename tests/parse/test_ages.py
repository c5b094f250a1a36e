"""Age labels read with the floor rule of DESIGN.md, in Europe/Amsterdam time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from anp_archive.parse import read_age
from anp_archive.parse.ages import is_age_label

AMS = ZoneInfo("Europe/Amsterdam")
T = datetime.fromisoformat("2026-01-01T12:00:00+01:00")


def iso(pair: tuple[datetime | None, datetime | None]) -> tuple[str | None, str | None]:
    return tuple(v.isoformat() if v else None for v in pair)  # type: ignore[return-value]


@pytest.mark.parametrize(
    ("label", "earliest", "latest"),
    [
        ("50 minuten geleden", "2026-01-01T11:09:00+01:00", "2026-01-01T11:10:00+01:00"),
        ("1 minuut geleden", "2026-01-01T11:58:00+01:00", "2026-01-01T11:59:00+01:00"),
        ("1 uur geleden", "2026-01-01T10:00:00+01:00", "2026-01-01T11:00:00+01:00"),
        ("2 uur geleden", "2026-01-01T09:00:00+01:00", "2026-01-01T10:00:00+01:00"),
        ("1 dag geleden", "2025-12-30T12:00:00+01:00", "2025-12-31T12:00:00+01:00"),
        ("3 dagen geleden", "2025-12-28T12:00:00+01:00", "2025-12-29T12:00:00+01:00"),
        ("1 week geleden", "2025-12-18T12:00:00+01:00", "2025-12-25T12:00:00+01:00"),
        ("2 weken geleden", "2025-12-11T12:00:00+01:00", "2025-12-18T12:00:00+01:00"),
        ("1 maand geleden", "2025-11-01T12:00:00+01:00", "2025-12-01T12:00:00+01:00"),
        ("3 maanden geleden", "2025-09-01T12:00:00+02:00", "2025-10-01T12:00:00+02:00"),
        ("1 jaar geleden", "2024-01-01T12:00:00+01:00", "2025-01-01T12:00:00+01:00"),
        ("gisteren", "2025-12-31T00:00:00+01:00", "2026-01-01T00:00:00+01:00"),
        ("zojuist", "2026-01-01T11:59:00+01:00", "2026-01-01T12:00:00+01:00"),
        ("net", "2026-01-01T11:59:00+01:00", "2026-01-01T12:00:00+01:00"),
        ("Gisteren", "2025-12-31T00:00:00+01:00", "2026-01-01T00:00:00+01:00"),
        ("2  uur\u00a0geleden", "2026-01-01T09:00:00+01:00", "2026-01-01T10:00:00+01:00"),
        # The number as a word, capitalised at the start of a label.
        ("Eén uur geleden", "2026-01-01T10:00:00+01:00", "2026-01-01T11:00:00+01:00"),
        ("Een minuut geleden", "2026-01-01T11:58:00+01:00", "2026-01-01T11:59:00+01:00"),
        ("één dag geleden", "2025-12-30T12:00:00+01:00", "2025-12-31T12:00:00+01:00"),
        ("Twee dagen geleden", "2025-12-29T12:00:00+01:00", "2025-12-30T12:00:00+01:00"),
        ("30 seconden geleden", "2026-01-01T11:59:29+01:00", "2026-01-01T11:59:30+01:00"),
        # Two units: the sum, rounded down in the smaller one.
        ("1 uur, 5 minuten geleden", "2026-01-01T10:54:00+01:00", "2026-01-01T10:55:00+01:00"),
        ("2 uur en 5 min geleden", "2026-01-01T09:54:00+01:00", "2026-01-01T09:55:00+01:00"),
        # Compact ages, as their full spelling.
        ("9m", "2026-01-01T11:50:00+01:00", "2026-01-01T11:51:00+01:00"),
        ("2u", "2026-01-01T09:00:00+01:00", "2026-01-01T10:00:00+01:00"),
        ("3d", "2025-12-28T12:00:00+01:00", "2025-12-29T12:00:00+01:00"),
        ("1w", "2025-12-18T12:00:00+01:00", "2025-12-25T12:00:00+01:00"),
        # A part of the day: some moment of this calendar day before fetched_at.
        ("vanochtend", "2026-01-01T00:00:00+01:00", "2026-01-01T12:00:00+01:00"),
        ("Vanavond", "2026-01-01T00:00:00+01:00", "2026-01-01T12:00:00+01:00"),
    ],
)
def test_floor_reading(label: str, earliest: str, latest: str) -> None:
    assert iso(read_age(label, T)) == (earliest, latest)


@pytest.mark.parametrize("label", [
    "enige tijd geleden", "binnenkort", "", "ooit", "-1 uur geleden",
    # Hedged ages and "vannacht" would need a guess; two units read only largest first and
    # in elapsed time (minutes, hours, seconds).
    "ruim 2 uur geleden", "bijna 3 uur geleden", "ongeveer een uur geleden", "vannacht",
    "5 minuten, 1 uur geleden", "1 dag en 3 uur geleden",
])
def test_unknown_labels_give_nulls(label: str) -> None:
    assert read_age(label, T) == (None, None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Eén uur geleden", True), ("Een minuut geleden", True), ("Zojuist", True),
     ("Gisteren", True), ("Een uur geleden stond hier nog een huis.", False),
     ("Vuurwerkramp Enschede 26 jaar geleden", False), ("ruim 2 uur geleden", True),
     ("Meer dan een uur geleden", True), ("2u", True), ("9m", True), ("Vanochtend", True),
     ("3D", False), ("2D", False), ("10:42", False), ("2:31", False), ("1234m", False)],
)
def test_capitalised_age_labels_are_ages(text: str, expected: bool) -> None:
    assert is_age_label(text) is expected


def test_without_fetched_at_both_bounds_are_null() -> None:
    assert read_age("2 uur geleden", None) == (None, None)


def test_fetched_at_in_utc_is_answered_in_amsterdam_time() -> None:
    earliest, latest = read_age("50 minuten geleden", datetime(2026, 1, 1, 11, 0, tzinfo=UTC))
    assert iso((earliest, latest)) == ("2026-01-01T11:09:00+01:00", "2026-01-01T11:10:00+01:00")


def test_naive_fetched_at_is_amsterdam_time() -> None:
    assert iso(read_age("1 uur geleden", datetime(2026, 1, 1, 12, 0))) == (
        "2026-01-01T10:00:00+01:00", "2026-01-01T11:00:00+01:00")


def test_seconds_are_kept_not_rounded() -> None:
    fetched = datetime.fromisoformat("2026-01-01T12:00:37+01:00")
    assert iso(read_age("50 minuten geleden", fetched)) == (
        "2026-01-01T11:09:37+01:00", "2026-01-01T11:10:37+01:00")


def test_hours_are_absolute_across_the_dst_change() -> None:
    # 29 March 2026: 02:00 CET jumps to 03:00 CEST. 04:30 CEST minus 3 h absolute = 00:30 CET.
    fetched = datetime(2026, 3, 29, 4, 30, tzinfo=AMS)
    earliest, latest = read_age("2 uur geleden", fetched)
    assert iso((earliest, latest)) == ("2026-03-29T00:30:00+01:00", "2026-03-29T01:30:00+01:00")


def test_days_are_calendar_days_across_the_dst_change() -> None:
    fetched = datetime(2026, 3, 30, 12, 0, tzinfo=AMS)
    assert iso(read_age("1 dag geleden", fetched)) == (
        "2026-03-28T12:00:00+01:00", "2026-03-29T12:00:00+02:00")


def test_month_end_is_clamped() -> None:
    fetched = datetime(2026, 3, 31, 12, 0, tzinfo=AMS)
    assert iso(read_age("1 maand geleden", fetched)) == (
        "2026-01-31T12:00:00+01:00", "2026-02-28T12:00:00+01:00")


_LABELS = st.one_of(
    st.builds(lambda n, u: f"{n} {u} geleden", st.integers(0, 10**6), st.sampled_from(
        ["minuut", "minuten", "uur", "dag", "dagen", "week", "weken", "maand", "maanden",
         "jaar"])),
    st.sampled_from(["gisteren", "eergisteren", "zojuist", "net", "nu", "vanochtend",
                     "vanavond", "vannacht"]),
    st.builds(lambda n, u: f"{n}{u}", st.integers(0, 999), st.sampled_from(list("muhdw"))),
    st.builds(lambda a, u, b, v: f"{a} {u}, {b} {v} geleden", st.integers(0, 10**4),
              st.sampled_from(["uur", "minuten", "seconden", "dagen"]), st.integers(0, 10**4),
              st.sampled_from(["minuten", "seconden", "uur"])),
    st.text(max_size=30),
)
_FETCHED = st.datetimes(
    min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30),
    timezones=st.sampled_from([UTC, AMS, ZoneInfo("America/New_York")]),
)


@given(label=_LABELS, fetched_at=_FETCHED)
def test_earliest_never_after_latest(label: str, fetched_at: datetime) -> None:
    earliest, latest = read_age(label, fetched_at)
    assert (earliest is None) == (latest is None)
    if earliest is not None and latest is not None:
        # As instants: Python compares two datetimes in the same zone by wall time, which
        # puts 02:59+02:00 after 02:00+01:00 in the autumn DST fold.
        assert earliest.astimezone(UTC) <= latest.astimezone(UTC)
        assert latest.astimezone(UTC) <= fetched_at.astimezone(UTC) + timedelta(seconds=1)
        assert earliest.tzinfo is AMS or earliest.utcoffset() is not None


def test_the_two_fold_hours_of_autumn_dst_are_not_confused() -> None:
    """02:00:01 happens twice on 29 Oct 2045; each reading is its own instant (no shared cache)."""
    first = datetime(2045, 10, 29, 2, 0, 1, tzinfo=AMS, fold=0)
    second = datetime(2045, 10, 29, 2, 0, 1, tzinfo=AMS, fold=1)
    assert iso(read_age("net", first)) == ("2045-10-29T01:59:01+02:00", "2045-10-29T02:00:01+02:00")
    assert iso(read_age("net", second)) == (
        "2045-10-29T02:59:01+02:00", "2045-10-29T02:00:01+01:00")
