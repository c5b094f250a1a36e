"""The Dutch words the parser reads, in one place for every reader.

Regular-expression fragments (non-capturing groups), so the age reader, the line
classifier and the repairs of glued ages agree on what an age label is: a spelling added
here ("2 u geleden") is read as an age and leaves the item text everywhere at once.
"""

from __future__ import annotations

__all__ = ["AGE_NUMBER_WORDS", "AGE_UNIT"]

# Units of a relative age, every spelling sites print ("50 min. geleden", "2 u geleden").
# Longer forms first, so "uur" is never read as "u" followed by "ur".
AGE_UNIT = (r"(?:minuut|minuten|mins?\.?|uur|uren|u|dagen|dag|weken|week|maanden|maand"
            r"|jaren|jaar)")
# "Eén uur geleden" lower-cases to "eén".
AGE_NUMBER_WORDS = r"(?:een|één|eén)"
