"""Build Page objects (and their text renderings) for the store tests, parser-free."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from anp_archive.models import Capture, Dateline, Lead, Page, TickerItem

T0 = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)

KREMLIN = (
    "Het Kremlin heeft ontkend dat de Russische president Vladimir Poetin al heeft gebeld "
    "met Donald Trump na zijn verkiezingswinst. Woordvoerder Dmitry Peskov doet het verhaal "
    "van The Washington Post daarover af als \"pure fictie\"."
)
TRUMP_CLOONEY = (
    "De Amerikaanse president Donald Trump heeft fel uitgehaald naar acteur George Clooney, "
    "nadat bekend was geworden dat de Hollywoodster de Franse nationaliteit heeft gekregen."
)
TRUMP_TARIFFS = (
    "De Amerikaanse president Donald Trump heeft nieuwe importheffingen aangekondigd op "
    "staal en aluminium uit Europa en Azië."
)
ZELENSKY = (
    "De Oekraïense president Volodymyr Zelensky heeft in zijn nieuwjaarsboodschap zijn "
    "vertrouwen in vrede in Oekraïne benadrukt."
)


def tick(
    place: str,
    text: str,
    *,
    agencies: tuple[str, ...] = ("ANP", "AFP"),
    minutes: tuple[int, int] | None = (61, 60),
    fetched_at: datetime = T0,
    url: str | None = None,
    title: str | None = None,
    age: str | None = "1 uur geleden",
) -> TickerItem:
    """A ticker item whose interval is [fetched_at - minutes[0], fetched_at - minutes[1]]."""
    earliest = latest = None
    if minutes is not None:
        earliest = fetched_at - timedelta(minutes=minutes[0])
        latest = fetched_at - timedelta(minutes=minutes[1])
    return TickerItem(title, Dateline(place, agencies), text, age, earliest, latest, url)


def lead(
    title: str,
    place: str,
    *paragraphs: str,
    agencies: tuple[str, ...] = ("ANP", "RTR"),
    published_at: datetime | None = None,
) -> Lead:
    return Lead(title, Dateline(place, agencies), tuple(paragraphs), published_at)


def page(
    url: str | None,
    the_lead: Lead | None,
    *ticker: TickerItem,
    fetched_at: datetime = T0,
    section: str | None = "Buitenland",
) -> Page:
    return Page(url, fetched_at, section, the_lead, tuple(ticker))


def capture_for(p: Page, salt: str = "") -> Capture:
    """A capture whose bytes are unique to the page (and ``salt``)."""
    assert p.fetched_at is not None
    return Capture(p.url, p.fetched_at, 200, (repr(p) + salt).encode("utf-8"))
