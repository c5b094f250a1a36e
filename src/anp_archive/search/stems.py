"""Dutch stems for SQLite's full-text index, the same as PostgreSQL's ``dutch`` configuration.

PostgreSQL's ``to_tsvector('dutch', ...)`` drops the words of its ``dutch.stop`` list and
reduces the others with the Snowball Dutch stemmer (the Porter-style one of PostgreSQL 15:
``woningen`` -> ``woning``, ``brandweerlieden`` -> ``brandweerlied``, but ``huizen`` ->
``huiz`` beside ``huis``). SQLite's FTS5 cannot run a Python tokenizer through the stdlib
driver, so the store writes the stems of each story into ``stories.stems`` (FTS5 indexes
that column next to the plain text) and :func:`anp_archive.search.to_fts5` stems the query
words the same way.

A stopword keeps its place in ``stems`` as :data:`STOP`, because PostgreSQL keeps its
position too: the phrase ``"huis van oranje"`` is ``'huis' <2> 'oranj'`` there, and
``"huis 0stop0 oranj"`` here.

The text given here must already be folded as the search index folds it
(``anp_archive.store.identity.fold_for_search``): PostgreSQL stems the folded text.
"""

from __future__ import annotations

import importlib
import importlib.util
import re
import sys
import threading
import types
from functools import lru_cache
from typing import Any

__all__ = ["STOP", "STOPWORDS", "stem", "stems_of"]

# PostgreSQL 15's share/tsearch_data/dutch.stop (Snowball's Dutch list), in its order.
_STOP_LIST = (
    "de en van ik te dat die in een hij het niet zijn is was op aan met als voor had er "
    "maar om hem dan zou of wat mijn men dit zo door over ze zich bij ook tot je mij uit "
    "der daar haar naar heb hoe heeft hebben deze u want nog zal me zij nu ge geen omdat "
    "iets worden toch al waren veel meer doen toen moet ben zonder kan hun dus alles onder "
    "ja eens hier wie werd altijd doch wordt wezen kunnen ons zelf tegen na reeds wil kon "
    "niets uw iemand geweest andere"
)
STOPWORDS = frozenset(_STOP_LIST.split())
# Stands in for a stopword; letters and digits so FTS5's unicode61 keeps it one token,
# and no Dutch word looks like it.
STOP = "0stop0"

# The word characters of both databases' tokenizers (as in query.py).
_WORD = re.compile(r"[^\W_]+")
# Where Snowball's own modules are loaded from, as a package of this name (see _stemmer).
_SNOWBALL_DUTCH = "anp_archive.search.snowball_dutch"


# A stemmer object keeps its state between the steps of one word, so each thread has its
# own (the store's worker and a search may stem at once).
_THREAD = threading.local()


def _stemmer() -> Any:
    """This thread's Snowball Dutch (Porter) stemmer (see :func:`_new_stemmer`)."""
    stemmer = getattr(_THREAD, "stemmer", None)
    if stemmer is None:
        stemmer = _THREAD.stemmer = _new_stemmer()
    return stemmer


def _new_stemmer() -> Any:
    """Snowball's Dutch (Porter) stemmer: PyStemmer's, Snowball's own C code, where it
    loads; else the pure-Python one of ``snowballstemmer``, the same rules.

    The C stemmer takes a twenty-fifth of the time or less, which counts when an import or
    a scrape run meets its vocabulary for the first time (2,094 words in the import
    benchmark's 2,000 pages: 58 ms in pure Python, 0.5-2.3 ms compiled).

    ``import snowballstemmer`` loads the stemmers of its 30 other languages, a good part of
    a search's start-up time, and only one is used. Its modules (``dutch_porter_stemmer``
    and the two it imports) are loaded here from the installed package's folder,
    unchanged, under a package name of our own. Should the package not be laid out so, it
    is imported as usual.
    """
    try:
        import Stemmer  # type: ignore[import-not-found]

        return Stemmer.Stemmer("dutch_porter")
    except (ImportError, KeyError):  # no wheel for this machine, or no such algorithm
        pass
    return _snowball()


def _snowball() -> Any:
    """A new pure-Python stemmer (the modules load once)."""
    spec = importlib.util.find_spec("snowballstemmer")
    folders = list(spec.submodule_search_locations or ()) if spec is not None else []
    try:
        if not folders:
            raise ImportError("snowballstemmer is not a package folder")
        package = types.ModuleType(_SNOWBALL_DUTCH)
        package.__path__ = folders
        sys.modules.setdefault(_SNOWBALL_DUTCH, package)
        module = importlib.import_module(f"{_SNOWBALL_DUTCH}.dutch_porter_stemmer")
        return module.DutchPorterStemmer()
    except ImportError:
        import snowballstemmer  # type: ignore[import-untyped]

        return snowballstemmer.stemmer("dutch_porter")


@lru_cache(maxsize=4096)
def stem(word: str) -> str | None:
    """The stem of one folded word as PostgreSQL's ``dutch`` has it; None for a stopword.

    Cached: a wire archive repeats a small vocabulary (and the stemmer may be the
    pure-Python one).
    (Searches ask for a few words; the stories written keep their own table, ``_Stems``.)
    """
    return _stem_word(word)


def _stem_word(word: str) -> str | None:
    word = word.lower()
    if word in STOPWORDS:
        return None
    return str(_stemmer().stemWord(word))


class _Stems(dict[str, str]):
    """word -> its stem or :data:`STOP`, as a dict lookup (a C call per word once known).

    Every story written gets its stems, and its words are mostly ones seen before. The
    words are kept here only, not in ``stem``'s cache as well: at its bound this table is
    the largest thing an import holds.
    """

    def __missing__(self, word: str) -> str:
        found = _stem_word(word) or STOP
        if len(self) >= _WORDS_KEPT:
            self.clear()
        self[word] = found
        return found


_WORDS_KEPT = 65536
_STEM_OR_STOP = _Stems().__getitem__


def stems_of(*texts: str | None) -> str:
    """The stems of ``texts`` (already folded) in order, one space apart, stopwords as
    :data:`STOP`: the value of ``stories.stems``."""
    out: list[str] = []
    for text in texts:
        if text:
            out.extend(map(_STEM_OR_STOP, _WORD.findall(text)))
    return " ".join(out)
