"""Keeping the search index in step with the data (ADR 0023).

Every save and delete of an indexed item, or of a row that is part of one (search.documents' `feeds`),
re-indexes the item in the same transaction: a rolled-back change leaves the index as it was, and a
committed one is findable at once. Many writes in a `core.batching.batched()` block re-index their items
once, at the block's end. `rebuild()` indexes everything afresh (`manage.py search_rebuild`,
and seed_demo after its bulk inserts, which send no signals).
"""

import functools
from collections import defaultdict
from collections.abc import Iterable

from django.core.exceptions import ObjectDoesNotExist
from django.db import connection, transaction
from django.db.models import Min

from core.batching import later

from . import danish
from .documents import SOURCE_BY_MODEL, SOURCES, Source, feeders
from .models import SearchEntry, SearchWord

FTS_TABLE = "search_fts"
BATCH = 500
FIELDS = ("kind", "title", "body", "status", "url", "draft", "archived")


# The tsvector PostgreSQL stores: Danish, the title weighing more than the body. PostgreSQL is given the
# words as search.danish splits them, one space between: its own parser reads "boligområde/målgruppe" as a
# file path and "ålgrupp", and the two databases should see the same words.
_VECTORS = (
    "UPDATE {table} SET vector = setweight(to_tsvector('danish', v.title), 'A') "
    "|| setweight(to_tsvector('danish', v.body), 'B') "
    "FROM unnest(%s::bigint[], %s::text[], %s::text[]) AS v(id, title, body) WHERE {table}.id = v.id"
)


# --- Writing documents -----------------------------------------------------------------------------------


def _first_history(source: Source, pks) -> dict:
    model = source.model_class
    if not hasattr(model, "history"):
        return {}
    rows = model.history.filter(id__in=pks).values("id").annotate(first=Min("history_date")).order_by()
    return {row["id"]: row["first"] for row in rows}


def write(source: Source, items: list, words: set | None = None) -> None:
    """Index `items` (rows of `source`'s model, loaded with its related rows): insert their rows, or update
    those whose document changed (an unchanged one costs nothing more). Their words go into the index's
    words, or into `words` for the caller to write."""
    if not items:
        return
    documents = {item.pk: source.document(item) for item in items}
    existing = {
        row["object_id"]: row
        for row in SearchEntry.objects.filter(model=source.model, object_id__in=documents).values(
            "id", "object_id", *FIELDS
        )
    }
    first = _first_history(source, [pk for pk in documents if pk not in existing])
    new, changed = [], []
    for pk, document in documents.items():
        values = {"kind": source.kind, **{name: getattr(document, name) for name in FIELDS if name != "kind"}}
        stored = existing.get(pk)
        if stored is None:
            new.append(SearchEntry(model=source.model, object_id=pk, existed_from=first.get(pk), **values))
        elif any(stored[name] != value for name, value in values.items()):
            changed.append(SearchEntry(id=stored["id"], model=source.model, object_id=pk, **values))
    if words is not None:  # a rebuild: every document's words, changed or not
        words.update(_words(documents.values()))
    if not new and not changed:
        return
    SearchEntry.objects.bulk_update(changed, FIELDS, batch_size=BATCH)
    created = SearchEntry.objects.bulk_create(new, batch_size=BATCH)
    entries = changed + created
    if any(entry.pk is None for entry in entries):  # a database that returns no ids from bulk_create
        entries = list(SearchEntry.objects.filter(model=source.model, object_id__in=[e.object_id for e in entries]))
    if words is None:
        _write_words(_words(entries))
    if connection.vendor == "postgresql":
        _write_vectors(entries)
    elif connection.vendor == "sqlite":
        _write_fts(entries)


def _write_vectors(entries) -> None:
    sql = _VECTORS.format(table=SearchEntry._meta.db_table)  # nosec B608 - the model's table
    with connection.cursor() as cursor:
        for start in range(0, len(entries), BATCH):
            chunk = entries[start : start + BATCH]
            cursor.execute(
                sql,
                [
                    [entry.pk for entry in chunk],
                    [" ".join(danish.words(entry.title)) for entry in chunk],
                    [" ".join(danish.words(entry.body)) for entry in chunk],
                ],
            )


def _words(entries) -> set[str]:
    found = set()
    for entry in entries:
        found.update(danish.words(entry.title))
        found.update(danish.words(entry.body))
    return {word for word in found if len(word) >= 2 and not word.isdigit()}


def _write_words(found: set[str]) -> None:
    # In one order: two writers adding the same new words wait for each other in the same order. A word
    # the index holds already costs a look in the unique index, and no write.
    listed = sorted(found)
    if not listed:
        return
    table = SearchWord._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # one statement, not one a word
            # Not first asking which words are held: PostgreSQL may answer `word IN (…)` from the trigram
            # index, whose pending list grows with every rolled-back write (seconds a build in the tests).
            cursor.execute(
                f"INSERT INTO {table} (word) SELECT unnest(%s::text[]) ON CONFLICT (word) DO NOTHING",  # nosec B608 - the model's table
                [listed],
            )
        else:
            cursor.executemany(
                f"INSERT INTO {table} (word) VALUES (%s) ON CONFLICT (word) DO NOTHING",  # nosec B608 - the model's table
                [(word,) for word in listed],
            )


