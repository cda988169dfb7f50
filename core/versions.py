"""A version of all the portal's data, in one cheap query, for caches that must never be stale.

Every model the pages read keeps a history (django-simple-history), reference tables edited in the
admin included, so every insert, edit or delete writes a history row. The two tables without one are
only ever inserted into (a status change, an issued bilag version). The version is the newest id of
each of those tables: any change anywhere changes it.
"""

from functools import cache

from django.db import connection

UNTRACKED = ("statuses.StatusChange", "meetings.BilagVersion")  # written once, never edited


@cache  # the models never change while the process runs; reading them costs more than the query
def _sql(vendor):
    quote = connection.ops.quote_name
    return " UNION ALL ".join(
        f"SELECT {index}, (SELECT MAX({quote(column)}) FROM {quote(table)})"  # nosec B608 - names from the models
        for index, (table, column) in enumerate(_tables())
    )


def _tables():
    from django.apps import apps
    from simple_history.models import registered_models

    tables = [(model.history.model._meta.db_table, "history_id") for model in registered_models.values()
              if hasattr(model, "history")]
    for label in UNTRACKED:
        model = apps.get_model(label)
        tables.append((model._meta.db_table, model._meta.pk.column))
    return sorted(set(tables))


def data_version() -> str:
    """One query: the newest row id of every table whose changes the pages show."""
    with connection.cursor() as cursor:
        cursor.execute(_sql(connection.vendor))
        return ".".join(str(latest or 0) for _, latest in sorted(cursor.fetchall()))
