"""What the overview's parts share: links to filtered lists, rows of today or of the past, and counts
and sums of many kinds read in one UNION ALL query."""

import functools
from urllib.parse import quote_plus, urlencode

from django.db.models import (
    CharField,
    F,
    OrderBy,
    Value,
    Window,
)
from django.db.models.functions import RowNumber
from django.urls import reverse

from core.compiled import CompiledValues, compiled_values, value_rows
from core.timetravel import rows_as_of


def _link(url_name: str, **params) -> str:
    return _linker(url_name)(**params)


def _linker(url_name: str):
    """`_link` to one page for many rows: the page's URL is reversed once, not once per number."""
    base = reverse(url_name)

    def link(**params) -> str:
        # As urlencode gives it; a number needs no quoting, and an overview writes some five hundred links.
        query = "&".join(
            f"{quote_plus(key)}={value}" if type(value) is int else urlencode({key: value})
            for key, value in params.items()
            if value is not None
        )
        return base + (f"?{query}" if query else "")

    return link


def items(model, moment=None):
    """The model's rows today, or as they were at `moment` (read from the stored history)."""
    return rows_as_of(model, moment) if moment else model.objects.all()


MAX_GROUPS = 6  # columns on the overview; the rest are summed in one column and listed on their own page


# --- Counts and sums, many kinds in one query ----------------------------------------------------
#
# Each kind of count (statuses per group of one source, money per pool or outside source, one
# data-quality flag) is a grouped SELECT with the same columns (kind, group_id, group_name, key, n,
# stale, position); a UNION ALL reads them all in one query. A UNION keeps no part's ORDER BY (and
# SQLite allows none), so every row carries its position in its part's order.


def _ordering_keys(opts, prefix: str = "", descending: bool = False) -> list:
    """What `model.objects.all()` sorts by: Meta.ordering, followed through relations as Django does
    (e.g. an area: its plan's ordering, its order, its id)."""
    found = []
    for name in opts.ordering or ["pk"]:
        desc = descending != name.startswith("-")  # string orderings only: the group models use nothing else
        name = name.lstrip("-")
        field = opts.pk if name == "pk" else opts.get_field(name)
        if field.is_relation and field.related_model._meta.ordering:
            found += _ordering_keys(field.related_model._meta, f"{prefix}{name}__", desc)
        else:
            found.append(OrderBy(F(f"{prefix}{name}"), descending=desc))
    return found


def _sort_keys(model, relation: str) -> list:
    """What `order_by(relation)` sorts `model`'s rows by: the related model's ordering."""
    return _ordering_keys(model._meta.get_field(relation).related_model._meta, f"{relation}__")


def named_choices(models: dict) -> dict[str, list[tuple[int, str]]]:
    """{name: [(pk, name), …]} for each named model in `models` ({name: model}), each in its own order,
    from one query: the choices of the overview's filter."""
    found: dict = {name: [] for name in models}
    for row in sorted(value_rows(_named_choices_query(tuple(models.items()))), key=lambda row: row["choice_position"]):
        found[row["choice_of"]].append((row["choice_pk"], row["choice_name"]))
    return found


@functools.lru_cache(maxsize=8)
def _named_choices_query(models: tuple) -> CompiledValues:
    """named_choices' UNION, built and compiled once: it names no rows, only ids, names and positions."""
    parts = [
        model.objects.order_by()
        .values(choice_of=Value(name, output_field=CharField()), choice_pk=F("pk"), choice_name=F("name"))
        .annotate(choice_position=Window(RowNumber(), order_by=_ordering_keys(model._meta)))
        for name, model in models
    ]
    return compiled_values(_union(parts))


def _grouped(queryset, kind: str, group_id, group_name, key, n, stale, order_by):
    """One part of the UNION: `queryset` counted or summed per (group, key)."""
    rows = (
        queryset.order_by()
        .values(kind=Value(kind, output_field=CharField()), group_id=group_id, group_name=group_name, key=key)
        .annotate(n=n, stale=stale)
    )
    # Annotated after the aggregates, so that its sort columns join the GROUP BY instead of the window itself.
    return rows.annotate(position=Window(RowNumber(), order_by=order_by) if order_by else Value(0))


def _union(parts):
    first, *rest = parts
    return first.union(*rest, all=True) if rest else first


def _by_kind(rows) -> dict[str, list[dict]]:
    by_kind: dict = {}
    for row in sorted(rows, key=lambda row: row["position"]):
        by_kind.setdefault(row["kind"], []).append(row)
    return by_kind


def _read_rows(parts) -> dict[str, list[dict]]:
    """Run the parts as one query; the rows per kind, each kind in its own order."""
    return _by_kind(_union(parts))


def _compiled(parts) -> CompiledValues:
    """The parts' UNION ALL compiled, for `_read_compiled` to run again and again."""
    return compiled_values(_union(parts))


def _read_compiled(query: CompiledValues) -> dict[str, list[dict]]:
    """`_read_rows` of a query compiled beforehand."""
    return _by_kind(value_rows(query))
