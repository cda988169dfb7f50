"""Reads of pool projects that the list, the overview and the overbliksark share (ADR 0013).

What a page always shows belongs to the query the page always runs: the amount allocated is an
annotation of `project_rows()`, never of a filter that runs only when the filter form is bound.
"""

from django.db.models import Count, Sum

from core.timetravel import child_sum_as_of, rows_as_of

from .models import Allocation, Partner, Pool, Project


def project_rows(*, year: int | None = None, moment=None):
    """Projects with `allocated`: the amount allocated in `year`, or in all years when None; as they
    were at `moment` (read from the history) or now. In the overbliksark's order (pool, then id)."""
    if moment is None:
        rows = Project.objects.with_allocated(year)
    else:
        filters = {"year": year} if year else {}
        rows = rows_as_of(Project, moment).annotate(
            allocated=child_sum_as_of(Allocation, "project_id", "amount", moment, **filters)
        )
    return rows if rows.query.order_by else rows.order_by("pool__name", "id")


def allocated_total(rows) -> tuple[int, int]:
    """The sum of `allocated` over rows of `project_rows()`, the list's "I alt", and the number of rows,
    in one query: the list's pages are counted with it."""
    found = rows.aggregate(total=Sum("allocated"), count=Count("pk"))
    return found["total"] or 0, found["count"]


def pool_rows():
    """Pools with `project_count`, by name."""
    return Pool.objects.select_related("status_scale").annotate(project_count=Count("projects")).order_by("name", "id")


def partner_rows():
    """Partners with `project_count`: the projects and sub-projects they work with, by name."""
    return Partner.objects.annotate(
        project_count=Count("projects", distinct=True) + Count("subprojects", distinct=True)
    ).order_by("name", "id")
