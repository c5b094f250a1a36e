"""Every read command works under a PostgreSQL role that may only SELECT (as the README's
recipe creates it)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url
from typer.testing import CliRunner

from anp_archive.cli import app

pytestmark = pytest.mark.postgres

PAGES = Path(__file__).resolve().parents[2] / "fixtures" / "pages"

# The recipe, for a database named by {db} and a role named by {role}.
RECIPE = [
    "CREATE ROLE {role} LOGIN",
    "GRANT CONNECT ON DATABASE {db} TO {role}",
    "GRANT USAGE ON SCHEMA public TO {role}",
    "GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}",
]


@pytest.fixture
def reader_url(pg_url: str) -> Iterator[str]:
    import psycopg

    pages = [str(p) for p in sorted(PAGES.glob("*/page.semantic.html"))]
    result = CliRunner().invoke(app, ["import", *pages, "--fetched-at",
                                      "2026-01-01T12:00+01:00", "--db", pg_url])
    assert result.exit_code == 0, result.stderr
    url = make_url(pg_url)
    role = f"anp_reader_{uuid.uuid4().hex[:8]}"
    conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        for statement in RECIPE:
            conn.execute(statement.format(role=role, db=f'"{url.database}"'))
    try:
        yield url.set(username=role, password=None).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(conninfo, autocommit=True) as conn:
            conn.execute(f"DROP OWNED BY {role}")
            conn.execute(f"DROP ROLE {role}")


@pytest.mark.parametrize(
    "command",
    [["search", "de"], ["search", "--sort", "oldest", "--format", "table"], ["show", "1"],
     ["stats"], ["export"], ["db", "current"]],
)
def test_read_commands_work_under_a_select_only_role(reader_url: str, command: list[str]) -> None:
    result = CliRunner().invoke(app, [*command, "--db", reader_url])
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.strip()


def test_the_role_really_cannot_write(reader_url: str) -> None:
    result = CliRunner().invoke(app, ["db", "upgrade", "--db", reader_url])
    assert result.exit_code == 0  # already at head: nothing to write
    pages = [str(next(PAGES.glob("*/page.legacy.html")))]  # bytes not stored yet
    imported = CliRunner().invoke(app, ["import", *pages, "--fetched-at",
                                        "2026-02-01T12:00+01:00", "--db", reader_url])
    assert imported.exit_code != 0
    assert "permission denied" in imported.stderr
