"""The one URL normal form: what is one page, and which links are refused."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from anp_archive.urls import MAX_URL_LENGTH, UrlForm, clean, identity_key


def test_variants_of_one_page_share_one_key() -> None:
    variants = [
        "https://www.zeelandnet.nl/nieuws/aex",
        "https://www.zeelandnet.nl/nieuws/aex/",
        "https://www.zeelandnet.nl/nieuws/aex?utm_campaign=x&utm_source=nb",
        "https://WWW.ZeelandNet.nl:443/nieuws/aex#reacties",
        "https://www.zeelandnet.nl./nieuws/%61ex",
        "https://www.zeelandnet.nl/nieuws/aex?fbclid=abc123",
    ]
    keys = {identity_key(v) for v in variants}
    assert keys == {"https://www.zeelandnet.nl/nieuws/aex"}


def test_query_is_sorted_and_kept_but_tracking_dropped() -> None:
    assert clean("http://h.nl/lijst?page=2&id=7&utm_medium=rss") == "http://h.nl/lijst?id=7&page=2"
    # Repeated names keep their order: the sort is stable.
    assert clean("http://h.nl/z?b=2&a=1&b=1") == "http://h.nl/z?a=1&b=2&b=1"


def test_percent_escapes_upper_case_reserved_ones_kept() -> None:
    assert clean("http://h.nl/caf%c3%a9/a%2fb") == "http://h.nl/caf%C3%A9/a%2Fb"


def test_clean_keeps_trailing_slash_and_non_default_port() -> None:
    # What is fetched keeps the slash (servers may redirect otherwise); the key drops it.
    assert clean("http://127.0.0.1:8080/nieuws/") == "http://127.0.0.1:8080/nieuws/"
    assert identity_key("http://127.0.0.1:8080/nieuws/") == "http://127.0.0.1:8080/nieuws"
    assert clean("http://h.nl:80/") == "http://h.nl/"


def test_www_and_scheme_fold_only_when_the_profile_says_so() -> None:
    a, b = "http://www.zeelandnet.nl/nieuws/x", "https://zeelandnet.nl/nieuws/x"
    assert identity_key(a) != identity_key(b)
    form = UrlForm(fold_www=True, fold_scheme=True)
    assert identity_key(a, form) == identity_key(b, form) == "https://zeelandnet.nl/nieuws/x"


def test_malformed_and_overlong_links_are_refused_not_raised() -> None:
    for bad in [
        "https://www.zee[landnet.nl/nieuws/x",
        "http://[::1/nieuws",
        "http://h.nl:99999/",
        "http://h.nl:port/",
        "mailto:redactie@example.nl",
        "http:///nieuws",
        "http://user:pw@h.nl/",
        "http://h.nl/" + "a" * MAX_URL_LENGTH,
    ]:
        assert clean(bad) is None, bad
        assert identity_key(bad) is None, bad


@given(st.text(max_size=200))
def test_never_raises_and_is_idempotent(text: str) -> None:
    for url in (text, "http://h.nl/" + text, "https://" + text):
        key = identity_key(url)
        if key is not None:
            assert identity_key(key) == key
            assert len(key) <= MAX_URL_LENGTH


def test_page_key_is_identity_key_wherever_that_accepts_the_link() -> None:
    from anp_archive.urls import page_key

    form = UrlForm(fold_www=True)
    for url in ["https://www.zeelandnet.nl/nieuws/aex/?utm_campaign=x",
                "HTTP://h.nl:80/%7ebeurs/a?b=2&a=1#x", "https://[::1]:8080/nieuws/"]:
        assert page_key(url) == identity_key(url)
        assert page_key(url, form) == identity_key(url, form)
    # What only a fetch refuses still has a key: a link too long to crawl is a link.
    long_link = "https://h.nl/nieuws/a?k=" + "x" * MAX_URL_LENGTH
    assert identity_key(long_link) is None
    assert page_key(long_link + "&utm_source=nb") == long_link
    for bad in ["http://[::1/nieuws", "mailto:redactie@example.nl", "http://user:pw@h.nl/"]:
        assert page_key(bad) is None


def test_one_tracking_list_for_crawler_and_store() -> None:
    # ``ref`` and ``xtor`` were dropped by the store's former list only.
    assert clean("https://h.nl/a?xtor=RSS-1&id=3&ref=rss&REF=x") == "https://h.nl/a?id=3"


def test_spellings_are_the_twins_a_folding_profile_makes_one_page() -> None:
    from anp_archive.urls import spellings

    url = "http://www.h.nl/nieuws/a/?utm_source=nb"
    assert spellings(url, UrlForm()) == ("http://www.h.nl/nieuws/a",)
    assert spellings(url, UrlForm(fold_www=True)) == (
        "http://www.h.nl/nieuws/a", "http://h.nl/nieuws/a")
    assert set(spellings(url, UrlForm(fold_www=True, fold_scheme=True))) == {
        "http://www.h.nl/nieuws/a", "http://h.nl/nieuws/a",
        "https://www.h.nl/nieuws/a", "https://h.nl/nieuws/a"}
    assert spellings("http://[bad/", UrlForm(fold_www=True)) == ()


@given(st.text(max_size=200))
def test_page_key_never_raises_and_is_idempotent(text: str) -> None:
    from anp_archive.urls import page_key

    for url in (text, "http://h.nl/" + text, "https://www." + text):
        key = page_key(url)
        if key is not None:
            assert page_key(key) == key
        crawl = identity_key(url)
        assert crawl is None or crawl == key
