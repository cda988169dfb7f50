"""How many items of each kind are in each status, and how many need attention."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cached_property

from django.apps import apps
from django.db.models import (
    BigIntegerField,
    CharField,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    Value,
)
from django.urls import reverse
from django.utils import timezone

from core import registry
from statuses.models import StatusValue

from .base import _grouped, _link, _linker, _read_rows, _sort_keys, items


@dataclass(frozen=True)
class StatusSource:
    """Items with a status, counted per group (e.g. projects per pool) for the overview: one count a
    kind's app registered (core.registry.OverviewCount)."""

    entry: registry.ModelEntry
    count: registry.OverviewCount

    key = property(lambda self: self.count.key)
    title = property(lambda self: self.count.title)
    group = property(lambda self: self.count.group)
    group_label = property(lambda self: self.count.group_label)
    ungrouped = property(lambda self: self.count.ungrouped)
    needs_attention = property(lambda self: self.count.needs_attention)
    list_url = property(lambda self: self.entry.list_url)

    @property
    def model(self) -> str:
        return self.entry.model._meta.label

    @property
    def words(self) -> str:
        """ "projekt,projekter": for `{{ n|count:source.words }}`."""
        return f"{self.entry.singular},{self.entry.plural}"


def sources() -> list[StatusSource]:
    """What the overview counts, in the order the apps registered it."""
    return [StatusSource(entry, count) for entry in registry.entries() for count in entry.overview]


@dataclass
class CountRow:
    label: str
    url: str
    cells: list  # (count, url, status value) per status value
    total: int = 0
    is_rest: bool = False  # the column that sums the groups without a column of their own


@dataclass
class CountTable:
    source: StatusSource
    values: list
    rows: list = field(default_factory=list)
    chart: object = None
    stale: int = 0  # items whose status was not set or changed within the period
    group_count: int = 0
    rest: tuple | None = None  # (number of groups summed, {status id: count}) beyond MAX_GROUPS
    params: dict = field(default_factory=dict)  # the overview's filter, carried into every link

    @property
    def stale_url(self):
        return _link("dashboard:attention", kilde=self.source.key)

    @cached_property  # in every cell of the column "Øvrige"
    def breakdown_url(self):
        return _link("dashboard:status_breakdown", kilde=self.source.key)

    @property
    def by_status(self):
        """One line per status, a cell per group: narrow enough for a tablet. A status no item has
        is left out: a column of zeros tells a reader nothing (the scale's page lists every status)."""
        lines = [
            (
                value,
                [(row.cells[i][0], row.cells[i][1], row.label) for row in self.rows],
                sum(row.cells[i][0] for row in self.rows),
            )
            for i, value in enumerate(self.values)
        ]
        return [line for line in lines if line[2]]

    @property
    def total(self):
        return sum(row.total for row in self.rows)

    @property
    def list_url(self):
        return reverse(self.source.list_url)


STALE_AFTER_DAYS = 90


MAX_GROUPS = 6  # columns on the overview; the rest are summed in one column and listed on their own page


def _status_part(source: StatusSource, moment, cutoff, lookups: dict | None = None):
    model = apps.get_model(source.model)
    return _grouped(
        items(model, moment).filter(**(lookups or {})),
        source.key,
        F(f"{source.group}_id"),
        F(f"{source.group}__name"),
        F("status_id"),
        n=Count("pk"),
        stale=Count("pk", filter=Q(status_changed_at__lt=cutoff) | Q(status_changed_at__isnull=True)),
        # The group model's own order, e.g. the areas in the seed's order.
        order_by=_sort_keys(model, source.group),
    )


def _status_tables(sources, rows: dict, all_groups: bool = False, params: dict | None = None) -> list[CountTable]:
    """The count tables from the rows of `_status_part`, with every status value of the scales counted
    (one query for all of them, also those no item has)."""
    empty = [source for source in sources if not rows.get(source.key)]
    values = StatusValue.objects.select_related("scale").order_by("scale", "order")
    if empty:
        # Nothing counted (yet, or then): the scale of today's items, so the table still names its statuses.
        values = values.annotate(
            **{
                f"used_by_{i}": Exists(apps.get_model(source.model).objects.filter(status__scale=OuterRef("scale")))
                for i, source in enumerate(empty)
            }
        )
    values = list(values)
    tables = []
    for source in sources:
        counts = rows.get(source.key, [])
        if counts:
            status_ids = {entry["key"] for entry in counts}
            scales = {value.scale_id for value in values if value.pk in status_ids}
        else:
            used_by = f"used_by_{empty.index(source)}"
            scales = {value.scale_id for value in values if getattr(value, used_by)}
        shown = [value for value in values if value.scale_id in scales]
        tables.append(_count_table(source, counts, shown, all_groups, params or {}))
    return tables


