"""anp-archive: scrape, parse and archive ANP wire-news pages.

The public API is what ``__all__`` lists; everything else is internal and may change.
``parse_page`` is pure; ``Archive`` is the database; ``Fetcher`` the polite HTTP client;
``scrape``/``reparse``/``import_paths`` join them.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the same names, for type checkers and editors
    from anp_archive.config import Settings, resolve_db_url
    from anp_archive.errors import (
        AnpArchiveError,
        ConfigError,
        ConnectionLostError,
        ConsentWallError,
        DatabaseLockedError,
        DatabasePermissionError,
        DatabaseUnavailableError,
        DiskFullError,
        EmptyInputError,
        FetchError,
        HTTPStatusError,
        InputTooLargeError,
        LayoutChangedError,
        LockHeldError,
        NoNewStoriesError,
        NotAnArchiveError,
        NotANewsPageError,
        NotFoundError,
        NothingFetchedError,
        PageTooComplexError,
        ParseError,
        QuerySyntaxError,
        RedirectError,
        ResponseTooLargeError,
        RobotsDisallowedError,
        RobotsUnreachableError,
        SchemaOutOfDateError,
        SchemaTooNewError,
        StoreError,
        UnsupportedContentError,
        URLTooLongError,
    )
    from anp_archive.fetch import Fetcher, FetchResult, FetchSettings
    from anp_archive.importer import ImportSummary, import_paths
    from anp_archive.models import Capture, Dateline, LatestItem, Lead, Page, TickerItem
    from anp_archive.parse import PARSER_VERSION, extract_links, parse_page, read_age
    from anp_archive.pipeline import ReparseSummary, RunSummary, reparse, scrape
    from anp_archive.profile import SiteProfile, default_profile, load_profile
    from anp_archive.store import Archive, IngestResult, SearchQuery

# Each public name and the module that holds it. Importing the package imports none of
# them: a name is loaded on first use (PEP 562), so `anp-archive --help` or a search does not
# pay for httpx, SQLAlchemy and Alembic that other commands need.
_EXPORTS: dict[str, str] = {
    "Settings": "anp_archive.config",
    "resolve_db_url": "anp_archive.config",
    "AnpArchiveError": "anp_archive.errors",
    "ConfigError": "anp_archive.errors",
    "ConnectionLostError": "anp_archive.errors",
    "ConsentWallError": "anp_archive.errors",
    "DatabaseLockedError": "anp_archive.errors",
    "DatabasePermissionError": "anp_archive.errors",
    "DatabaseUnavailableError": "anp_archive.errors",
    "DiskFullError": "anp_archive.errors",
    "EmptyInputError": "anp_archive.errors",
    "FetchError": "anp_archive.errors",
    "HTTPStatusError": "anp_archive.errors",
    "InputTooLargeError": "anp_archive.errors",
    "LayoutChangedError": "anp_archive.errors",
    "LockHeldError": "anp_archive.errors",
    "NoNewStoriesError": "anp_archive.errors",
    "NotANewsPageError": "anp_archive.errors",
    "NotAnArchiveError": "anp_archive.errors",
    "NotFoundError": "anp_archive.errors",
    "NothingFetchedError": "anp_archive.errors",
    "PageTooComplexError": "anp_archive.errors",
    "ParseError": "anp_archive.errors",
    "QuerySyntaxError": "anp_archive.errors",
    "RedirectError": "anp_archive.errors",
    "ResponseTooLargeError": "anp_archive.errors",
    "RobotsDisallowedError": "anp_archive.errors",
    "RobotsUnreachableError": "anp_archive.errors",
    "SchemaOutOfDateError": "anp_archive.errors",
    "SchemaTooNewError": "anp_archive.errors",
    "StoreError": "anp_archive.errors",
    "URLTooLongError": "anp_archive.errors",
    "UnsupportedContentError": "anp_archive.errors",
    "FetchResult": "anp_archive.fetch",
    "FetchSettings": "anp_archive.fetch",
    "Fetcher": "anp_archive.fetch",
    "ImportSummary": "anp_archive.importer",
    "import_paths": "anp_archive.importer",
    "Capture": "anp_archive.models",
    "Dateline": "anp_archive.models",
    "LatestItem": "anp_archive.models",
    "Lead": "anp_archive.models",
    "Page": "anp_archive.models",
    "TickerItem": "anp_archive.models",
    "PARSER_VERSION": "anp_archive.parse",
    "extract_links": "anp_archive.parse",
    "parse_page": "anp_archive.parse",
    "read_age": "anp_archive.parse",
    "ReparseSummary": "anp_archive.pipeline",
    "RunSummary": "anp_archive.pipeline",
    "reparse": "anp_archive.pipeline",
    "scrape": "anp_archive.pipeline",
    "SiteProfile": "anp_archive.profile",
    "default_profile": "anp_archive.profile",
    "load_profile": "anp_archive.profile",
    "Archive": "anp_archive.store",
    "IngestResult": "anp_archive.store",
    "SearchQuery": "anp_archive.store",
}

__all__ = [
    "PARSER_VERSION",
    "AnpArchiveError",
    "Archive",
    "Capture",
    "ConfigError",
    "ConnectionLostError",
    "ConsentWallError",
    "DatabaseLockedError",
    "DatabasePermissionError",
    "DatabaseUnavailableError",
    "Dateline",
    "DiskFullError",
    "EmptyInputError",
    "FetchError",
    "FetchResult",
    "FetchSettings",
    "Fetcher",
    "HTTPStatusError",
    "ImportSummary",
    "IngestResult",
    "InputTooLargeError",
    "LatestItem",
    "LayoutChangedError",
    "Lead",
    "LockHeldError",
    "NoNewStoriesError",
    "NotANewsPageError",
    "NotAnArchiveError",
    "NotFoundError",
    "NothingFetchedError",
    "Page",
    "PageTooComplexError",
    "ParseError",
    "QuerySyntaxError",
    "RedirectError",
    "ReparseSummary",
    "ResponseTooLargeError",
    "RobotsDisallowedError",
    "RobotsUnreachableError",
    "RunSummary",
    "SchemaOutOfDateError",
    "SchemaTooNewError",
    "SearchQuery",
    "Settings",
    "SiteProfile",
    "StoreError",
    "TickerItem",
    "URLTooLongError",
    "UnsupportedContentError",
    "__version__",
    "default_profile",
    "extract_links",
    "import_paths",
    "load_profile",
    "parse_page",
    "read_age",
    "reparse",
    "resolve_db_url",
    "scrape",
]

__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
