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
    ConsentWallError,
    DatabaseUnavailableError,
    EmptyInputError,
    FetchError,
    HTTPStatusError,
    InputTooLargeError,
    LayoutChangedError,
    LockHeldError,
    NotANewsPageError,
    NotFoundError,
    NothingFetchedError,
    PageTooComplexError,
    ParseError,
    RedirectError,
    ResponseTooLargeError,
    RobotsDisallowedError,
    RobotsUnreachableError,
    SchemaOutOfDateError,
    StoreError,
    UnsupportedContentError,
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
    "ConsentWallError",
    "DatabaseUnavailableError",
    "Dateline",
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
    "NotANewsPageError",
    "NotFoundError",
    "NothingFetchedError",
    "Page",
    "PageTooComplexError",
    "ParseError",
    "RedirectError",
    "ReparseSummary",
    "ResponseTooLargeError",
    "RobotsDisallowedError",
    "RobotsUnreachableError",
    "RunSummary",
    "SchemaOutOfDateError",
    "SearchQuery",
    "Settings",
    "SiteProfile",
    "StoreError",
    "TickerItem",
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