def _count_table(source: StatusSource, counts: list[dict], values: list, all_groups: bool, params: dict) -> CountTable:
    """How many items are in each status, per group, and how many of them need attention; every number
    links to its filtered list. On the overview at most MAX_GROUPS groups get a column each (the
    largest); the others are summed in one column, and the full breakdown has its own page."""
    groups: dict = {}
    for entry in counts:
        group_id = entry["group_id"]
        groups.setdefault(group_id, {"name": entry["group_name"] or source.ungrouped, "counts": {}})
        groups[group_id]["counts"][entry["key"]] = entry["n"]
    table = CountTable(
        source=source,
        values=values,
        stale=sum(entry["stale"] for entry in counts),
        group_count=len(groups),
        params=params,
    )
    shown = groups
    if not all_groups and len(groups) > MAX_GROUPS:
        largest = sorted(groups, key=lambda gid: -sum(groups[gid]["counts"].values()))[: MAX_GROUPS - 1]
        shown = {gid: group for gid, group in groups.items() if gid in largest}
        rest: dict = {}
        for gid, group in groups.items():
            if gid not in shown:
                for status_id, n in group["counts"].items():
                    rest[status_id] = rest.get(status_id, 0) + n
        table.rest = (len(groups) - len(shown), rest)
    linker = _linker(source.list_url)

    def list_link(**chosen):  # a filtered overview's numbers open their lists filtered the same way
        return linker(**{**params, **chosen})

    for group_id, group in shown.items():
        cells = [
            (group["counts"].get(value.pk, 0), list_link(**{source.group: group_id, "status": value.pk}), value)
            for value in values
        ]
        table.rows.append(
            CountRow(group["name"], list_link(**{source.group: group_id}), cells, sum(group["counts"].values()))
        )
    if table.rest:
        hidden, rest = table.rest
        cells = [(rest.get(value.pk, 0), table.breakdown_url, value) for value in values]
        table.rows.append(CountRow(f"Øvrige {hidden}", table.breakdown_url, cells, sum(rest.values()), is_rest=True))
    return table


def _cutoff(moment, days: int, today: date | None = None):
    """Where "not updated within `days` days" begins: the start of the day `days` days before `moment`'s
    day (today's). In whole days, as the period is given; and the same all day, so the overview's query
    is built once a day (selectors.overview_numbers)."""
    day = timezone.localtime(moment).date() if moment else (today or timezone.localdate())
    return timezone.make_aware(datetime.combine(day - timedelta(days=days), time.min))


def status_counts(
    source: StatusSource, moment=None, days: int = STALE_AFTER_DAYS, all_groups: bool = False
) -> CountTable:
    """How many items of one kind are in each status, per group, and how many of them need attention
    (status not set or changed within `days`). Two queries."""
    rows = _read_rows([_status_part(source, moment, _cutoff(moment, days))])
    return _status_tables([source], rows, all_groups)[0]


# --- What needs attention ------------------------------------------------------------------------


def stale_items(source: StatusSource, days: int, moment=None):
    """Items whose status has not been set or changed within `days` days (never assessed counts too)."""
    cutoff = _cutoff(moment, days)
    model = apps.get_model(source.model)
    return items(model, moment).filter(Q(status_changed_at__lt=cutoff) | Q(status_changed_at__isnull=True))


def stale_counts(tables, days: int) -> list[tuple[StatusSource, int, str]]:
    """Per kind of item: how many need attention, counted with the status counts (no extra query)."""
    return [
        (table.source, table.stale, _link("dashboard:attention", kilde=table.source.key, dage=days))
        for table in tables
        if table.source.needs_attention
    ]


def _flag_parts() -> list:
    """A count per data-quality flag, of the indicators the indicator list's own filter shows for it."""
    from goals.choices import QualityFlag
    from goals.filters import with_quality_flag
    from goals.models import Indicator

    return [
        _grouped(
            with_quality_flag(Indicator.objects.all(), flag.value),
            f"flag:{flag.value}",
            group_id=Value(None, output_field=BigIntegerField()),
            group_name=Value(None, output_field=CharField()),
            key=Value(None, output_field=BigIntegerField()),
            n=Count("pk"),
            stale=Value(0),
            order_by=None,
        )
        for flag in QualityFlag
    ]


def _indicator_flags(rows: dict) -> list[tuple[str, int, str]]:
    from goals.choices import QualityFlag

    return [
        (flag.label, rows[f"flag:{flag.value}"][0]["n"], _link("goals:indicator_list", quality=flag.value))
        for flag in QualityFlag
    ]


def indicator_flag_counts() -> list[tuple[str, int, str]]:
    """How many indicators carry each data-quality flag, counted by the indicator list's own filter.
    One query."""
    return _indicator_flags(_read_rows(_flag_parts()))
