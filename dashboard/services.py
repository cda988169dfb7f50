"""Read-only figures for the committee's overview. Each function costs a fixed number of queries."""

from dataclasses import dataclass, field
from datetime import timedelta
from types import SimpleNamespace
from urllib.parse import urlencode

from django.apps import apps
from django.db.models import (
    BigIntegerField, CharField, Count, DecimalField, Exists, F, IntegerField, OrderBy, OuterRef, Q, Subquery,
    Sum, TextField, Value, Window,
)
from django.db.models.functions import Cast, RowNumber
from django.urls import reverse
from django.utils import timezone

from core import registry
from core.choices import MoneyState
from core.timetravel import past_rows
from statuses.models import StatusValue


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
        """"projekt,projekter": for `{{ n|count:source.words }}`."""
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

    @property
    def stale_url(self):
        return _link("dashboard:attention", kilde=self.source.key)

    @property
    def breakdown_url(self):
        return _link("dashboard:status_breakdown", kilde=self.source.key)

    @property
    def by_status(self):
        """One line per status, a cell per group: narrow enough for a tablet."""
        return [
            (value, [(row.cells[i][0], row.cells[i][1], row.label) for row in self.rows],
             sum(row.cells[i][0] for row in self.rows))
            for i, value in enumerate(self.values)
        ]

    @property
    def total(self):
        return sum(row.total for row in self.rows)

    @property
    def list_url(self):
        return reverse(self.source.list_url)


STALE_AFTER_DAYS = 90


def _link(url_name: str, **params) -> str:
    return _linker(url_name)(**params)


def _linker(url_name: str):
    """`_link` to one page for many rows: the page's URL is reversed once, not once per number."""
    base = reverse(url_name)

    def link(**params) -> str:
        query = urlencode({key: value for key, value in params.items() if value is not None})
        return base + (f"?{query}" if query else "")

    return link


def items(model, moment=None):
    """The model's rows today, or as they were at `moment` (read from the stored history)."""
    return model.history.as_of(moment) if moment else model.objects.all()


MAX_GROUPS = 6  # columns on the overview; the rest are summed in one column and listed on their own page


# --- Counts and sums, many kinds in one query ----------------------------------------------------
#
# Each kind of count (statuses per group of one source, money per pool or outside source, one
# data-quality flag) is a grouped SELECT with the same columns (kind, group_id, group_name, key, n,
# stale, position); a UNION ALL reads them all in one query. A UNION keeps no part's ORDER BY (and
# SQLite allows none), so every row carries its position in its part's order.


def _sort_keys(model, relation: str) -> list:
    """What `order_by(relation)` sorts `model`'s rows by: the related model's Meta.ordering, followed
    through further relations as Django does (e.g. an area: its plan, its order, its id)."""

    def keys(opts, prefix, descending):
        found = []
        for name in opts.ordering or ["pk"]:
            desc = descending != name.startswith("-")  # string orderings only: the group models use nothing else
            name = name.lstrip("-")
            field = opts.pk if name == "pk" else opts.get_field(name)
            if field.is_relation and field.related_model._meta.ordering:
                found += keys(field.related_model._meta, f"{prefix}{name}__", desc)
            else:
                found.append(OrderBy(F(f"{prefix}{name}"), descending=desc))
        return found

    return keys(model._meta.get_field(relation).related_model._meta, f"{relation}__", False)


def _grouped(queryset, kind: str, group_id, group_name, key, n, stale, order_by):
    """One part of the UNION: `queryset` counted or summed per (group, key)."""
    rows = (queryset.order_by()
            .values(kind=Value(kind, output_field=CharField()), group_id=group_id, group_name=group_name, key=key)
            .annotate(n=n, stale=stale))
    # Annotated after the aggregates, so that its sort columns join the GROUP BY instead of the window itself.
    return rows.annotate(position=Window(RowNumber(), order_by=order_by) if order_by else Value(0))


