"""The stages stay apart: imports in parse/, fetch/, store/ and cli/ never cross a boundary.

Read with ``ast`` rather than by importing, so a forbidden import is caught even on a code
path no test runs.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "anp_archive"

# For each area: module prefixes it must never import.
FORBIDDEN = {
    "parse": ("httpx", "sqlalchemy", "alembic", "psycopg", "typer", "anp_archive.fetch",
              "anp_archive.store", "anp_archive.pipeline", "anp_archive.cli", "urllib.request",
              "socket"),
    "fetch": ("sqlalchemy", "alembic", "psycopg", "selectolax", "typer", "anp_archive.parse",
              "anp_archive.store", "anp_archive.pipeline", "anp_archive.cli"),
    "store": ("httpx", "selectolax", "typer", "anp_archive.fetch", "anp_archive.parse",
              "anp_archive.pipeline", "anp_archive.cli"),
    "cli": ("sqlalchemy", "httpx", "selectolax", "psycopg"),
}
# Foundation modules import nothing from the rest of the package.
FOUNDATION = {"errors.py": ("anp_archive",), "models.py": ("anp_archive.",),
              "times.py": ("anp_archive",)}


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def _violations(path: Path, forbidden: tuple[str, ...]) -> list[str]:
    return [
        f"{path.relative_to(PACKAGE)} imports {name}"
        for name in _imports(path)
        if any(name == bad or name.startswith(bad + ".") or
               (bad.endswith(".") and name.startswith(bad)) for bad in forbidden)
    ]


@pytest.mark.parametrize("area", sorted(FORBIDDEN))
def test_area_imports_stay_inside_its_boundary(area: str) -> None:
    files = sorted((PACKAGE / area).rglob("*.py"))
    assert files, f"no modules in {area}/"
    problems = [v for f in files for v in _violations(f, FORBIDDEN[area])]
    assert problems == []


@pytest.mark.parametrize("name", sorted(FOUNDATION))
def test_foundation_modules_import_nothing_from_the_package(name: str) -> None:
    assert _violations(PACKAGE / name, FOUNDATION[name]) == []


def test_checker_catches_a_forbidden_import(tmp_path: Path) -> None:
    bad = tmp_path / "mod.py"
    bad.write_text("import httpx\nfrom sqlalchemy.orm import Session\n", encoding="utf-8")
    assert _imports(bad) == ["httpx", "sqlalchemy.orm"]
