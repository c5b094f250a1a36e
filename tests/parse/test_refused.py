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
