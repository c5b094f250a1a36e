"""anp-archive: scrape, parse and archive ANP wire-news pages.

The public API is what ``__all__`` lists; everything else is internal.
"""

from __future__ import annotations

from anp_archive.errors import (
    AnpArchiveError,
    ConfigError,
    FetchError,
    LayoutChangedError,
    LockHeldError,
    ParseError,
    StoreError,
)
from anp_archive.models import Capture, Dateline, LatestItem, Lead, Page, TickerItem

__all__ = [
    "AnpArchiveError",
    "Capture",
    "ConfigError",
    "Dateline",
    "FetchError",
    "LatestItem",
    "Lead",
    "LayoutChangedError",
    "LockHeldError",
    "Page",
    "ParseError",
    "StoreError",
    "TickerItem",
    "__version__",
]

__version__ = "0.1.0"
