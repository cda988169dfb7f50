"""Counting the queries of a page, for the guards that a page's queries do not grow with its rows."""

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
