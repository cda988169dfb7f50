"""Danish words the same way on PostgreSQL and SQLite (ADR 0023).

PostgreSQL's `danish` text search configuration splits a text into words, drops the Danish stop words and
stems the rest with the Snowball Danish stemmer; it never folds æ, ø and å ("får" stays "får", not "far").
SQLite has no Danish, so the portal does the same in Python before FTS5 sees the text: the same stop
words (PostgreSQL's danish.stop, the Snowball list), the same Snowball stemmer (snowballstemmer), and an
FTS5 tokenizer that keeps diacritics. Typos and prefixes are found through the words the index holds,
compared by trigram similarity computed exactly as pg_trgm computes it.
"""

import functools
import re

import snowballstemmer

# PostgreSQL's share/tsearch_data/danish.stop (the Snowball Danish stop words), in its order.
_STOP_WORDS = """og i jeg det at en den til er som på de med han af for ikke der var mig sig men et har om vi min havde
    ham hun nu over da fra du ud sin dem os op man hans hvor eller hvad skal selv her alle vil blev kunne ind
    når være dog noget ville jo deres efter ned skulle denne end dette mit også under have dig anden hende
    mine alt meget sit sine vor mod disse hvis din nogle hos blive mange ad bliver hendes været thi jer
    sådan"""
STOP_WORDS = frozenset(_STOP_WORDS.split())

# A word: letters and digits (æ, ø, å and every other letter included), as FTS5's unicode61 tokenizer
# splits; the underscore is a separator there, so it is one here.
WORD = re.compile(r"[^\W_]+")
LONGEST_WORD = 60  # longer "words" (a pasted hash, a URL's tail) are not worth indexing or looking up


def words(text: str) -> list[str]:
    """The words of `text`, lower-cased, in order (stop words included)."""
    return [word for word in WORD.findall((text or "").lower()) if len(word) <= LONGEST_WORD]


@functools.cache
def _stemmer():
    return snowballstemmer.stemmer("danish")


@functools.lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """The Snowball Danish stem of one lower-cased word: "helhedsplaner" → "helhedsplan"."""
    return _stemmer().stemWord(word)


def stemmed_text(text: str) -> str:
    """`text` as the stems FTS5 indexes, stop words kept (so that a phrase keeps its distances)."""
    return " ".join(stem(word) for word in words(text))


def is_stop_word(word: str) -> bool:
    return word in STOP_WORDS


def trigrams(word: str) -> frozenset[str]:
    """pg_trgm's trigrams of one word: lower-cased, two spaces before and one after."""
    padded = f"  {word.lower()} "
    return frozenset(padded[i : i + 3] for i in range(len(padded) - 2))


def similarity(a: str, b: str) -> float:
    """pg_trgm's similarity(a, b) of two single words: shared trigrams over all trigrams."""
    first, second = trigrams(a), trigrams(b)
    shared = len(first & second)
    return shared / (len(first) + len(second) - shared) if first or second else 0.0


def edits(a: str, b: str, limit: int) -> int:
    """How many letters to add, remove, change or swap with the next to turn `a` into `b` (optimal string
    alignment distance); any number above `limit` is returned as limit + 1."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            cost = 0 if char_a == char_b else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return min(previous[-1], limit + 1)


def typos_allowed(word: str) -> int:
    """How many letters a word may be off by and still be found: none below 5 letters, one up to 7, two above."""
    return 0 if len(word) < 5 else (1 if len(word) < 8 else 2)
