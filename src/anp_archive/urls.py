"""One normal form for the URLs a crawl meets and the archive keys, so one page is one page.

Two forms, both from :func:`clean` and :func:`identity_key`:

- the *clean* URL is what gets fetched: scheme and host in lower case, no trailing dot on
  the host, no default port, no fragment, tracking parameters (``utm_*``, ``fbclid``...)
  dropped, the query sorted by name, percent-escapes in upper case and escaped unreserved
  characters (``%41``) decoded. A server sees the same page it would have served for the
  link as written;
- the *identity key* also drops a trailing slash (``/aex/`` and ``/aex`` are one page on
  every site the archive knows) and, when the site profile says so (``fold_www``,
  ``fold_scheme``), the ``www.`` prefix and http vs https. It is what "seen before" means.

A link that is not a valid http(s) URL (a ``[`` in the host, a port out of range, bytes
httpx refuses) or is longer than :data:`MAX_URL_LENGTH` gives None: the crawler counts
and skips it. Nothing here raises.

The store keys the links of stories it holds by :func:`page_key`, the same key without the
two questions only a fetch needs answered (is it short enough to be worth fetching, does
httpx accept it): a 3 kB ticker link is still one story's link, and the store (and
``anp-archive show``) need not import httpx for it. For every URL :func:`identity_key`
accepts, the two agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

__all__ = [
    "MAX_URL_LENGTH",
    "TRACKING_PARAMETERS",
    "TRACKING_PREFIXES",
    "UrlForm",
    "clean",
    "identity_key",
    "page_key",
    "site_name",
    "spellings",
]

#: Links longer than this are refused. Browsers and CDNs cap near 2 KiB to 8 KiB; no
#: article URL comes near it, while crawler traps (session ids, endless query strings) do.
MAX_URL_LENGTH = 2048

#: Query parameters that say who sent the reader, never which page: dropped. The one list
#: for the crawler and the store (``ref`` and ``xtor``, AT Internet's campaign tag, came
#: from the store's former list).
TRACKING_PARAMETERS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "msclkid",
        "yclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "ocid",
        "ref",
        "xtor",
    }
)
#: Parameter name prefixes with the same meaning (``utm_source``, ``utm_campaign``...).
TRACKING_PREFIXES = ("utm_",)

_SCHEMES = ("http", "https")
_DEFAULT_PORTS = {"http": 80, "https": 443}
_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


@dataclass(frozen=True, slots=True)
class UrlForm:
    """How one site spells its URLs: whether ``www.`` and the scheme are one site."""

    fold_www: bool = False
    fold_scheme: bool = False


def _escape_blanks(part: str) -> str:
    # Blanks and control characters are percent-encoded, as browsers do (WHATWG URL, C0
    # control set): left raw at the end of a path, a later strip() would make another key.
    return "".join(
        quote(ch, safe="") if ch.isspace() or not ch.isprintable() else ch for ch in part
    )


def _escape_case(part: str) -> str:
    """Percent-escapes in upper case; escaped unreserved characters decoded (RFC 3986 6.2.2)."""

    def fix(match: re.Match[str]) -> str:
        char = chr(int(match.group(1), 16))
        return char if char in _UNRESERVED else f"%{match.group(1).upper()}"

    return _ESCAPE.sub(fix, part)


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in TRACKING_PARAMETERS or lowered.startswith(TRACKING_PREFIXES)


def _query(query: str) -> str:
    if not query:
        return ""
    pairs = [
        (k, v) for k, v in parse_qsl(query, keep_blank_values=True) if not _is_tracking(k)
    ]
    # A stable sort: repeated names keep their order, which some sites give meaning.
    pairs.sort(key=lambda kv: kv[0])
    return urlencode(pairs, quote_via=quote, safe="/:@!$'()*+,;")


def _normal(url: str) -> str | None:
    """:func:`clean` without the length cap and without asking httpx."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        host = parts.hostname  # lower case; raises for a malformed IPv6 literal
        port = parts.port  # raises for a port out of range or not a number
    except ValueError:
        return None
    if scheme not in _SCHEMES or not host:
        return None
    host = host.rstrip(".")
    if not host:
        return None
    if ":" in host:
        host = f"[{host}]"
    netloc = host if port is None or port == _DEFAULT_PORTS[scheme] else f"{host}:{port}"
    if parts.username or parts.password:
        return None  # credentials in a link are a trap, never a news page
    path = _escape_case(_escape_blanks(parts.path)) or "/"
    return urlunsplit((scheme, netloc, path, _query(parts.query), ""))