def _read_rows(parts) -> dict[str, list[dict]]:
    """Run the parts as one query; the rows per kind, each kind in its own order."""
    first, *rest = parts
    rows = first.union(*rest, all=True) if rest else first
    by_kind: dict = {}
    for row in sorted(rows, key=lambda row: row["position"]):
        by_kind.setdefault(row["kind"], []).append(row)
    return by_kind


def _status_part(source: StatusSource, moment, cutoff):
    model = apps.get_model(source.model)
    return _grouped(
        items(model, moment), source.key, F(f"{source.group}_id"), F(f"{source.group}__name"), F("status_id"),
        n=Count("pk"), stale=Count("pk", filter=Q(status_changed_at__lt=cutoff) | Q(status_changed_at__isnull=True)),
        # The group model's own order, e.g. the areas in the seed's order.
        order_by=_sort_keys(model, source.group),
    )


def _status_tables(sources, rows: dict, all_groups: bool = False) -> list[CountTable]:
    """The count tables from the rows of `_status_part`, with every status value of the scales counted
    (one query for all of them, also those no item has)."""
    empty = [source for source in sources if not rows.get(source.key)]
    values = StatusValue.objects.order_by("scale", "order")
    if empty:
        # Nothing counted (yet, or then): the scale of today's items, so the table still names its statuses.
        values = values.annotate(**{
            f"used_by_{i}": Exists(apps.get_model(source.model).objects.filter(status__scale=OuterRef("scale")))
            for i, source in enumerate(empty)
        })
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
        tables.append(_count_table(source, counts, [value for value in values if value.scale_id in scales], all_groups))
    return tables


def _count_table(source: StatusSource, counts: list[dict], values: list, all_groups: bool) -> CountTable:
    """How many items are in each status, per group, and how many of them need attention; every number
    links to its filtered list. On the overview at most MAX_GROUPS groups get a column each (the
    largest); the others are summed in one column, and the full breakdown has its own page."""
    groups: dict = {}
    for entry in counts:
        group_id = entry["group_id"]
        groups.setdefault(group_id, {"name": entry["group_name"] or source.ungrouped, "counts": {}})
        groups[group_id]["counts"][entry["key"]] = entry["n"]
    table = CountTable(source=source, values=values, stale=sum(entry["stale"] for entry in counts),
                       group_count=len(groups))
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
    list_link = _linker(source.list_url)
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


def _cutoff(moment, days: int):
    return (moment or timezone.now()) - timedelta(days=days)


def status_counts(source: StatusSource, moment=None, days: int = STALE_AFTER_DAYS,
                  all_groups: bool = False) -> CountTable:
    """How many items of one kind are in each status, per group, and how many of them need attention
    (status not set or changed within `days`). Two queries."""
    rows = _read_rows([_status_part(source, moment, _cutoff(moment, days))])
    return _status_tables([source], rows, all_groups)[0]


@dataclass
class OverviewNumbers:
    tables: list  # a CountTable per source
    money: "MoneyOverview"
    indicator_flags: list | None  # today only


def overview_numbers(*, moment=None, days: int = STALE_AFTER_DAYS) -> OverviewNumbers:
    """Every count and sum of the overview: the status counts of all sources with how many need
    attention, money per year and source, and (today only: they describe today's indicators) the
    indicators' data-quality flags. Two queries: the counts and sums, and the status values."""
    cutoff = _cutoff(moment, days)
    parts = [_status_part(source, moment, cutoff) for source in sources()] + _money_parts(moment)
    if moment is None:
        parts += _flag_parts()
    rows = _read_rows(parts)
    return OverviewNumbers(
        tables=_status_tables(sources(), rows),
        money=_money_overview(rows),
        indicator_flags=_indicator_flags(rows) if moment is None else None,
    )


def last_meeting(today=None):
    """The newest meeting before `today`: its changes since are what the committee has not seen."""
    from meetings.models import Meeting

    today = today or timezone.localdate()
    return Meeting.objects.select_related("committee").filter(date__lt=today).order_by("-date").first()


