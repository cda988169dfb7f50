"""Finding the indexed items a parsed search wants, on PostgreSQL or SQLite alike (ADR 0023).

1. Each word is widened with the words the index holds that it begins ("helheds" → "helhedsplan") and,
   when the index does not hold the word itself, those a small typo away ("overvæft" → "overvægt"):
   trigram similarity of at least 0.3, as pg_trgm computes it, and one or two letters off (by length).
   On PostgreSQL the candidates come from the trigram GIN index; on SQLite from the words of about the
   same length; the same Python then picks from them on both.
2. The words match through their Danish stems: on PostgreSQL in the `danish` tsvector (GIN index), on
   SQLite in the FTS5 table of stemmed texts. Æ, ø and å are kept throughout: "får" never finds "far".
3. The best hits of each kind come first: ts_rank on PostgreSQL, bm25 on SQLite, the title weighing
   more than the body on both.
"""

import functools
import operator
from contextlib import contextmanager
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection, transaction
from django.db.models import Count, F, Q, Window
from django.db.models.expressions import RawSQL
from django.db.models.functions import Length, RowNumber

from . import danish
from .index import FTS_TABLE
from .models import SearchEntry, SearchWord
from .query import Item, Parsed

PREFIX_FROM = 3  # characters a word needs before it is read as the beginning of longer words
# A typo candidate shares this much with the word (pg_trgm's default for %, which finds them on PostgreSQL)
# and is at most danish.typos_allowed(word) letters off.
TRIGRAM_SIMILARITY = 0.3
MAX_PREFIX_WORDS = 20
MAX_TYPO_WORDS = 10


def _ordered(words) -> list[str]:
    """Shortest first, then by code point: the same order on both databases, whatever their collation."""
    return sorted(words, key=lambda word: (len(word), word))


def expansions_of(words: list[str]) -> dict[str, list[str]]:
    """Each word and the words the index holds that it begins or is a small typo of, stop words left out:
    at most two queries for all the words of a search."""
    words = list(dict.fromkeys(words))
    starting = [word for word in words if len(word) >= PREFIX_FROM]
    longer: dict[str, list[str]] = {word: [] for word in words}
    if starting:
        held = SearchWord.objects.filter(functools.reduce(operator.or_, (Q(word__startswith=w) for w in starting)))
        held = list(held.values_list("word", flat=True))
        for word in starting:
            longer[word] = _ordered(other for other in held if other.startswith(word))
    typo_words = [w for w in words if danish.typos_allowed(w) and w not in longer[w]]  # not a word the index holds
    near: list[str] = []
    if typo_words:
        if connection.vendor == "postgresql":  # pg_trgm's % (similarity ≥ 0.3) through the trigram index
            lookup = functools.reduce(operator.or_, (Q(word__trigram_similar=w) for w in typo_words))
            near = list(SearchWord.objects.filter(lookup).values_list("word", flat=True))
        else:  # the words of about the same length
            lengths = functools.reduce(
                operator.or_,
                (
                    Q(length__gte=len(w) - danish.typos_allowed(w), length__lte=len(w) + danish.typos_allowed(w))
                    for w in typo_words
                ),
            )
            near = list(
                SearchWord.objects.annotate(length=Length("word")).filter(lengths).values_list("word", flat=True)
            )
    found = {}
    for word in words:
        candidates = [word]
        candidates += [other for other in longer[word] if other != word and not danish.is_stop_word(other)][
            :MAX_PREFIX_WORDS
        ]
        if word in typo_words:
            allowed = danish.typos_allowed(word)
            scored = sorted(
                (danish.edits(word, other, allowed), len(other), other)
                for other in near
                if abs(len(other) - len(word)) <= allowed
                and not danish.is_stop_word(other)
                and danish.similarity(word, other) >= TRIGRAM_SIMILARITY
            )
            candidates += [other for distance, _, other in scored if distance <= allowed][:MAX_TYPO_WORDS]
        unique, stems = [], set()
        for candidate in candidates:
            stem = danish.stem(candidate)
            if stem not in stems:  # one word per stem is enough: they match the same
                stems.add(stem)
                unique.append(candidate)
        found[word] = unique
    return found


def expansions(word: str) -> list[str]:
    return expansions_of([word])[word]


@dataclass
class Plan:
    """The words each wanted item stands for, and the stems a hit's text is marked at."""

    groups: list[list[tuple[Item, list[str]]]]
    excluded: list[Item]

    @property
    def stems(self) -> set[str]:
        found = set()
        for group in self.groups:
            for item, words in group:
                found.update(
                    danish.stem(word)
                    for word in (item.words if item.phrase else words)
                    if not danish.is_stop_word(word)
                )
        return found


