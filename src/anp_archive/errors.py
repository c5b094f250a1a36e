"""The one error tree of anp-archive.

Every error the library raises on purpose is an ``AnpArchiveError``; anything else that
escapes is a bug. Each class carries the process exit code the CLI uses for it, so the
README's exit-code table and the CLI can never disagree::

    AnpArchiveError (1)
    ├── ConfigError (2)                 bad option, profile or database URL
    │   ├── QuerySyntaxError            a search query that cannot be parsed
    │   └── NotAnArchiveError           the database holds no anp-archive archive
    ├── LockHeldError (3)               another scrape of the same site is running
    ├── FetchError (1)                  one request failed (carries url, status)
    │   ├── NothingFetchedError (4)     a run could fetch nothing at all
    │   ├── RobotsDisallowedError
    │   │   └── RobotsUnreachableError  robots.txt answered 5xx or not at all
    │   ├── ResponseTooLargeError
    │   ├── UnsupportedContentError     not HTML (PDF, image, ...)
    │   ├── ConsentWallError            a cookie wall or interstitial instead of content
    │   ├── RedirectError               off-site, looping or too many redirects
    │   ├── URLTooLongError             over fetch.MAX_URL_LENGTH characters; not fetched
    │   └── HTTPStatusError             4xx/5xx after retries
    ├── LayoutChangedError (5)          pages came in, but no dateline parsed anywhere
    │   └── NoNewStoriesError           no new story for --stale-after while the site answered
    ├── ParseError (6)                  input is not an ANP page
    │   ├── EmptyInputError
    │   ├── InputTooLargeError
    │   ├── PageTooComplexError         too deeply nested or too many elements
    │   └── NotANewsPageError           binary, or no dateline/ticker found
    └── StoreError (7)                  the database failed or refused
        ├── DatabaseUnavailableError    unreachable server, wrong password, not a database
        │   └── ConnectionLostError (13)  the server went away in the middle of the run
        ├── SchemaOutOfDateError (8)    run 'anp-archive db upgrade'
        ├── SchemaTooNewError (14)      made by a newer anp-archive; upgrade anp-archive
        ├── NotFoundError (9)           no such story
        ├── DiskFullError (10)          the disk (or the database's quota) is full
        ├── DatabaseLockedError (11)    another process held the database lock too long
        └── DatabasePermissionError (12)  the database file or server refused us access
"""

from __future__ import annotations

__all__ = [
    "AnpArchiveError",
    "ConfigError",
    "ConnectionLostError",
    "ConsentWallError",
    "DatabaseLockedError",
    "DatabasePermissionError",
    "DatabaseUnavailableError",
    "DiskFullError",
    "EmptyInputError",
    "FetchError",
    "HTTPStatusError",
    "InputTooLargeError",
    "LayoutChangedError",
    "LockHeldError",
    "NoNewStoriesError",
    "NotANewsPageError",
    "NotAnArchiveError",
    "NotFoundError",
    "NothingFetchedError",
    "PageTooComplexError",
    "ParseError",
    "QuerySyntaxError",
    "RedirectError",
    "ResponseTooLargeError",
    "RobotsDisallowedError",
    "RobotsUnreachableError",
    "SchemaOutOfDateError",
    "SchemaTooNewError",
    "StoreError",
    "URLTooLongError",
    "UnsupportedContentError",
]


class AnpArchiveError(Exception):
    """Root of every error anp-archive raises on purpose."""

    exit_code: int = 1


class ConfigError(AnpArchiveError):
    """A bad option, site profile or database URL."""

    exit_code = 2


class QuerySyntaxError(ConfigError):
    """A search query that cannot be parsed (an unclosed quote, a dangling OR, ...)."""


class NotAnArchiveError(ConfigError):
    """The file or database exists but holds no anp-archive archive; it is left untouched."""


class LockHeldError(AnpArchiveError):
    """Another run for the same site holds the lock."""

    exit_code = 3


class FetchError(AnpArchiveError):
    """A request failed; ``url`` and ``status`` (when there was a response) say which."""

    exit_code = 1

    def __init__(self, message: str, *, url: str | None = None, status: int | None = None):
        super().__init__(message)
        self.url = url
        self.status = status


class NothingFetchedError(FetchError):
    """A whole run fetched nothing: the site is unreachable or robots.txt forbids it."""

    exit_code = 4


class RobotsDisallowedError(FetchError):
    """robots.txt forbids the URL (or could not be read, which RFC 9309 treats alike)."""


class RobotsUnreachableError(RobotsDisallowedError):
    """robots.txt answered 5xx or not at all, so RFC 9309 has the site treated as disallowed."""


class ResponseTooLargeError(FetchError):
    """The body grew past the size cap; the rest was not read."""


class UnsupportedContentError(FetchError):
    """The response is not HTML (a PDF, an image, ...)."""


class ConsentWallError(FetchError):
    """A cookie/consent wall or interstitial came back instead of the page."""


class RedirectError(FetchError):
    """A redirect left the allowed hosts, looped, or went on too long."""


class URLTooLongError(FetchError):
    """The URL is longer than the fetcher's limit, so it was not requested."""


class HTTPStatusError(FetchError):
    """The server answered 4xx/5xx (after retries where they apply)."""


class LayoutChangedError(AnpArchiveError):
    """Pages were fetched but none had a dateline: the site's layout probably changed."""

    exit_code = 5


class NoNewStoriesError(LayoutChangedError):
    """The site answered, but no new story came in for ``--stale-after``: something changed."""


class ParseError(AnpArchiveError):
    """The input is not a page anp-archive can read."""

    exit_code = 6


class EmptyInputError(ParseError):
    """The input is empty or only whitespace."""


class InputTooLargeError(ParseError):
    """The input is over the parser's size cap."""


class PageTooComplexError(ParseError):
    """The markup is nested deeper or holds more elements than the parser's limits."""


class NotANewsPageError(ParseError):
    """The input is binary, or holds no dateline, lead or ticker."""


class StoreError(AnpArchiveError):
    """The database failed or refused an operation."""

    exit_code = 7


class DatabaseUnavailableError(StoreError):
    """The database cannot be opened: unreachable, wrong credentials, or not a database."""


class SchemaOutOfDateError(StoreError):
    """The database schema is behind this version of anp-archive."""

    exit_code = 8


class SchemaTooNewError(StoreError):
    """The database is at a schema revision this anp-archive does not know (a newer one)."""

    exit_code = 14


class NotFoundError(StoreError):
    """No story matches the given id or URL."""

    exit_code = 9


class DiskFullError(StoreError):
    """The disk (or the database server's) is full: nothing more can be written."""

    exit_code = 10


class DatabaseLockedError(StoreError):
    """Another process held the database's write lock for longer than we wait."""

    exit_code = 11


class DatabasePermissionError(StoreError):
    """The database file, its folder or the server refused access (read-only, no rights)."""

    exit_code = 12


class ConnectionLostError(DatabaseUnavailableError):
    """The connection to the database server broke during the run."""

    exit_code = 13