MAX_CHANGED_ITEMS = 20  # items with changes on the overview; the page of changes has them all


def changes_since(meeting, *, moment=None, limit: int | None = MAX_CHANGED_ITEMS):
    """What changed in the items the committee follows since the end of `meeting`'s day (all
    changes, if there is no meeting), up to `moment` when looking at the past."""
    from audit.changes import committee_changes, end_of

    return committee_changes(after=end_of(meeting.date) if meeting else None, until=moment, limit=limit)


# --- What needs attention ------------------------------------------------------------------------

def stale_items(source: StatusSource, days: int, moment=None):
    """Items whose status has not been set or changed within `days` days (never assessed counts too)."""
    cutoff = (moment or timezone.now()) - timedelta(days=days)
    model = apps.get_model(source.model)
    return items(model, moment).filter(Q(status_changed_at__lt=cutoff) | Q(status_changed_at__isnull=True))


def stale_counts(tables, days: int) -> list[tuple[StatusSource, int, str]]:
    """Per kind of item: how many need attention, counted with the status counts (no extra query)."""
    return [(table.source, table.stale, _link("dashboard:attention", kilde=table.source.key, dage=days))
            for table in tables if table.source.needs_attention]


def _flag_parts() -> list:
    """A count per data-quality flag, of the indicators the indicator list's own filter shows for it."""
    from goals.choices import QualityFlag
    from goals.filters import IndicatorFilterSet
    from goals.models import Indicator

    return [
        _grouped(IndicatorFilterSet({"quality": flag.value}, queryset=Indicator.objects.all()).qs, f"flag:{flag.value}",
                 group_id=Value(None, output_field=BigIntegerField()), group_name=Value(None, output_field=CharField()),
                 key=Value(None, output_field=BigIntegerField()), n=Count("pk"), stale=Value(0), order_by=None)
        for flag in QualityFlag
    ]


def _indicator_flags(rows: dict) -> list[tuple[str, int, str]]:
    from goals.choices import QualityFlag

    return [(flag.label, rows[f"flag:{flag.value}"][0]["n"], _link("goals:indicator_list", quality=flag.value))
            for flag in QualityFlag]


def indicator_flag_counts() -> list[tuple[str, int, str]]:
    """How many indicators carry each data-quality flag, counted by the indicator list's own filter.
    One query."""
    return _indicator_flags(_read_rows(_flag_parts()))


# --- Money per year and source ---------------------------------------------------------------

NO_YEAR = None


@dataclass
class MoneyRow:
    label: str
    kind: str  # "Pulje", "Ekstern finansiering", or "" for the row that sums the rest
    url: str
    cells: dict  # year (or None) -> (amount, url)

    def cell_list(self, years):
        return [self.cells.get(year, (None, None)) for year in years]

    @property
    def total(self):
        return sum(amount for amount, _ in self.cells.values())


MAX_MONEY_ROWS = 10  # sources on the overview; the rest are summed in one row and listed on their own page


@dataclass
class MoneySection:
    """The money of one state (allocated from pools, granted by outside sources) with its own totals.
    Sections are never added together: an allocation from a pool is not income (core.choices.MoneyState)."""

    state: MoneyState
    title: str
    rows: list
    years: list
    hidden: int = 0  # sources summed in the last row

    @property
    def label(self) -> str:
        return f"I alt {self.state.label.lower()}"

    @property
    def year_totals(self):
        return [sum(row.cells.get(year, (0, None))[0] or 0 for row in self.rows) for year in self.years]

    @property
    def total(self):
        return sum(row.total for row in self.rows)

    @property
    def table_rows(self):
        return [(row, row.cell_list(self.years)) for row in self.rows]

    def capped(self, limit: int) -> "MoneySection":
        if len(self.rows) <= limit:
            return self
        ranked = sorted(self.rows, key=lambda row: -row.total)
        kept = set(map(id, ranked[: limit - 1]))
        rest = MoneyRow(f"Øvrige {len(self.rows) - limit + 1} kilder", "", _link("dashboard:money"), {})
        for row in self.rows:
            if id(row) not in kept:
                for year, (amount, _url) in row.cells.items():
                    rest.cells[year] = ((rest.cells.get(year, (0, None))[0] or 0) + (amount or 0), rest.url)
        rows = [row for row in self.rows if id(row) in kept] + [rest]
        return MoneySection(self.state, self.title, rows, self.years, hidden=len(self.rows) - limit + 1)