def _fetchable(url: str) -> bool:
    # Imported here: the store keys URLs through this module and knows no HTTP, and
    # commands that never fetch should not pay for importing httpx.
    import httpx

    try:
        httpx.URL(url)
    except (httpx.InvalidURL, ValueError):
        return False
    return True


def clean(url: str) -> str | None:
    """``url`` in the form to fetch (see the module docstring); None when malformed."""
    if not isinstance(url, str) or len(url) > MAX_URL_LENGTH:
        return None
    result = _normal(url)
    # httpx is what fetches; a URL it refuses would fail every run that meets it.
    if result is None or len(result) > MAX_URL_LENGTH or not _fetchable(result):
        return None
    return result


def _fold(normal: str, form: UrlForm | None) -> str:
    form = form or UrlForm()
    parts = urlsplit(normal)
    scheme, netloc, path = parts.scheme, parts.netloc, parts.path
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    if form.fold_scheme:
        scheme = "https"
    if form.fold_www and netloc.startswith("www."):
        netloc = netloc[4:]
    return urlunsplit((scheme, netloc, path, parts.query, ""))


def identity_key(url: str, form: UrlForm | None = None) -> str | None:
    """The key under which ``url`` counts as one page of its site; None when malformed."""
    cleaned = clean(url)
    return None if cleaned is None else _fold(cleaned, form)


def page_key(url: str, form: UrlForm | None = None) -> str | None:
    """:func:`identity_key`, also for links too long or too odd to fetch; None when ``url``
    is not an http(s) URL at all (see the module docstring)."""
    if not isinstance(url, str):
        return None
    normal = _normal(url)
    return None if normal is None else _fold(normal, form)


def spellings(url: str, form: UrlForm) -> tuple[str, ...]:
    """The :func:`page_key` forms (unfolded) of every URL that ``form`` makes one page with
    ``url``: ``url``'s own first, then its ``www.``/scheme twins. Empty when malformed.

    The store keys links unfolded (whether ``www.`` is one site is a profile's say, and
    one archive may hold several sites); a lookup for a site that folds asks for all of
    these.
    """
    own = page_key(url)
    if own is None:
        return ()
    parts = urlsplit(own)
    schemes = ("https", "http") if form.fold_scheme else (parts.scheme,)
    bare = parts.netloc[4:] if parts.netloc.startswith("www.") else parts.netloc
    hosts = (bare, f"www.{bare}") if form.fold_www else (parts.netloc,)
    found = [own]
    for scheme in schemes:
        for host in hosts:
            spelled = urlunsplit((scheme, host, parts.path, parts.query, ""))
            if spelled not in found:
                found.append(spelled)
    return tuple(found)


_LOOPBACK = frozenset({"localhost", "127.0.0.1", "[::1]", "localhost.localdomain"})


def site_name(host_entry: str) -> str:
    """The name that keys the run lock and the runs table for a site known only by its
    host (``--start-url``): ``www.`` dropped and every spelling of this machine
    (``localhost``, ``127.0.0.1``, ``[::1]``) one name, port kept, so two spellings of
    one site take the same lock.
    """
    host, port = host_entry.lower(), ""
    if host.startswith("["):
        end = host.find("]")
        if end != -1:
            host, port = host[: end + 1], host[end + 1 :]
    elif host.count(":") == 1:
        host, colon, rest = host.partition(":")
        port = colon + rest
    host = host.rstrip(".")
    if host in _LOOPBACK:
        host = "127.0.0.1"
    elif host.startswith("www."):
        host = host[4:]
    return host + port
