"""Queries built and compiled once and run again and again (ADR 0024, item 23).

A query that names no rows, only values that repeat from request to request (a moment, a period, a
filter), compiles to the same SQL every time; building and compiling the overview's unions took about
as long as the database takes to answer them. Callers keep the compiled SQL (functools.lru_cache keyed
by those values) and run it here with a cursor."""

from django.db import connection


def compiled(queryset) -> tuple[str, tuple]:
    """The queryset's SQL and parameters."""
    return queryset.query.sql_with_params()


def rows(sql: str, params: tuple) -> list[dict]:
    """The compiled query's rows as `.values()` gives them, without Django's converters: right for ids,
    names, text, counts and sums on every database, and for dates and moments on PostgreSQL, whose
    driver gives them as Django would (see `gives_moments`)."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def gives_moments() -> bool:
    """Whether the database driver gives dates and moments as Python values (PostgreSQL) rather than
    text that only Django's converters turn into them (SQLite, for `make run`)."""
    return connection.vendor == "postgresql"
