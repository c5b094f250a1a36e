"""Repairs before layout: text renderings glue ages to their neighbours and sites print a
dateline in pieces; both are undone here, so the layout sees one thing per line."""

from __future__ import annotations

import re
from collections.abc import Sequence

from anp_archive.parse.ages import is_age_label
from anp_archive.parse.dateline import DATELINE_ONLY, match_dateline
from anp_archive.parse.decode import repair_mojibake
from anp_archive.parse.lengths import (
    AGE_LABEL_MAX,
    AGE_REST_MAX,
    AGE_TAIL_REACH,
    BRACKET_AGE_REACH,
    HEDGE_REACH,
    META_LINE_MAX,
    META_SEGMENT_MAX,
    SPLIT_DATELINE_BLOCKS,
    SPLIT_DATELINE_JOINED_MAX,
    SPLIT_DATELINE_MAX,
    TAIL_SPACE_REACH,
    TRAILING_AGE_REACH,
)
from anp_archive.parse.lines import Line
from anp_archive.parse.shapes import ITEM_END, label_ish
from anp_archive.parse.text import INVISIBLE
from anp_archive.parse.vocabulary import (
    AGE_IN_PLACE,
    DAY_PARTS,
    HEDGE_BEFORE,
    LABELLED_TIME,
    LEADING_AGE,
    META_LABEL,
    MONTH_NUMBERS,
    READ_MORE,
    SECTION_LINK,
    TRAILING_AGE,
    TRAILING_DAY_TIME,
    TRAILING_VAGUE_AGE,
)

__all__ = ["merge_split_datelines", "meta_age", "repair_lines", "split_glued"]


def repair_lines(raw_lines: Sequence[Line]) -> list[Line]:
    """The lines cleaned (invisible characters, mojibake), split where an age is glued to
    its neighbour and joined where a dateline is printed in pieces."""
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
    return merge_split_datelines(split_glued([ln for ln in lines if ln.text]))


_DAY_PART_WORDS = tuple(sorted(DAY_PARTS))
_COMPACT_START = re.compile(r"\d{1,3}[muhdw]")
# Not " - ": "Watersnoodramp - 73 jaar geleden" is a headline.
_META_SEP = re.compile(r"\s+[|·•]\s+|\s*[|·•]\s*(?=\d)")
_LEADING_SYMBOLS = re.compile(r"^[^\w\"'“‘(]+\s*")
# What sites print between an item and its age on one line ("... bericht. – 3 uur geleden").
_AGE_SEPARATORS = "|·•-–—,/>»› "


def meta_age(text: str) -> str | None:
    """The age in a meta line: ``Economie · 9 minuten geleden``, ``gisteren | 12 reacties``,
    ``Geplaatst: 22 minuten geleden``; None when the line is anything else."""
    segments = _META_SEP.split(text)
    if len(segments) > 1 and match_dateline(text) is not None:
        return None  # "UTRECHT (ANP) - Kort bericht. 1 uur geleden" is an item
    age: str | None = None
    for segment in segments:
        segment = segment.strip()
        segment = _LEADING_SYMBOLS.sub("", segment)  # "🕒 6 minuten geleden"
        if segment[:1] in "([" and segment[-1:] in ")]":
            segment = segment[1:-1].strip()  # "(3 uur geleden)": the brackets are no label
        label = META_LABEL.match(segment)
        bare = segment[label.end():] if label is not None else segment
        if age is None and " in " in bare:
            unplaced = AGE_IN_PLACE.sub("", bare)
            if unplaced != bare and is_age_label(unplaced):
                bare = unplaced
        if age is None and is_age_label(bare):
            age = bare
        elif len(segment) > META_SEGMENT_MAX or segment.endswith((".", "?", "!")):
            return None  # a sentence, not a category, source or comment count
    return age


def _ends_in_month(low: str) -> bool:
    """Does lower-cased ``low`` end in a month's name ("... gesloten. 3 mrt")?"""
    return low[low.rfind(" ") + 1 :].rstrip(".") in MONTH_NUMBERS


