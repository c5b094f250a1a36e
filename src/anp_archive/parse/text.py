"""Plain-text renderings: one line per paragraph, whitespace normalised.

Renderings come from copy/paste and text browsers, so they carry NBSPs, zero-width
spaces, soft hyphens and Windows line ends; ``normalise`` removes all of those so the
words compare equal to what HTML gives for the same page.
"""

from __future__ import annotations

import re

__all__ = ["INVISIBLE", "normalise", "text_lines"]

# Characters that render as nothing: they must not split or glue words differently
# between the text and the HTML form of a page.
# Icon fonts draw with private-use code points (U+E000-U+F8FF): no words there either.
INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\ue000-\uf8ff]")


def normalise(text: str) -> str:
    """Collapse every run of (Unicode) whitespace to one space and drop invisible characters."""
    if INVISIBLE.search(text) is not None:
        text = INVISIBLE.sub("", text)
    return " ".join(text.split())


def text_lines(text: str) -> list[str]:
    """The non-empty, normalised lines of a text rendering."""
    if INVISIBLE.search(text) is not None:
        text = INVISIBLE.sub("", text)
    return [t for raw in text.splitlines() if (t := " ".join(raw.split()))]