@dataclass
class MoneyOverview:
    sections: list  # MoneySection per state that has money
    years: list  # the budget years, then None for amounts given for a whole period

    @property
    def rows(self):
        return [row for section in self.sections for row in section.rows]

    @property
    def hidden(self):
        return sum(section.hidden for section in self.sections)

    def capped(self, limit: int = MAX_MONEY_ROWS) -> "MoneyOverview":
        return MoneyOverview([section.capped(limit) for section in self.sections], self.years)


def _money_parts(moment) -> list:
    """Money allocated from each pool and granted by each outside source, summed per budget year."""
    from programs.models import Funding
    from projects.models import Allocation

    def total():
        return Cast(Sum("amount"), BigIntegerField())  # PostgreSQL sums bigints as numeric

    return [
        _grouped(items(Allocation, moment), "penge:pulje", F("project__pool_id"), F("project__pool__name"), F("year"),
                 n=total(), stale=Value(0), order_by=[F("project__pool__name").asc(), F("year").asc()]),
        _grouped(items(Funding, moment), "penge:kilde", Value(None, output_field=BigIntegerField()), F("source"),
                 F("year"), n=total(), stale=Value(0), order_by=[F("source").asc()]),
    ]


def _money_overview(rows: dict) -> MoneyOverview:
    """An outside amount given for a period rather than a year stays in its own column, never spread
    over years the source does not name."""
    allocated, granted = {}, {}
    project_link, programme_link = _linker("projects:project_list"), _linker("programs:programme_list")
    for entry in rows.get("penge:pulje", []):
        pool_id, year = entry["group_id"], entry["key"]
        row = allocated.setdefault(pool_id, MoneyRow(entry["group_name"], "Pulje", project_link(pool=pool_id), {}))
        row.cells[year] = (entry["n"], project_link(pool=pool_id, year=year))
    for entry in rows.get("penge:kilde", []):
        url = programme_link(q=entry["group_name"])
        row = granted.setdefault(entry["group_name"], MoneyRow(entry["group_name"], "Ekstern finansiering", url, {}))
        amount, _ = row.cells.get(entry["key"], (0, None))
        row.cells[entry["key"]] = (amount + entry["n"], url)
    money = [*allocated.values(), *granted.values()]
    years = sorted({year for row in money for year in row.cells if year is not None})
    if any(NO_YEAR in row.cells for row in money):
        years.append(NO_YEAR)
    sections = [
        MoneySection(state, title, list(found.values()), years)
        for state, title, found in (
            (MoneyState.ALLOCATED, "Disponeret fra puljer", allocated),
            (MoneyState.GRANTED, "Bevilget fra eksterne kilder", granted),
        )
        if found
    ]
    return MoneyOverview(sections=sections, years=years)


def money_per_year_and_source(moment=None) -> MoneyOverview:
    """Money allocated from each pool and granted by each outside source, per budget year, in kr.
    One query."""
    return _money_overview(_read_rows(_money_parts(moment)))


# --- Goals: baseline → latest measurement → target ------------------------------------------


@dataclass
class GoalLine:
    """One line of the goals overview: an indicator, or a goal that has none yet."""

    goal_label: str
    goal_url: str
    indicator: object  # Indicator, or None
    baseline: str
    latest: str
    target: str
    first_of_goal: bool = True
    via: str = ""  # the delaftale whose municipal target is the goal, for an indicator of its delmål


