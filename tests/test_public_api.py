"""The package's public surface: ``__all__`` is exactly what is exported, and it works."""

from __future__ import annotations

import inspect

import anp_archive
from anp_archive import errors


def test_all_lists_only_names_that_exist() -> None:
    missing = [name for name in anp_archive.__all__ if not hasattr(anp_archive, name)]
    assert missing == []


def test_all_has_no_duplicates() -> None:
    assert len(anp_archive.__all__) == len(set(anp_archive.__all__))


def test_every_error_class_is_exported_and_under_the_one_root() -> None:
    classes = [c for _, c in inspect.getmembers(errors, inspect.isclass)
               if c.__module__ == errors.__name__]
    assert classes
    for cls in classes:
        assert issubclass(cls, anp_archive.AnpArchiveError), cls
        assert cls.__name__ in anp_archive.__all__, cls
        assert isinstance(cls.exit_code, int) and cls.exit_code > 0


def test_exit_codes_are_those_the_readme_documents() -> None:
    assert anp_archive.ConfigError.exit_code == 2
    assert anp_archive.LockHeldError.exit_code == 3
    assert anp_archive.NothingFetchedError.exit_code == 4
    assert anp_archive.LayoutChangedError.exit_code == 5


def test_parse_page_is_usable_without_the_cli() -> None:
    text = (
        "Dijkwerkers vinden oude muntschat\n"
        "ZIERIKZEE (ANP) - Bij werk aan de dijk is een pot met zilveren munten gevonden.\n"
        "Meer uit Binnenland\n"
        "UTRECHT (ANP) - De treinen rijden weer.\n"
        "5 minuten geleden"
    )
    page = anp_archive.parse_page(text, format="text")
    assert isinstance(page, anp_archive.Page)
    assert page.section == "Binnenland"
    assert page.lead is not None and page.lead.dateline == anp_archive.Dateline("ZIERIKZEE", ("ANP",))
    assert [item.dateline.place for item in page.ticker if item.dateline] == ["UTRECHT"]
