"""From a flat list of lines to a Page: the one layout logic shared by text and HTML.

Both front ends (``text.py`` for renderings, ``html.py`` for markup) reduce a page to lines
(``Line``: text, nearest link, block tag). Everything below works on content alone: the
dateline pattern finds stories, ``Meer uit <Section>`` separates the lead from the ticker,
age labels close ticker items, ``Net binnen`` opens the list of latest headlines. Because
text and HTML share this code, the same page gives the same Page in either form.

``build_page`` is the outline; each step lives in a module of its own: ``repairs``
(glued ages, split datelines), ``kinds`` (what each line is), ``latest`` (Net binnen),
``evidence`` (refusals), ``ticker_zone`` and ``ticker``, ``lead`` and ``sections``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from anp_archive.errors import NotANewsPageError
from anp_archive.models import Page
from anp_archive.parse.clock import clock_time_before
from anp_archive.parse.decode import repair_mojibake
from anp_archive.parse.evidence import corroborate, require_wire
from anp_archive.parse.kinds import classify_lines
from anp_archive.parse.latest import find_latest
from anp_archive.parse.lead import place_lead
from anp_archive.parse.lines import Line, Meta
from anp_archive.parse.repairs import repair_lines
from anp_archive.parse.sections import heading_section, index_section
from anp_archive.parse.shown_times import mark_shown_times
from anp_archive.parse.ticker import build_ticker, ticker_items, unique_items
from anp_archive.parse.ticker_zone import ticker_end, ticker_heading

__all__ = ["Line", "Meta", "build_page", "clock_time_before"]


def build_page(
    raw_lines: Sequence[Line],
    *,
    url: str | None,
    fetched_at: datetime | None,
    meta: Meta | None = None,
    base_url: str | None = None,
    regional: bool = False,
) -> Page:
    """Find lead, ticker and latest list in ``raw_lines``.

    ``regional`` says the site profile declares regional pages, whose datelines carry no
    agency (``DOMBURG - ...``): then such datelines count without further evidence.

    Raises:
        NotANewsPageError: no dateline, no ``Net binnen`` list and no list of headline,
            teaser and age (an index page whose items show no dateline) anywhere; or only
            datelines without an agency and nothing on the page to confirm them.
    """
    meta = meta or Meta()
    if meta.title is not None:
        meta.title = repair_mojibake(meta.title)
    lines = repair_lines(raw_lines)
    kinds, datelines = classify_lines(lines)
    latest, latest_range = find_latest(lines, kinds, datelines, fetched_at)
    mark_shown_times(lines, kinds)
    require_wire(datelines, latest)
    if not regional:
        corroborate(lines, kinds, datelines)
    meer = ticker_heading(kinds, datelines)
    section = heading_section(lines, kinds, meer)
    net = latest_range.start if latest_range else None
    lead, zone = place_lead(lines, kinds, datelines, meer, net, meta)
    if meer is not None and zone.start <= meer < zone.stop:
        zone = range(zone.start, ticker_end(lines, kinds, meer, zone.stop))
    ticker = unique_items(build_ticker(lines, kinds, datelines, zone.start, zone.stop, meer,
                                       skip=latest_range))
    if lead is None and ticker and section is None:
        first = ticker[0]
        section = index_section(lines, kinds, first.index, first.title is not None,
                                latest_range, meta)
    if lead is None and not ticker and not latest:
        raise NotANewsPageError("no lead story or ticker item found; is this an ANP news page?")
    return Page(url=url, fetched_at=fetched_at, section=section, lead=lead,
                ticker=ticker_items(ticker, fetched_at, base_url), latest=tuple(latest))
