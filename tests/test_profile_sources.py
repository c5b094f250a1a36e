"""Profile keys ``feeds`` and ``sitemaps``: absolute URLs on the allowed hosts."""

from __future__ import annotations

import pytest

from anp_archive.errors import ConfigError
from anp_archive.profile import default_profile, profile_from_dict

BASE = {"name": "oefen", "start_urls": ["https://oefen.test/nieuws"],
        "article_pattern": "^/nieuws/[^/]+$"}


def test_feeds_and_sitemaps_are_kept_in_order() -> None:
    profile = profile_from_dict({**BASE, "feeds": ["https://oefen.test/rss.xml"],
                                 "sitemaps": ["https://oefen.test/news.xml",
                                              "https://oefen.test/sitemap.xml"]})
    assert profile.feeds == ("https://oefen.test/rss.xml",)
    assert profile.sitemaps == ("https://oefen.test/news.xml", "https://oefen.test/sitemap.xml")
    assert default_profile().feeds == () and default_profile().sitemaps == ()


@pytest.mark.parametrize(("key", "value", "message"), [
    ("feeds", ["https://elders.test/rss.xml"], "not on the allowed hosts"),
    ("sitemaps", ["/sitemap.xml"], "not an absolute http"),
    ("feeds", "https://oefen.test/rss.xml", "list of strings"),
])
def test_bad_sources_are_a_config_error(key: str, value: object, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        profile_from_dict({**BASE, key: value})
