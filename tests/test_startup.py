"""Start-up: a command loads only what it needs (behaviour, not timing)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from anp_archive.cli import _app, scrape_cmds
from anp_archive.store import Archive, migrate

HEAVY = ("sqlalchemy", "alembic", "mako", "pygments", "rich", "httpx")

_PROBE = """
import json, sys
from typer.testing import CliRunner
from anp_archive.cli import app
result = CliRunner().invoke(app, sys.argv[1:])
loaded = sorted({m.split(".")[0] for m in sys.modules})
print(json.dumps({"exit": result.exit_code, "modules": loaded}))
"""


def _loaded(*args: str) -> tuple[int, set[str]]:
    done = subprocess.run([sys.executable, "-c", _PROBE, *args], capture_output=True,
                          text=True, check=True)
    data = json.loads(done.stdout.strip().splitlines()[-1])
    return data["exit"], set(data["modules"])


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
