"""The ``--regen-fixtures`` option for ``tests/parse/test_fixtures.py``.

pytest only reads options from conftest files it loads at start-up, so name this folder
(or the test file) on the command line when you use it::

    .venv/bin/python -m pytest tests/parse/test_fixtures.py --regen-fixtures
"""

from __future__ import annotations

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--regen-fixtures",
        action="store_true",
        default=False,
        help="rewrite fixtures/pages/*/expected.*.json from the parser's output "
        "(review the diff before committing)",
    )


@pytest.fixture
def regen_fixtures(request: pytest.FixtureRequest) -> bool:
    """True when the expected files should be rewritten instead of compared."""
    return bool(request.config.getoption("--regen-fixtures"))
