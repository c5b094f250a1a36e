"""What a headline, a section name and a category label look like, by shape alone."""

from __future__ import annotations

from anp_archive.parse.lengths import (
    LABEL_MAX,
    LABEL_MAX_WORDS,
    SECTION_MAX,
    SECTION_MAX_SPACES,
    TITLE_MAX,
)
from anp_archive.parse.vocabulary import BADGE

__all__ = ["ITEM_END", "PARAGRAPH_END", "SENTENCE_END", "label_ish", "section_ish",
           "strip_badge", "strip_site_suffix", "title_ish"]

SENTENCE_END = (".", "!", "?", "…", ":", ";")
PARAGRAPH_END = (*SENTENCE_END, '"', "”", "'", "’", ")")
# How a ticker item's text (or an item's last sentence) ends.
ITEM_END = (".", "!", "?", '"', "”", "…", ")")


def title_ish(text: str) -> bool:
    # A headline has no final full stop; one cut off to fit ("... uitbreiden naar...") may.
    return len(text) <= TITLE_MAX and (not text.endswith(".") or text.endswith("..."))


def section_ish(text: str) -> bool:
    return (
        0 < len(text) <= SECTION_MAX
        and "|" not in text
        and not text.lower().endswith(("editie", "edition"))
        and text.count(" ") <= SECTION_MAX_SPACES
        and not any(ch.isdigit() for ch in text)
        and not text.endswith(SENTENCE_END)
        and "?" not in text
    )


def label_ish(text: str) -> bool:
    """A category label such as ``Buitenland``, ``Zuid-Holland`` or ``Show & Cultuur``."""
    words = text.split()
    return (
        len(words) <= LABEL_MAX_WORDS
        and len(text) <= LABEL_MAX
        and text[-1].isalpha()
        and all(w[0].isupper() or w in ("&", "en") for w in words)
        and words[0][0].isupper()
        and not any(ch.isdigit() for ch in text)
    )


def strip_badge(title: str) -> str:
    m = BADGE.match(title)
    if m is not None and len(title) > m.end():
        return title[m.end():].strip()
    return title


def strip_site_suffix(title: str) -> str:
    for sep in (" | ", " - ", " – ", " — ", " :: "):
        if sep in title:
            title = title.rsplit(sep, 1)[0]
    return title.strip()
