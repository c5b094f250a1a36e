"""anp-archive: scrape, parse and archive ANP wire-news pages.

The public API is what ``__all__`` lists; everything else is internal and may change.
``parse_page`` is pure; ``Archive`` is the database; ``Fetcher`` the polite HTTP client;
``scrape``/``reparse``/``import_paths`` join them.
"""

from __future__ import annotations

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