def _write_fts(entries) -> None:
    ids = [entry.pk for entry in entries]
    with connection.cursor() as cursor:
        for start in range(0, len(ids), BATCH):
            chunk = ids[start : start + BATCH]
            cursor.execute(
                f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({', '.join(['%s'] * len(chunk))})",  # nosec B608 - placeholders
                chunk,
            )
        cursor.executemany(
            f"INSERT INTO {FTS_TABLE} (rowid, title, body) VALUES (%s, %s, %s)",  # nosec B608 - a constant name
            [(entry.pk, danish.stemmed_text(entry.title), danish.stemmed_text(entry.body)) for entry in entries],
        )


def remove(model_label: str, pks: Iterable) -> None:
    pks = list(pks)
    ids = list(SearchEntry.objects.filter(model=model_label, object_id__in=pks).values_list("id", flat=True))
    if not ids:
        return
    SearchEntry.objects.filter(id__in=ids).delete()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({', '.join(['%s'] * len(ids))})",  # nosec B608 - placeholders
                ids,
            )


def reindex(source: Source, pks: Iterable) -> None:
    """Index the items `pks` of `source` as they are now; those gone leave the index."""
    pks = set(pks)
    items = list(source.queryset().filter(pk__in=pks))
    write(source, items)
    gone = pks - {item.pk for item in items}
    if gone:
        remove(source.model, gone)


# --- Every write -------------------------------------------------------------------------------------------


@functools.cache
def _feeders():
    return feeders()


def watched_models() -> list[str]:
    """The models whose writes change the index: the indexed ones and those that feed them."""
    return sorted(set(SOURCE_BY_MODEL) | set(_feeders()))


def _fed_items(instance) -> dict[str, set]:
    """The indexed items `instance` is part of: their primary keys by their model's label."""
    found: dict[str, set] = defaultdict(set)
    for items in _feeders().get(instance._meta.label_lower, ()):
        try:
            for item in items(instance):
                if item._meta.label_lower in SOURCE_BY_MODEL:
                    found[item._meta.label_lower].add(item.pk)
        except ObjectDoesNotExist:  # the item it was part of is being deleted with it
            continue
    return found


def _reindex(label: str, pks: set) -> None:
    reindex(SOURCE_BY_MODEL[label], pks)


def _touched(sender, instance) -> None:
    """The item, and whatever item the row is part of, re-indexed: now, or once at the end of a batch of
    writes (core.batching; a spreadsheet import)."""
    label = sender._meta.label_lower
    if label in SOURCE_BY_MODEL:
        later(_reindex, label, [instance.pk])
    for fed, pks in _fed_items(instance).items():
        later(_reindex, fed, pks)


def on_save(sender, instance, raw=False, **kwargs):
    """post_save."""
    if raw:  # a fixture being loaded: its rows may point at rows not loaded yet; seed_demo rebuilds after
        return
    _touched(sender, instance)


def on_delete(sender, instance, **kwargs):
    """post_delete: a deleted item is gone when re-indexed, and leaves the index."""
    _touched(sender, instance)


# --- Everything afresh ---------------------------------------------------------------------------------------


@transaction.atomic
def rebuild(*, fresh: bool = False) -> int:
    """Index every item; returns how many. An item indexed before keeps its row, and is written only if its
    document changed, so that a rebuild of unchanged data changes nothing (seed_demo run twice). `fresh`
    empties the index first: every row, vector and FTS row written anew."""
    count, words = 0, set()
    if fresh:
        tables = [SearchEntry._meta.db_table, SearchWord._meta.db_table]
        if connection.vendor == "sqlite":
            tables.append(FTS_TABLE)
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f"DELETE FROM {table}")  # nosec B608 - the search's own tables
    for source in SOURCES:
        seen, batch = set(), []
        for item in source.queryset().order_by("pk").iterator(chunk_size=BATCH):
            batch.append(item)
            seen.add(item.pk)
            if len(batch) == BATCH:
                write(source, batch, words)
                batch = []
        write(source, batch, words)
        count += len(seen)
        indexed = SearchEntry.objects.filter(model=source.model).values_list("object_id", flat=True)
        remove(source.model, set(indexed) - seen)
    SearchEntry.objects.exclude(model__in=[source.model for source in SOURCES]).delete()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {FTS_TABLE} WHERE rowid NOT IN (SELECT id FROM {SearchEntry._meta.db_table})"  # nosec B608 - the search's own tables
            )
    stale = sorted(set(SearchWord.objects.values_list("word", flat=True)) - words)
    for start in range(0, len(stale), BATCH):
        SearchWord.objects.filter(word__in=stale[start : start + BATCH]).delete()
    _write_words(words)
    return count


def build_if_empty(using="default", **kwargs):
    """post_migrate: build the index where there are items and no index yet (a portal that had data before
    the search came). Otherwise the writes keep it current, and this costs a query per kind."""
    if SearchEntry.objects.using(using).exists():
        return
    if any(source.queryset().using(using).exists() for source in SOURCES):
        rebuild()
