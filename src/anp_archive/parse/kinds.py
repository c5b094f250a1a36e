"""Line kinds: what each line is to the layout, read from its text alone."""

from __future__ import annotations

import re
from enum import IntEnum

from anp_archive.models import Dateline
from anp_archive.parse.ages import is_age_label
from anp_archive.parse.dateline import match_dateline
from anp_archive.parse.lengths import (
    AGE_LABEL_MAX,
    CHROME_LABEL_MAX,
    DATE_LINE_MAX,
    READ_MORE_LINE_MAX,
)
from anp_archive.parse.lines import Line
from anp_archive.parse.vocabulary import (
    CLOCK_RAW,
    DATE_LINE,
    DATE_LINE_ENDINGS,
    DATE_LINE_OPENINGS,
    MEER_UIT,
    NET_BINNEN,
    NOISE,
    NOISE_OPENINGS,
    READ_MORE,
    SEE_ALL,
    WEEKDAY_NAMES,
    lowers_plainly,
)

__all__ = ["AGE", "BADGE_ONLY", "BREAK", "DATE", "DATELINE", "LATEST_LINE", "MEER", "NET", "TEXT",
           "TIME", "Kind", "classify", "classify_lines"]


class Kind(IntEnum):
    TEXT = 0  # a headline, a paragraph, anything else
    DATELINE = 1  # opens a wire item: PLACE (AGENCIES) - text
    AGE = 2  # a relative age label: closes a ticker item
    MEER = 3  # the "Meer uit <Section>" heading over the ticker (or its section line)
    NET = 4  # the "Net binnen" heading
    LATEST_LINE = 5  # an entry of the Net binnen list
    DATE = 6  # a date or clock time on its own
    BADGE_ONLY = 7  # a bare link label or chrome word: "Lees meer", "Advertentie"
    BREAK = 8  # a rule (<hr>)
    TIME = 9  # an absolute time closing a ticker item ("10:42", "gisteren 23:10")


# The members as module constants: the layout compares kinds once or more per line, and
# ``Kind.TEXT`` is a class attribute lookup that costs five times the comparison.
TEXT, DATELINE, AGE, MEER, NET = Kind.TEXT, Kind.DATELINE, Kind.AGE, Kind.MEER, Kind.NET
LATEST_LINE, DATE, BADGE_ONLY, BREAK = Kind.LATEST_LINE, Kind.DATE, Kind.BADGE_ONLY, Kind.BREAK
TIME = Kind.TIME


def classify(text: str) -> Kind:
    """The kind of a line by its text (datelines are found separately)."""
    first = text[:1]
    size = len(text)
    if size > READ_MORE_LINE_MAX:  # (only a Meer uit heading has no length limit)
        return MEER if first in "mM" and MEER_UIT.fullmatch(text) is not None else TEXT
    # Most lines are short chrome ("Binnenland", "Akkoord") that is none of the kinds: a
    # look at the lower-cased words refuses such a line before a pattern is tried.
    plain = lowers_plainly(text)
    low = text.lower() if plain else ""
    if size <= AGE_LABEL_MAX and (  # (is_age_label refuses longer text)
        first.isdigit() or first in "gGzZnNeEéÉvV" or text.endswith("geleden")
    ) and is_age_label(text):
        return AGE
    if first in "mM" and MEER_UIT.fullmatch(text) is not None:
        return MEER
    if size <= CHROME_LABEL_MAX and first in "nN" and NET_BINNEN.fullmatch(text) is not None:
        return NET
    if size <= CHROME_LABEL_MAX and (
        # (Of NOISE's forms only "12 reacties" opens with a digit.)
        not plain or low[:3] in NOISE_OPENINGS or first == "("
        or (first.isdigit() and "reactie" in low)
    ) and NOISE.fullmatch(text) is not None:
        return BADGE_ONLY
    if size <= READ_MORE_LINE_MAX and first in "lLmMvVnN" and READ_MORE.match(text) is not None:
        return BADGE_ONLY
    if size <= READ_MORE_LINE_MAX and first in "bBtTaAzZlLmM" and (
        SEE_ALL.fullmatch(text) is not None
    ):
        return BADGE_ONLY  # "Bekijk alles" beside a ticker's heading: not a headline
    if size <= DATE_LINE_MAX and (not plain or _may_be_date(text, low)) and (
        # (A teaser's bare "10:42" is the commonest; DATE_LINE tries all else first.)
        _CLOCK_LINE.fullmatch(text) is not None or DATE_LINE.fullmatch(text) is not None
    ):
        return DATE
    return TEXT


def _may_be_date(text: str, low: str) -> bool:
    """Could ``text`` (lower-cased plainly: ``low``) be a date line, by how it opens and ends?
    Every date line but a bare weekday also holds a digit."""
    first, last = text[:1], low[-1:]
    return (
        (first.isdigit() or first.lower() in DATE_LINE_OPENINGS)
        and (last.isdigit() or last in DATE_LINE_ENDINGS)
        and (low in WEEKDAY_NAMES or not text.isascii() or not _DIGITS.isdisjoint(text))
    )


_DIGITS = frozenset("0123456789")
_CLOCK_LINE = re.compile(CLOCK_RAW)


def classify_lines(lines: list[Line]) -> tuple[list[Kind], dict[int, tuple[Dateline, str]]]:
    """The kind of every line, and the dateline (with the text after it) of each item line."""
    kinds: list[Kind] = []
    datelines: dict[int, tuple[Dateline, str]] = {}
    for ln in lines:
        text = ln.text
        kind = BREAK if ln.tag == "hr" else classify(text)
        # match_dateline asks the same first; asked here, most lines skip the call.
        if kind == TEXT and text[:2].isupper():
            found = match_dateline(text)
            if found is not None:
                kind = DATELINE
                datelines[len(kinds)] = found
        kinds.append(kind)
    return kinds, datelines
