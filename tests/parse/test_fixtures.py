"""Every fixture page in ``fixtures/pages/`` parses to exactly its expected Contract-1 JSON.

Each page folder holds one story page or index page as text (``page.txt``) and in four very
different HTML styles (``page.{tables,divsoup,semantic,legacy}.html``), ``meta.json`` (the
``url``, ``fetched_at``, ``format`` and ``encoding`` to pass to ``parse_page`` per variant) and
one ``expected.<variant>.json`` per variant. The expected files were written from the page
content by ``fixtures/pages/make_fixtures.py``, not by running the parser, so these tests are
an independent yardstick for it.

Reviewed updates, once a parser change is intended::

    .venv/bin/python -m pytest tests/parse/test_fixtures.py --regen-fixtures
    git diff fixtures/pages        # read every change against the page before committing

``--regen-fixtures`` rewrites the expected files from the parser's output (the tests then
pass trivially); it is registered in ``tests/parse/conftest.py``, so name this file or folder
on the command line when using it.
"""

from __future__ import annotations

import copy
import difflib
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

PAGES_DIR = Path(__file__).resolve().parents[2] / "fixtures" / "pages"


@dataclass(frozen=True)
class Case:
    page: str
    variant: str
    folder: Path
    file: str
    format: str
    url: str | None
    encoding: str | None
    fetched_at: str | None
    expected: str

    @property
    def id(self) -> str:
        return f"{self.page}:{self.variant}"


def _discover() -> list[Case]:
    cases = []
    for meta_path in sorted(PAGES_DIR.glob("*/meta.json")):
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        for variant, v in meta["variants"].items():
            cases.append(
                Case(
                    page=meta_path.parent.name,
                    variant=variant,
                    folder=meta_path.parent,
                    file=v["file"],
                    format=v["format"],
                    url=v["url"],
                    encoding=v["encoding"],
                    fetched_at=meta["fetched_at"],
                    expected=v["expected"],
                )
            )
    return cases


CASES = _discover()
HTML_CASES = [c for c in CASES if c.format == "html"]
TEXT_BY_PAGE = {c.page: c for c in CASES if c.format == "text"}


def _parse(case: Case, *, format: str | None = None) -> dict[str, Any]:
    # Imported here, not at module level: until the parser exists every case should fail
    # on its own with the ImportError, rather than the whole module failing to collect.
    from anp_archive.parse import parse_page

    fetched_at = datetime.fromisoformat(case.fetched_at) if case.fetched_at else None
    kwargs: dict[str, Any] = {
        "url": case.url,
        "fetched_at": fetched_at,
        "format": format or case.format,
    }
    if case.encoding is not None:
        kwargs["encoding"] = case.encoding
    page = parse_page((case.folder / case.file).read_bytes(), **kwargs)
    result: dict[str, Any] = page.to_dict()
    return result


def _paths(expected: Any, actual: Any, path: str = "") -> list[str]:
    """Field-by-field differences, e.g. ``ticker[2].age: expected '...' got '...'``."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        out = []
        for key in list(expected) + [k for k in actual if k not in expected]:
            sub = f"{path}.{key}" if path else key
            if key not in actual:
                out.append(f"{sub}: missing")
            elif key not in expected:
                out.append(f"{sub}: unexpected key")
            else:
                out += _paths(expected[key], actual[key], sub)
        return out
    if isinstance(expected, list) and isinstance(actual, list):
        out = []
        for i in range(max(len(expected), len(actual))):
            sub = f"{path}[{i}]"
            if i >= len(actual):
                out.append(f"{sub}: missing (expected {len(expected)} items, got {len(actual)})")
            elif i >= len(expected):
                out.append(f"{sub}: unexpected extra item {json.dumps(actual[i])[:120]}")
            else:
                out += _paths(expected[i], actual[i], sub)
        return out
    if expected != actual:
        return [f"{path}: expected {expected!r} got {actual!r}"]
    return []


def _report(expected: Any, actual: Any, label: str) -> str:
    fields = _paths(expected, actual)
    dump = lambda d: json.dumps(d, ensure_ascii=False, indent=2).splitlines()  # noqa: E731
    diff = difflib.unified_diff(dump(expected), dump(actual), "expected", "parser", lineterm="")
    head = f"{label}: {len(fields)} field(s) differ\n  " + "\n  ".join(fields[:40])
    return head + "\n\n" + "\n".join(list(diff)[:200])


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_fixture_matches_expected(case: Case, regen_fixtures: bool) -> None:
    actual = _parse(case)
    target = case.folder / case.expected
    if regen_fixtures:
        target.write_text(json.dumps(actual, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        return
    expected = json.loads(target.read_text(encoding="utf-8"))
    if actual != expected:
        pytest.fail(_report(expected, actual, case.id), pytrace=False)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_format_auto_detects_the_same_page(case: Case) -> None:
    """``format="auto"`` (the CLI default) must see text as text and HTML as HTML."""
    explicit, auto = _parse(case), _parse(case, format="auto")
    if auto != explicit:
        pytest.fail(_report(explicit, auto, f"{case.id} auto vs {case.format}"), pytrace=False)


def _without_html_only_fields(page: dict[str, Any]) -> dict[str, Any]:
    """What only HTML can carry: the page URL, the lead's published_at, ticker links."""
    page = copy.deepcopy(page)
    page["url"] = None
    if page["lead"] is not None:
        page["lead"]["published_at"] = None
    for item in page["ticker"]:
        item["url"] = None
    return page


