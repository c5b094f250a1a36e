"""Every httpx exception is translated into a FetchError at the boundary; none escapes.

Walks httpx's exception classes (as httpx's own tests walk httpcore's), so a class added
in a future httpx release fails here until it has a mapping.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable

import httpx
import pytest
import respx

from anp_archive.errors import FetchError, HTTPStatusError
from anp_archive.fetch import Fetcher
from anp_archive.fetch._translate import HTTPX_ERRORS, is_retryable_error, translate_error

URL = "https://news.test/nieuws/x"
REQUEST = httpx.Request("GET", URL)


def _httpx_exception_classes() -> list[type[Exception]]:
    classes = {
        obj
        for _, obj in inspect.getmembers(httpx, inspect.isclass)
        if issubclass(obj, Exception) and obj.__module__.startswith("httpx")
    }
    # ... and their subclasses, in case one is not exported at the top level.
    todo = list(classes)
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub.__module__.startswith("httpx") and sub not in classes:
                classes.add(sub)
                todo.append(sub)
    return sorted(classes, key=lambda c: c.__name__)


def _instance(cls: type[Exception]) -> Exception:
    if issubclass(cls, httpx.HTTPStatusError):
        return cls("boom", request=REQUEST, response=httpx.Response(502, request=REQUEST))
    if issubclass(cls, httpx.RequestError):
        return cls("boom", request=REQUEST)
    try:
        return cls("boom")
    except TypeError:
        return cls()


EXCEPTIONS = _httpx_exception_classes()


def test_the_walk_finds_httpx_exceptions() -> None:
    names = {cls.__name__ for cls in EXCEPTIONS}
    assert {"ConnectTimeout", "ReadError", "RemoteProtocolError", "InvalidURL"} <= names
    assert {"StreamConsumed", "CookieConflict", "HTTPStatusError", "DecodingError"} <= names
    assert len(EXCEPTIONS) >= 25


@pytest.mark.parametrize("cls", EXCEPTIONS, ids=lambda c: c.__name__)
def test_every_httpx_exception_is_caught_at_the_boundary(cls: type[Exception]) -> None:
    assert issubclass(cls, HTTPX_ERRORS), f"{cls.__name__} would escape the fetcher"


@pytest.mark.parametrize("cls", EXCEPTIONS, ids=lambda c: c.__name__)
def test_every_httpx_exception_translates_to_a_one_line_fetch_error(
    cls: type[Exception],
) -> None:
    exc = _instance(cls)
    error = translate_error(exc, URL, attempts=2)
    assert isinstance(error, FetchError)
    assert error.url == URL
    assert cls.__name__ in str(error)
    assert "\n" not in str(error)
    assert URL in str(error)
    if issubclass(cls, httpx.HTTPStatusError):
        assert isinstance(error, HTTPStatusError) and error.status == 502
    else:
        assert error.status is None


@pytest.mark.parametrize("cls", EXCEPTIONS, ids=lambda c: c.__name__)
async def test_every_httpx_exception_from_the_transport_leaves_as_fetch_error(
    cls: type[Exception], router: respx.MockRouter, make_fetcher: Callable[..., Fetcher]
) -> None:
    exc = _instance(cls)
    route = router.get(URL).mock(side_effect=exc)
    async with make_fetcher(delay_s=0, retries=1) as fetcher:
        with pytest.raises(FetchError) as info:
            await fetcher.fetch(URL)
    assert info.value.__cause__ is exc
    assert info.value.url == URL
    # transient failures were retried once; the rest were not
    assert route.call_count == (2 if is_retryable_error(exc) else 1)


@pytest.mark.parametrize(
    ("cls", "retryable"),
    [
        (httpx.ConnectError, True),
        (httpx.ConnectTimeout, True),
        (httpx.ReadTimeout, True),
        (httpx.PoolTimeout, True),
        (httpx.ReadError, True),
        (httpx.RemoteProtocolError, True),
        (httpx.LocalProtocolError, False),
        (httpx.UnsupportedProtocol, False),
        (httpx.DecodingError, False),
        (httpx.InvalidURL, False),
    ],
)
def test_which_failures_are_retried(cls: type[Exception], retryable: bool) -> None:
    assert is_retryable_error(_instance(cls)) is retryable


def test_timeout_error_from_the_overall_deadline_is_retryable_and_translated() -> None:
    error = translate_error(TimeoutError(), URL)
    assert is_retryable_error(TimeoutError())
    assert "timed out" in str(error)
    assert type(error) is FetchError
