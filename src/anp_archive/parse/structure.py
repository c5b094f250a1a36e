"""From a flat list of lines to a Page: the one layout logic shared by text and HTML.

Both front ends (``text.py`` for renderings, ``html.py`` for markup) reduce a page to lines
(``Line``: text, nearest link, block tag). Everything below works on content alone: the
dateline pattern finds stories, ``Meer uit <Section>`` separates the lead from the ticker,
age labels close ticker items, ``Net binnen`` opens the list of latest headlines. Because
text and HTML share this code, the same page gives the same Page in either form.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from anp_archive.errors import NotANewsPageError
from anp_archive.models import Dateline, LatestItem, Lead, Page, TickerItem
from anp_archive.parse.ages import KNOWN_AGE, age_reader, is_age_label, to_amsterdam
from anp_archive.parse.dateline import DATELINE_ONLY, match_dateline
from anp_archive.parse.decode import repair_mojibake
from anp_archive.parse.links import absolute_url
from anp_archive.parse.text import INVISIBLE
from anp_archive.parse.vocabulary import AGE_NUMBER_WORDS, AGE_UNIT, CAPTION

__all__ = ["Line", "Meta", "build_page"]


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


# "Eén uur geleden", "Een minuut geleden": the number as a word.
_AGE_NUMBER = rf"(?:(?<!\d)\d{{1,9}}\s*|(?<!\w){AGE_NUMBER_WORDS}\s+)"
_AGE_UNITS = AGE_UNIT
_LEADING_AGE = re.compile(
    rf"(?P<age>{_AGE_NUMBER}{_AGE_UNITS}\s+geleden|gisteren|eergisteren|zojuist|net)(?P<rest>.+)",
    re.IGNORECASE,
)
_TRAILING_AGE = re.compile(
    rf"(?P<age>{_AGE_NUMBER}{_AGE_UNITS}\s+geleden|gisteren|eergisteren|zojuist)"
    r"(?:\s+in\s+[^\W\d_][\w'-]*(?:\s[^\W\d_][\w'-]*)?)?$",
    re.IGNORECASE,
)
# An unreadable age after a finished sentence: "... telefoon. enige tijd geleden".
_TRAILING_VAGUE_AGE = re.compile(
    r"(?<=[.!?\"”…])\s*(?P<age>net|(?:[^\W\d_]+ ){1,3}geleden)$", re.IGNORECASE
)
_MEER_UIT = re.compile(r"meer\s+(?:nieuws\s+)?uit(?:\s+(?:de\s+rubriek\s+)?(?P<section>.+))?",
                       re.IGNORECASE)
# "Meer uit Zeeland (4)", "Meer uit Zeeland Bekijk alles", "Meer uit Sport »"
_SECTION_TAIL = re.compile(
    r"\s*(?:\(\d+\)|[»›>→]+|\b(?:bekijk|toon|alle|lees|naar)\b.*)$", re.IGNORECASE
)
_NET_BINNEN = re.compile(r"net\s+binnen\s*:?", re.IGNORECASE)
_CLOCK = r"(?P<h>[01]?\d|2[0-3])[:.](?P<m>[0-5]\d)"
_CLOCK_RAW = r"(?:[01]?\d|2[0-3])[:.][0-5]\d"
_CLOCK_ONLY = re.compile(rf"{_CLOCK}(?:\s*uur)?")
_WEEKDAYS = "maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|ma|di|wo|do|vr|za|zo"
_MONTHS = ("januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november"
           "|december|jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec")
_DATE_LINE = re.compile(
    rf"(?:(?:{_WEEKDAYS})\.?\s*,?\s*)?\d{{1,2}}\s+(?:{_MONTHS})\.?(?:\s+\d{{4}})?"
    rf"(?:\s*,?\s*(?:om\s+)?{_CLOCK_RAW}(?:\s*uur)?)?|(?:{_WEEKDAYS})|\d{{1,2}}[-/.]\d{{1,2}}[-/.]\d{{2,4}}"
    rf"(?:\s*,?\s*{_CLOCK_RAW})?|{_CLOCK_RAW}",
    re.IGNORECASE,
)
_BYLINE = re.compile(
    r"(?:door|bron|foto|gepubliceerd|bijgewerkt|laatste\s+update|geplaatst|aangepast)\b",
    re.IGNORECASE,
)
# Chrome that sits between ticker items and must never become a headline.
_NOISE = re.compile(
    r"(?:advertentie|advertisement|reclame|gesponsord|sponsored"
    # A bare link label ("Lees", "Lees artikel", "Bekijk") names no story: never a headline.
    r"|lees(?: (?:meer|verder|ook|artikel|het artikel|bericht))?|bekijk|verder|meer"
    r"|meer nieuws|deel(?: dit (?:artikel|bericht))?|delen|reageer|reacties?|\d+ reacties?"
    r"|reacties? \(\d+\)|\(\d+\)|deel op \w+|share|tweet|whatsapp|facebook|e-?mail|print"
    r"|foto|video|bekijk (?:de )?video|luister|anp)\s*[:»›>]?",
    re.IGNORECASE,
)
# Ad slots inside a story. (Other chrome words such as "Reacties" or "Reclame" can be real
# subheadings; sites label their ad slots "Advertentie".)
_AD = re.compile(r"advertentie|advertisement|gesponsord|sponsored|ad", re.IGNORECASE)
# Links to the whole article (line text is whitespace-normalised: single spaces).
_READ_MORE_PHRASES = (r"lees (?:meer|verder|het (?:hele|volledige) (?:artikel|bericht))"
                      r"|meer lezen|verder lezen|naar (?:het )?artikel")
_READ_MORE = re.compile(rf"(?:lees ook|{_READ_MORE_PHRASES})\b", re.IGNORECASE)
# "Bijgewerkt: 20 juni 2026, 10:58" closes a story.
# (A date or clock time must follow the label: "Aangepast plan voor 2027" is a subheading.)
_UPDATED_LINE = re.compile(
    r"(?:bijgewerkt|gepubliceerd|laatste update|laatst bijgewerkt|geplaatst|aangepast)"
    rf"\s*(?:op|om)?\s*:?\s*(?:(?:vandaag|gisteren|{_WEEKDAYS})\.?\s*,?\s*(?:om\s+)?)?"
    r"\d{1,4}(?:[-/.:]\d|\s+[^\W\d_]+).{0,40}",
    re.IGNORECASE,
)
# Credits and captions inside a story: dropped, but the story goes on.
_CREDIT = re.compile(
    r"(?:door|bron|foto|beeld|tekst|redactie)\s*:.{0,60}|.{0,200}\(\s*(?:foto|beeld)\s*:[^)]{1,60}\)",
    re.IGNORECASE,
)
_BADGE = re.compile(r"ANP(?:\s+|(?=[A-ZÀ-Þ][a-zà-ÿ]))(?=[^a-zà-ÿ\s])")
_SENTENCE_END = (".", "!", "?", "…", ":", ";")
_PARAGRAPH_END = (*_SENTENCE_END, '"', "”", "'", "’", ")")
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})

# Line kinds
_TEXT, _DATELINE, _AGE, _MEER, _NET, _LATEST_LINE, _DATE, _BADGE_ONLY, _BREAK = range(9)


# Not " - ": "Watersnoodramp - 73 jaar geleden" is a headline.
_META_SEP = re.compile(r"\s+[|·•]\s+|\s*[|·•]\s*(?=\d)")
_AGE_IN = re.compile(r"\s+in\s+[^\W\d_][\w'-]*(?:\s[^\W\d_][\w'-]*)?$")  # "... geleden in Zeeland"
_META_LABEL = re.compile(
    r"(?:geplaatst|gepubliceerd|bijgewerkt|toegevoegd|aangepast|update)\s*(?:op)?\s*:?\s*",
    re.IGNORECASE,
)


_LEADING_SYMBOLS = re.compile(r"^[^\w\"'“‘(]+\s*")


def _meta_age(text: str) -> str | None:
    """The age in a meta line: ``Economie · 9 minuten geleden``, ``gisteren | 12 reacties``,
    ``Geplaatst: 22 minuten geleden``; None when the line is anything else."""
    segments = _META_SEP.split(text)
    if len(segments) > 1 and match_dateline(text) is not None:
        return None  # "UTRECHT (ANP) - Kort bericht. 1 uur geleden" is an item
    age: str | None = None
    for segment in segments:
        segment = segment.strip()
        segment = _LEADING_SYMBOLS.sub("", segment)  # "🕒 6 minuten geleden"
        label = _META_LABEL.match(segment)
        bare = segment[label.end():] if label is not None else segment
        if age is None and " in " in bare:
            unplaced = _AGE_IN.sub("", bare)
            if unplaced != bare and is_age_label(unplaced):
                bare = unplaced
        if age is None and is_age_label(bare):
            age = bare
        elif len(segment) > 25 or segment.endswith((".", "?", "!")):
            return None  # a sentence, not a category, source or comment count
    return age


_SECTION_LINK = re.compile(
    r"(?:meer|alles|alle berichten)\s+(?:uit\s+|over\s+)?\S+(?:\s+\S+)?\s*[»›>→]?", re.IGNORECASE
)
# What sites print between an item and its age on one line ("... bericht. – 3 uur geleden").
_AGE_SEPARATORS = "|·•-–—,/>»› "
_ITEM_END = (".", "!", "?", '"', "”", "…", ")")


def _split_glued(lines: Sequence[Line]) -> list[Line]:
    """Undo the gluing of text renderings (``50 minuten geledenWASHINGTON (ANP) - ...``)."""
    out: list[Line] = []
    labelled: list[tuple[int, str, str]] = []  # (index in out, label, age): see _label_ages
    for line in lines:
        text = line.text
        low = text.lower()
        if (
            "geleden" not in low and "gisteren" not in low and "zojuist" not in low
            and "net" not in low and text[-1:] != ")"
        ):
            out.append(line)  # no age anywhere in the line: nothing to split
            continue
        if len(text) <= 40 and is_age_label(text):
            out.append(line)  # an age on its own line, as it should be
            continue
        if len(text) <= 80 and (
            "geleden" in low or "gisteren" in low or "zojuist" in low or " net" in low
            or low.startswith("net")
        ):
            age = _meta_age(text)
            if age is not None and age != text:
                out.append(line._replace(text=age))
                continue
        first = text[:1]
        m = _LEADING_AGE.match(text) if first.isdigit() or first in "gGzZnNeEéÉ" else None
        if m is not None:
            age, rest = m.group("age"), m.group("rest")
            glued = not rest[0].isspace()
            rest = rest.strip(" -–—|·•:")
            if not glued and len(rest) <= 40 and age.lower() != "net":
                if _READ_MORE.match(rest) is not None:
                    # "3 uur geleden Lees meer": the link is the item's own page
                    out.append(line._replace(text=age, href=None))
                    out.append(line._replace(text=rest))
                    continue
                if _SECTION_LINK.fullmatch(rest) is not None:
                    out.append(line._replace(text=age, href=None))
                    continue  # "3 uur geleden Meer Buitenland": a section link
            if (rest and match_dateline(rest) is not None) or (
                rest
                and glued
                and age.lower() != "net"
                and (rest[0].isupper() or rest[0] in "\"'“‘")
            ):
                out.append(line._replace(text=age, href=None))
                text = rest
                line = line._replace(text=rest)
        elif text.find("geleden", 0, 48) >= 0:
            # An age we cannot read, glued all the same: "enige tijd geledenLONDEN (ANP) - ..."
            cut = text.index("geleden") + 7
            age, rest = text[:cut].strip(), text[cut:].strip()
            if rest and is_age_label(age) and match_dateline(rest) is not None:
                out.append(line._replace(text=age, href=None))
                text = rest
                line = line._replace(text=rest)
        if text[-1:] == ")" and text.find("(", -40) >= 0:
            cut = text.rindex("(")
            inner = text[cut + 1 : -1].strip()
            head = text[:cut].rstrip()
            if head and is_age_label(inner):
                # "... werd het 4-0. (45 minuten geleden)"
                out.append(line._replace(text=head))
                out.append(line._replace(text=inner, href=None))
                continue
        tail = text[-48:].lower()  # ("<a>...</a> <span>Gisteren</span>")
        if ("geleden" in tail or "gisteren" in tail or "zojuist" in tail
                or tail.endswith(" net")) and text.find(" ", -20) >= 0:
            split = _split_meta_tail(text)
            if split is not None:
                # "... een waarschuwingssysteem. · enige tijd geleden", "... brand. | net"
                out.append(line._replace(text=split[0]))
                out.append(line._replace(text=split[1], href=None))
                continue
            # Only the tail can hold a trailing age; lookbehinds still see before ``tail_at``.
            tail_at = max(0, len(text) - 80)
            m = (_TRAILING_AGE.search(text, tail_at)
                 or _TRAILING_VAGUE_AGE.search(text, tail_at))
            if m is not None and m.start() > 0:
                before = text[: m.start()]
                head = before.rstrip()
                if head and (
                    before == head  # glued: "...team.50 minuten geleden"
                    or head.endswith((".", "!", "?", '"', "”", "…", "|", "·", "•"))
                    or match_dateline(head) is not None
                ):
                    head = head.rstrip(_AGE_SEPARATORS).rstrip()
                    if head:
                        out.append(line._replace(text=head))
                    out.append(line._replace(text=m.group("age"), href=None))
                    continue
                label = head.rstrip(_AGE_SEPARATORS).rstrip()
                if label and _label_ish(label):
                    labelled.append((len(out), label, m.group("age")))
        out.append(line)
    if labelled:
        _label_ages(out, labelled)
    return out


def _label_ish(text: str) -> bool:
    """A category label such as ``Buitenland``, ``Zuid-Holland`` or ``Show & Cultuur``."""
    words = text.split()
    return (
        len(words) <= 3
        and len(text) <= 30
        and text[-1].isalpha()
        and all(w[0].isupper() or w in ("&", "en") for w in words)
        and words[0][0].isupper()
        and not any(ch.isdigit() for ch in text)
    )


def _label_ages(out: list[Line], labelled: list[tuple[int, str, str]]) -> None:
    """Meta lines ``<Label> <age>`` (``<span>Buitenland</span> <span>16 minuten
    geleden</span>``) become their age.

    With no separator between label and age this reads like a headline ("Vuurwerkramp
    Enschede 26 jaar geleden"), so it takes evidence: the same label before different ages
    on several lines (the item's category), or one word before an age no anniversary
    headline uses (minutes, hours, days, weeks, "gisteren").
    """
    lines_per_label: dict[str, set[str]] = {}
    for index, label, _ in labelled:
        lines_per_label.setdefault(label, set()).add(out[index].text)
    for index, label, age in labelled:
        low = age.lower()
        if len(lines_per_label[label]) >= 2 or (
            " " not in label and "jaar" not in low and "jaren" not in low and "maand" not in low
        ):
            out[index] = out[index]._replace(text=age, href=None)


def _split_meta_tail(text: str) -> tuple[str, str] | None:
    """``(item, age)`` when ``text`` ends in a separator and an age: ``... · 2 uur geleden``."""
    for sep in (" · ", " | ", " • ", " - ", " – ", " — ", " / ", " > ", " » "):
        cut = text.rfind(sep)
        if cut > 0 and len(text) - cut <= 48:
            age = text[cut + len(sep) :].strip()
            head = text[:cut].rstrip(_AGE_SEPARATORS)
            if sep[1] not in "·|•" and not head.endswith(_ITEM_END):
                continue  # "Watersnoodramp - 73 jaar geleden" is a headline
            if head and is_age_label(age):
                return head, age
    return None


def _merge_split_datelines(lines: list[Line]) -> list[Line]:
    """Join a dateline printed in blocks of its own (``ROME`` / ``(ANP/AFP)`` / ``- text``)."""
    out: list[Line] = []
    i = 0
    n = len(lines)
    while i < n:
        line = lines[i]
        text = line.text
        if (
            i + 1 < n
            and len(text) <= 90
            and text[:2].isupper()
            and DATELINE_ONLY.fullmatch(text) is not None
            and text == text.upper()
        ):
            acc = text
            href = line.href
            j = i + 1
            merged: Line | None = None
            while j < n and j - i <= 3:
                nxt = lines[j]
                joined = f"{acc} {nxt.text}"
                href = href or nxt.href
                found = match_dateline(joined)
                if found is not None and found[1] and match_dateline(nxt.text) is None:
                    merged = nxt._replace(text=joined, href=href)
                    break
                if len(joined) <= 120 and DATELINE_ONLY.fullmatch(joined) is not None:
                    acc = joined
                    j += 1
                    continue
                break
            if merged is not None:
                out.append(merged)
                i = j + 1
                continue
        out.append(line)
        i += 1
    return out


def _classify(text: str) -> int:
    first = text[:1]
    size = len(text)
    if size <= 40 and (  # (is_age_label refuses longer text)
        first.isdigit() or first in "gGzZnNeEéÉ" or text.endswith("geleden")
    ) and is_age_label(text):
        return _AGE
    if first in "mM" and _MEER_UIT.fullmatch(text) is not None:
        return _MEER
    if size <= 24 and first in "nN" and _NET_BINNEN.fullmatch(text) is not None:
        return _NET
    if size <= 24 and _NOISE.fullmatch(text) is not None:
        return _BADGE_ONLY
    if size <= 120 and first in "lLmMvVnN" and _READ_MORE.match(text) is not None:
        return _BADGE_ONLY
    if size <= 60 and _DATE_LINE.fullmatch(text) is not None:
        return _DATE
    return _TEXT


def _title_ish(text: str) -> bool:
    # A headline has no final full stop; one cut off to fit ("... uitbreiden naar...") may.
    return len(text) <= 200 and (not text.endswith(".") or text.endswith("..."))


def _section_ish(text: str) -> bool:
    return (
        0 < len(text) <= 40
        and "|" not in text
        and not text.lower().endswith(("editie", "edition"))
        and text.count(" ") <= 3
        and not any(ch.isdigit() for ch in text)
        and not text.endswith(_SENTENCE_END)
        and "?" not in text
    )


def _strip_badge(title: str) -> str:
    m = _BADGE.match(title)
    if m is not None and len(title) > m.end():
        return title[m.end():].strip()
    return title


def _strip_site_suffix(title: str) -> str:
    for sep in (" | ", " - ", " – ", " — ", " :: "):
        if sep in title:
            title = title.rsplit(sep, 1)[0]
    return title.strip()


@dataclass(slots=True)
class _Item:
    index: int
    dateline: Dateline
    text: str
    href: str | None
    title: str | None = None
    title_href: str | None = None
    age: str | None = None
    extra: list[str] = field(default_factory=list)


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
    # One look at all the text first: almost every page needs neither repair, and a regex
    # per line costs more than the rest of the line's handling.
    blob = "\n".join([ln.text for ln in raw_lines])
    lines = list(raw_lines)
    if not blob.isascii():
        if INVISIBLE.search(blob) is not None:
            lines = [
                ln if INVISIBLE.search(ln.text) is None
                else ln._replace(text=" ".join(INVISIBLE.sub("", ln.text).split()))
                for ln in lines
            ]
        if repair_mojibake(blob) is not blob:
            lines = [ln if (fixed := repair_mojibake(ln.text)) is ln.text
                     else ln._replace(text=fixed) for ln in lines]
    if meta.title is not None:
        meta.title = repair_mojibake(meta.title)
    lines = _merge_split_datelines(_split_glued([ln for ln in lines if ln.text]))
    n = len(lines)
    kinds = [_BREAK if ln.tag == "hr" else _classify(ln.text) for ln in lines]
    datelines: dict[int, tuple[Dateline, str]] = {}
    for i, ln in enumerate(lines):
        if kinds[i] == _TEXT:
            found = match_dateline(ln.text)
            if found is not None:
                kinds[i] = _DATELINE
                datelines[i] = found

    latest: list[LatestItem] = []
    latest_range = range(0)
    net = next((i for i in range(n) if kinds[i] == _NET), None)
    if net is not None:
        latest, end = _parse_latest(lines, kinds, net + 1, fetched_at)
        latest_range = range(net, end)
        for i in latest_range:
            if kinds[i] == _DATELINE:
                kinds[i] = _LATEST_LINE
                datelines.pop(i, None)
            elif i > net:
                kinds[i] = _LATEST_LINE

    if not datelines and not latest:
        raise NotANewsPageError("no dateline (PLACE (ANP) - ...) found; is this an ANP news page?")
    if not regional:
        _corroborate(lines, kinds, datelines)

    meer = _ticker_heading(kinds, datelines)
    section: str | None = None
    if meer is not None:
        m = _MEER_UIT.fullmatch(lines[meer].text)
        raw_section = m.group("section") if m is not None else None
        if raw_section:
            section = _SECTION_TAIL.sub("", raw_section).strip(" :»›>→").strip() or None
        elif meer + 1 < n and kinds[meer + 1] == _TEXT and _section_ish(lines[meer + 1].text):
            section = lines[meer + 1].text
            kinds[meer + 1] = _MEER

    order = sorted(datelines)
    lead_idx = _find_lead(order, kinds, meer)
    lead_after_ticker = False
    if lead_idx is None and meer is not None:
        # Some layouts print the ticker column before the story (a left-hand table).
        lead_idx = _lead_after(order, kinds, meer)
        lead_after_ticker = lead_idx is not None
    lead: Lead | None = None
    zone_start = 0
    zone_end = n
    if lead_idx is not None and lead_after_ticker:
        lead_end = n
        zone_end = lead_idx
        if meer is not None and lead_idx - 1 > meer and kinds[lead_idx - 1] == _TEXT:
            zone_end = lead_idx - 1  # the story's title
        lead = _build_lead(lines, kinds, datelines, lead_idx, lead_end, meta, fetched_at,
                           lower=zone_end)
    elif lead_idx is not None:
        if meer is not None and meer > lead_idx:
            lead_end = meer
        else:
            lead_end = next((i for i in order if i > lead_idx), n)
        if net is not None and lead_idx < net < lead_end:
            lead_end = net
        lead = _build_lead(lines, kinds, datelines, lead_idx, lead_end, meta, fetched_at)
        zone_start = lead_end
    elif meer is not None and not any(i > meer for i in order):
        zone_end = meer

    if meer is not None and zone_start <= meer < zone_end:
        zone_end = _ticker_end(lines, kinds, meer, zone_end)
    ticker = _build_ticker(lines, kinds, datelines, zone_start, zone_end, meer, fetched_at,
                           skip=latest_range)
    if len(ticker) > 1:
        # Responsive sites print a list twice (one copy hidden by CSS we cannot see): the
        # same item with the same age is one item.
        seen: set[tuple[Dateline, str, str | None, str | None]] = set()
        unique: list[_Item] = []
        for it in ticker:
            key = (it.dateline, it.text, it.age, it.title)
            if key not in seen:
                seen.add(key)
                unique.append(it)
        ticker = unique
    if lead is None and ticker and section is None:
        section = _index_section(lines, kinds, ticker[0], latest_range, meta)

    read_age = age_reader(fetched_at)
    items = tuple(
        TickerItem(
            title=it.title,
            dateline=it.dateline,
            text=it.text,
            age=it.age,
            published_earliest=(b := read_age(it.age) if it.age else (None, None))[0],
            published_latest=b[1],
            url=_absolute(it.href, base_url) if it.href else None,
        )
        for it in ticker
    )
    if lead is None and not items and not latest:
        raise NotANewsPageError("no lead story or ticker item found; is this an ANP news page?")
    return Page(url=url, fetched_at=fetched_at, section=section, lead=lead, ticker=items,
                latest=tuple(latest))


def _corroborate(
    lines: list[Line], kinds: list[int], datelines: dict[int, tuple[Dateline, str]]
) -> None:
    """Refuse a page whose only datelines are ``PLACE - sentence`` lines with nothing else
    of the wire around them.

    Such a line alone is what aggregator teasers, newspaper articles and morning digests
    print too (``TERNEUZEN - ...``). It counts only when the page also shows the wire's
    own furniture: an age label, a ``Meer uit`` heading or a ``Net binnen`` list (whose
    lines are already out of ``datelines`` here, so ``_LATEST_LINE`` stands for it).
    """
    if not datelines or any(d.agencies for d, _ in datelines.values()):
        return
    if any(k in (_AGE, _MEER, _NET, _LATEST_LINE) for k in kinds):
        return
    place = datelines[min(datelines)][0].place
    raise NotANewsPageError(
        f"no ANP wire item: datelines without an agency ({place} -) and no age labels,"
        " Meer uit heading or Net binnen list to confirm them; if this site prints its"
        " wire so, set regional = \"yes\" under [hints] in its profile"
    )


def _ticker_heading(kinds: list[int], datelines: dict[int, tuple[Dateline, str]]) -> int | None:
    """The ``Meer uit`` line that heads the ticker.

    A page may show other such lines: a promo link "Meer nieuws uit de regio" in the site
    header, above the story. The ticker's own heading follows the story's dateline and has
    items after it; failing that (a ticker column printed before the story), the first one
    with items after it; failing that, the first one.
    """
    meers = [i for i, k in enumerate(kinds) if k == _MEER]
    if len(meers) <= 1 or not datelines:
        return meers[0] if meers else None
    first, last = min(datelines), max(datelines)
    for i in meers:
        if first < i < last:
            return i
    for i in meers:
        if i < last:
            return i
    return meers[0]


# Headings of the other lists a page shows after its ticker ("Meest gelezen" with ages and
# datelines of its own): the ticker ends there.
_OTHER_LIST = re.compile(
    r"(?:meest\s+(?:gelezen|bekeken|gedeeld|besproken)|populair(?:e|ste)?(?:\s+(?:nieuws"
    r"|berichten|artikelen))?|ook\s+interessant|aanbevolen(?:\s+voor\s+(?:jou|u))?|uitgelicht"
    r"|trending|gerelateerde?\s+(?:berichten|artikelen|nieuws)|andere\s+lezers\s+(?:lazen|bekeken)"
    r"(?:\s+ook)?|(?:het\s+)?laatste\s+nieuws)\s*[:»›>]?",
    re.IGNORECASE,
)


def _ticker_end(lines: list[Line], kinds: list[int], meer: int, end: int) -> int:
    """Where the ticker under the ``Meer uit`` line ``meer`` ends (at most ``end``).

    In HTML the ticker is the block holding its heading and its first item: the first line
    outside that block ("Meest gelezen" in a box of its own, the footer) ends it, unless
    what follows in the enclosing block carries on with items (a featured first item next
    to the heading, the rest in a list; a grid whose first column holds the heading): then
    the ticker is that enclosing block. In any form, the heading of another list ends it
    once the ticker has had an item.
    """
    first = next((i for i in range(meer + 1, end) if kinds[i] == _DATELINE), None)
    if first is None:
        return end
    head, item = lines[meer].path, lines[first].path
    depth = 0  # how many blocks the heading and the first item share
    for a, b in zip(head, item, strict=False):
        if a != b:
            break
        depth += 1
    container = head[depth - 1] if depth else 0
    # Did the first item show a headline? The items that follow must look the same.
    titled = first - 1 > meer and kinds[first - 1] == _TEXT
    widened = False
    i = first + 1
    while i < end:
        line = lines[i]
        if container and line.path and container not in line.path:
            outer = next((k for k in range(depth - 2, -1, -1) if head[k] in line.path), None)
            if widened or outer is None or not _items_follow(lines, kinds, i, end, titled,
                                                             lines[meer].tag):
                return _next_ticker_end(lines, kinds, i, end)
            # Once only: past the ticker's block and the one next to it lies the rest of
            # the page (another box, the footer), however it is nested.
            widened = True
            container = head[outer]
        if (kinds[i] == _TEXT and len(line.text) <= 40
                and _OTHER_LIST.fullmatch(line.text) is not None):
            return i
        i += 1
    return end


def _next_ticker_end(lines: list[Line], kinds: list[int], i: int, end: int) -> int:
    """Where a ticker ends whose block closes at ``i``: at ``i``, unless a second ``Meer
    uit`` heading opens there (a page with "Meer uit Buitenland" and "Meer uit
    Binnenland", each in its own box): its items are wire items too, so the ticker runs
    on to that list's end."""
    j = next((k for k in range(i, min(end, i + 3)) if kinds[k] != _BREAK), None)
    if j is None or kinds[j] != _MEER or _DATELINE not in kinds[j + 1:j + 6]:
        return i
    return _ticker_end(lines, kinds, j, end)


def _items_follow(
    lines: list[Line], kinds: list[int], i: int, end: int, titled: bool, heading_tag: str
) -> bool:
    """Does a block starting at ``i`` go on with ticker items rather than open another box?

    It must start with an item (its dateline, its age, or its headline when the first item
    had one), not with a heading like the ticker's own or a line of anything else.
    """
    found: list[int] = []
    for j in range(i, min(end, i + 8)):
        if not found and (kinds[j] == _BADGE_ONLY or (
                heading_tag in _HEADINGS and lines[j].tag == heading_tag)):
            return False  # a box of its own: headed like the ticker, or labelled ("Video")
        if kinds[j] in (_TEXT, _DATELINE, _AGE, _MEER, _NET):
            found.append(j)
            if len(found) == 2:
                break
    if not found:
        return False
    j = found[0]
    nxt = kinds[found[1]] if len(found) > 1 else None
    if kinds[j] == _DATELINE:
        return True
    if kinds[j] == _AGE:
        return nxt == _DATELINE
    return (
        kinds[j] == _TEXT
        and titled
        and nxt in (_DATELINE, _AGE)
        and _title_ish(lines[j].text)
        and _OTHER_LIST.fullmatch(lines[j].text) is None
    )


def _absolute(href: str, base: str | None) -> str | None:
    if href.startswith(("https://", "http://")):
        return href.split("#", 1)[0] if "#" in href else href
    return absolute_url(href, base) if base else href


def _lead_after(order: list[int], kinds: list[int], meer: int) -> int | None:
    for first in order:
        if first < meer:
            continue
        paras = 0
        for i in range(first + 1, len(kinds)):
            k = kinds[i]
            if k in (_DATELINE, _AGE, _MEER, _NET):
                break
            if k in (_TEXT, _DATE):
                paras += 1
        else:
            if paras >= 1:
                return first
            continue
        if paras >= 2 and k != _AGE:
            return first
    return None


def _find_lead(order: list[int], kinds: list[int], meer: int | None) -> int | None:
    if not order:
        return None
    first = order[0]
    if meer is not None:
        return first if first < meer else None
    paras = 0
    reason = "end"
    for i in range(first + 1, len(kinds)):
        k = kinds[i]
        if k == _DATELINE:
            reason = "dateline"
            break
        if k == _AGE:
            reason = "age"
            break
        if k in (_MEER, _NET):
            break
        if k in (_TEXT, _DATE):
            paras += 1
    if reason == "end":
        return first
    if paras >= 2:
        return first
    if reason == "dateline" and paras == 1 and _AGE not in kinds[first:]:
        return first
    return None


def _build_lead(
    lines: list[Line],
    kinds: list[int],
    datelines: dict[int, tuple[Dateline, str]],
    start: int,
    end: int,
    meta: Meta,
    fetched_at: datetime | None,
    lower: int = 0,
) -> Lead:
    dateline, first_text = datelines[start]
    paragraphs = [first_text] if first_text else []
    lower = max(lower, start - 4)
    container = _container(lines, kinds, start, end)
    depth = _paragraph_depth(lines, kinds, start, end, container)
    boxed = _chrome_boxes(lines, start, end, depth) if depth else set()
    for i in range(start + 1, end):
        k = kinds[i]
        if k == _AGE and KNOWN_AGE.fullmatch(lines[i].text.lower()) is not None:
            continue
        if k in (_LATEST_LINE, _NET, _MEER):
            continue
        line = lines[i]
        if k == _BREAK or (container and container not in line.path):
            break  # a rule, a sidebar or the footer: the story is over
        if paragraphs and _is_story_end(line.text) and not _subheading(lines, kinds, i, end):
            break  # "Bijgewerkt: ...", a share bar closes the story
        if (
            line.linked
            or i in boxed
            or _READ_MORE.match(line.text) is not None
            or _CREDIT.fullmatch(line.text) is not None
            or _skipped_in_story(line, k)
        ):
            # "Lees ook" boxes, newsletter and video boxes, captions, tag and link lists:
            # inside the story's container but no paragraphs of it.
            continue
        paragraphs.append(line.text)
    _drop_trailing_chrome(paragraphs)
    title = _lead_title(lines, kinds, start, meta)
    published = meta.published_at
    if published is None:
        # A <time datetime> near the story (above it, or inside it) dates the lead; times
        # further down belong to ticker items.
        published = next(
            (value for index, value in meta.time_lines if lower <= index <= end), None
        )
    return Lead(
        title=title, dateline=dateline, paragraphs=tuple(paragraphs), published_at=published
    )


_CREDIT_LINE = re.compile(r"(?:©|\(c\)|copyright\b).{0,60}|\(?anp\)?", re.IGNORECASE)


def _drop_trailing_chrome(paragraphs: list[str]) -> None:
    """Drop the site's short lines after the story's last paragraph.

    A subheading needs a paragraph after it; a short line closing the story is the site's:
    "© ANP", "Bericht navigatie", "Gerelateerde berichten", "Tags: ...". Except a list the
    story introduces ("De nieuwe regels op een rij:" and short items): that stays, up to
    the first line of known chrome.
    """
    k = len(paragraphs)
    while k > 1 and _trailing_chrome(paragraphs[k - 1]):
        k -= 1
    if k == len(paragraphs):
        return
    for j in range(k - 1, len(paragraphs) - 1):
        text = paragraphs[j]
        if text.endswith(":") and text.count(" ") >= 2 and _CHROME_LEAD_IN.match(text) is None:
            cut = next((x for x in range(j + 1, len(paragraphs))
                        if _KNOWN_TRAILING.fullmatch(paragraphs[x]) is not None),
                       len(paragraphs))
            del paragraphs[cut:]
            return
    del paragraphs[k:]


# Lines that close a story on many sites, whatever comes before them.
_KNOWN_TRAILING = re.compile(
    r"(?:©|\(c\)|copyright\b).{0,60}|\(?anp\)?|(?:bericht|artikel)\s*navigatie"
    r"|gerelateerde?\s+(?:berichten|artikelen|nieuws)|(?:tags|trefwoorden|onderwerpen)\s*:.*",
    re.IGNORECASE,
)
# Labels ending in ':' that open chrome, not a list of the story's own.
_CHROME_LEAD_IN = re.compile(
    r"(?:tags|trefwoorden|onderwerpen|lees\s+(?:ook|meer)|meer\s+over|zie\s+ook|bekijk\s+ook"
    r"|deel|delen|volg|gerelateerd|reageer|reacties)\b",
    re.IGNORECASE,
)


def _trailing_chrome(text: str) -> bool:
    """Could ``text``, as the last line of a story, not be part of it?"""
    if len(text) > 60:
        return False
    if _CREDIT_LINE.fullmatch(text) is not None:
        return True
    return len(text) <= 40 and text.count(" ") <= 4 and not text.endswith(_ITEM_END)


def _paragraph_depth(
    lines: list[Line], kinds: list[int], start: int, end: int, container: int
) -> int:
    """How deep the story's own paragraphs sit (HTML; 0: unknown or text).

    Boxes embedded in a story (newsletter sign-up, consent placeholder, "Lees ook") sit one
    block deeper than the paragraphs around them; most lines are paragraphs.
    """
    depths: dict[int, int] = {}
    for i in range(start, end):
        line = lines[i]
        if not line.path or kinds[i] not in (_TEXT, _DATELINE, _DATE) or line.linked:
            continue
        if container and container not in line.path:
            break
        depths[len(line.path)] = depths.get(len(line.path), 0) + 1
    if len(depths) < 2:
        return 0
    # The most common depth; on a tie the shallower one.
    return min(depths, key=lambda d: (-depths[d], d))


# The placeholder of an embedded post or video: "Bekijk deze post op X".
_EMBED = re.compile(
    r"(?:bekijk|bekijken|open|lees)\s+(?:deze|dit|de|het)\s+(?:post|bericht|video|tweet|foto"
    r"|reel|inhoud)\s+(?:op|via|in)\s+\w+|bekijk\s+op\s+(?:x|twitter|instagram|youtube"
    r"|tiktok|facebook|bluesky|threads)\b|(?:deze|de)\s+(?:inhoud|video|post|tweet)\s+kan"
    r"\s+niet\s+worden\s+(?:weergegeven|getoond|geladen)",
    re.IGNORECASE,
)
# Phrases, not words: a quote or a list in the story says "zonder toestemming van de
# ouders" or "bezwaar aanmelden bij de school".
_BOX_WORDS = re.compile(
    r"nieuwsbrief|meld je (?:nu )?aan|(?:nu|gratis|direct|hier) aanmelden|abonneer"
    r"|(?:neem|word|sluit)\s+(?:nu\s+)?(?:een\s+|je\s+|uw\s+)?(?:abonnement|abonnee)"
    r"|met een abonnement|alleen voor abonnees|premium(?:-?artikel|\s+content)|cookie"
    r"|toestemming (?:te )?geven|geef (?:je |jouw |uw )?toestemming|(?:jouw|je|uw) toestemming"
    r"|toestemming voor (?:sociale|social) media|kan niet worden (?:weergegeven|getoond|geladen)"
    r"|(?:je|u) (?:hebt|heeft) (?:nog )?geen toestemming|schrijf je (?:nu )?in|volg ons"
    r"|download (?:de|onze) app|(?:je|jouw|uw) e-mailadres",
    re.IGNORECASE,
)


def _chrome_boxes(lines: list[Line], start: int, end: int, depth: int) -> set[int]:
    """Lines of boxes set into the story: newsletter sign-up, consent placeholder.

    Such boxes sit deeper than the paragraphs; so do lists and quotes, which are content.
    The words tell them apart.
    """
    boxed: set[int] = set()
    group: list[int] = []
    for i in range(start + 1, end + 1):
        if i < end and lines[i].path and len(lines[i].path) > depth:
            group.append(i)
            continue
        if group and _BOX_WORDS.search(" ".join(lines[j].text for j in group)) is not None:
            boxed.update(_box_lines(lines, group, depth))
        group = []
    return boxed


def _box_lines(lines: list[Line], group: list[int], depth: int) -> list[int]:
    """The lines of a run of deeper blocks that belong to the box its words point at.

    A quote or a list right next to a newsletter box is a block of its own: it stays when
    it holds no box words and reads as sentences. A block of the box without those words
    (its heading "Blijf op de hoogte") goes with it.
    """
    blocks: dict[int, list[int]] = {}
    for j in group:
        blocks.setdefault(lines[j].path[depth - 1], []).append(j)
    if len(blocks) == 1:
        return group
    out: list[int] = []
    for members in blocks.values():
        texts = [lines[j].text for j in members]
        if _BOX_WORDS.search(" ".join(texts)) is not None or not all(
            t.endswith(_ITEM_END) for t in texts
        ):
            out.extend(members)
    return out


_SHARE_WORDS = frozenset({
    "deel", "dit", "artikel", "bericht", "delen", "share", "facebook", "twitter", "x",
    "whatsapp", "linkedin", "e-mail", "email", "mail", "kopieer", "link", "op", "via",
    "pinterest", "messenger", "telegram", "print", "reddit",
})


def _skipped_in_story(line: Line, kind: int) -> bool:
    """Ad slots and embed placeholders: inside a story, but none of its paragraphs."""
    text = line.text
    return (
        (kind == _BADGE_ONLY and _AD.fullmatch(text) is not None)
        or (len(text) <= 140 and _EMBED.match(text) is not None)
    )


def _subheading(lines: list[Line], kinds: list[int], i: int, end: int) -> bool:
    """A short chrome-like line between two paragraphs ("Facebook", "Via WhatsApp") is a
    subheading.

    A share bar is several such words in a row, or comes after the last paragraph.
    """
    text = lines[i].text
    if text.count(" ") > 3 or lines[i].linked or i + 1 >= end or i == 0:
        return False
    j = i + 1
    while j + 1 < end and _skipped_in_story(lines[j], kinds[j]):
        j += 1  # an ad slot or an embed between the subheading and its paragraph
    nxt, prev = lines[j], lines[i - 1]
    return (
        kinds[j] == _TEXT
        and not nxt.linked
        and nxt.text.count(" ") >= 2
        and nxt.text.endswith((".", "!", "?", "…", '"', "”"))
        and not _is_story_end(prev.text)
    )


def _is_story_end(text: str) -> bool:
    if len(text) > 60:
        return False
    if _UPDATED_LINE.fullmatch(text) is not None:
        return True
    words = [w for w in re.split(r"[\s:|·•/,]+", text.lower()) if w]
    return bool(words) and all(w in _SHARE_WORDS for w in words)


def _container(lines: list[Line], kinds: list[int], start: int, end: int) -> int:
    """The innermost HTML block holding the lead's first two paragraphs (0: unknown)."""
    path = lines[start].path
    if not path:
        return 0
    nxt = next((i for i in range(start + 1, end)
                if kinds[i] in (_TEXT, _DATE) and not lines[i].linked), end)
    if nxt >= end:
        return 0
    other = lines[nxt].path
    common = 0
    for a, b in zip(path, other, strict=False):
        if a != b:
            break
        common += 1
    return path[common - 1] if common else 0


def _lead_title(lines: list[Line], kinds: list[int], start: int, meta: Meta) -> str | None:
    if meta.hint_title:
        return meta.hint_title
    before = [i for i in range(max(0, start - 12), start) if kinds[i] not in (_LATEST_LINE,)]
    # Nearest heading wins: the HTML <h1>/<h2> right above the story.
    candidates = [i for i in reversed(before)
                  if kinds[i] in (_TEXT, _DATELINE) and not _BYLINE.match(lines[i].text)
                  and CAPTION.match(lines[i].text) is None
                  and not (("mail" in lines[i].text or "MAIL" in lines[i].text)
                           and _webmail_prompt(lines[i].text))]
    if not candidates:
        return _strip_site_suffix(meta.title) if meta.title else None
    for i in candidates[:4]:
        if lines[i].tag in ("h1", "h2"):
            return lines[i].text
    h1 = [i for i in candidates if lines[i].tag == "h1"]
    if h1:
        return lines[h1[0]].text
    if meta.title:
        wanted = _strip_site_suffix(meta.title)
        for i in candidates:
            if lines[i].text in (wanted, meta.title):
                return lines[i].text
    nearest = candidates[0]
    text = lines[nearest].text
    if text.endswith(".") and not text.endswith("..."):
        # A photo caption or an intro right above the dateline. The title is the line the
        # rendering prints twice, else the nearest line above that does not end like one.
        texts = [lines[i].text for i in candidates]
        nearest = next(
            (i for i in candidates[1:] if _title_ish(lines[i].text)
             and texts.count(lines[i].text) >= 2),
            next((i for i in candidates[1:3] if i >= start - 4 and _title_ish(lines[i].text)),
                 nearest),
        )
    if nearest >= start - 3:
        return lines[nearest].text
    return _strip_site_suffix(meta.title) if meta.title else lines[nearest].text


def _webmail_prompt(text: str) -> bool:
    """The chrome that opens headline renderings: "Webmail", "Kies je webmail", "Welke
    webmail wil je standaard openen?" (a headline about webmail is longer and no question)."""
    return "webmail" in text.lower() and (text.endswith("?") or text.count(" ") <= 2)


def _build_ticker(
    lines: list[Line],
    kinds: list[int],
    datelines: dict[int, tuple[Dateline, str]],
    start: int,
    end: int,
    meer: int | None,
    fetched_at: datetime | None,
    *,
    skip: range,
) -> list[_Item]:
    idx = [i for i in range(start, end) if i not in skip and kinds[i] not in (_MEER, _NET)]
    events = [i for i in idx if kinds[i] in (_DATELINE, _AGE)]
    if not any(kinds[i] == _DATELINE for i in events):
        return []
    # Ages follow their items, except on pages that print the age first. Tell them apart at
    # the ends: age-first pages open with an age and end with an item that has none after it.
    # (A "Meest gelezen" widget with ages above the list must not flip a normal page.)
    age_first = kinds[events[0]] == _AGE and kinds[events[-1]] == _DATELINE
    items: list[_Item] = []
    gap: list[int] = []  # text lines since the last dateline or age
    cur: _Item | None = None
    pending_age: str | None = None
    closed = False  # the current item got its age (age-after pages): the gap is the next title
    for i in idx:
        k = kinds[i]
        if k == _DATELINE:
            dateline, text = datelines[i]
            title_i: int | None = None
            if gap:
                last = gap[-1]
                if cur is not None and closed:
                    title_i = last
                elif _title_ish(lines[last].text) or (cur is None and meer is not None):
                    title_i = last
                    if cur is not None:
                        _add_extra(cur, lines, gap[:-1])
                elif cur is not None:
                    _add_extra(cur, lines, gap)
            item = _Item(index=i, dateline=dateline, text=text, href=lines[i].href)
            if title_i is not None:
                item.title = lines[title_i].text
                item.title_href = lines[title_i].href
            if age_first:
                item.age, pending_age = pending_age, None
            items.append(item)
            cur = item
            gap = []
            closed = False
        elif k == _AGE:
            label = lines[i].text
            if age_first:
                pending_age = label
            elif cur is not None and not closed:
                _add_extra(cur, lines, gap)
                cur.age = label
                if cur.href is None and lines[i].href:
                    cur.href = lines[i].href  # the age is the item's permalink
                gap = []
                closed = True
            elif closed:
                # Text with an age of its own after a finished item: an item without a
                # dateline (the site's own story in the list), not the next one's headline.
                gap = []
        elif k == _TEXT:
            text = lines[i].text
            if ":" in text and _CREDIT.fullmatch(text) is not None:
                continue  # "Foto: ANP / Koen van Weel" under a thumbnail: no headline
            gap.append(i)
        elif k == _BADGE_ONLY and cur is not None and cur.href is None and lines[i].href:
            cur.href = lines[i].href  # "Lees meer" links to the item itself
    if (
        meer is None and len(items) > 1 and items[0].title is not None
        and all(it.title is None for it in items[1:])
    ):
        # Only the first item "has a headline": that line is the page's heading instead.
        items[0].title = None
        items[0].title_href = None
    badged = [it for it in items if it.title is not None and it.title.startswith("ANP")]
    if len(badged) * 2 > len(items):
        # Index pages prefix every headline with the source badge "ANP", sometimes glued
        # ("ANPPSV - Ajax ...") or before a lower-case word ("ANP eBay-verkoper ...").
        for it in badged:
            rest = it.title[3:].lstrip() if it.title else ""
            if rest:
                it.title = rest
    else:
        for it in items:
            if it.title is not None:
                it.title = _strip_badge(it.title)
    titled = sum(1 for it in items if it.title is not None)
    if len(items) >= 3 and titled * 2 < len(items):
        # A page shows headlines for all its items or for none; a few stray "titles" are
        # chrome between items (a label, an ad slot).
        for it in items:
            it.title = it.title_href = None
    for it in items:
        if it.extra:
            it.text = " ".join([it.text, *it.extra]).strip()
        if it.text[-1:] in _LINK_TAIL_ENDS:
            it.text = _READ_MORE_TAIL.sub("", it.text)
        it.href = it.title_href or it.href
    return items


def _add_extra(item: _Item, lines: list[Line], gap: list[int]) -> None:
    """Lines between an item's dateline paragraph and its age (or the next item) continue
    its text, except a category label after a finished sentence (``<div>Economie</div>``
    in a teaser's footer)."""
    for j in gap:
        text = lines[j].text
        last = item.extra[-1] if item.extra else item.text
        if last.endswith(_ITEM_END) and _label_ish(text):
            continue
        item.extra.append(text)


# An inline "Lees meer »" link after an item's last sentence is chrome, not wire text.
_READ_MORE_TAIL = re.compile(
    rf"(?<=[.!?\"”…)])\s*(?:{_READ_MORE_PHRASES}|meer)\s*[»›>→]*$", re.IGNORECASE
)
_LINK_TAIL_ENDS = frozenset("rRnNlLtT»›>→")


# Headings that split an index page's list by day ("Vandaag", "Eerder deze week"): never
# the section. (Dates and weekdays are date lines already, "Gisteren" an age.)
_DAY_HEADING = re.compile(
    r"(?:vandaag|gisteren|eergisteren|eerder|ouder|vannacht|vanochtend|vanmorgen|vanmiddag"
    r"|vanavond|(?:eerder|deze|vorige|afgelopen)\s+(?:deze\s+)?(?:week|maand)|ouder\s+nieuws"
    r"|eerdere\s+berichten)\s*:?",
    re.IGNORECASE,
)


def _index_section(
    lines: list[Line], kinds: list[int], first: _Item, latest_range: range, meta: Meta
) -> str | None:
    """The section name an index page shows above its first item."""
    end = first.index - (1 if first.title is not None else 0)
    before = [i for i in range(max(0, end - 15), end)
              if i not in latest_range and kinds[i] in (_TEXT, _DATE, _BADGE_ONLY, _AGE)]
    usable = [i for i in before if kinds[i] == _TEXT and _section_ish(lines[i].text)
              and _DAY_HEADING.fullmatch(lines[i].text) is None]
    for i in reversed(usable):  # a heading right above the list
        if lines[i].tag in ("h1", "h2") and not lines[i].linked:
            return lines[i].text
    if meta.title:
        wanted = {meta.title, _strip_site_suffix(meta.title)}
        for i in reversed(usable):
            if lines[i].text in wanted:
                return lines[i].text
    back = list(reversed(before))
    k = 0
    while k < len(back) and kinds[back[k]] == _AGE:
        # The list opens with an item that is no wire item (a place in mixed case, no
        # dateline): its age, paragraphs and headline lie between the section and the
        # first wire item, so step over that block instead of reading it as the section.
        k += 1
        while k < len(back) and kinds[back[k]] == _TEXT and (
                lines[back[k]].text.endswith(_PARAGRAPH_END) or len(lines[back[k]].text) > 80):
            k += 1
        if k < len(back) and kinds[back[k]] == _TEXT and k > 1:
            k += 1  # its headline
    for i in back[k:k + 4] if k else back[:4]:
        line = lines[i]
        if (kinds[i] != _TEXT or line.linked or any(ch.isdigit() for ch in line.text)
                or (_section_ish(line.text) is False and len(line.text) <= 30)
                or _DAY_HEADING.fullmatch(line.text) is not None):
            continue  # "248 berichten", "Pagina 2 van 14", filter tabs, badges, "Vandaag"
        return line.text if _section_ish(line.text) else None
    return None


_CLOCK_IN = re.compile(r"(?<![\d:.])(?P<h>[01]?\d|2[0-3])[:.](?P<m>[0-5]\d)(?![\d:])")
_BULLETS = " -–—•·*▸›>|:"
_CLOCK_UNIT = re.compile(r"^(?:uur|u\.?)(?:\s+|$)")  # "13:47 uur Automobilist gewond"
_SECTION_CLOCK = re.compile(rf"(?P<section>[^\d:]{{0,40}}?)\s*{_CLOCK}(?:\s*uur)?")


def _latest_entries(text: str) -> list[tuple[str | None, int, int, str]]:
    """``[(section, hour, minute, title)]`` of one ``Net binnen`` line.

    A bar may run several entries together ("Zeeland 20:02 Brand ... Sport 19:40 Beker");
    a later clock starts a new entry only when a capitalised word (the section) precedes it
    and a capitalised headline follows, so "file om 14.00 uur" stays inside its title.
    """
    clocks = list(_CLOCK_IN.finditer(text))
    if not clocks:
        return []
    cuts = [clocks[0]]
    for m in clocks[1:]:
        before = text[: m.start()].rstrip()
        word = before[before.rfind(" ") + 1 :]
        after = _CLOCK_UNIT.sub("", text[m.end() :].lstrip(), count=1)
        if word and (word[0].isupper() or word.isdigit()) and after[:1].isupper():
            cuts.append(m)
    entries: list[tuple[str | None, int, int, str]] = []
    section = text[: cuts[0].start()].strip(_BULLETS)
    for k, m in enumerate(cuts):
        if k + 1 < len(cuts):
            chunk = text[m.end() : cuts[k + 1].start()].rstrip()
            space = chunk.rfind(" ")
            title, next_section = chunk[:space], chunk[space + 1 :]
        else:
            title, next_section = text[m.end() :], ""
        title = _CLOCK_UNIT.sub("", title.strip(_BULLETS), count=1)
        if len(section) > 40 or section.count(" ") > 2 or not title:
            return entries
        entries.append((section or None, int(m.group("h")), int(m.group("m")), title))
        section = next_section.strip(_BULLETS)
    return entries


def clock_time_before(fetched_at: datetime, day: date, hour: int, minute: int) -> datetime:
    """The Amsterdam instant a printed clock time ``hour:minute`` names, seen at ``fetched_at``.

    ``day`` is the Amsterdam date of ``fetched_at``. A page cannot show a time from the
    future: a clock later than ``fetched_at`` (23:51 read at 00:19) is from the day before.
    The wall time is resolved through UTC, so a time in the spring DST gap still names a
    real instant.
    """
    published = to_amsterdam(datetime.combine(day, time(hour, minute)))
    if published > to_amsterdam(fetched_at):
        published = to_amsterdam(datetime.combine(day - timedelta(days=1), time(hour, minute)))
    return published


def _parse_latest(
    lines: list[Line], kinds: list[int], start: int, fetched_at: datetime | None
) -> tuple[list[LatestItem], int]:
    out: list[LatestItem] = []
    i = start
    n = len(lines)
    day = to_amsterdam(fetched_at).date() if fetched_at is not None else None
    while i < n:
        text = lines[i].text
        if kinds[i] in (_AGE, _MEER, _NET, _DATELINE) or (
            kinds[i] == _DATE and _CLOCK_ONLY.fullmatch(text) is None
        ):
            break  # (a clock time alone is an entry's time in a list of blocks)
        consumed = 1
        entries = _latest_entries(text) if _CLOCK_ONLY.fullmatch(text) is None else []
        if not entries:
            # One entry spread over blocks: [section] time title.
            j = i
            section = None
            c = _CLOCK_ONLY.fullmatch(text)
            if c is None and i + 1 < n and (
                _CLOCK_ONLY.fullmatch(lines[i + 1].text) is not None
            ):
                section = text.strip(_BULLETS) or None
                j = i + 1
                c = _CLOCK_ONLY.fullmatch(lines[j].text)
            elif c is None:
                # "- Zeeland 19:48" with the headline on the next line (a <br> between).
                c = _SECTION_CLOCK.fullmatch(text)
                if c is not None and c.group("section").strip(_BULLETS).count(" ") > 3:
                    c = None  # a sentence that ends in a time, not "<section> HH:MM"
                if c is not None:
                    section = c.group("section").strip(_BULLETS) or None
            if c is None or j + 1 >= n or kinds[j + 1] != _TEXT:
                break
            entries = [(section, int(c.group("h")), int(c.group("m")), lines[j + 1].text)]
            consumed = j + 2 - i
        if any(match_dateline(title) is not None for _, _, _, title in entries):
            break
        for section, h, mi, title in entries:
            published = (
                clock_time_before(fetched_at, day, h, mi) if fetched_at is not None
                and day is not None else None
            )
            out.append(LatestItem(section=section, time=f"{h:02d}:{mi:02d}", title=title,
                                  published_at=published))
        i += consumed
    return out, i
