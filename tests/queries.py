"""Counting the queries of a page, for the guards that a page's queries do not grow with its rows; digests of
tables, for the checks that nothing changed."""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(client, url, params=None):
    """Queries of one request for the page computed afresh: a cached page reads no rows, so it would
    hide a query per row (lists and the overview are cached per data version, ADR 0011)."""
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params or {}).status_code == 200
    return len(queries)


def rows_digest_sql(table: str, pk: str, where: str = "") -> str:
    """A subquery giving an md5 of every row of `table` in key order (PostgreSQL): two states of a table
    compared in one query, without reading its rows into Python."""
    q = connection.ops.quote_name
    return f"(SELECT md5(coalesce(string_agg(r::text, '|' ORDER BY r.{q(pk)}), '')) FROM {q(table)} r" + (
        f" WHERE {where})" if where else ")"
    )
