"""README stays true: its commands, examples, view columns and SQL are checked here.

- The Quickstart's test command is the one `.ci/run` runs.
- Every command has help text with an `Example:` and a section in README.
- Every `$ anp-archive ...` example runs through CliRunner and prints what README shows
  (clock-dependent values normalised).
- The columns README lists for `v_articles`, `v_sightings`, `v_captures` are exactly those of
  a freshly migrated database, on SQLite and PostgreSQL.
- Every SQL example runs on the database it is marked for, and the read-only role recipe
  really lets a reader see the views and nothing else.
"""

from __future__ import annotations

import re
import shlex
import uuid
from datetime import datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.main import get_command
from typer.testing import CliRunner

from anp_archive.cli import app
from anp_archive.importer import import_paths
from anp_archive.store import Archive

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")
VIEWS = ("v_articles", "v_sightings", "v_captures")


def _section(title: str) -> str:
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", README, re.S | re.M)
    assert match, f"README has no '## {title}' section"
    return match.group(1)


def _fenced(text: str, lang: str) -> list[str]:
    return re.findall(rf"^```{lang}\n(.*?)^```", text, re.S | re.M)


def _command_paths() -> list[list[str]]:
    group = get_command(app)
    paths: list[list[str]] = []
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        sub = getattr(command, "commands", None)
        paths.extend([[name, s] for s in sub] if sub else [[name]])
    return paths


# -- Quickstart ---------------------------------------------------------------------------


def test_quickstart_has_exactly_two_commands() -> None:
    blocks = _fenced(_section("Quickstart"), "sh")
    assert len(blocks) == 2
    assert all(len(block.strip().splitlines()) == 1 for block in blocks)
    assert "anp-archive scrape" in blocks[0]
    assert "pytest" in blocks[1]


def test_ci_runs_the_quickstart_test_command_verbatim() -> None:
    test_command = _fenced(_section("Quickstart"), "sh")[1].strip()
    ci_lines = [line.strip() for line in (REPO / ".ci" / "run").read_text().splitlines()]
    assert test_command in ci_lines


# -- commands -----------------------------------------------------------------------------


@pytest.mark.parametrize("path", _command_paths(), ids=lambda p: " ".join(p))
def test_every_command_has_help_with_an_example_and_a_readme_section(path: list[str]) -> None:
    result = CliRunner().invoke(app, [*path, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output, f"'{' '.join(path)} --help' has no Example: line"
    assert f"### anp-archive {' '.join(path)}\n" in README


def test_the_scrape_contract_commands_all_exist() -> None:
    names = {" ".join(p).split()[0] for p in _command_paths()}
    expected = {"scrape", "import", "parse", "search", "show", "export", "export-warc",
                "stats", "reparse", "db", "demo"}
    assert expected <= names


# -- `$ anp-archive` examples -------------------------------------------------------------

_CLOCK = [
    (re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d:\d\d|Z)?"), "<time>"),
    (re.compile(r"in \d+(\.\d+)? s\b"), "in <n> s"),
    (re.compile(r"\d+(\.\d+)? (bytes|KB|KiB|MB|MiB)"), "<size>"),
]


def _normalise(text: str) -> str:
    for pattern, replacement in _CLOCK:
        text = pattern.sub(replacement, text)
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


def _examples() -> list[tuple[list[str], str]]:
    """(argv, expected output) for each `$ anp-archive ...` line in a ```console block."""
    examples: list[tuple[list[str], str]] = []
    for block in _fenced(README, "console"):
        current: tuple[list[str], list[str]] | None = None
        for line in block.splitlines():
            if line.startswith("$ anp-archive "):
                if current:
                    examples.append((current[0], "\n".join(current[1])))
                current = (shlex.split(line[len("$ anp-archive "):]), [])
            elif current is not None:
                current[1].append(line)
        if current:
            examples.append((current[0], "\n".join(current[1])))
    return examples


def test_readme_has_console_examples() -> None:
    assert len(_examples()) >= 4


def test_readme_examples_print_what_readme_shows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The examples run in order against one archive, from the repository root.
    monkeypatch.chdir(REPO)
    monkeypatch.setenv("ANP_ARCHIVE_DB", f"sqlite:///{tmp_path / 'readme.sqlite'}")
    runner = CliRunner()
    for argv, expected in _examples():
        result = runner.invoke(app, argv, catch_exceptions=False)
        shown = " ".join(argv)
        assert result.exit_code == 0, f"anp-archive {shown}: {result.stderr}"
        assert _normalise(result.stdout) == _normalise(expected), f"anp-archive {shown}"


# -- views and SQL ------------------------------------------------------------------------


def _readme_view_columns(view: str) -> list[str]:
    match = re.search(rf"^`{view}`.*?\n\n\| column \| meaning \|\n\| --- \| --- \|\n((?:\|.*\n)+)",
                      README, re.M)
    assert match, f"README documents no columns for {view}"
    return [row.split("|")[1].strip() for row in match.group(1).splitlines()]


@pytest.mark.parametrize("view", VIEWS)
def test_readme_view_columns_match_a_migrated_database(db_url: str, view: str) -> None:
    with Archive.open(db_url) as archive:
        columns = [c["name"] for c in sa.inspect(archive.engine).get_columns(view)]
    assert columns == _readme_view_columns(view)


def _sql_examples(marker: str) -> list[str]:
    return [block for block in _fenced(_section("SQL access"), "sql")
            if marker in block.splitlines()[0].split()]


@pytest.mark.parametrize("dialect", ["sqlite", "postgresql"])
def test_every_sql_example_runs(dialect: str, request: pytest.FixtureRequest) -> None:
    url = request.getfixturevalue("sqlite_url" if dialect == "sqlite" else "pg_url")
    examples = _sql_examples(dialect)
    assert len(examples) >= 3
    # The page and week the README's examples name.
    fixture = REPO / "fixtures" / "pages" / "index-politiek-pagina-2" / "page.txt"
    fetched_at = datetime.fromisoformat("2025-09-18T22:10:00+02:00")
    with Archive.open(url) as archive:
        import_paths(archive, [fixture], fetched_at=fetched_at)
        with archive.engine.connect() as conn:
            for sql in examples:
                rows = conn.execute(sa.text(sql)).fetchall()
                assert rows, f"no rows from:\n{sql}"


def test_read_only_role_recipe_sees_views_only(pg_url: str) -> None:
    (recipe,) = _sql_examples("postgresql-admin")
    role = f"anp_reader_{uuid.uuid4().hex[:8]}"
    database = sa.make_url(pg_url).database
    recipe = recipe.replace("anp_reader", role).replace("DATABASE anp ", f'DATABASE "{database}" ')
    with Archive.open(pg_url) as archive:
        admin = archive.engine
    with admin.begin() as conn:
        code = "\n".join(line for line in recipe.splitlines() if not line.startswith("--"))
        for statement in filter(str.strip, code.split(";")):
            conn.execute(sa.text(statement))
    reader = sa.create_engine(
        sa.make_url(pg_url).set(username=role, password="change-me"), poolclass=sa.NullPool
    )
    try:
        with reader.connect() as conn:
            assert conn.execute(sa.text("SELECT count(*) FROM v_articles")).scalar() == 0
            with pytest.raises(sa.exc.ProgrammingError, match="permission denied"):
                conn.execute(sa.text("SELECT count(*) FROM stories"))
    finally:
        reader.dispose()
        with admin.begin() as conn:
            conn.execute(sa.text(f"DROP OWNED BY {role}"))
            conn.execute(sa.text(f"DROP ROLE {role}"))
        admin.dispose()
