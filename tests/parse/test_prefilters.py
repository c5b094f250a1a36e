"""The cheap word tests that spare most lines the patterns never change what a line is.

``kinds.classify`` and ``ages.is_age_label`` refuse a line by its lower-cased words before a
pattern is tried. Here every line of the fixtures, and generated lines made of the
vocabulary's words, odd-case letters ("ſ", "ı", the Kelvin sign), digits and separators,
get the same answer as from the patterns alone.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from anp_archive.parse.ages import is_age_label
from anp_archive.parse.kinds import AGE, BADGE_ONLY, DATE, MEER, NET, TEXT, Kind, classify
from anp_archive.parse.lengths import (
    AGE_LABEL_MAX,
    CHROME_LABEL_MAX,
    DATE_LINE_MAX,
    READ_MORE_LINE_MAX,
)
from anp_archive.parse.text import text_lines
from anp_archive.parse.vocabulary import (
    AGE_LINE,
    AGE_WORDS,
    DATE_LINE,
    DAY_PARTS,
    MEER_UIT,
    NET_BINNEN,
    NOISE,
    READ_MORE,
    SEE_ALL,
    VAGUE_AGE,
)

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def _kind_by_patterns(text: str) -> Kind:
    """``classify`` as the patterns alone say it, in the same order."""
    size = len(text)
    if size <= AGE_LABEL_MAX and (
        AGE_LINE.fullmatch(text) is not None or VAGUE_AGE.fullmatch(text) is not None
    ):
        return AGE
    if MEER_UIT.fullmatch(text) is not None:
        return MEER
    if size <= CHROME_LABEL_MAX and NET_BINNEN.fullmatch(text) is not None:
        return NET
    if size <= CHROME_LABEL_MAX and NOISE.fullmatch(text) is not None:
        return BADGE_ONLY
    if size <= READ_MORE_LINE_MAX and READ_MORE.match(text) is not None:
        return BADGE_ONLY
    if size <= READ_MORE_LINE_MAX and SEE_ALL.fullmatch(text) is not None:
        return BADGE_ONLY
    if size <= DATE_LINE_MAX and DATE_LINE.fullmatch(text) is not None:
        return DATE
    return TEXT


def _fixture_lines() -> list[str]:
    out: set[str] = set()
    for path in sorted(FIXTURES.glob("**/*.txt")):
        out.update(text_lines(path.read_text(encoding="utf-8", errors="replace")))
    return sorted(out)


def test_fixture_lines_keep_their_kind() -> None:
    lines = _fixture_lines()
    assert len(lines) > 500
    for text in lines:
        assert classify(text) == _kind_by_patterns(text), text
        assert is_age_label(text) == (
            len(text) <= AGE_LABEL_MAX
            and (AGE_LINE.fullmatch(text) is not None or VAGUE_AGE.fullmatch(text) is not None)
        ), text


_WORDS = [
    *AGE_WORDS, *DAY_PARTS, "geleden", "GELEDEN", "3 uur", "één", "Eén", "Twee", "minuten",
    "meer", "Meer uit", "ruim", "Bijna", "ca.", "meer dan", "en", "9m", "2u", "3d", "sec",
    "bekijk alles", "alle berichten",
    "net binnen", "Net", "lees", "Lees", "lees artikel", "verder", "meer nieuws", "lees meer", "Lees ook", "verder lezen", "naar artikel", "advertentie",
    "Reclame", "gesponsord", "sponsored", "bekijk", "bekijk de video", "deel", "delen",
    "reageer", "reacties", "12 reacties", "(3)", "deel op x", "share", "tweet", "WhatsApp",
    "Facebook", "e-mail", "email", "print", "foto", "video", "luister", "ANP", "maandag",
    "Zo", "di", "3", "12", "2026", "10:42", "9.05", "jan.", "december", "mrt", "uur", ",",
    " om ", "-", "/", ".", ":", " ", "»", "·", "ſ", "ı", "İ", "\u212a", "é", "Binnenland",
    "Sport", "٣",
]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=5).map("".join))
def test_generated_lines_keep_their_kind(text: str) -> None:
    assert classify(text) == _kind_by_patterns(text)


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=3).map(" ".join))
def test_generated_spaced_lines_keep_their_kind(text: str) -> None:
    assert classify(text) == _kind_by_patterns(text)
