"""The search language of ``anp-archive search``: parsed once, rendered per database.

``parse`` turns what the user typed into a small tree (:mod:`anp_archive.search.query`);
``to_fts5`` and ``to_tsquery`` render that tree for SQLite FTS5 and PostgreSQL, so both
databases answer the same question. SQLite matches the Dutch stems of
:mod:`anp_archive.search.stems` (``to_fts5_stems``), as PostgreSQL's ``dutch`` does.
"""

from __future__ import annotations

from anp_archive.search.query import (
    And,
    Node,
    Not,
    Or,
    Phrase,
    Term,
    check,
    parse,
    pruned,
    stemmed,
    to_fts5,
    to_fts5_stems,
    to_tsquery,
)

__all__ = [
    "And", "Node", "Not", "Or", "Phrase", "Term", "check", "parse", "pruned", "stemmed",
    "to_fts5",
    "to_fts5_stems", "to_tsquery",
]
