"""Site profiles: the built-in default, TOML files, --start-url scoping, one-line errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from anp_archive.errors import ConfigError
from anp_archive.profile import SiteProfile, default_profile, load_profile, profile_from_dict

GOOD = """
name = "voorbeeld"
start_urls = ["https://nieuws.example.nl/wire"]
article_pattern = '^/wire/[^/?]+$'
index_pattern = '^/wire/?(\\?page=\\d+)?$'

[hints]
title = "h1.kop"
"""


def test_default_profile_is_zeelandnet() -> None:
    profile = default_profile()
    assert profile.name == "zeelandnet"
    assert profile.start_urls == ("https://www.zeelandnet.nl/nieuws",)
    assert "www.zeelandnet.nl" in profile.allowed_hosts
    assert load_profile(None) == profile


@pytest.mark.parametrize(
    ("url", "article", "index"),
    [
        ("https://www.zeelandnet.nl/nieuws/kremlin-ontkent-gesprek", True, False),
        ("https://www.zeelandnet.nl/nieuws/buitenland", True, True),
        ("https://www.zeelandnet.nl/nieuws", False, True),
        ("https://www.zeelandnet.nl/nieuws/", False, True),
        ("https://www.zeelandnet.nl/nieuws/economie?page=3", False, True),
        ("https://www.zeelandnet.nl/nieuws/a/b", False, False),
        ("https://www.zeelandnet.nl/agenda/iets", False, False),
        ("https://evil.example.com/nieuws/kremlin-ontkent-gesprek", False, False),
        ("mailto:redactie@zeelandnet.nl", False, False),
    ],
)
def test_default_patterns(url: str, article: bool, index: bool) -> None:
    profile = default_profile()
    assert profile.is_article(url) is article
    assert profile.is_index(url) is index


def test_load_from_toml_file(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text(GOOD, encoding="utf-8")
    profile = load_profile(path)
    assert profile.name == "voorbeeld"
    # allowed_hosts defaults to the start URLs' hosts
    assert profile.allowed_hosts == frozenset({"nieuws.example.nl"})
    assert profile.hints == {"title": "h1.kop"}
    assert profile.is_article("https://nieuws.example.nl/wire/iets-gebeurd")
    assert profile.is_index("https://nieuws.example.nl/wire?page=2")
    assert not profile.is_article("https://www.zeelandnet.nl/wire/iets-gebeurd")


def test_start_url_overrides_and_scopes_to_its_host() -> None:
    profile = default_profile().with_start_url("http://127.0.0.1:8123/nieuws")
    assert profile.start_urls == ("http://127.0.0.1:8123/nieuws",)
    assert profile.allowed_hosts == frozenset({"127.0.0.1:8123"})
    assert not profile.is_allowed("http://127.0.0.1:9999/nieuws/iets")
    assert profile.is_article("http://127.0.0.1:8123/nieuws/iets")
    assert not profile.is_allowed("https://www.zeelandnet.nl/nieuws/iets")
    # Another site gets its own lock and runs-table key.
    assert profile.name == "127.0.0.1:8123"


def test_start_url_on_the_profiles_own_host_keeps_its_name() -> None:
    profile = default_profile().with_start_url("https://www.zeelandnet.nl/nieuws/binnenland")
    assert profile.name == "zeelandnet"


@pytest.mark.parametrize("url", ["nieuws", "ftp://x.example.nl/nieuws", "http://", "http://h:notaport/"])
def test_bad_start_url_is_a_config_error(url: str) -> None:
    with pytest.raises(ConfigError, match="--start-url"):
        default_profile().with_start_url(url)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name = ", "not valid TOML"),
        ('start_urls = ["https://a.example.nl/"]\narticle_pattern = "x"', "'name'"),
        ('name = "x"\narticle_pattern = "x"', "'start_urls'"),
        ('name = "x"\nstart_urls = ["https://a.example.nl/"]', "'article_pattern'"),
        ('name = "x"\nstart_urls = ["https://a.example.nl/"]\narticle_pattern = "("', "not a valid regex"),
        ('name = "x"\nstart_urls = ["https://a.example.nl/"]\narticle_pattern = "x"\nspeed = 3',
         "unknown key"),
        ('name = "x"\nstart_urls = ["https://a.example.nl/"]\nallowed_hosts = ["b.nl"]\n'
         'article_pattern = "x"', "not in allowed_hosts"),
        ('name = "x"\nstart_urls = ["https://a.example.nl/"]\narticle_pattern = "x"\n[hints]\nlead = 3',
         "[hints]"),
    ],
)
def test_bad_profile_is_one_line_config_error(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_profile(path)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_missing_profile_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read profile"):
        load_profile(tmp_path / "nope.toml")


def test_profile_from_dict_is_frozen() -> None:
    profile = profile_from_dict(
        {"name": "x", "start_urls": ["https://a.example.nl/"], "article_pattern": "^/a/"}
    )
    assert isinstance(profile, SiteProfile)
    with pytest.raises(AttributeError):
        profile.name = "y"  # type: ignore[misc]


def test_ipv6_start_url_is_allowed_by_profile_and_fetcher_alike() -> None:
    from anp_archive.fetch import FetchSettings

    profile = default_profile().with_start_url("http://[::1]:8080/nieuws")
    assert profile.allowed_hosts == frozenset({"[::1]:8080"})
    assert profile.is_article("http://[::1]:8080/nieuws/iets")
    assert not profile.is_allowed("http://[::1]:9999/nieuws/iets")
    fetch = FetchSettings(allowed_hosts=profile.allowed_hosts)
    for url in ("http://[::1]:8080/nieuws/iets", "http://[::1]:9999/nieuws/iets",
                "http://[::2]:8080/nieuws"):
        assert fetch.allows(url) is profile.is_allowed(url), url


@pytest.mark.parametrize(
    ("entry", "url"),
    [
        ("www.zeelandnet.nl.", "https://www.zeelandnet.nl/nieuws/x"),
        ("www.zeelandnet.nl", "https://www.zeelandnet.nl./nieuws/x"),
        ("WWW.ZeelandNet.NL", "https://www.zeelandnet.nl/nieuws/x"),
        ("::1", "http://[::1]/nieuws/x"),
        ("[::1]:8080", "http://[::1]:8080/nieuws/x"),
        ("127.0.0.1:8080", "http://127.0.0.1:8080/nieuws/x"),
    ],
)
def test_profile_hosts_match_as_the_fetcher_does(entry: str, url: str) -> None:
    from anp_archive.fetch import FetchSettings

    profile = profile_from_dict(
        {"name": "x", "start_urls": [url], "allowed_hosts": [entry],
         "article_pattern": "^/nieuws/"}
    )
    assert profile.is_article(url)
    assert FetchSettings(allowed_hosts=profile.allowed_hosts).allows(url)
    assert FetchSettings(allowed_hosts=frozenset({entry})).allows(url)


def test_trailing_dot_start_url_scopes_to_the_plain_host() -> None:
    profile = default_profile().with_start_url("https://www.zeelandnet.nl./nieuws")
    assert profile.allowed_hosts == frozenset({"www.zeelandnet.nl"})
    assert profile.name == "zeelandnet"
    assert profile.is_article("https://www.zeelandnet.nl/nieuws/iets")


def test_url_folds_come_from_the_profile() -> None:
    from anp_archive.urls import UrlForm

    data = {"name": "x", "start_urls": ["https://www.x.nl/nieuws"],
            "allowed_hosts": ["www.x.nl", "x.nl"], "article_pattern": "^/nieuws/"}
    assert profile_from_dict(data).url_form == UrlForm()
    folded = profile_from_dict({**data, "fold_www": True, "fold_scheme": True})
    assert folded.url_form == UrlForm(fold_www=True, fold_scheme=True)
    with pytest.raises(ConfigError, match="'fold_www' must be true or false"):
        profile_from_dict({**data, "fold_www": "ja"})