# The words a part of the day or a shown date ends in.
_OTHER_AGE_ENDINGS = tuple(sorted({*DAY_PARTS, *MONTH_NUMBERS}))
_OTHER_AGE_FIRST = frozenset("0123456789v")


def _other_age_at_start(low: str) -> bool:
    """Could lower-cased ``low`` open with a compact age or a part of the day glued to the
    next item ("9mISTANBUL (ANP) - ...")?"""
    return _COMPACT_START.match(low) is not None or low.startswith(_DAY_PART_WORDS)


def split_glued(lines: Sequence[Line]) -> list[Line]:
    """Undo the gluing of text renderings (``50 minuten geledenWASHINGTON (ANP) - ...``)."""
    out: list[Line] = []
    labelled: list[tuple[int, str, str]] = []  # (index in out, label, age): see _label_ages
    for line in lines:
        text = line.text
        low = text.lower()
        if (
            "geleden" not in low and "gisteren" not in low and "zojuist" not in low
            and "net" not in low and text[-1:] != ")"
            and not text[-1:].isdigit() and not low.endswith("uur")  # (a shown time)
            # (a compact "9m", a part of the day or a shown date "3 mrt" at its end, which
            # a sentence's "." does not close; a compact age or a part of the day opening it)
            and (text[-1:] == "."
                 or (not low[-2:-1].isdigit() and not low.endswith(_OTHER_AGE_ENDINGS)))
            and not (low[:1] in _OTHER_AGE_FIRST and _other_age_at_start(low))
        ):
            out.append(line)  # no age anywhere in the line: nothing to split
            continue
        if len(text) <= AGE_LABEL_MAX and is_age_label(text):
            out.append(line)  # an age on its own line, as it should be
            continue
        if len(text) <= META_LINE_MAX and (
            "geleden" in low or "gisteren" in low or "zojuist" in low or " net" in low
            or low.startswith("net")
        ):
            age = meta_age(text)
            if age is not None and age != text:
                out.append(line._replace(text=age))
                continue
        first = text[:1]
        m = LEADING_AGE.match(text) if first.isdigit() or first in "gGzZnNeEéÉvV" else None
        if m is not None:
            age, rest = m.group("age"), m.group("rest")
            glued = not rest[0].isspace()
            rest = rest.strip(" -–—|·•:")
            if not glued and len(rest) <= AGE_REST_MAX and age.lower() != "net":
                if READ_MORE.match(rest) is not None:
                    # "3 uur geleden Lees meer": the link is the item's own page
                    out.append(line._replace(text=age, href=None))
                    out.append(line._replace(text=rest))
                    continue
                if SECTION_LINK.fullmatch(rest) is not None:
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
        elif text.find("geleden", 0, AGE_TAIL_REACH) >= 0:
            # An age we cannot read, glued all the same: "enige tijd geledenLONDEN (ANP) - ..."
            cut = text.index("geleden") + 7
            age, rest = text[:cut].strip(), text[cut:].strip()
            if rest and is_age_label(age) and match_dateline(rest) is not None:
                out.append(line._replace(text=age, href=None))
                text = rest
                line = line._replace(text=rest)
        if text[-1:] == ")" and text.find("(", -BRACKET_AGE_REACH) >= 0:
            cut = text.rindex("(")
            inner = text[cut + 1 : -1].strip()
            head = text[:cut].rstrip()
            if head and is_age_label(inner):
                # "... werd het 4-0. (45 minuten geleden)"
                out.append(line._replace(text=head))
                out.append(line._replace(text=inner, href=None))
                continue
        tail = text[-AGE_TAIL_REACH:].lower()  # ("<a>...</a> <span>Gisteren</span>")
        if ("geleden" in tail or "gisteren" in tail or "zojuist" in tail
                or tail.endswith(" net") or tail.endswith(_DAY_PART_WORDS)
                or (tail[-2:-1].isdigit() and tail[-1:] in "muhdw")
                ) and text.find(" ", -TAIL_SPACE_REACH) >= 0:
            split = _split_meta_tail(text)
            if split is not None:
                # "... een waarschuwingssysteem. · enige tijd geleden", "... brand. | net"
                out.append(line._replace(text=split[0]))
                out.append(line._replace(text=split[1], href=None))
                continue
            # Only the tail can hold a trailing age; lookbehinds still see before ``tail_at``.
            tail_at = max(0, len(text) - TRAILING_AGE_REACH)
            m = (TRAILING_AGE.search(text, tail_at)
                 or TRAILING_VAGUE_AGE.search(text, tail_at))
            if m is not None:
                start, trailing = m.start(), m.group("age")
                if m.re is TRAILING_AGE:
                    hedge = HEDGE_BEFORE.search(text, max(0, start - HEDGE_REACH), start)
                    if hedge is not None:  # "... plat. ruim 2 uur geleden"
                        start, trailing = hedge.start(), text[hedge.start() : m.end("age")]
            if m is not None and start > 0:
                before = text[:start]
                head = before.rstrip()
                if head and (
                    before == head  # glued: "...team.50 minuten geleden"
                    or head.endswith((".", "!", "?", '"', "”", "…", "|", "·", "•"))
                    or match_dateline(head) is not None
                ):
                    head = head.rstrip(_AGE_SEPARATORS).rstrip()
                    if head:
                        out.append(line._replace(text=head))
                    out.append(line._replace(text=trailing, href=None))
                    continue
                label = head.rstrip(_AGE_SEPARATORS).rstrip()
                if label and label_ish(label):
                    labelled.append((len(out), label, trailing))
        if text[-1:].isdigit() or low.endswith("uur") or _ends_in_month(low):
            if low.startswith(("gepubliceerd", "geplaatst")):
                m = LABELLED_TIME.fullmatch(text)
                if m is not None:
                    out.append(line._replace(text=m.group("age")))
                    continue
            m = TRAILING_DAY_TIME.search(text, max(0, len(text) - TRAILING_AGE_REACH))
            if m is not None and m.start() > 0:
                # "... ontruimd. gisteren om 21:14": the item's shown time, printed inline
                # after its text (on a line of its own it is read already).
                out.append(line._replace(text=text[: m.start()].rstrip()))
                out.append(line._replace(text=m.group("age"), href=None))
                continue
        out.append(line)
    if labelled:
        _label_ages(out, labelled)
    return out


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
        if cut > 0 and len(text) - cut <= AGE_TAIL_REACH:
            age = text[cut + len(sep) :].strip()
            head = text[:cut].rstrip(_AGE_SEPARATORS)
            if sep[1] not in "·|•" and not head.endswith(ITEM_END):
                continue  # "Watersnoodramp - 73 jaar geleden" is a headline
            if head and is_age_label(age):
                return head, age
    return None


def merge_split_datelines(lines: list[Line]) -> list[Line]:
    """Join a dateline printed in blocks of its own (``ROME`` / ``(ANP/AFP)`` / ``- text``)."""
    out: list[Line] = []
    i = 0
    n = len(lines)
    while i < n:
        line = lines[i]
        text = line.text
        if (
            i + 1 < n
            and len(text) <= SPLIT_DATELINE_MAX
            and text[:2].isupper()
            and DATELINE_ONLY.fullmatch(text) is not None
            and text == text.upper()
        ):
            acc = text
            href = line.href
            j = i + 1
            merged: Line | None = None
            while j < n and j - i <= SPLIT_DATELINE_BLOCKS:
                nxt = lines[j]
                joined = f"{acc} {nxt.text}"
                href = href or nxt.href
                found = match_dateline(joined)
                if found is not None and found[1] and match_dateline(nxt.text) is None:
                    merged = nxt._replace(text=joined, href=href)
                    break
                if (len(joined) <= SPLIT_DATELINE_JOINED_MAX
                        and DATELINE_ONLY.fullmatch(joined) is not None):
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
