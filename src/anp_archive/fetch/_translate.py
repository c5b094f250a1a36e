"""Turn httpx's exceptions into anp-archive's FetchError tree, at the boundary.

As in httpx's own ``map_httpcore_exceptions``, the checks run from the most specific class
to the most general, so a ``ConnectTimeout`` is reported as a timeout (what the user can act
on: raise ``--timeout``) rather than as a generic transport failure. Every httpx exception,
including the ones outside ``httpx.HTTPError`` (``InvalidURL``, ``StreamError``,
``CookieConflict``), has a mapping; ``tests/fetch`` walks the classes to keep it so.
"""

from __future__ import annotations

import httpx

from anp_archive.errors import FetchError, HTTPStatusError

__all__ = ["HTTPX_ERRORS", "TruncatedBodyError", "is_retryable_error", "translate_error"]


class TruncatedBodyError(Exception):
    """The connection ended before Content-Length bytes came (internal; never escapes).

    h11 already reports most of these as ``RemoteProtocolError``; this catches the rest
    (other transports), so a partial body is retried and never becomes a capture.
    """


# Everything httpx raises on purpose; what the fetcher catches at its boundary.
HTTPX_ERRORS: tuple[type[Exception], ...] = (
    httpx.HTTPError,
    httpx.InvalidURL,
    httpx.StreamError,
    httpx.CookieConflict,
)

# Most specific first: the first match names the failure.
_DESCRIPTIONS: tuple[tuple[type[BaseException], str], ...] = (
    (httpx.ConnectTimeout, "timed out connecting"),
    (httpx.ReadTimeout, "timed out waiting for the server"),
    (httpx.WriteTimeout, "timed out sending the request"),
    (httpx.PoolTimeout, "timed out waiting for a free connection"),
    (httpx.TimeoutException, "timed out"),
    (TimeoutError, "timed out"),
    (TruncatedBodyError, "server closed the connection before the body was complete"),
    (httpx.ConnectError, "could not connect"),
    (httpx.ReadError, "connection broke while reading (reset by the server?)"),
    (httpx.WriteError, "connection broke while sending"),
    (httpx.CloseError, "connection failed while closing"),
    (httpx.NetworkError, "network error"),
    (httpx.RemoteProtocolError, "server broke off or garbled the response (truncated body?)"),
    (httpx.LocalProtocolError, "request could not be sent"),
    (httpx.ProtocolError, "HTTP protocol error"),
    (httpx.ProxyError, "proxy failed"),
    (httpx.UnsupportedProtocol, "unsupported URL scheme"),
    (httpx.TransportError, "transport error"),
    (httpx.DecodingError, "response body could not be decoded"),
    (httpx.TooManyRedirects, "too many redirects"),
    (httpx.RequestError, "request failed"),
    (httpx.HTTPStatusError, "server answered with an error status"),
    (httpx.HTTPError, "HTTP error"),
    (httpx.InvalidURL, "invalid URL"),
    (httpx.CookieConflict, "conflicting cookies"),
    (httpx.StreamError, "response stream misused"),
)

# Failures that may well not happen again: the network hiccuped or the server gave up.
_RETRYABLE: tuple[type[BaseException], ...] = (
    httpx.TimeoutException,
    TimeoutError,
    TruncatedBodyError,
    httpx.NetworkError,
    httpx.RemoteProtocolError,
    httpx.ProxyError,
)


def is_retryable_error(exc: BaseException) -> bool:
    """True for timeouts, connection errors and broken responses; False for our own mistakes."""
    return isinstance(exc, _RETRYABLE)


def translate_error(
    exc: BaseException, url: str, *, attempts: int = 1, timeout_s: float | None = None
) -> FetchError:
    """The FetchError to raise ``from exc``: one line, with ``url`` (and ``status``) set."""
    what = next((text for cls, text in _DESCRIPTIONS if isinstance(exc, cls)), "request failed")
    if timeout_s is not None and isinstance(exc, (TimeoutError, httpx.TimeoutException)):
        what += f" (limit {timeout_s:g} s)"
    detail = " ".join(str(exc).split())
    name = type(exc).__name__
    cause = f"{name}: {detail}" if detail else name
    tries = f" after {attempts} attempts" if attempts > 1 else ""
    message = f"GET {url} failed{tries}: {what} ({cause})"
    if isinstance(exc, httpx.HTTPStatusError):
        return HTTPStatusError(message, url=url, status=exc.response.status_code)
    return FetchError(message, url=url)
