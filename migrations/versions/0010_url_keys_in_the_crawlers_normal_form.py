"""A story's URL keys are made by the crawler's normal form, so old archives find their stories.

The store used to key a story's links (``story_keys`` rows of kind ``url``, each the hash
``key_hash("url", url_key)``) by its own URL normalisation: query order, default ports and
percent-escape case kept, a shorter tracking-parameter list. It now keys them by the
crawler's (``anp_archive.urls.page_key``, through ``identity.normalise_url``), so a ticker
link spelled ``?b=2&a=1``, ``:443`` or ``%7e`` finds the story its article made. This
migration re-keys every link the archive still holds: ``stories.url``,
``story_revisions.url`` and the URL of each capture a story was the lead of.

Per story, the old key of each of those links is replaced by its new key. Old keys that no
stored link gives (a ticker link that joined a story by its text and was stored nowhere
else) stay: they can only match a link with that very old normal form, which the new one
folds the same way, so they never join two pages; ``anp-archive reparse --all`` re-keys
them from the captures. The downgrade does the reverse.

Both normal forms are frozen here (a migration must not change with the code); a test
checks that the new one agrees with the store's.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

BATCH = 2000

# -- the store's normal form up to 0009 ------------------------------------------------
_OLD_TRACKING = ("utm_", "fbclid=", "gclid=", "ref=", "xtor=")


def old_url_key(url: str) -> str:
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url.strip()
    path = parts.path.rstrip("/") or "/"
    query = "&".join(
        pair
        for pair in parts.query.split("&")
        if pair and not pair.lower().startswith(_OLD_TRACKING)
    )
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, query, ""))


# -- the crawler's normal form from 0010 on (``anp_archive.urls.page_key``, unfolded) ---
TRACKING_PARAMETERS = frozenset(
    {"fbclid", "gclid", "dclid", "msclkid", "yclid", "igshid", "mc_cid", "mc_eid", "_ga",
     "_gl", "ocid", "ref", "xtor"}
)
TRACKING_PREFIXES = ("utm_",)
_DEFAULT_PORTS = {"http": 80, "https": 443}
_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


def _escape_blanks(part: str) -> str:
    # Blanks and control characters are percent-encoded, as browsers do (WHATWG URL, C0
    # control set): left raw at the end of a path, a later strip() would make another key.
    return "".join(
        quote(ch, safe="") if ch.isspace() or not ch.isprintable() else ch for ch in part
    )


def _escape_case(part: str) -> str:
    def fix(match: re.Match[str]) -> str:
        char = chr(int(match.group(1), 16))
        return char if char in _UNRESERVED else f"%{match.group(1).upper()}"

    return _ESCAPE.sub(fix, part)


def _query(query: str) -> str:
    if not query:
        return ""
    pairs = [
        (k, v)
        for k, v in parse_qsl(query, keep_blank_values=True)
        if not (k.lower() in TRACKING_PARAMETERS or k.lower().startswith(TRACKING_PREFIXES))
    ]
    pairs.sort(key=lambda kv: kv[0])
    return urlencode(pairs, quote_via=quote, safe="/:@!$'()*+,;")


def _page_key(url: str) -> str | None:
    url = url.strip()
    try:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        host = parts.hostname
        port = parts.port
    except ValueError:
        return None
    if scheme not in _DEFAULT_PORTS or not host:
        return None
    host = host.rstrip(".")
    if not host:
        return None
    if ":" in host:
        host = f"[{host}]"
    netloc = host if port is None or port == _DEFAULT_PORTS[scheme] else f"{host}:{port}"
    if parts.username or parts.password:
        return None
    path = _escape_case(_escape_blanks(parts.path)) or "/"
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    return urlunsplit((scheme, netloc, path, _query(parts.query), ""))


def new_url_key(url: str) -> str:
    return _page_key(url) or url.strip()


def url_key_hash(url_key: str) -> str:
    # ``identity.key_hash("url", url_key)``
    return hashlib.sha256(f"url\x1f{url_key}".encode()).hexdigest()[:40]


def _links(conn: sa.Connection, low: int, high: int) -> dict[int, set[str]]:
    """Every link the stories ``low``..``high`` are stored under."""
    found: dict[int, set[str]] = {}
    queries = (
        "SELECT id, url FROM stories WHERE id BETWEEN :low AND :high AND url IS NOT NULL",
        "SELECT story_id, url FROM story_revisions "
        "WHERE story_id BETWEEN :low AND :high AND url IS NOT NULL",
        "SELECT g.story_id, c.url FROM sightings g JOIN captures c ON c.id = g.capture_id "
        "WHERE g.story_id BETWEEN :low AND :high AND g.role = 'lead' AND c.url IS NOT NULL",
    )
    for sql in queries:
        for story_id, url in conn.execute(sa.text(sql), {"low": low, "high": high}):
            found.setdefault(int(story_id), set()).add(str(url))
    return found


def _rekey(stale: Callable[[str], str], fresh: Callable[[str], str]) -> None:
    conn = op.get_bind()
    last = 0
    while True:
        ids = conn.execute(
            sa.text("SELECT id FROM stories WHERE id > :last ORDER BY id LIMIT :n"),
            {"last": last, "n": BATCH},
        ).scalars().all()
        if not ids:
            return
        low, high = int(ids[0]), int(ids[-1])
        last = high
        existing = {
            (int(s), str(k))
            for s, k in conn.execute(
                sa.text("SELECT story_id, key FROM story_keys "
                        "WHERE kind = 'url' AND story_id BETWEEN :low AND :high"),
                {"low": low, "high": high},
            )
        }
        drop: set[tuple[int, str]] = set()
        add: set[tuple[int, str]] = set()
        for story_id, urls in _links(conn, low, high).items():
            wanted = {url_key_hash(fresh(u)) for u in urls}
            for url in urls:
                old = (story_id, url_key_hash(stale(url)))
                if old[1] not in wanted and old in existing:
                    drop.add(old)
            add |= {(story_id, k) for k in wanted} - existing
        if drop:
            conn.execute(
                sa.text("DELETE FROM story_keys WHERE story_id = :s AND key = :k"),
                [{"s": s, "k": k} for s, k in sorted(drop)],
            )
        if add:
            conn.execute(
                sa.text("INSERT INTO story_keys (story_id, kind, key, text_key) "
                        "VALUES (:s, 'url', :k, NULL)"),
                [{"s": s, "k": k} for s, k in sorted(add)],
            )


def upgrade() -> None:
    _rekey(old_url_key, new_url_key)


def downgrade() -> None:
    _rekey(new_url_key, old_url_key)
