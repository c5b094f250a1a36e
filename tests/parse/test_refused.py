"""Inputs that hold ANP-like text but are no ANP news page are refused, with a reason."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from anp_archive.errors import NotANewsPageError
from anp_archive.parse import parse_page

_DIR = Path(__file__).resolve().parents[2] / "fixtures" / "refused"
_CASES = sorted(p for p in _DIR.iterdir() if p.is_dir())


def _page(folder: Path) -> Path:
    (found,) = [p for p in folder.iterdir() if p.name.startswith("page.")]
    return found


@pytest.mark.parametrize("folder", _CASES, ids=[p.name for p in _CASES])
@pytest.mark.parametrize("as_bytes", [True, False])
def test_refused_page(folder: Path, as_bytes: bool) -> None:
    data = _page(folder).read_bytes()
    reason = (folder / "reason.txt").read_text("utf-8").strip()
    with pytest.raises(NotANewsPageError) as info:
        parse_page(data if as_bytes else data.decode("utf-8"))
    message = str(info.value)
    assert re.search(reason, message), message
    assert "\n" not in message and info.value.exit_code == 6


def test_there_are_refused_fixtures() -> None:
    assert len(_CASES) >= 3


@pytest.mark.parametrize("text", [
    "[Video]\nAMSTERDAM (ANP) - Het kabinet is gevallen, meldt de premier vrijdag.",
    "{Advertentie}\nDEN HAAG (ANP) - Het kabinet is gevallen, meldt de premier vrijdag.",
])
def test_bracketed_text_is_not_taken_for_json(text: str) -> None:
    page = parse_page(text, format="text")
    assert page.lead is not None or page.ticker


_DIGEST = (
    "OOST-SOUBURG - Goedemorgen!\n\n"
    "In Vlissingen begint vandaag de sloop van het oude zwembad.\n\n"
    "De gemeente Veere zoekt nog vrijwilligers voor de kerstmarkt."
)


def test_agency_less_datelines_alone_are_refused_with_their_place() -> None:
    with pytest.raises(NotANewsPageError, match=r"\(OOST-SOUBURG -\).*regional"):
        parse_page(_DIGEST, format="text")


@pytest.mark.parametrize("confirmation", [
    "50 minuten geleden",
    "Meer uit Zeeland",
])
def test_an_age_label_or_meer_uit_heading_confirms_agency_less_datelines(
    confirmation: str,
) -> None:
    text = (
        "Brug weekend dicht\n\n"
        "TERNEUZEN - De brug over het kanaal gaat zaterdag dicht voor onderhoud.\n\n"
        f"{confirmation}\n\n"
        "Havenfeest druk bezocht\n\n"
        "HULST - Ruim twaalfduizend mensen kwamen zaterdag naar het havenfeest.\n\n"
        "2 uur geleden"
    )
    page = parse_page(text, format="text")
    places = [page.lead.dateline.place] if page.lead else []
    places += [it.dateline.place for it in page.ticker if it.dateline]
    assert "HULST" in places


def test_the_regional_hint_accepts_agency_less_datelines() -> None:
    page = parse_page(_DIGEST, format="text", hints={"regional": "yes"})
    assert page.lead is not None and page.lead.dateline.place == "OOST-SOUBURG"
    with pytest.raises(NotANewsPageError):
        parse_page(_DIGEST, format="text", hints={"regional": "no"})


def test_an_agency_needs_no_confirmation() -> None:
    page = parse_page("KATS (ANP) - De dijk bij Kats wordt maandag versterkt.", format="text")
    assert page.lead is not None and page.lead.dateline.agencies == ("ANP",)
