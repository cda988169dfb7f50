"""Each history row knows until when it was valid: the time travel reads the past with one filter.

simple-history finds the row of each item as it stood at a moment with an anti-join: every row up to
the moment for which no later row up to the moment exists. On this machine that costs about 30 ms
for the 34 000 history rows of Lys i øjnene, and the past's overview does it for several kinds (issue
18). Each history row now carries `history_until`, the time of the item's next row (empty for its
newest), and "as it stood at `moment`" is the plain filter

    history_date <= moment AND (history_until IS NULL OR history_until > moment)

about three times faster (ADR 0009, addendum). Rows saved in the same instant are ordered by
history_id, as the audit orders them: the later one is the one that stood.

On PostgreSQL the filter is written as a range, `tstzrange(history_date, history_until, '[)') @> moment`,
which a GiST index on that expression answers (`install()` makes it): the rows that stood at a moment are
read without scanning every row of the history, whose filter columns sit behind its text (the past's
overview read the 34 000 rows of Lys i øjnene three times; 12 → 5 ms each, ADR 0024 item 24).
`history_until` is the next row's time in (history_date, history_id) order, never before the row's own,
so the range is always valid.

The column is kept by the database, not by Python: a trigger on every history table recomputes the
rows of the items a statement inserted, changed or removed, whatever wrote them (a save, a confirmed
import's bulk insert, the seed moving a row's history_date, a restore). `install()` runs after every
`migrate` (core.apps) and brings the column of existing rows up to date.
"""

from django.apps import apps
from django.db import connections
from django.db.models import BooleanField, DateTimeField, F, Func, Q, Value

FIELD = "history_until"


def history_models() -> list:
    """Every history model simple-history made (each has history_date and a FIELD column)."""
    return [
        model
        for model in apps.get_models()
        if hasattr(model, "instance_type") and any(f.name == FIELD for f in model._meta.concrete_fields)
    ]


class _StoodAt(Func):
    """history_date <= moment AND (history_until IS NULL OR history_until > moment), as the range
    containment the GiST index of `_index` answers (PostgreSQL)."""

    output_field = BooleanField()

    def __init__(self, moment):
        super().__init__(F("history_date"), F(FIELD), Value(moment, output_field=DateTimeField()))

    def as_sql(self, compiler, connection, **extra_context):
        (start, start_params), (until, until_params), (at, at_params) = (
            compiler.compile(expression) for expression in self.get_source_expressions()
        )
        return f"tstzrange({start}, {until}, '[)') @> {at}", (*start_params, *until_params, *at_params)


def standing_at(history_queryset, moment):
    """The rows of `history_queryset` that stood at `moment`."""
    if connections[history_queryset.db].vendor == "postgresql":
        return history_queryset.filter(_StoodAt(moment))
    return history_queryset.filter(history_date__lte=moment).filter(
        Q(**{f"{FIELD}__isnull": True}) | Q(**{f"{FIELD}__gt": moment})
    )


INDEX_SUFFIX = "_standing"


def _index(table: str, quote) -> str:
    return f"CREATE INDEX {quote(table + INDEX_SUFFIX)} ON {quote(table)} USING gist (tstzrange(history_date, {FIELD}, '[)'))"


def _indexes(cursor) -> set[str]:
    # Looked up rather than CREATE INDEX IF NOT EXISTS: PostgreSQL refuses even that on a table with
    # pending trigger events (a test's transaction with deferred constraints).
    cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE %s", [f"%{INDEX_SUFFIX}"])
    return {name for (name,) in cursor.fetchall()}


# The next row's time for every row of the items in {ids} (a subquery of item ids).
_RECOMPUTE = """
    UPDATE {table} SET history_until = later.until
    FROM (
        SELECT history_id, LEAD(history_date) OVER (PARTITION BY id ORDER BY history_date, history_id) AS until
        FROM {table} WHERE id IN ({ids})
    ) AS later
    WHERE {table}.history_id = later.history_id AND {table}.history_until {differs} later.until
"""


def _recompute(table: str, ids: str, vendor: str) -> str:
    differs = "IS DISTINCT FROM" if vendor == "postgresql" else "IS NOT"
    # Only a model's own table name goes in, quoted by the connection: nothing from outside.
    return _RECOMPUTE.format(table=table, ids=ids, differs=differs)


def _postgresql(table: str, quote) -> list[str]:
    statements = []
    for event, rows in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
        name = quote(f"{table}_until_{event.lower()}")
        body = _recompute(quote(table), "SELECT id FROM changed_rows", "postgresql")
        statements += [
            # The function's own UPDATE fires the UPDATE trigger again: the depth stops it there.
            f"""CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF pg_trigger_depth() > 1 THEN RETURN NULL; END IF;
                    {body};
                    RETURN NULL;
                END $$""",
            f"DROP TRIGGER IF EXISTS {name} ON {quote(table)}",
            f"""CREATE TRIGGER {name} AFTER {event} ON {quote(table)}
                REFERENCING {rows} TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION {name}()""",
        ]
    return statements


def _sqlite(table: str, quote) -> list[str]:
    statements = []
    for event, row in (("INSERT", "NEW"), ("UPDATE OF history_date", "NEW"), ("DELETE", "OLD")):
        name = quote(f"{table}_until_{event.split()[0].lower()}")
        statements += [
            f"DROP TRIGGER IF EXISTS {name}",
            f"""CREATE TRIGGER {name} AFTER {event} ON {quote(table)} FOR EACH ROW BEGIN
                {_recompute(quote(table), f"{row}.id", "sqlite")};
            END""",
        ]
    return statements


def install(using: str = "default") -> None:
    """The triggers on every history table (and on PostgreSQL the index of `standing_at`), and the column
    of every existing row brought up to date."""
    connection = connections[using]
    quote = connection.ops.quote_name
    build = _postgresql if connection.vendor == "postgresql" else _sqlite
    with connection.cursor() as cursor:
        existing = set(connection.introspection.table_names(cursor))
        indexes = _indexes(cursor) if connection.vendor == "postgresql" else set()
        for model in history_models():
            table = model._meta.db_table
            columns = (
                {column.name for column in connection.introspection.get_table_description(cursor, table)}
                if table in existing
                else ()
            )
            if FIELD not in columns:  # migrated back to before the column, or the app not migrated
                continue
            for statement in build(table, quote):
                cursor.execute(statement)
            if connection.vendor == "postgresql" and table + INDEX_SUFFIX not in indexes:
                cursor.execute(_index(table, quote))
            every_item = f"SELECT id FROM {quote(table)}"  # nosec B608 - a model's own table
            cursor.execute(_recompute(quote(table), every_item, connection.vendor))


def install_after_migrate(sender, using="default", **kwargs) -> None:
    install(using)
