"""The page's section: from the ``Meer uit <Section>`` heading, or on an index page the
name it shows above its list."""

from __future__ import annotations

from anp_archive.parse.kinds import AGE, BADGE_ONLY, DATE, MEER, TEXT, TIME, Kind
from anp_archive.parse.lengths import LABEL_MAX, PARAGRAPH_MIN, SECTION_LOOKBACK, SECTION_SCAN
from anp_archive.parse.lines import Line, Meta
from anp_archive.parse.shapes import PARAGRAPH_END, section_ish, strip_site_suffix
from anp_archive.parse.vocabulary import DAY_HEADING, MEER_UIT, SECTION_TAIL

__all__ = ["heading_section", "index_section"]


def heading_section(lines: list[Line], kinds: list[Kind], meer: int | None) -> str | None:
    """The section a ``Meer uit`` heading names: in the heading itself ("Meer uit
    Zeeland (4)"), or on the line after a bare "Meer uit" (that line is then heading too)."""
    if meer is None:
        return None
    m = MEER_UIT.fullmatch(lines[meer].text)
    raw_section = m.group("section") if m is not None else None
    if raw_section:
        return SECTION_TAIL.sub("", raw_section).strip(" :»›>→").strip() or None
    if meer + 1 < len(lines) and kinds[meer + 1] == TEXT and section_ish(
        lines[meer + 1].text
    ):
        kinds[meer + 1] = MEER
        return lines[meer + 1].text
    return None


def index_section(
    lines: list[Line], kinds: list[Kind], first: int, titled: bool, latest_range: range,
    meta: Meta,
) -> str | None:
    """The section name an index page shows above its first item (at line ``first``,
    its headline above it when ``titled``)."""
    end = first - (1 if titled else 0)
    before = [i for i in range(max(0, end - SECTION_LOOKBACK), end)
              if i not in latest_range
              and kinds[i] in (TEXT, DATE, BADGE_ONLY, AGE, TIME)]
    usable = [i for i in before if kinds[i] == TEXT and section_ish(lines[i].text)
              and DAY_HEADING.fullmatch(lines[i].text) is None]
    for i in reversed(usable):  # a heading right above the list
        if lines[i].tag in ("h1", "h2") and not lines[i].linked:
            return lines[i].text
    if meta.title:
        wanted = {meta.title, strip_site_suffix(meta.title)}
        for i in reversed(usable):
            if lines[i].text in wanted:
                return lines[i].text
    back = list(reversed(before))
    k = 0
    while k < len(back) and kinds[back[k]] in (AGE, TIME):
        # The list opens with an item that is no wire item (a place in mixed case, no
        # dateline): its age, paragraphs and headline lie between the section and the
        # first wire item, so step over that block instead of reading it as the section.
        k += 1
        while k < len(back) and kinds[back[k]] == TEXT and (
                lines[back[k]].text.endswith(PARAGRAPH_END)
                or len(lines[back[k]].text) > PARAGRAPH_MIN):
            k += 1
        if k < len(back) and kinds[back[k]] == TEXT and k > 1:
            k += 1  # its headline
    for i in back[k:k + SECTION_SCAN] if k else back[:SECTION_SCAN]:
        line = lines[i]
        if (kinds[i] != TEXT or line.linked or any(ch.isdigit() for ch in line.text)
                or (section_ish(line.text) is False and len(line.text) <= LABEL_MAX)
                or DAY_HEADING.fullmatch(line.text) is not None):
            continue  # "248 berichten", "Pagina 2 van 14", filter tabs, badges, "Vandaag"
        return line.text if section_ish(line.text) else None
    return None
