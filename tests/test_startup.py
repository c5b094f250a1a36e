"""Start-up: a command loads only what it needs (behaviour, not timing)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from anp_archive.cli import _app, scrape_cmds
from anp_archive.store import Archive, migrate

FIXTURES = Path(__file__).parent.parent / "fixtures" / "pages"
HEAVY = ("sqlalchemy", "alembic", "mako", "pygments", "rich", "httpx", "pydantic",
         "snowballstemmer")
# What a read command on SQLite does without: the ORM, the write path, migrations, the
# other database's dialect, and the Pydantic that Typer would use to convert its options.
NOT_FOR_READING = (
    "alembic",
    "anp_archive.store.bodies",
    "anp_archive.store.ingest",
    "anp_archive.store.rawsql",
    "anp_archive.store.schema",
    "httpx",
    "mako",
    "pydantic",
    "rich",
    "snowballstemmer",  # all its languages; the Dutch one is loaded alone (search/stems.py)
    "sqlalchemy.dialects.postgresql",
    "sqlalchemy.orm",
)

_PROBE = """
import json, sys
from typer.testing import CliRunner
from anp_archive.cli import app
result = CliRunner().invoke(app, sys.argv[1:])
print(json.dumps({"exit": result.exit_code, "modules": sorted(sys.modules)}))
"""


def _loaded(*args: str, full_names: bool = False) -> tuple[int, set[str]]:
    done = subprocess.run([sys.executable, "-c", _PROBE, *args], capture_output=True,
                          text=True, check=True)
    data = json.loads(done.stdout.strip().splitlines()[-1])
    modules = set(data["modules"])
    return data["exit"], modules if full_names else {m.split(".")[0] for m in modules}


def _found(modules: set[str], names: tuple[str, ...]) -> set[str]:
    """Those of ``names`` loaded, as a package or any module inside it."""
    return {n for n in names if any(m == n or m.startswith(n + ".") for m in modules)}


def test_help_imports_no_database_network_or_rendering_library() -> None:
    for args in (["--help"], ["search", "--help"], ["scrape", "--help"], ["db", "--help"]):
        code, modules = _loaded(*args)
        assert code == 0, args
        assert modules.isdisjoint(HEAVY), (args, modules & set(HEAVY))


def test_a_search_of_an_up_to_date_archive_does_not_import_alembic(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite"
    Archive.open(f"sqlite:///{db}").close()
    code, modules = _loaded("search", "haven", "--db", str(db), "--format", "json")
    assert code == 0
    assert "sqlalchemy" in modules
    assert modules.isdisjoint({"alembic", "mako", "pygments", "httpx"})


def test_the_cheap_head_revision_is_alembics() -> None:
    from alembic.script import ScriptDirectory

    expected = ScriptDirectory.from_config(migrate.alembic_config()).get_current_head()
    assert migrate.head_revision() == expected


def test_constants_named_for_help_match_their_modules() -> None:
    from anp_archive.pipeline import DEFAULT_STALE_AFTER
    from anp_archive.profile import DEFAULT_PROFILE_NAME

    assert _app.DEFAULT_PROFILE_NAME == DEFAULT_PROFILE_NAME
    assert DEFAULT_STALE_AFTER.total_seconds() == scrape_cmds.DEFAULT_STALE_AFTER_HOURS * 3600


def test_the_package_exports_lazily_and_completely() -> None:
    done = subprocess.run(
        [sys.executable, "-c",
         "import sys, anp_archive; a = 'sqlalchemy' in sys.modules; "
         "from anp_archive import Archive; print(a, 'sqlalchemy' in sys.modules, Archive.__name__)"],
        capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "True", "Archive"]


def test_read_commands_import_no_orm_write_path_or_other_dialect(
    db_url: str, tmp_path: Path
) -> None:
    from anp_archive.importer import import_paths

    with Archive.open(db_url) as archive:
        summary = import_paths(archive, [FIXTURES / "economie-havengeld" / "page.semantic.html"],
                               url="https://www.example.nl/nieuws/havengeld")
    assert summary.errors == 0
    # PostgreSQL needs its own dialect, of course; SQLite must not load it.
    unwanted = tuple(n for n in NOT_FOR_READING
                     if not (db_url.startswith("postgresql") and "postgresql" in n))
    out = tmp_path / "out.jsonl"
    for args in (
        ["search", "havengeld", "--limit", "5", "--facet", "day", "--format", "json"],
        ["search", "--sort", "oldest", "--format", "csv"],
        ["show", "1", "--format", "json"],
        ["stats", "--format", "json"],
        ["export", "haven", "-o", str(out), "--quiet"],
    ):
        code, modules = _loaded(*args, "--db", db_url, full_names=True)
        assert code == 0, args
        assert "sqlalchemy" in modules
        assert _found(modules, unwanted) == set(), args
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1  # the story was found


def test_a_usage_error_in_a_typed_value_reads_as_typers_own(tmp_path: Path) -> None:
    # Plain values are converted without Pydantic; the others still go to Typer, and so
    # do its messages.
    from typer.testing import CliRunner

    from anp_archive.cli import app

    db = tmp_path / "a.sqlite"
    Archive.open(f"sqlite:///{db}").close()
    result = CliRunner().invoke(app, ["search", "x", "--limit", "0", "--db", str(db)])
    assert result.exit_code == 2
    assert "--limit: Input should be greater than or equal to 1" in result.output
    result = CliRunner().invoke(app, ["search", "x", "--limit", "zes", "--db", str(db)])
    assert result.exit_code == 2
    assert "--limit: Input should be a valid integer" in result.output
    result = CliRunner().invoke(app, ["search", "x", "--limit", "007", "--db", str(db),
                                      "--format", "json"])
    assert result.exit_code == 0, result.output


def test_the_dutch_stemmer_loaded_alone_stems_as_snowballstemmers_own() -> None:
    import re

    import snowballstemmer  # type: ignore[import-untyped]

    from anp_archive.search import stems

    words: set[str] = {"woningen", "brandweerlieden", "huizen", "oekraïne", "ééntje"}
    for page in FIXTURES.glob("*/page.txt"):
        words |= set(re.findall(r"[^\W_]+", page.read_text(encoding="utf-8").lower()))
    reference = snowballstemmer.stemmer("dutch_porter")
    assert len(words) > 1000
    expected = {w: reference.stemWord(w) for w in words if w not in stems.STOPWORDS}
    assert {w: stems.stem(w) for w in expected} == expected
    # The C stemmer where it loads, and the pure-Python one loaded alone where it does not.
    assert type(stems._stemmer()).__module__ == "Stemmer"
    alone = stems._snowball()
    assert type(alone).__module__.startswith("anp_archive.search.snowball_dutch")
    assert {w: alone.stemWord(w) for w in expected} == expected


def test_each_thread_stems_with_a_stemmer_of_its_own() -> None:
    """A stemmer keeps its state between the steps of one word: two threads must not
    share one (the store's worker and a search may stem at once)."""
    import threading

    from anp_archive.search import stems

    found: list[object] = []
    words = [f"woning{n}en" for n in range(2000)]
    expected = [stems._stemmer().stemWord(w) for w in words]
    results: list[list[str]] = []

    def work() -> None:
        found.append(stems._stemmer())
        results.append([stems._stemmer().stemWord(w) for w in words])

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({id(s) for s in found}) == 4 and stems._stemmer() not in found
    assert results == [expected] * 4
