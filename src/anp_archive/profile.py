"""Site profiles: which pages a scrape starts from, may visit, and treats as articles.

A profile is a small TOML file (see ``profiles/zeelandnet.toml``, the built-in default), so
pointing the scraper at another site that republishes the ANP wire needs no code. The
patterns are regular expressions on the URL *path* (plus ``?query`` when present), because
hosts are already checked by ``allowed_hosts`` and the fetcher.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import re2

from anp_archive.errors import ConfigError
from anp_archive.fetch import allowed_host, host_allowed, normalise_host
from anp_archive.urls import UrlForm, site_name

__all__ = [
    "DEFAULT_PROFILE_NAME",
    "SiteProfile",
    "default_profile",
    "load_profile",
    "profile_from_dict",
]

DEFAULT_PROFILE_NAME = "zeelandnet"


@dataclass(frozen=True, slots=True)
class SiteProfile:
    """What a scrape of one site may fetch and how it recognises article and index pages."""

    name: str
    start_urls: tuple[str, ...]
    allowed_hosts: frozenset[str]
    article_pattern: re.Pattern[str]
    index_pattern: re.Pattern[str] | None = None
    hints: Mapping[str, str] = field(default_factory=dict)
    # The patterns as RE2 compiled them: every link a site sends is matched in time linear
    # in its length. Python's backtracking engine took minutes on `(y+)+z` against one
    # 8 kB link, freezing the scrape.
    _article_re2: Any = field(init=False, repr=False, compare=False, default=None)
    _index_re2: Any = field(init=False, repr=False, compare=False, default=None)
    #: Pages that should always carry datelined wire items (section pages): when none of
    #: those a run reads carries one, the run exits 5 even if other pages still parse.
    wire_pattern: re.Pattern[str] | None = None
    #: Whether ``www.`` and http/https name one site (``fold_www``, ``fold_scheme``).
    url_form: UrlForm = field(default_factory=UrlForm)
    #: RSS/Atom feeds and sitemaps to read on every run, besides those robots.txt and
    #: the pages declare (absolute URLs on the allowed hosts).
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # The one normal form (lower case, no trailing dot, IPv6 in brackets) the fetcher
        # compares against.
        hosts = frozenset(normalise_host(h) for h in self.allowed_hosts)
        object.__setattr__(self, "allowed_hosts", hosts)
        object.__setattr__(self, "_article_re2", _linear_time(self.article_pattern))
        if self.index_pattern is not None:
            object.__setattr__(self, "_index_re2", _linear_time(self.index_pattern))

    def with_start_url(self, url: str) -> SiteProfile:
        """This profile pointed at ``url`` alone, scoped to that URL's host (``--start-url``).

        Raises:
            ConfigError: ``url`` is not an absolute http(s) URL.
        """
        host = _host_of(url, what="--start-url")
        # The name keys the run lock and the runs table: another site gets its own, so
        # scrapes of different sites into one archive do not block each other.
        name = self.name if self.is_allowed(url) else site_name(host)
        return replace(self, name=name, start_urls=(url,), allowed_hosts=frozenset({host}))

    def _target(self, url: str) -> str | None:
        # The host check is the fetcher's own, so the profile never lets through (or
        # keeps out) a URL the fetcher would judge otherwise.
        if not host_allowed(url, self.allowed_hosts):
            return None
        try:
            parts = urlsplit(url)
        except ValueError:
            return None
        path = parts.path or "/"
        return f"{path}?{parts.query}" if parts.query else path

    def is_allowed(self, url: str) -> bool:
        """True when ``url`` is http(s) on one of the allowed hosts."""
        return self._target(url) is not None

    def is_article(self, url: str) -> bool:
        """True for an allowed URL whose path matches ``article_pattern``."""
        target = self._target(url)
        return target is not None and self._article_re2.search(target) is not None

    def is_wire_page(self, url: str) -> bool:
        """True for an allowed URL whose path matches ``wire_pattern``."""
        target = self._target(url)
        if target is None or self.wire_pattern is None:
            return False
        return self.wire_pattern.search(target) is not None

    def is_index(self, url: str) -> bool:
        """True for an allowed URL whose path matches ``index_pattern`` (a section/list page)."""
        target = self._target(url)
        if target is None or self._index_re2 is None:
            return False
        return self._index_re2.search(target) is not None


def _linear_time(pattern: re.Pattern[str]) -> Any:
    """``pattern`` compiled by RE2, which never backtracks.

    Raises:
        ConfigError: the pattern uses what only a backtracking engine can do
            (back-references, look-arounds).
    """
    source = f"(?i){pattern.pattern}" if pattern.flags & re.IGNORECASE else pattern.pattern
    options = re2.Options()
    options.log_errors = False  # the ConfigError says it; no stray log line on stderr
    try:
        return re2.compile(source, options)
    except re2.error as exc:
        raise ConfigError(
            f"pattern {pattern.pattern!r} uses syntax RE2 does not support (back-references "
            f"or look-arounds; {exc}); profile patterns are matched in linear time so no link "
            "can freeze a scrape"
        ) from None


def _host_of(url: str, *, what: str) -> str:
    """The allowed_hosts entry for ``url``: :func:`anp_archive.fetch.allowed_host`.

    ``127.0.0.1:8080`` scopes a run to that one local server, not every server on the
    machine; ``[::1]:8080`` likewise.
    """
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError as exc:
        raise ConfigError(f"{what}: {url!r} is not a valid URL ({exc})") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"{what}: {url!r} is not an absolute http(s) URL")
    try:
        return allowed_host(url)
    except ConfigError as exc:  # httpx is stricter than urlsplit about some hosts
        raise ConfigError(f"{what}: {exc}") from None


def _compile(value: Any, key: str, source: str) -> re.Pattern[str]:
    if not isinstance(value, str) or not value:
        raise ConfigError(f"profile {source}: {key!r} must be a non-empty string (a regex)")
    try:
        return re.compile(value)
    except re.error as exc:
        raise ConfigError(f"profile {source}: {key!r} is not a valid regex ({exc})") from None


def _str_list(value: Any, key: str, source: str) -> list[str]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"profile {source}: {key!r} must be a non-empty list of strings")
    return list(value)


def profile_from_dict(data: Mapping[str, Any], *, source: str = "<dict>") -> SiteProfile:
    """Build and validate a profile from parsed TOML.

    Raises:
        ConfigError: a key is missing, has the wrong type, or a pattern does not compile.
    """
    known = {
        "name",
        "start_urls",
        "allowed_hosts",
        "article_pattern",
        "index_pattern",
        "hints",
        "wire_pattern",
        "fold_www",
        "fold_scheme",
        "feeds",
        "sitemaps",
    }
    unknown = sorted(set(data) - known)
    if unknown:
        raise ConfigError(f"profile {source}: unknown key(s) {', '.join(unknown)}")
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ConfigError(f"profile {source}: 'name' must be a non-empty string")
    start_urls = _str_list(data.get("start_urls"), "start_urls", source)
    start_hosts = {_host_of(u, what=f"profile {source}: start_urls") for u in start_urls}
    if "allowed_hosts" in data:
        try:
            hosts = {
                normalise_host(h) for h in _str_list(data["allowed_hosts"], "allowed_hosts", source)
            }
        except ConfigError as exc:
            raise ConfigError(f"profile {source}: allowed_hosts: {exc}") from None
    else:
        hosts = set(start_hosts)
    missing = start_hosts - hosts
    if missing:
        raise ConfigError(
            f"profile {source}: start URL host(s) {', '.join(sorted(missing))} "
            "are not in allowed_hosts"
        )
    article = _compile(data.get("article_pattern"), "article_pattern", source)
    index = (
        _compile(data["index_pattern"], "index_pattern", source)
        if data.get("index_pattern") is not None
        else None
    )
    hints_raw = data.get("hints", {})
    if not isinstance(hints_raw, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in hints_raw.items()
    ):
        raise ConfigError(f"profile {source}: [hints] must map names to CSS selector strings")
    folds = {}
    for key in ("fold_www", "fold_scheme"):
        value = data.get(key, False)
        if not isinstance(value, bool):
            raise ConfigError(f"profile {source}: {key!r} must be true or false")
        folds[key] = value
    wire = (
        _compile(data["wire_pattern"], "wire_pattern", source)
        if data.get("wire_pattern") is not None
        else None
    )
    sources: dict[str, tuple[str, ...]] = {}
    for key in ("feeds", "sitemaps"):
        listed = _str_list(data[key], key, source) if key in data else []
        for url in listed:
            _host_of(url, what=f"profile {source}: {key}")
            if not host_allowed(url, frozenset(hosts)):
                raise ConfigError(
                    f"profile {source}: {key}: {url!r} is not on the allowed hosts "
                    f"({', '.join(sorted(hosts))})"
                )
        sources[key] = tuple(listed)
    return SiteProfile(
        feeds=sources["feeds"],
        sitemaps=sources["sitemaps"],
        wire_pattern=wire,
        url_form=UrlForm(**folds),
        name=name.strip(),
        start_urls=tuple(start_urls),
        allowed_hosts=frozenset(hosts),
        article_pattern=article,
        index_pattern=index,
        hints=dict(hints_raw),
    )


def load_profile(path: str | Path | None = None) -> SiteProfile:
    """Load a profile from a TOML file, or the built-in default when ``path`` is None.

    Raises:
        ConfigError: the file cannot be read, is not TOML, or is not a valid profile.
    """
    if path is None:
        return default_profile()
    source = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise ConfigError(f"cannot read profile {source}: {reason}") from None
    return _from_text(text, source)


def _from_text(text: str, source: str) -> SiteProfile:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"profile {source} is not valid TOML: {exc}") from None
    return profile_from_dict(data, source=source)


def default_profile() -> SiteProfile:
    """The built-in zeelandnet.nl profile shipped inside the package."""
    text = (
        resources.files("anp_archive")
        .joinpath("profiles", f"{DEFAULT_PROFILE_NAME}.toml")
        .read_text(encoding="utf-8")
    )
    return _from_text(text, f"<built-in {DEFAULT_PROFILE_NAME}>")
