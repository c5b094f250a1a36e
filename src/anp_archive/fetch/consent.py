"""Recognise cookie/consent walls and interstitials, so they are never stored as content.

Two signals, both cheap: a redirect to a consent or privacy host or path (DPG Media's
``myprivacy.dpgmedia.nl``, ``consent.yahoo.com``, ``/cookiewall`` ...), and a 200 page whose
visible text is essentially a cookie notice. The page test is a word count, not a parse:
fetch never parses pages, and a wall is short, dominated by cookie/toestemming/privacy words
and lacks what every news page has (a dateline, age labels, a ``Meer uit`` heading).
"""

from __future__ import annotations

import html
import re
from urllib.parse import unquote, urlsplit

__all__ = ["is_consent_page", "is_consent_url"]

# The first label of a consent/CMP host: consent.example.com, myprivacy.dpgmedia.nl, ...
_CONSENT_HOST_LABELS = frozenset(
    {"consent", "myprivacy", "privacy", "cmp", "cookies", "cookie", "cookiewall", "gdpr"}
)
# A whole path segment that names a consent gate (not "privacy": that is the policy page).
_CONSENT_PATH_SEGMENTS = frozenset(
    {
        "consent",
        "consent-gate",
        "consentgate",
        "cookie-consent",
        "cookieconsent",
        "cookie-gate",
        "cookiegate",
        "cookie-wall",
        "cookiewall",
        "cookie_wall",
        "privacy-gate",
        "privacygate",
        "privacy-wall",
        "privacywall",
        "toestemming",
        "gdpr-consent",
    }
)

# News pages, as opposed to walls: a dateline "PLACE (ANP) -", an age label, "Meer uit".
_NEWS_BYTES = re.compile(
    rb"\((?:ANP|AFP|RTR|DPA|AP|BELGA|REUTERS)(?:/[A-Z]{2,})*\)"
    rb"|\d+\s+(?:minuten|minuut|uur|dagen|dag)\s+geleden"
    rb"|Meer uit ",
)
_CONSENT_BYTES = re.compile(rb"(?i)cookie|toestemming|consent")

_DROP_BLOCKS = re.compile(r"(?is)<(script|style|template|svg)\b.*?</\1\s*>|<!--.*?-->")
_TAGS = re.compile(r"(?s)<[^>]*>")
_WORDS = re.compile(r"\w+")

# Words that make up a cookie notice, Dutch and English; prefixes match inflections.
_STRONG = ("cookie", "toestemming", "consent")
_NOTICE = (
    *_STRONG,
    "akkoord",
    "accepte",
    "accept",
    "agree",
    "privacy",
    "partners",
    "instellingen",
    "voorkeuren",
    "weiger",
    "toestaan",
    "persoonsgegevens",
    "gegevens",
    "advertenties",
    "gepersonaliseerd",
    "tracking",
    "settings",
)

# A notice is short; a page with more words than this is a page with a banner at most.
_MAX_NOTICE_WORDS = 1500
_MIN_NOTICE_HITS = 3
_MIN_NOTICE_SHARE = 0.05


def is_consent_url(url: str) -> bool:
    """True when ``url`` points at a consent/privacy gate rather than content."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    host = (parts.hostname or "").lower()
    if host and host.split(".", 1)[0] in _CONSENT_HOST_LABELS:
        return True
    for segment in unquote(parts.path).lower().split("/"):
        name = segment.rsplit(".", 1)[0] if "." in segment else segment
        if segment in _CONSENT_PATH_SEGMENTS or name in _CONSENT_PATH_SEGMENTS:
            return True
    return False


def is_consent_page(body: bytes, encoding: str | None = None) -> bool:
    """True when an HTML body is a cookie notice instead of a news page.

    The common case is decided on the raw bytes: a page with a dateline, age label or
    ``Meer uit`` heading is news even with a cookie banner, and a page that never mentions
    cookies, consent or toestemming is not a wall.
    """
    if _NEWS_BYTES.search(body) or not _CONSENT_BYTES.search(body):
        return False
    text = _visible_text(body, encoding)
    words = [w.lower() for w in _WORDS.findall(text)]
    if not words or len(words) > _MAX_NOTICE_WORDS:
        return False
    hits = [w for w in words if w.startswith(_NOTICE)]
    strong = any(w.startswith(_STRONG) for w in hits)
    return strong and len(hits) >= _MIN_NOTICE_HITS and len(hits) / len(words) >= _MIN_NOTICE_SHARE


def _visible_text(body: bytes, encoding: str | None) -> str:
    try:
        text = body.decode(encoding or "utf-8", errors="replace")
    except LookupError:  # an unknown charset name in the header
        text = body.decode("utf-8", errors="replace")
    text = _DROP_BLOCKS.sub(" ", text)
    return html.unescape(_TAGS.sub(" ", text))
