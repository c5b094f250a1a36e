"""Plain data passed between the stages: what parse returns and what fetch hands to store.

Stdlib only, frozen, with field names taken from the JSON contract (DESIGN.md, Contract 1),
so ``Page.to_dict()`` is the contract and nothing has to translate names in between.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

__all__ = [
    "Capture",
    "Dateline",
    "LatestItem",
    "Lead",
    "Page",
    "TickerItem",
    "charset_from_content_type",
]


def charset_from_content_type(content_type: str | None) -> str | None:
    """The ``charset`` parameter of a Content-Type value (``text/html; charset=utf-8``)."""
    for param in (content_type or "").split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            return value.strip().strip("\"'") or None
    return None


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


@dataclass(frozen=True, slots=True)
class Dateline:
    """``PLACE (AGENCIES) -`` exactly as printed; ``agencies`` is empty when none is given."""

    place: str
    agencies: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"place": self.place, "agencies": list(self.agencies)}


@dataclass(frozen=True, slots=True)
class Lead:
    """The page's own story: title, dateline and paragraphs (the dateline prefix removed)."""

    title: str | None
    dateline: Dateline | None
    paragraphs: tuple[str, ...]
    published_at: datetime | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "dateline": self.dateline.to_dict() if self.dateline else None,
            "paragraphs": list(self.paragraphs),
            "published_at": _iso(self.published_at),
        }


@dataclass(frozen=True, slots=True)
class TickerItem:
    """One short wire item in a ``Meer uit`` ticker or on an index page."""

    title: str | None
    dateline: Dateline | None
    text: str
    age: str | None
    published_earliest: datetime | None
    published_latest: datetime | None
    url: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "dateline": self.dateline.to_dict() if self.dateline else None,
            "text": self.text,
            "age": self.age,
            "published_earliest": _iso(self.published_earliest),
            "published_latest": _iso(self.published_latest),
            "url": self.url,
        }


@dataclass(frozen=True, slots=True)
class LatestItem:
    """One line of a ``Net binnen`` list: ``<Section> HH:MM <headline>``."""

    section: str | None
    time: str
    title: str
    published_at: datetime | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "section": self.section,
            "time": self.time,
            "title": self.title,
            "published_at": _iso(self.published_at),
        }


@dataclass(frozen=True, slots=True)
class Page:
    """A parsed page: Contract 1 of DESIGN.md via ``to_dict()``."""

    url: str | None
    fetched_at: datetime | None
    section: str | None
    lead: Lead | None
    ticker: tuple[TickerItem, ...] = ()
    latest: tuple[LatestItem, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "fetched_at": _iso(self.fetched_at),
            "section": self.section,
            "lead": self.lead.to_dict() if self.lead else None,
            "ticker": [item.to_dict() for item in self.ticker],
            "latest": [item.to_dict() for item in self.latest],
        }


@dataclass(frozen=True, slots=True)
class Capture:
    """One response or imported file, exactly as received: what the archive keeps to reparse.

    ``headers`` are the response headers as (name, value) pairs, lower-cased names, in order;
    an imported file has none. ``url`` is the final URL after redirects.
    """

    url: str | None
    fetched_at: datetime
    status: int
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()
    sha256: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if not self.sha256:
            object.__setattr__(self, "sha256", hashlib.sha256(self.body).hexdigest())

    @property
    def charset(self) -> str | None:
        """The charset the response's Content-Type header names, if any."""
        return charset_from_content_type(self.header("content-type"))

    def header(self, name: str) -> str | None:
        """The first value of header ``name`` (case-insensitive), or None."""
        wanted = name.lower()
        for key, value in self.headers:
            if key.lower() == wanted:
                return value
        return None
