"""A version of all the portal's data, in one cheap query, for caches that must never be stale.

Every change to a tracked model writes a history row (django-simple-history), a status change
writes its StatusChange, and the few untracked tables the pages read are listed here. The version
is the newest id of each of those tables: any insert, edit or delete changes it.
"""

from django.db import connection

UNTRACKED = ("meetings.Meeting", "meetings.Bilag", "statuses.StatusChange", "statuses.StatusValue")


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
    tables = _tables()
    quote = connection.ops.quote_name
    sql = " UNION ALL ".join(
        f"SELECT {index}, (SELECT MAX({quote(column)}) FROM {quote(table)})"  # nosec B608 - names from the models
        for index, (table, column) in enumerate(tables)
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return ".".join(str(latest or 0) for _, latest in sorted(cursor.fetchall()))