MAX_GOAL_LINES = 20  # per group on the overview; the indicator list has them all


def _goals_with_targets(moment, limit: int):
    """The first `limit` + 1 goals by number, and the targets of the first `limit` of them, in one query
    (a UNION ALL of goal rows and target rows): (goals, {goal pk: its targets in their order})."""
    from goals.models import Goal, GoalTarget

    first = items(Goal, moment).order_by("number").values("id")  # a history row's `id` is its goal's pk

    def nothing(output_field):
        return Value(None, output_field=output_field)

    # The target rows first: the UNION converts every row as the first part's columns (e.g. decimals on SQLite).
    target_part = items(GoalTarget, moment).filter(goal_id__in=first[:limit]).order_by().values(
        of_goal=F("goal_id"), goal_number=nothing(IntegerField()), goal_text=nothing(TextField()), target_id=F("id"),
        target_order=F("order"), target_value=F("value"), target_unit=F("unit"), target_year=F("year"))
    goal_part = items(Goal, moment).filter(id__in=first[: limit + 1]).order_by().values(
        of_goal=F("id"), goal_number=F("number"), goal_text=F("text"),
        target_id=nothing(BigIntegerField()), target_order=nothing(IntegerField()),
        target_value=nothing(DecimalField()), target_unit=nothing(CharField()), target_year=nothing(IntegerField()))
    rows = list(target_part.union(goal_part, all=True))
    goals = sorted((SimpleNamespace(pk=row["of_goal"], number=row["goal_number"], text=row["goal_text"])
                    for row in rows if row["target_id"] is None), key=lambda goal: goal.number)
    targets: dict = {}
    target_rows = sorted((row for row in rows if row["target_id"] is not None),
                         key=lambda row: (row["target_order"], row["target_id"]))
    for row in target_rows:
        targets.setdefault(row["of_goal"], []).append(
            SimpleNamespace(value=row["target_value"], unit=row["target_unit"], year=row["target_year"]))
    return goals, targets


