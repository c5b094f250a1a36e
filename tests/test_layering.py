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
    # Feed and sitemap readers are pure like the parser: the pipeline fetches and stores.
    "discovery": ("httpx", "sqlalchemy", "alembic", "psycopg", "typer", "anp_archive.fetch",
                  "anp_archive.store", "anp_archive.pipeline", "anp_archive.cli",
                  "urllib.request", "socket"),
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


# Every module of the package, top-level ones included, by layer: a module imports only
# from layers below its own (or from inside its own area), so the dependencies point one
# way, from the CLI down to the foundation.
LAYERS: dict[str, int] = {
    "errors": 0, "models": 0, "times": 0,
    "config": 1, "urls": 1, "search": 1,
    "parse": 2, "fetch": 2, "store": 2, "lock": 2, "discovery": 2,
    "profile": 3, "canonical": 3,
    "warc": 4, "export": 4,
    "ingestion": 4,
    "importer": 5, "pipeline": 5,
    "demo": 6,
    "cli": 7, "__init__": 7,
    "__main__": 8,
}
# The bare package (for its folder, ``anp_archive.__file__``) and its version string are
# constants any layer may read.
ANYWHERE = ("anp_archive", "anp_archive.__version__")


def _area(path: Path) -> str:
    relative = path.relative_to(PACKAGE).parts
    return relative[0] if len(relative) > 1 else path.stem


def _package_imports(path: Path) -> list[str]:
    """Every ``anp_archive`` module ``path`` imports, ``from anp_archive import x`` as
    ``anp_archive.x``, imports inside functions included."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(a.name for a in node.names if a.name.split(".")[0] == "anp_archive")
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "anp_archive":
                names.extend(f"anp_archive.{a.name}" for a in node.names)
            elif node.module.startswith("anp_archive."):
                names.append(node.module)
    return names


def test_every_module_has_a_layer() -> None:
    areas = {_area(path) for path in PACKAGE.rglob("*.py") if "_demo_site" not in path.parts}
    assert areas - set(LAYERS) == set()


def test_imports_point_down_the_layers() -> None:
    problems = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if "_demo_site" in path.parts:
            continue
        area = _area(path)
        for name in _package_imports(path):
            if name in ANYWHERE:
                continue
            target = name.split(".")[1]
            if target != area and LAYERS[target] >= LAYERS[area]:
                problems.append(f"{path.relative_to(PACKAGE)} ({area}) imports {name}")
    assert problems == []


def test_direction_check_reads_from_imports(tmp_path: Path) -> None:
    module = tmp_path / "mod.py"
    module.write_text("from anp_archive import parse, __version__\n"
                      "def f():\n    from anp_archive.cli import app\n", encoding="utf-8")
    assert _package_imports(module) == [
        "anp_archive.parse", "anp_archive.__version__", "anp_archive.cli"
    ]


def _private_imports(path: Path) -> list[str]:
    """``module._name`` for every private name ``path`` imports from another module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        f"{node.module}.{alias.name}"
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module
        and node.module.startswith("anp_archive")
        for alias in node.names
        if alias.name.startswith("_") and not alias.name.startswith("__")
    ]


def test_no_private_name_is_imported_across_modules() -> None:
    problems = [f"{path.relative_to(PACKAGE)} imports {name}"
                for path in sorted(PACKAGE.rglob("*.py")) for name in _private_imports(path)]
    assert problems == []


def test_private_import_check_reads_from_imports(tmp_path: Path) -> None:
    module = tmp_path / "mod.py"
    module.write_text("from anp_archive.parse.ages import _KNOWN, read_age\n"
                      "from anp_archive import __version__\n", encoding="utf-8")
    assert _private_imports(module) == ["anp_archive.parse.ages._KNOWN"]


# Inside parse/: the vocabulary and the named limits are leaves every reader imports, so
# they import nothing of the package themselves (no reader keeps a copy that could drift).
PARSE_LEAVES = ("vocabulary.py", "lengths.py", "lines.py")


@pytest.mark.parametrize("name", PARSE_LEAVES)
def test_parse_leaf_modules_import_nothing_from_the_package(name: str) -> None:
    assert _package_imports(PACKAGE / "parse" / name) == []
