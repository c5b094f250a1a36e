"""The Dutch words the parser reads, in one place for every reader.

Regular-expression fragments (non-capturing groups), so the age reader, the line
classifier and the repairs of glued ages agree on what an age label is: a spelling added
here ("2 u geleden") is read as an age and leaves the item text everywhere at once.
"""

from __future__ import annotations

import re

__all__ = ["AGE_NUMBER_WORDS", "AGE_UNIT", "CAPTION"]

# Units of a relative age, every spelling sites print ("50 min. geleden", "2 u geleden").
# Longer forms first, so "uur" is never read as "u" followed by "ur".
AGE_UNIT = (r"(?:minuut|minuten|mins?\.?|uur|uren|u|dagen|dag|weken|week|maanden|maand"
            r"|jaren|jaar)")
# "Eén uur geleden" lower-cases to "eén".
AGE_NUMBER_WORDS = r"(?:een|één|eén)"

# A photo caption or credit: a copyright sign anywhere, a photo word opening the line, or
# a photo agency closing it ("Archieffoto ter illustratie. Ⓒ Hollandse Hoogte / ...",
# "Foto: ANP", "De dijk bij Kats. Beeld ANP / Lex de Boer"). Never a title.
CAPTION = re.compile(
    r".{0,300}?(?:[©Ⓒ]|\(c\)\s|\bcopyright\b)"
    r"|(?:archief)?(?:foto|beeld|illustratie)(?:\s+ter\s+illustratie)?\b\s*[:.(|/-].*"
    r"|.{0,300}?\b(?:foto|beeld)\s*:?\s*(?:anp|hollandse hoogte|getty|reuters|afp|epa)\b.*"
    r"|.{0,300}?/\s*(?:anp|hollandse hoogte|getty images|reuters|afp|epa)(?:\s+foto)?\s*",
    re.IGNORECASE | re.DOTALL,
)
