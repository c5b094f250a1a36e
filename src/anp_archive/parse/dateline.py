"""Datelines: ``PLACE (AGENCIES) - text``, exactly as the wire prints them.

A dateline is recognised by shape, not by a list of places: an upper-case place (letters of
any script, spaces, ``-``, ``'``, ``.`` and ``/`` between several places), optionally one to a
few agencies in parentheses, then a dash (``-``, en dash or em dash). A line without agencies
(``DOMBURG - ...``, regional pages) needs more evidence, because ``PSV - Ajax`` is a
headline: the text after the dash must read like a sentence.
"""

from __future__ import annotations

import re

from anp_archive.models import Dateline
from anp_archive.parse.vocabulary import NOT_AGENCIES

__all__ = ["DATELINE_ONLY", "match_dateline", "split_dateline"]



def _upper_class() -> str:
    # Python's re has no \p{Lu}; build the class of upper-case letters (Latin, Greek,
    # Cyrillic and Latin Extended Additional cover every place the wire prints).
    ranges: list[tuple[int, int]] = []
    for code in [*range(0x41, 0x530), *range(0x1E00, 0x1F00)]:
        if chr(code).isupper():
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    return "[" + "".join(
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
        for a, b in ranges
    ) + "]"


_UPPER = _upper_class()
# Upper-case words joined by one separator each: "DEN HAAG", "MAR-A-LAGO", "CORTINA
# D'AMPEZZO", "ST. MAARTEN", "ANKARA/BUENOS AIRES/CAÏRO".
_PLACE = rf"['’]?{_UPPER}+(?:(?:\.\s?|\s|[-'’]|\s*/\s*){_UPPER}+)*\.?"
_DASH = r"[-–—‒]"

# The dash may be missing when a site draws it with CSS (``.dateline::after``): then the
# agencies must be upper case and the text must start like a sentence.
_WITH_AGENCIES = re.compile(
    rf"(?P<place>{_PLACE})\s*\((?P<agencies>[^()]{{1,60}})\)\s*"
    rf"(?:(?P<dash>{_DASH}+)\s*|(?={_UPPER}|[\"'“‘0-9]))(?P<text>.*)",
    re.DOTALL,
)
_WITHOUT_AGENCIES = re.compile(rf"(?P<place>{_PLACE})\s+{_DASH}\s+(?P<text>.*)", re.DOTALL)
# A dateline standing alone, its text in the next block: "MOSKOU (ANP/RTR)" or "DOMBURG -".
DATELINE_ONLY = re.compile(
    rf"(?P<place>{_PLACE})\s*(?:\((?P<agencies>[^()]{{1,60}})\))?\s*(?P<dash>{_DASH}+)?"
)
# Agencies are kept as printed, "dpa" too; one of them must start upper case (see _agencies).
_AGENCY = re.compile(r"[A-Za-z][A-Za-z0-9.&'-]{0,24}")
_SENTENCE_END = ("." , "!", "?", '"', "”", "'", "’", "…", ")", "»")


def _place_ok(place: str) -> bool:
    # The pattern admits only upper-case letters; what is left to check is the length
    # (and letters such as "ß" whose upper case differs).
    return 2 <= len(place) <= 80 and place == place.upper()


def _agencies(raw: str, dash: bool = True) -> tuple[str, ...] | None:
    parts = tuple(part.strip() for part in raw.split("/"))
    if not 1 <= len(parts) <= 5 or not all(_AGENCY.fullmatch(part) for part in parts):
        return None
    # Sites that print the agency in lower case ("DEN HAAG (anp) - ...", "(anp/afp)") still
    # name the wire first; with the dash that is a dateline, not a remark in brackets.
    lower_wire = dash and parts[0] == "anp"
    if not (lower_wire or any(part[0].isupper() for part in parts)) or any(
        part[0].islower() and (len(part) > (10 if lower_wire else 4) or part in NOT_AGENCIES)
        for part in parts
    ):
        return None  # "(zie foto)", "(ANP/foto)", "(red.)": a remark in brackets, not the wire
    return parts


def match_dateline(line: str) -> tuple[Dateline, str] | None:
    """``(Dateline, text after the dash)`` when ``line`` opens with a dateline, else None."""
    if not line[:2].isupper():
        return None
    found = _CACHE.get(line, _MISS)
    if found is _MISS:
        if len(_CACHE) >= 4096:
            _CACHE.clear()
        found = _CACHE[line] = _match_dateline(line)
    return found  # type: ignore[return-value]


# A page tests the same line several times (gluing, merging, classifying), and ticker items
# recur on many pages; results are immutable, so a small memo is safe.
_MISS = object()
_CACHE: dict[str, object] = {}


def _match_dateline(line: str) -> tuple[Dateline, str] | None:
    # Cheap refusal first: almost every line that is not a dateline starts "De", "Het", ...
    if not line[:2].isupper():
        return None
    m = _WITH_AGENCIES.match(line)
    if m is not None:
        place = " ".join(m.group("place").split())
        agencies = _agencies(m.group("agencies"), m.group("dash") is not None)
        if agencies is not None and m.group("dash") is None and not all(
            a.isupper() for a in agencies
        ):
            agencies = None  # "NEC (Nijmegen) Verliest ..." is a headline
        if agencies is not None and _place_ok(place):
            return Dateline(place=place, agencies=agencies), m.group("text").strip()
    m = _WITHOUT_AGENCIES.match(line)
    if m is not None:
        place = " ".join(m.group("place").split())
        text = m.group("text").strip()
        if (
            len(place) >= 3
            and _place_ok(place)
            and not place.startswith("ANP ")  # "ANP PSV - Ajax ...": a badge and a headline
            and _sentence(text)
        ):
            return Dateline(place=place, agencies=()), text
    return None


def _sentence(text: str) -> bool:
    # Without agencies, only text that reads like a sentence makes a dateline: it starts
    # with a capital or a quote and ends like a sentence. Headlines ("PSV - Ajax gaat door")
    # have no final full stop.
    if not text or not (text[0].isupper() or text[0].isdigit() or text[0] in "\"'“‘"):
        return False
    return text.endswith(_SENTENCE_END)


def split_dateline(line: str) -> tuple[Dateline | None, str]:
    """Split a paragraph into its dateline (if any) and the rest of the text."""
    found = match_dateline(line)
    if found is None:
        return None, line
    return found
