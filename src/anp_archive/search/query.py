"""The query language: words (all must occur), ``"exact phrase"``, ``OR``, ``-word`` and
``NOT word``, ``prefix*`` and parentheses.

Grammar (``OR`` binds looser than the implicit AND; ``NOT``/``-`` binds tightest)::

    query  := either
    either := all ("OR" all)*
    all    := unary+
    unary  := ("-" | "NOT") atom | atom
    atom   := WORD | WORD"*" | '"' words '"' | "(" either ")"

A word is split where the databases' tokenizers split it (``Jong-un`` is the phrase
``jong un``), so both index and query see the same tokens. Every operand the user typed is
reduced to plain letters and digits before it is rendered, which is why no syntax of FTS5
or ``to_tsquery`` can leak through: what cannot be parsed here is a ``QuerySyntaxError``.

A negation needs a positive neighbour (``Kamer -Tweede``): FTS5 has no "everything except",
and a search for nothing but exclusions would list the whole archive.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from anp_archive.errors import QuerySyntaxError
from anp_archive.search.stems import STOP, stem

__all__ = [
    "And", "Node", "Not", "Or", "Phrase", "Term", "check", "parse", "pruned", "stemmed", "to_fts5",
    "to_fts5_stems", "to_tsquery",
]


@dataclass(frozen=True, slots=True)
class Term:
    """One word; ``prefix``: any word starting with it (``woning*``)."""

    word: str
    prefix: bool = False


@dataclass(frozen=True, slots=True)
class Phrase:
    """Words that must occur next to each other, in this order."""

    words: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Not:
    """Stories without ``child``; only inside an ``And`` with a positive part."""

    child: Node


@dataclass(frozen=True, slots=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    children: tuple[Node, ...]


Node = Term | Phrase | Not | And | Or

# Letters and digits are word characters for both FTS5's unicode61 and PostgreSQL's parser;
# everything else separates words. The underscore counts as a separator for both.
_WORD = re.compile(r"[^\W_]+")
_TOKEN = re.compile(r'\s+|"[^"]*"?|\(|\)|-(?=[^\s\-])|[^\s"()]+')


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def _tokens(raw: str) -> list[str]:
    tokens: list[str] = []
    pos = 0
    while pos < len(raw):
        match = _TOKEN.match(raw, pos)
        assert match is not None  # the last alternative takes any non-space run
        token = match.group()
        pos = match.end()
        if token.isspace():
            continue
        if token.startswith('"') and (len(token) == 1 or not token.endswith('"')):
            raise QuerySyntaxError(f"search: unclosed quote in {raw!r}")
        tokens.append(token)
    return tokens


class _Parser:
    def __init__(self, raw: str) -> None:
        self.raw = raw
        self.tokens = _tokens(raw)
        self.pos = 0

    def error(self, what: str) -> QuerySyntaxError:
        return QuerySyntaxError(
            f"search: {what} in {self.raw!r} "
            '(use words, "a phrase", OR, -word or NOT word, prefix*, parentheses)'
        )

    def peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> str:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def either(self) -> Node | None:
        parts: list[Node] = []
        part = self.all()
        while True:
            if self.peek() != "OR":
                break
            self.take()
            if part is None:
                raise self.error("OR without a word before it")
            parts.append(part)
            part = self.all()
            if part is None:
                raise self.error("OR without a word after it")
        if part is not None:
            parts.append(part)
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else Or(tuple(parts))

    def all(self) -> Node | None:
        parts: list[Node] = []
        while (token := self.peek()) is not None and token not in ("OR", ")"):
            node = self.unary()
            if node is not None:
                parts.append(node)
        if not parts:
            return None
        if all(isinstance(p, Not) for p in parts):
            raise self.error("only excluded words (add a word that must occur)")
        return parts[0] if len(parts) == 1 else And(tuple(parts))

    def unary(self) -> Node | None:
        token = self.peek()
        if token in ("-", "NOT"):
            self.take()
            if self.peek() in (None, "OR", ")", "-", "NOT"):
                raise self.error(f"{token} without a word after it")
            child = self.atom()
            if child is None:
                raise self.error(f"{token} before something that is not a word")
            return Not(child)
        return self.atom()

    def atom(self) -> Node | None:
        token = self.take()
        if token == "(":
            inner = self.either()
            if self.peek() != ")":
                raise self.error("unclosed parenthesis")
            self.take()
            if inner is None:
                raise self.error("empty parentheses")
            return inner
        if token == ")":
            raise self.error("')' without '('")
        if token.startswith('"'):
            words = _words(token[1:-1])
            if not words:
                return None
            return Term(words[0]) if len(words) == 1 else Phrase(tuple(words))
        prefix = token.endswith("*")
        words = _words(token)
        if not words:
            return None  # signs only ("!!!", "***"): no word to look for
        if len(words) == 1:
            return Term(words[0], prefix)
        if prefix:
            raise self.error(f"'*' after {token[:-1]!r}, which is more than one word")
        return Phrase(tuple(words))


def parse(raw: str) -> Node | None:
    """The tree of the query ``raw``; None when it holds no word at all.

    Raises:
        QuerySyntaxError: unbalanced quotes or parentheses, a dangling OR/NOT/-, ``*``
            after several words, or nothing but excluded words.
    """
    parser = _Parser(raw)
    node = parser.either()
    if parser.peek() is not None:
        raise parser.error("')' without '('")
    return node


def check(raw: str | None) -> None:
    """Raise ``QuerySyntaxError`` when ``raw`` (None: no query) cannot be parsed."""
    if raw is not None:
        parse(raw)


def to_fts5(node: Node) -> str:
    """An FTS5 MATCH expression: quoted terms only, so the user cannot write FTS5 syntax."""
    if isinstance(node, Term):
        return f'"{node.word}"' + ("*" if node.prefix else "")
    if isinstance(node, Phrase):
        return '"' + " ".join(node.words) + '"'
    if isinstance(node, Or):
        return "(" + " OR ".join(to_fts5(c) for c in node.children) + ")"
    if isinstance(node, And):
        # FTS5's NOT is binary ("a NOT b"): the wanted parts first, each exclusion after.
        wanted = [to_fts5(c) for c in node.children if not isinstance(c, Not)]
        unwanted = [to_fts5(c.child) for c in node.children if isinstance(c, Not)]
        expr = "(" + " AND ".join(wanted) + ")"
        for part in unwanted:
            expr = f"({expr} NOT {part})"
        return expr
    raise QuerySyntaxError("search: an excluded word needs a word that must occur beside it")


def stemmed(node: Node) -> Node | None:
    """``node`` as PostgreSQL's ``to_tsquery('dutch', ...)`` reads it: every word stemmed
    (a prefix too: ``woningen*`` is ``woning:*``), stopwords dropped; None when nothing
    is left. Words must be folded already (``fold_for_search``).

    A stopword inside a phrase keeps its place (:data:`~anp_archive.search.stems.STOP`,
    as ``stories.stems`` holds it); at a phrase's ends it is dropped, as PostgreSQL does.
    An ``And`` left with only exclusions is None: FTS5 cannot list "everything except".
    """
    return _reduced(node, stem_words=True)


def pruned(node: Node) -> Node | None:
    """``node`` with what :func:`stemmed` drops dropped, its words as written: the tree
    PostgreSQL is given (its ``dutch`` configuration stems them itself). Without it
    ``van -huis`` would be "everything without huis" there, after ``to_tsquery`` dropped
    the stopword, where SQLite finds nothing; both now search the same tree."""
    return _reduced(node, stem_words=False)


def _reduced(node: Node, *, stem_words: bool) -> Node | None:
    if isinstance(node, Term):
        word = stem(node.word)
        if word is None:
            return None
        return Term(word if stem_words else node.word, node.prefix)
    if isinstance(node, Phrase):
        stems = [stem(w) for w in node.words]
        words = [(s or STOP) if stem_words else w for s, w in zip(stems, node.words, strict=True)]
        while stems and stems[0] is None:
            stems.pop(0)
            words.pop(0)
        while stems and stems[-1] is None:
            stems.pop()
            words.pop()
        if not words:
            return None
        return Term(words[0]) if len(words) == 1 else Phrase(tuple(words))
    if isinstance(node, Not):
        child = _reduced(node.child, stem_words=stem_words)
        return None if child is None else Not(child)
    kept = [
        c for c in (_reduced(c, stem_words=stem_words) for c in node.children) if c is not None
    ]
    if isinstance(node, And) and all(isinstance(c, Not) for c in kept):
        return None
    if not kept:
        return None
    if len(kept) == 1:
        return kept[0]
    return And(tuple(kept)) if isinstance(node, And) else Or(tuple(kept))


def to_fts5_stems(node: Node) -> str | None:
    """An FTS5 MATCH expression on the ``stems`` column for the stemmed ``node``; None when
    only stopwords were asked for (PostgreSQL then matches nothing either)."""
    tree = stemmed(node)
    return None if tree is None else "stems : (" + to_fts5(tree) + ")"


def to_tsquery(node: Node) -> str:
    """A ``to_tsquery('dutch', ...)`` text; each word is quoted, so it is stemmed like the
    index but never read as an operator."""
    if isinstance(node, Term):
        return f"'{node.word}'" + (":*" if node.prefix else "")
    if isinstance(node, Phrase):
        return "(" + " <-> ".join(f"'{w}'" for w in node.words) + ")"
    if isinstance(node, Or):
        return "(" + " | ".join(to_tsquery(c) for c in node.children) + ")"
    if isinstance(node, And):
        return "(" + " & ".join(to_tsquery(c) for c in node.children) + ")"
    return f"!{to_tsquery(node.child)}"
