"""Fetching: polite, safe HTTP for a scrape run (robots.txt, delays, retries, caps).

The public surface is :class:`Fetcher`, its :class:`FetchSettings` and the
:class:`FetchResult` it returns; failures are :class:`~anp_archive.errors.FetchError`
subclasses. The fetcher knows no SQL and never parses pages.
"""

from __future__ import annotations

from anp_archive.fetch.client import (
    HTML_TYPES,
    MAX_URL_LENGTH,
    XML_TYPES,
    Fetcher,
    FetchResult,
    FetchSettings,
    allowed_host,
    host_allowed,
    normalise_host,
)
from anp_archive.fetch.consent import is_consent_page, is_consent_url
from anp_archive.fetch.retry import parse_retry_after

__all__ = [
    "HTML_TYPES",
    "MAX_URL_LENGTH",
    "XML_TYPES",
    "FetchResult",
    "FetchSettings",
    "Fetcher",
    "allowed_host",
    "host_allowed",
    "is_consent_page",
    "is_consent_url",
    "normalise_host",
    "parse_retry_after",
]