@pytest.mark.parametrize("case", HTML_CASES, ids=[c.id for c in HTML_CASES])
def test_html_and_text_renderings_agree(case: Case) -> None:
    """The same page as HTML and as text gives the same fields, apart from HTML-only ones."""
    text = _without_html_only_fields(_parse(TEXT_BY_PAGE[case.page]))
    html = _without_html_only_fields(_parse(case))
    if html != text:
        pytest.fail(_report(text, html, f"{case.id} vs text"), pytrace=False)


def test_fixture_set_covers_every_page_form() -> None:
    """The issue asks for >= 16 pages in all four forms, each as text and >= 3 HTML styles."""
    forms: dict[str, int] = {}
    for meta_path in PAGES_DIR.glob("*/meta.json"):
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        forms[meta["form"]] = forms.get(meta["form"], 0) + 1
        formats = [v["format"] for v in meta["variants"].values()]
        assert formats.count("text") >= 1 and formats.count("html") >= 3, meta_path
        for v in meta["variants"].values():
            assert (meta_path.parent / v["file"]).is_file()
            assert (meta_path.parent / v["expected"]).is_file()
    assert sum(forms.values()) >= 16
    assert set(forms) == {"plain", "headline", "index", "regional"}


def test_expected_files_agree_across_variants() -> None:
    """Guards the fixtures themselves: per page, every expected file says the same thing."""
    for page, text_case in TEXT_BY_PAGE.items():
        base = json.loads((text_case.folder / text_case.expected).read_text(encoding="utf-8"))
        for case in (c for c in HTML_CASES if c.page == page):
            other = json.loads((case.folder / case.expected).read_text(encoding="utf-8"))
            assert _without_html_only_fields(other) == _without_html_only_fields(base), case.id
            assert all(item["url"] for item in other["ticker"]), case.id


SEED = PAGES_DIR.parents[2] / "shared" / "seed" / "anp-page-buitenland.txt"


@pytest.mark.skipif(not SEED.is_file(), reason=f"seed page not present at {SEED}")
def test_seed_page_from_shared() -> None:
    """The real seed page (outside the repo): structure and intervals as DESIGN.md reads them.

    Only structure is asserted, so none of the seed's prose is copied into this repository.
    """
    from anp_archive.parse import parse_page

    page = parse_page(
        SEED.read_bytes(),
        format="text",
        fetched_at=datetime.fromisoformat("2026-01-01T12:00:00+01:00"),
    ).to_dict()
    assert page["section"] == "Buitenland"
    assert page["url"] is None and page["latest"] == []
    lead = page["lead"]
    assert lead["dateline"] == {"place": "MOSKOU", "agencies": ["ANP", "RTR"]}
    assert len(lead["paragraphs"]) == 4
    assert not lead["paragraphs"][0].startswith("MOSKOU")
    ticker = page["ticker"]
    assert [(t["dateline"]["place"], "/".join(t["dateline"]["agencies"])) for t in ticker] == [
        ("PYONGYANG", "ANP/AFP"),
        ("WASHINGTON", "ANP/AFP"),
        ("WASHINGTON", "ANP"),
        ("WASHINGTON", "ANP/RTR"),
        ("BRASILIA", "ANP/AFP"),
        ("KYIV", "ANP/DPA"),
        ("PARIJS", "ANP/AFP"),
    ]
    hours = [None, 2, 4, 5, 5, 6, 7]
    assert [t["age"] for t in ticker] == ["50 minuten geleden"] + [
        f"{h} uur geleden" for h in hours[1:]
    ]
    assert (ticker[0]["published_earliest"], ticker[0]["published_latest"]) == (
        "2026-01-01T11:09:00+01:00",
        "2026-01-01T11:10:00+01:00",
    )
    for item, h in zip(ticker[1:], hours[1:], strict=True):
        assert item["published_earliest"] == f"2026-01-01T{11 - h:02d}:00:00+01:00"
        assert item["published_latest"] == f"2026-01-01T{12 - h:02d}:00:00+01:00"
    for item in ticker:
        assert item["title"] is None and item["url"] is None
        assert "geleden" not in item["text"] and "(ANP" not in item["text"]
    assert " - " in ticker[0]["text"]  # an inner dash in the text is not a dateline