def plan(parsed: Parsed) -> Plan:
    widened = expansions_of([item.word for group in parsed.groups for item in group if not item.phrase])
    return Plan(
        groups=[
            [(item, list(item.words) if item.phrase else widened[item.word]) for item in group]
            for group in parsed.groups
        ],
        excluded=parsed.excluded,
    )


# --- PostgreSQL ---------------------------------------------------------------------------------------------


def _pg_item(item: Item, words: list[str]) -> SearchQuery:
    # The words as search.danish split them (see search.index.vector): nothing here is tsquery syntax.
    if item.phrase:
        return SearchQuery(" ".join(item.words), config="danish", search_type="phrase")
    return functools.reduce(operator.or_, (SearchQuery(word, config="danish", search_type="plain") for word in words))


def _pg_matching(planned: Plan):
    query = functools.reduce(
        operator.and_,
        (functools.reduce(operator.or_, (_pg_item(item, words) for item, words in group)) for group in planned.groups),
    )
    for item in planned.excluded:
        query &= ~_pg_item(item, list(item.words))
    return Q(vector=query), SearchRank(F("vector"), query)


# --- SQLite ---------------------------------------------------------------------------------------------------


def _fts_item(item: Item, words: list[str]) -> str:
    # Stems are letters and digits only (danish.WORD): inside double quotes nothing is an FTS5 operator.
    if item.phrase:
        return '"' + " ".join(danish.stem(word) for word in item.words) + '"'
    return "(" + " OR ".join(f'"{danish.stem(word)}"' for word in words) + ")"


def fts_expression(planned: Plan) -> str:
    wanted = " AND ".join(
        "(" + " OR ".join(_fts_item(item, words) for item, words in group) + ")" for group in planned.groups
    )
    if planned.excluded:
        unwanted = " OR ".join(_fts_item(item, list(item.words)) for item in planned.excluded)
        return f"({wanted}) NOT ({unwanted})"
    return wanted


# Constant names; the expression is always a parameter.
_FTS_IDS = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"  # nosec B608
_FTS_RANK = (
    f"-(SELECT bm25({FTS_TABLE}, 10.0, 1.0) FROM {FTS_TABLE} "  # nosec B608
    f'WHERE {FTS_TABLE} MATCH %s AND {FTS_TABLE}.rowid = "{SearchEntry._meta.db_table}"."id")'
)


def _sqlite_matching(planned: Plan):
    expression = fts_expression(planned)
    return Q(id__in=RawSQL(_FTS_IDS, [expression])), RawSQL(_FTS_RANK, [expression])  # nosec B611


# --- Either ---------------------------------------------------------------------------------------------------


def matching(planned: Plan):
    """(the filter of the matching index rows, their rank: higher is better)."""
    if connection.vendor == "postgresql":
        return _pg_matching(planned)
    return _sqlite_matching(planned)


@contextmanager
def _through_the_index():
    """On PostgreSQL, read the matching rows through the GIN index even when a common word matches a third of
    the index: the planner then prefers to scan the table and test every row's vector, which measured about
    three times slower (make bench, "børn" at scale 100: 14 ms against 5 ms)."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # until this transaction ends
        yield


def find(planned: Plan, *, visible: Q, kind: str | None, per_kind: int):
    """(count per kind, the best `per_kind` hits of each kind, or of `kind` alone) among the `visible` rows,
    in one pass over the matching rows: the counts are a window over the same rows as the places."""
    where, rank = matching(planned)
    rows = SearchEntry.objects.filter(where, visible)
    if kind:
        rows = rows.filter(kind=kind)
    with _through_the_index():
        places = list(
            rows.annotate(rank=rank)
            .annotate(
                place=Window(RowNumber(), partition_by=[F("kind")], order_by=[F("rank").desc(), F("id").asc()]),
                found=Window(Count("id"), partition_by=[F("kind")]),
            )
            .filter(place__lte=per_kind)
            .order_by("kind", "place")
            .values_list("id", "kind", "found")
        )
    # Only the hits shown are read whole: carrying every match's title and body through the ranking's sort
    # cost more than this second, small read. A row removed in between (an item deleted) is left out.
    texts = SearchEntry.objects.defer("vector").in_bulk([pk for pk, _, _ in places])
    return {kind: found for _, kind, found in places}, [texts[pk] for pk, _, _ in places if pk in texts]
