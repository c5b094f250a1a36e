"""Profile patterns are matched in linear time: no link a site sends can freeze a scrape."""

from __future__ import annotations

import re

import pytest

from anp_archive.errors import ConfigError
from anp_archive.profile import SiteProfile, profile_from_dict


def _profile(article: str, index: str | None = None) -> SiteProfile:
    return SiteProfile(
        name="regio",
        start_urls=("https://www.regio.test/nieuws",),
        allowed_hosts=frozenset({"www.regio.test"}),
        article_pattern=re.compile(article),
        index_pattern=re.compile(index) if index else None,
    )


@pytest.mark.timeout(10)
def test_a_catastrophic_pattern_against_a_long_link_answers_at_once() -> None:
    profile = _profile(r"^/(y+)+z$", r"^/(y+)+x$")
    link = "https://www.regio.test/" + "y" * 8192
    # Python's re needs about 2**8192 steps here; RE2 one pass.
    assert not profile.is_article(link)
    assert not profile.is_index(link)
    assert profile.is_article("https://www.regio.test/yyyz")
    assert profile.is_index("https://www.regio.test/yyx")


def test_matching_keeps_search_semantics_and_ignorecase() -> None:
    profile = _profile(r"(?i)/NIEUWS/[^/]+$")
    assert profile.is_article("https://www.regio.test/nieuws/dijk-bij-kampen")
    assert not profile.is_article("https://www.regio.test/nieuws/")
    flagged = SiteProfile(
        name="regio", start_urls=("https://www.regio.test/",),
        allowed_hosts=frozenset({"www.regio.test"}),
        article_pattern=re.compile(r"/ARTIKEL/\d+", re.IGNORECASE),
    )
    assert flagged.is_article("https://www.regio.test/artikel/42")


def test_a_pattern_only_a_backtracking_engine_can_run_is_refused_at_load() -> None:
    with pytest.raises(ConfigError, match="RE2 does not support"):
        profile_from_dict({
            "name": "regio", "start_urls": ["https://www.regio.test/nieuws"],
            "article_pattern": r"^/nieuws/(?!video)[^/]+$",
        }, source="regio.toml")
