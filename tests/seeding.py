"""The `seed` fixture's rows, written once a test worker and copied back for every later test.

`seed_demo` reads seven JSON documents, writes their first history and builds the search index: about a
second and a half a test on PostgreSQL, for some nine hundred tests. The first test of a worker that asks
for the seed runs `seed_demo` itself; what it added to each table is kept as PostgreSQL's COPY text, and a
later test gets the very same rows (ids included) copied back into its own transaction in about 0.2 s.

It is used only where that is exactly what `seed_demo` would do: on PostgreSQL, with DEBUG off, where
`seed_demo` only added rows (no row it found was changed) and the tables it adds to hold none of its rows
yet. Otherwise the test runs `seed_demo`. tests/test_setup.py checks `seed_demo` itself, run afresh.
"""

from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction

from tests.queries import rows_digest_sql

_kept: dict | None = None  # table -> (pk column, COPY text of the rows seed_demo added, (lowest, highest id))
_base = None  # the content types, roles and permissions the kept rows point at
_unusable = False  # seed_demo changed a row it found: always run it

# What the kept rows may point at that seed_demo does not add. A transactional test empties every table and
# migrate's signal makes these again, under new ids: then the kept rows are kept anew.
BASE_TABLES = ("django_content_type", "auth_permission", "auth_group", "auth_group_permissions")


def _tables() -> list[tuple[str, str]]:
    """(table, primary key column) of every model table with an integer key, auto-created ones included."""
    from django.apps import apps
    from django.db import models

    found = {}
    for model in apps.get_models(include_auto_created=True):
        pk = model._meta.pk
        if isinstance(pk, models.AutoField | models.BigAutoField | models.IntegerField) and not model._meta.proxy:
            found[model._meta.db_table] = pk.column
    return sorted(found.items())


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _high_marks(tables) -> dict[str, int]:
    sql = ", ".join(f"(SELECT coalesce(max({_quote(pk)}), 0) FROM {_quote(t)})" for t, pk in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {sql}")  # nosec B608 - the models' own tables
        return dict(zip([t for t, _ in tables], cursor.fetchone(), strict=True))


def _digests(tables, marks) -> tuple:
    """A digest of each table's rows up to its mark: the rows there were before seed_demo."""
    sql = ", ".join(rows_digest_sql(t, pk, f"r.{_quote(pk)} <= {int(marks[t])}") for t, pk in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {sql}")  # nosec B608 - the models' own tables and integers
        return cursor.fetchone()


def _copy_out(table, pk, above) -> bytes:
    raw = connection.cursor().cursor  # psycopg's own cursor: COPY
    data = bytearray()
    query = f"COPY (SELECT * FROM {_quote(table)} WHERE {_quote(pk)} > {int(above)}) TO STDOUT"  # nosec B608
    with raw.copy(query) as copy:
        for block in copy:
            data += block
    return bytes(data)


def _fingerprint():
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(rows_digest_sql(t, "id") for t in BASE_TABLES))  # nosec B608
        return cursor.fetchone()


def _run_and_keep():
    global _kept, _unusable, _base
    _base = _fingerprint()
    tables = _tables()
    marks = _high_marks(tables)
    before = _digests(tables, marks)
    call_command("seed_demo", without_meeting=True, verbosity=0)
    if _digests(tables, marks) != before:
        _unusable = True
        return
    kept = {}
    for table, pk in tables:
        data = _copy_out(table, pk, marks[table])
        if data:
            kept[table] = (pk, data, _ids_of(table, pk, marks[table]))
    _kept = kept


def _ids_of(table, pk, above) -> tuple[int, int]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT min({_quote(pk)}), max({_quote(pk)}) FROM {_quote(table)} WHERE {_quote(pk)} > %s",  # nosec B608
            [above],
        )
        return cursor.fetchone()


def _restorable() -> bool:
    """No row holds an id the kept rows have (or a later one: a row the test made itself)."""
    checks = " OR ".join(
        f"EXISTS (SELECT 1 FROM {_quote(t)} WHERE {_quote(pk)} >= {int(low)})"
        for t, (pk, _, (low, _high)) in _kept.items()
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {checks}")  # nosec B608 - the models' own tables and integers
        return not cursor.fetchone()[0]


@transaction.atomic  # the foreign keys are checked at the end, when every table has its rows
def _restore():
    raw = connection.cursor().cursor
    for table, (_pk, data, _ids) in _kept.items():
        with raw.copy(f"COPY {_quote(table)} FROM STDIN") as copy:  # nosec B608 - a model's table
            copy.write(data)
    # The ids were drawn from the tables' sequences when seed_demo ran; a later row must not take one.
    with connection.cursor() as cursor:
        for table, (pk, _, (_low, high)) in _kept.items():
            cursor.execute(
                "SELECT setval(s::regclass, greatest(%s, nextval(s::regclass))) FROM pg_get_serial_sequence(%s, %s) AS s "
                "WHERE s IS NOT NULL",
                [high, _quote(table), pk],
            )


def _seeded_already() -> bool:
    """Whether seed_demo would skip a document: the test (or its module) has some of the seed's data."""
    from django.apps import apps

    from demo.management.commands.seed_demo import seed_fixtures

    return any(apps.get_model(label).objects.exists() for _fixture, label, *_ in seed_fixtures())


def load_seed():
    """What `seed_demo --without-meeting` would add, for the test's own transaction."""
    if connection.vendor != "postgresql" or settings.DEBUG or _unusable or _seeded_already():
        call_command("seed_demo", without_meeting=True, verbosity=0)
    elif _kept is None or _fingerprint() != _base:
        _run_and_keep()
    elif _restorable():
        _restore()
    else:
        call_command("seed_demo", without_meeting=True, verbosity=0)
