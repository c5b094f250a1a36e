"""What both front ends hand to the layout logic: lines of text, and what HTML knows besides."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

__all__ = ["Line", "Meta"]


class Line(NamedTuple):
    """One block of text: a rendered line, or one block-level element of HTML."""

    text: str
    href: str | None = None
    tag: str = ""
    # mem_ids of the enclosing block elements, outermost first (HTML only): tells which
    # lines share the lead's container, so a sidebar or footer does not join the story.
    path: tuple[int, ...] = ()
    # Every word of the line is link text (HTML only): tag lists, share bars, menus.
    linked: bool = False


@dataclass(slots=True)
class Meta:
    """What HTML knows beyond the text flow (all optional)."""

    url: str | None = None
    base: str | None = None  # <base href>
    title: str | None = None  # og:title / <title>, site suffix not yet removed
    hint_title: str | None = None
    published_at: datetime | None = None
    time_lines: list[tuple[int, datetime]] = field(default_factory=list)