def goals_overview(moment=None, limit: int = MAX_GOAL_LINES) -> list[tuple[str, list[GoalLine], bool]]:
    """Every goal of Sammenhængsmodellen and every delmål with an indicator, each with baseline →
    latest measurement → target; what is not known says so. At most `limit` goals and `limit`
    delmål indicators (the indicator list has the rest): (title, lines, whether more exist) per group.
    A goal's indicators are its own and those of the delaftaler that work for it through a municipal
    target, as on the goal's own page (goals.selectors.serving_goal). Three queries: the goals with
    their targets, the delaftaler serving them, and the indicators with their latest measurement and
    their target."""
    from agreements.models import MunicipalTarget
    from goals.models import Indicator, IndicatorTarget, Measurement
    from core.formats import measure as with_unit
    from goals.tables import NO_MEASUREMENT, NO_TARGET, baseline_shown, latest_shown, target_shown

    day = moment.date() if moment else timezone.localdate()
    pk = "id" if moment else "pk"  # a history row's own pk is its history_id
    measurements = items(Measurement, moment).filter(indicator_id=OuterRef(pk), measured_on__lte=day)
    latest = measurements.order_by("-measured_on", "-id")
    # Targets are unique per indicator and year: the first from this year on, else the last one set.
    targets = items(IndicatorTarget, moment).filter(indicator_id=OuterRef(pk))
    upcoming, last = targets.filter(year__gte=day.year).order_by("year"), targets.order_by("-year")
    goals, goal_targets = _goals_with_targets(moment, limit)
    shown_goals = goals[:limit]
    first_sub_goal_indicators = items(Indicator, moment).filter(sub_goal__isnull=False).order_by(
        "sub_goal__agreement_id", "sub_goal__order", "order", "id").values(pk)[: limit + 1]
    serving: dict = {}  # goal pk -> the delaftaler that work for it
    for goal_id, agreement_id in items(MunicipalTarget, moment).filter(
            goal_id__in=[goal.pk for goal in shown_goals]).values_list("goal_id", "agreement_id").distinct():
        serving.setdefault(goal_id, set()).add(agreement_id)
    serving_agreements = set().union(*serving.values()) if serving else set()
    indicators = (
        items(Indicator, moment)
        .filter(Q(goal_id__in=[goal.pk for goal in shown_goals]) | Q(**{f"{pk}__in": first_sub_goal_indicators})
                | Q(sub_goal__agreement_id__in=serving_agreements))
        .annotate(
            latest_value=Subquery(latest.values("value")[:1]), latest_on=Subquery(latest.values("measured_on")[:1]),
            upcoming_value=Subquery(upcoming.values("value")[:1]), upcoming_year=Subquery(upcoming.values("year")[:1]),
            last_value=Subquery(last.values("value")[:1]), last_year=Subquery(last.values("year")[:1]),
        )
        .select_related("sub_goal__agreement")  # what a delmål's lines show and link to
        .order_by("goal__number", "sub_goal__agreement_id", "sub_goal__order", "order", "id")
    )
    indicators = past_rows(indicators) if moment else list(indicators)

    def indicator_line(indicator, label, url):
        unit = indicator.unit
        baseline = baseline_shown(indicator.baseline_value, unit, indicator.baseline_year)
        latest_text = latest_shown(indicator.latest_value, unit, indicator.latest_on)
        if indicator.upcoming_year is not None:
            target = target_shown(indicator.upcoming_value, unit, indicator.upcoming_year)
        else:
            target = target_shown(indicator.last_value, unit, indicator.last_year)
        return GoalLine(label, url, indicator, baseline, latest_text, target)

    by_goal: dict = {}
    by_sub_goal: dict = {}
    # In the order of `first_sub_goal_indicators`, whose first limit + 1 they start with.
    measuring_sub_goals = [indicator for indicator in indicators if not indicator.goal_id][: limit + 1]
    for indicator in indicators:
        if indicator.goal_id:
            by_goal.setdefault(indicator.goal_id, []).append(indicator)
    for goal_id, agreements in serving.items():
        by_goal.setdefault(goal_id, []).extend(
            indicator for indicator in indicators if not indicator.goal_id and indicator.sub_goal.agreement_id in agreements)
    more_sub_goals = len(measuring_sub_goals) > limit  # one more was read only to know that there are more
    for indicator in measuring_sub_goals[:limit]:
        by_sub_goal.setdefault(indicator.sub_goal_id, []).append(indicator)

    model_lines = []
    for goal in shown_goals:
        label = f"Mål {goal.number}: {goal.text}"
        url = reverse("goals:goal_detail", kwargs={"pk": goal.pk})
        measured = by_goal.get(goal.pk, [])
        if not measured:
            wording = "; ".join(with_unit(t.value, t.unit) + (f" i {t.year}" if t.year else "")
                                for t in goal_targets.get(goal.pk, []) if t.value is not None)
            model_lines.append(GoalLine(label, url, None, "Ikke opgjort", NO_MEASUREMENT,
                                        wording or NO_TARGET))
        for i, indicator in enumerate(measured):
            line = indicator_line(indicator, label, url)
            line.first_of_goal = i == 0
            if not indicator.goal_id:
                line.via = str(indicator.sub_goal.agreement)
            model_lines.append(line)

    groups = [("Sammenhængsmodellen", model_lines, len(goals) > limit)] if model_lines else []
    agreement_lines: dict = {}
    for measured in by_sub_goal.values():
        sub_goal = measured[0].sub_goal
        for i, indicator in enumerate(measured):
            line = indicator_line(indicator, f"Delmål: {sub_goal}", sub_goal.get_absolute_url())
            line.first_of_goal = i == 0
            agreement_lines.setdefault(f"Delaftale: {sub_goal.agreement}", []).append(line)
    last = list(agreement_lines)[-1:]
    groups.extend((title, lines, more_sub_goals and [title] == last) for title, lines in agreement_lines.items())
    return groups
