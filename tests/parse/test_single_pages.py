"""The single-rendering fixture pages (``fixtures/single/``) parse to exactly their
expected Contract-1 JSON, written by hand from each page."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from anp_archive import parse_page

SINGLE_DIR = Path(__file__).resolve().parents[2] / "fixtures" / "single"


def _cases() -> list[tuple[str, Path, dict[str, Any], dict[str, Any]]]:
    cases = []
    for meta_path in sorted(SINGLE_DIR.glob("*/meta.json")):
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        for variant in meta["variants"].values():
            cases.append((meta["name"], meta_path.parent, meta, variant))
    return cases


CASES = _cases()


def test_there_are_single_pages_of_every_form() -> None:
    assert len(CASES) >= 25
    formats = {variant["format"] for _, _, _, variant in CASES}
    assert formats == {"html", "text"}


@pytest.mark.parametrize(
    ("name", "folder", "meta", "variant"), CASES, ids=[c[0] for c in CASES]
)
def test_single_page_parses_to_its_expected_json(
    name: str, folder: Path, meta: dict[str, Any], variant: dict[str, Any]
) -> None:
    fetched = meta["fetched_at"]
    page = parse_page(
        (folder / variant["file"]).read_bytes(),
        url=variant["url"],
        fetched_at=datetime.fromisoformat(fetched) if fetched else None,
        format=variant["format"],
        encoding=variant["encoding"],
    )
    expected = json.loads((folder / variant["expected"]).read_text(encoding="utf-8"))
    assert page.to_dict() == expected
