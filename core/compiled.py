"""Queries built and compiled once and run again and again (ADR 0024, item 23).

A query that names no rows, only values that repeat from request to request (a moment, a period, a
filter), compiles to the same SQL every time; building and compiling the overview's unions took about
as long as the database takes to answer them. Callers keep the compiled query (functools.lru_cache keyed
by those values) and run it here with a cursor; its rows get Django's own converters, so SQLite's dates
and decimals read as the ORM reads them (PostgreSQL's need none)."""

from dataclasses import dataclass

from django.db import connection

from . import private_api


@dataclass(frozen=True)
class CompiledValues:
    """A `.values()` queryset compiled once: its SQL and parameters, its columns' names, and its query
    and selected expressions, through which each run's rows get Django's converters (decimals and dates
    read from SQLite)."""

    sql: str
    params: tuple
    names: tuple
    query: object
    selected: tuple


def compiled_values(queryset) -> CompiledValues:
    """A `.values()` queryset compiled, to run again and again with `value_rows`."""
    return CompiledValues(*private_api.compile_values(queryset))


def value_rows(compiled_query: CompiledValues) -> list[dict]:
    """The rows of a compiled `.values()` queryset, as `.values()` gives them."""
    with connection.cursor() as cursor:
        cursor.execute(compiled_query.sql, compiled_query.params)
        found = cursor.fetchall()
    found = private_api.convert_values(compiled_query.query, compiled_query.selected, found, connection)
    names = compiled_query.names
    return [dict(zip(names, row[: len(names)], strict=True)) for row in found]
