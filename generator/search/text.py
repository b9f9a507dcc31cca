"""Words as the search index keeps them: split, folded and stemmed per language.

The browser never stems. The index maps each *surface word* of the corpus (as written, folded)
to its stem, and keeps the postings under the stem; the search page looks the words a visitor
types up as surface words (search.js folds them exactly as `fold` does). A German page's
"Lehrerinnen" and "Lehrerin" share the stem "lehrerin", so either finds both.

Stemming uses the `snowballstemmer` package, which runs PyStemmer's compiled stemmers (the
same Snowball algorithms, twenty times faster) when it is installed, as the generator's
dependencies ask. Folding: lower case, "ß" as "ss", final sigma as sigma, and no accents (NFD, combining marks
dropped), so that "für" is also found as "fur". Stems come from the unfolded word, since the
Snowball stemmers read accents, and are folded afterwards.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import cache, lru_cache

import snowballstemmer

SNOWBALL = {
    "cs": "czech",
    "da": "danish",
    "de": "german",
    "el": "greek",
    "en": "english",
    "es": "spanish",
    "et": "estonian",
    "fi": "finnish",
    "fr": "french",
    "ga": "irish",
    "hu": "hungarian",
    "it": "italian",
    "lt": "lithuanian",
    "nl": "dutch",
    "pl": "polish",
    "pt": "portuguese",
    "ro": "romanian",
    "sv": "swedish",
}
"""The Snowball stemmer of each official EU language that has one. Bulgarian, Croatian, Latvian,
Maltese, Slovak and Slovenian have none in `snowballstemmer`: their words are only folded."""

WORD = re.compile(r"[^\W_]{2,}")
"""A run of two or more letters and digits: search.js splits with /[\\p{L}\\p{N}]+/gu, the same
classes, and leaves out single letters as well (they would match half the catalogue)."""
_SPECIAL = str.maketrans({"ß": "ss", "ς": "σ"})


@lru_cache(maxsize=200_000)
def fold(word: str) -> str:
    """Lower case without accents: the form in which the index and the browser compare words."""
    decomposed = unicodedata.normalize("NFD", word.lower().translate(_SPECIAL))
    return "".join(char for char in decomposed if not unicodedata.category(char).startswith("M"))


def words(text: str) -> list[str]:
    """The words of a text, as written (NFC), in order; single letters left out."""
    return WORD.findall(unicodedata.normalize("NFC", text))


@cache
def word_forms(lang: str) -> Callable[[str], tuple[str, str]]:
    """Word as written -> (its folded stem, its folded surface form) in a language."""
    stem = stemmer(lang)

    @lru_cache(maxsize=200_000)
    def forms(word: str) -> tuple[str, str]:
        return stem(word), fold(word)

    return forms


@cache
def stemmer(lang: str) -> Callable[[str], str]:
    """Word as written -> its folded stem in a language (the folded word where there is no stemmer)."""
    name = SNOWBALL.get(lang)
    if name is None:
        return fold
    stem_word = snowballstemmer.stemmer(name).stemWord

    # Bounded: the vocabulary of a catalogue grows with it (invented names, codes).
    @lru_cache(maxsize=200_000)
    def stem(word: str) -> str:
        return fold(stem_word(word.lower()))

    return stem
