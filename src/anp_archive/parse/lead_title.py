"""The lead's title: the heading right above its dateline, or the page's own title."""

from __future__ import annotations

from anp_archive.parse.kinds import DATELINE, LATEST_LINE, TEXT, Kind
from anp_archive.parse.lengths import (
    TITLE_ABOVE_CAPTION,
    TITLE_CANDIDATES,
    TITLE_LOOKBACK,
    TITLE_NEAR,
    WEBMAIL_MAX_SPACES,
)
from anp_archive.parse.lines import Line, Meta
from anp_archive.parse.shapes import label_ish, strip_site_suffix, title_ish
from anp_archive.parse.vocabulary import BYLINE, CAPTION, lowers_plainly

__all__ = ["lead_title"]


def lead_title(lines: list[Line], kinds: list[Kind], start: int, meta: Meta) -> str | None:
    """The title of the story whose dateline is line ``start``."""
    if meta.hint_title:
        return meta.hint_title
    before = [i for i in range(max(0, start - TITLE_LOOKBACK), start)
              if kinds[i] not in (LATEST_LINE,)]
    # Nearest heading wins: the HTML <h1>/<h2> right above the story.
    candidates = [i for i in reversed(before)
                  if kinds[i] in (TEXT, DATELINE) and not BYLINE.match(lines[i].text)
                  and not _caption(lines[i].text)
                  and not (("mail" in lines[i].text or "MAIL" in lines[i].text)
                           and _webmail_prompt(lines[i].text))]
    if not candidates:
        return strip_site_suffix(meta.title) if meta.title else None
    for k, i in enumerate(candidates[:TITLE_CANDIDATES]):
        if lines[i].tag in ("h1", "h2"):
            if lines[i].tag == "h2" and k + 1 < len(candidates):
                j = candidates[k + 1]
                # An <h2> right under an <h1> in the same container is the story's
                # subtitle (a standfirst); the <h1> is its title. (A logo or section <h1>
                # sits in another container, or is no headline, and stays out.)
                if (j == i - 1 and lines[j].tag == "h1"
                        and lines[j].path[:-1] == lines[i].path[:-1]
                        and not label_ish(lines[j].text)):
                    return lines[j].text
            return lines[i].text
    h1 = [i for i in candidates if lines[i].tag == "h1"]
    if h1:
        return lines[h1[0]].text
    if meta.title:
        wanted = strip_site_suffix(meta.title)
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
            (i for i in candidates[1:] if title_ish(lines[i].text)
             and texts.count(lines[i].text) >= 2),
            next((i for i in candidates[1:3] if i >= start - TITLE_ABOVE_CAPTION
                  and title_ish(lines[i].text)), nearest),
        )
    if nearest >= start - TITLE_NEAR:
        return lines[nearest].text
    return strip_site_suffix(meta.title) if meta.title else lines[nearest].text


def _caption(text: str) -> bool:
    # CAPTION scans up to 300 characters from every position; a line (lower-cased plainly)
    # without any of its signs or words cannot match it.
    if lowers_plainly(text):
        low = text.lower()
        if not any(sign in low for sign in _CAPTION_SIGNS):
            return False
    return CAPTION.match(text) is not None


_CAPTION_SIGNS = ("/", "foto", "beeld", "illustratie", "©", "\u24d2", "(c)", "copyright")


def _webmail_prompt(text: str) -> bool:
    """The chrome that opens headline renderings: "Webmail", "Kies je webmail", "Welke
    webmail wil je standaard openen?" (a headline about webmail is longer and no question)."""
    return "webmail" in text.lower() and (
        text.endswith("?") or text.count(" ") <= WEBMAIL_MAX_SPACES
    )
