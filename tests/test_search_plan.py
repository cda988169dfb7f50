"""The search reads common words through PostgreSQL's GIN index (search.engine._through_the_index); the
planner setting that asks for it must end with the search, or every later page on the same connection
would be planned without table scans."""

import pytest
from django.db import connection

from search.selectors import search


@pytest.mark.django_db(transaction=True)
def test_a_politician_s_search_leaves_the_next_page_planned_as_usual(politician):
    results = search("børn", user=politician)
    assert results.total == 0  # an empty portal: nothing found, and the page says so

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW enable_seqscan")
            assert cursor.fetchone()[0] == "on"
    assert not connection.in_atomic_block
