"""Versions of the portal's data, for caches that must never be stale (ADR 0012, narrowed in ADR 0019).

`core.DataVersion` counts saved changes: the row "*" every change, and one row per app the changes to
that app's tables. Every save, delete or many-to-many change of a portal model, through a service, a
form, the admin or the seed, adds one to "*" and to its app's row once its transaction has committed.
Reading them all is one query of a handful of rows.

Why after commit: whoever reads the new number can also read the new data, so a page cached under
a number is never older than the number.
Why not inside the transaction: one row locked by every writer until commit would serialise all
writes and could deadlock with the rows they lock.

A list page remembers which apps' tables it read (`reading_apps`) and the versions of those apps it
was rendered under: a change elsewhere leaves it cached, a change to anything it read drops it.
"""

import re
from contextlib import contextmanager
from functools import cache

from django.apps import apps as django_apps
from django.db import connection, transaction

from . import private_api, registry

# How long a page cached under a data version is kept. Correctness never depends on it (a change
# makes a new version); it only bounds the memory and a crash between commit and bump (ADR 0012).
CACHE_SECONDS = 10 * 60
EVERYTHING = "*"

_BUMP = (
    "INSERT INTO core_dataversion (name, number) VALUES {rows} "
    "ON CONFLICT (name) DO UPDATE SET number = core_dataversion.number + 1"
)


def versions() -> dict[str, int]:
    """Every version now: {"*": 1041, "projects": 212, …}."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, number FROM core_dataversion")
        return dict(cursor.fetchall())


def data_version() -> str:
    """The version of all the data: for what shows everything (the overview, a draft bilag)."""
    return str(versions().get(EVERYTHING, 0))


def bump_data_version(app_labels=()):
    """A new version now, of everything and of `app_labels` (all the portal's apps when none are
    named: bulk inserts in the seed send no signals and say nothing of what they wrote)."""
    names = [EVERYTHING, *sorted(set(app_labels) or registry.app_labels())]
    with connection.cursor() as cursor:
        cursor.execute(_BUMP.format(rows=", ".join(["(%s, 1)"] * len(names))), names)


class _BumpAfterCommit:
    """Waits for the commit of one transaction (or savepoint) with the apps it changed."""

    def __init__(self):
        self.app_labels = set()

    def __call__(self):
        bump_data_version(self.app_labels)


def note_change(sender, **kwargs):
    """Receiver of post_save, post_delete and m2m_changed: one new version per committed transaction."""
    # Only the apps whose data the pages show (core.registry); sessions and logins change nothing shown.
    label = sender._meta.app_label
    if label not in registry.app_labels():
        return
    # One callback per transaction (and savepoint) is enough: a form saving twenty rows makes one
    # version. Django drops it, and the apps it noted, if its savepoint or transaction is rolled back.
    # A confirmed import writes its rows without savepoints (core.private_api.without_savepoints): one.
    db = transaction.get_connection()
    waiting = private_api.waiting_on_commit(db, _BumpAfterCommit)
    if waiting is None:
        waiting = _BumpAfterCommit()
        transaction.on_commit(waiting)
    waiting.app_labels.add(label)


# --- What a page read --------------------------------------------------------------------------------

_QUOTED = re.compile(r'"([a-z0-9_]+)"')


@cache
def _app_of_table() -> dict[str, str]:
    return {model._meta.db_table: model._meta.app_label for model in django_apps.get_models()}


@contextmanager
def reading_apps():
    """`with reading_apps() as read:` collects in `read` the apps whose tables the queries inside read
    (their history tables too): what a page rendered inside can show, and so what must drop it."""
    read: set[str] = set()
    tables = _app_of_table()
    portal = registry.app_labels()

    def note(execute, sql, params, many, context):
        for name in _QUOTED.findall(sql):
            label = tables.get(name)
            if label in portal:
                read.add(label)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(note):
        yield read


def still_current(stored: dict[str, int], now: dict[str, int]) -> bool:
    """Whether nothing a page read has changed since it was rendered under `stored`."""
    return all(now.get(name, 0) == number for name, number in stored.items())
