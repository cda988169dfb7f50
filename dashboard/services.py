"""Read-only figures for the committee's overview. Each function costs a fixed number of queries."""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from urllib.parse import urlencode

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone

from core.timetravel import past_rows
from statuses.models import StatusChange, StatusValue


@dataclass(frozen=True)
class StatusSource:
    """Items with a status, counted per group (e.g. projects per pool) for the overview."""

    key: str
    title: str
    model: str  # "app.Model"
    group: str  # foreign key on the model whose target has a `name`
    group_label: str
    list_url: str  # URL name of the filterable list
    ungrouped: str = "Uden"
    # False for a second view of the same items (by another group): they are counted once for attention.
    needs_attention: bool = True


SOURCES = [
    StatusSource("projekter", "Projekter", "projects.Project", "pool", "Pulje", "projects:project_list"),
    StatusSource("budgetforslag", "Budgetforslag", "programs.BudgetProposal", "programme", "Program", "programs:proposal_list", "Uden program"),
    StatusSource("aktiviteter", "Aktiviteter i delaftaler", "agreements.Activity", "agreement", "Delaftale", "agreements:activity_list"),
    StatusSource("indsatser", "Lys i øjnene", "initiatives.Initiative", "area", "Område", "initiatives:initiative_list"),
    StatusSource("indsatser-tema", "Lys i øjnene pr. tema", "initiatives.Initiative", "theme", "Tema",
                 "initiatives:initiative_list", needs_attention=False),
]


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
    query = urlencode({key: value for key, value in params.items() if value is not None})
    return reverse(url_name) + (f"?{query}" if query else "")


def items(model, moment=None):
    """The model's rows today, or as they were at `moment` (read from the stored history)."""
    return model.history.as_of(moment) if moment else model.objects.all()


MAX_GROUPS = 6  # columns on the overview; the rest are summed in one column and listed on their own page


def status_counts(source: StatusSource, moment=None, days: int = STALE_AFTER_DAYS, all_groups: bool = False) -> CountTable:
    """How many items are in each status, per group, and how many of them need attention (status not
    set or changed within `days`); every number links to its filtered list. Two queries.

    On the overview at most MAX_GROUPS groups get a column each (the largest); the others are summed
    in one column, and the full breakdown has its own page.
    """
    model = apps.get_model(source.model)
    cutoff = (moment or timezone.now()) - timedelta(days=days)
    counts = list(
        items(model, moment).values(f"{source.group}_id", f"{source.group}__name", "status_id")
        .annotate(n=Count("pk"), stale=Count("pk", filter=Q(status_changed_at__lt=cutoff) | Q(status_changed_at__isnull=True)))
        .order_by(source.group)  # the group model's own order, e.g. the areas in the seed's order
    )
    status_ids = {entry["status_id"] for entry in counts}
    scales = StatusValue.objects.filter(pk__in=status_ids).values("scale") if status_ids else model.objects.values("status__scale")
    values = list(StatusValue.objects.filter(scale__in=scales).order_by("scale", "order"))
    groups: dict = {}
    for entry in counts:
        group_id = entry[f"{source.group}_id"]
        groups.setdefault(group_id, {"name": entry[f"{source.group}__name"] or source.ungrouped, "counts": {}})
        groups[group_id]["counts"][entry["status_id"]] = entry["n"]
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
    for group_id, group in shown.items():
        cells = [
            (group["counts"].get(value.pk, 0), _link(source.list_url, **{source.group: group_id, "status": value.pk}), value)
            for value in values
        ]
        table.rows.append(
            CountRow(group["name"], _link(source.list_url, **{source.group: group_id}), cells, sum(group["counts"].values()))
        )
    if table.rest:
        hidden, rest = table.rest
        cells = [(rest.get(value.pk, 0), table.breakdown_url, value) for value in values]
        table.rows.append(CountRow(f"Øvrige {hidden}", table.breakdown_url, cells, sum(rest.values()), is_rest=True))
    return table


def last_meeting(today=None):
    from meetings.models import Meeting

    today = today or timezone.localdate()
    return Meeting.objects.select_related("committee").filter(date__lt=today).order_by("-date").first()


def status_changes_since(meeting, limit: int = 20, moment=None):
    """The newest status changes since the end of `meeting`'s day (all, if there is no meeting),
    up to `moment` when looking at the past."""
    changes = StatusChange.objects.select_related("old_value", "new_value", "changed_by", "content_type")
    if moment is not None:
        changes = changes.filter(changed_at__lte=moment)
    if meeting is not None:
        changes = changes.filter(changed_at__gt=timezone.make_aware(datetime.combine(meeting.date, time.max)))
    changes = list(changes.order_by("-changed_at", "-id")[:limit])
    _attach_items(changes)
    return changes


def _attach_items(changes):
    """Load the changed items with one query per kind of item, not one per change."""
    by_type: dict[int, set] = {}
    for change in changes:
        by_type.setdefault(change.content_type_id, set()).add(change.object_id)
    items = {}
    for type_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        items.update({(type_id, obj.pk): obj for obj in model._default_manager.filter(pk__in=ids)})
    for change in changes:
        change.item_object = items.get((change.content_type_id, change.object_id))


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


def indicator_flag_counts() -> list[tuple[str, int, str]]:
    """How many indicators carry each data-quality flag, counted by the indicator list's own filter."""
    from goals.choices import QualityFlag
    from goals.filters import IndicatorFilterSet
    from goals.models import Indicator

    return [
        (flag.label, IndicatorFilterSet({"quality": flag.value}, queryset=Indicator.objects.all()).qs.count(),
         _link("goals:indicator_list", quality=flag.value))
        for flag in QualityFlag
    ]


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
class MoneyOverview:
    rows: list
    years: list  # the budget years, then None for amounts given for a whole period
    hidden: int = 0  # sources summed in the last row

    def capped(self, limit: int = MAX_MONEY_ROWS) -> "MoneyOverview":
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
        return MoneyOverview(rows=rows, years=self.years, hidden=len(self.rows) - limit + 1)

    @property
    def year_totals(self):
        return [sum(row.cells.get(year, (0, None))[0] or 0 for row in self.rows) for year in self.years]

    @property
    def total(self):
        return sum(row.total for row in self.rows)

    @property
    def columns(self):
        return [(year, total) for year, total in zip(self.years, self.year_totals)]

    @property
    def table_rows(self):
        return [(row, row.cell_list(self.years)) for row in self.rows]


def money_per_year_and_source(moment=None) -> MoneyOverview:
    """Money allocated from each pool and granted by each outside source, per budget year, in kr.

    Two queries. An outside amount given for a period rather than a year stays in its own column,
    never spread over years the source does not name.
    """
    from programs.models import Funding
    from projects.models import Allocation

    rows: dict = {}
    pools = (
        items(Allocation, moment).values("project__pool_id", "project__pool__name", "year")
        .annotate(amount=Sum("amount")).order_by("project__pool__name", "year")
    )
    for entry in pools:
        pool_id = entry["project__pool_id"]
        row = rows.setdefault(("pool", pool_id), MoneyRow(
            entry["project__pool__name"], "Pulje", _link("projects:project_list", pool=pool_id), {}))
        row.cells[entry["year"]] = (entry["amount"], _link("projects:project_list", pool=pool_id, year=entry["year"]))
    fundings = items(Funding, moment).values("source", "year").annotate(amount=Sum("amount")).order_by("source")
    for entry in fundings:
        url = _link("programs:programme_list", q=entry["source"])
        row = rows.setdefault(("funding", entry["source"]), MoneyRow(entry["source"], "Ekstern finansiering", url, {}))
        amount, _ = row.cells.get(entry["year"], (0, None))
        row.cells[entry["year"]] = (amount + entry["amount"], url)
    years = sorted({year for row in rows.values() for year in row.cells if year is not None})
    if any(NO_YEAR in row.cells for row in rows.values()):
        years.append(NO_YEAR)
    return MoneyOverview(rows=list(rows.values()), years=years)


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


MAX_GOAL_LINES = 20  # per group on the overview; the indicator list has them all


def goals_overview(moment=None, limit: int = MAX_GOAL_LINES) -> list[tuple[str, list[GoalLine], bool]]:
    """Every goal of Sammenhængsmodellen and every delmål with an indicator, each with baseline →
    latest measurement → target; what is not known says so. At most `limit` goals and `limit`
    delmål indicators (the indicator list has the rest): (title, lines, whether more exist) per group.
    A fixed number of queries."""
    from django.db.models import OuterRef, Subquery

    from goals.models import Goal, GoalTarget, Indicator, IndicatorTarget, Measurement
    from goals.templatetags.goal_tags import long_date, with_unit

    day = moment.date() if moment else timezone.localdate()
    measurements = items(Measurement, moment).filter(indicator_id=OuterRef("id" if moment else "pk"), measured_on__lte=day)
    latest = measurements.order_by("-measured_on", "-id")
    goals = list(items(Goal, moment).order_by("number")[: limit + 1])
    shown_goals = goals[:limit]
    first_sub_goal_indicators = items(Indicator, moment).filter(sub_goal__isnull=False).order_by(
        "sub_goal__agreement_id", "sub_goal__order", "order", "id").values("id" if moment else "pk")[: limit + 1]
    indicators = (
        items(Indicator, moment)
        .filter(Q(goal_id__in=[goal.pk for goal in shown_goals]) | Q(**{f"{'id' if moment else 'pk'}__in": first_sub_goal_indicators}))
        .annotate(latest_value=Subquery(latest.values("value")[:1]), latest_on=Subquery(latest.values("measured_on")[:1]))
        .order_by("goal__number", "sub_goal__agreement_id", "sub_goal__order", "order", "id")
    )
    if moment:
        indicators = past_rows(indicators, "goal", "sub_goal__agreement")
    else:
        indicators = list(indicators.select_related("goal", "sub_goal__agreement"))
    targets: dict = {}
    for target in items(IndicatorTarget, moment).filter(indicator_id__in=[i.pk for i in indicators]).order_by("year"):
        targets.setdefault(target.indicator_id, []).append(target)
    goal_targets: dict = {}
    for target in items(GoalTarget, moment).filter(goal_id__in=[goal.pk for goal in shown_goals]).order_by("order", "id"):
        goal_targets.setdefault(target.goal_id, []).append(target)

    def indicator_line(indicator, label, url):
        unit = indicator.unit
        if indicator.baseline_value is not None:
            year = f" ({indicator.baseline_year})" if indicator.baseline_year else ""
            baseline = f"{with_unit(indicator.baseline_value, unit)}{year}"
        else:
            baseline = "Data kommer"
        latest_text = (f"{with_unit(indicator.latest_value, unit)} ({long_date(indicator.latest_on)})"
                       if indicator.latest_value is not None else "Ingen måling endnu")
        upcoming = [t for t in targets.get(indicator.pk, []) if t.year >= day.year] or targets.get(indicator.pk, [])[-1:]
        target = f"{with_unit(upcoming[0].value, unit)} i {upcoming[0].year}" if upcoming else "Intet mål fastsat"
        return GoalLine(label, url, indicator, baseline, latest_text, target)

    by_goal: dict = {}
    by_sub_goal: dict = {}
    measuring_sub_goals = [indicator for indicator in indicators if not indicator.goal_id]
    more_sub_goals = len(measuring_sub_goals) > limit  # one more was read only to know that there are more
    for indicator in indicators:
        if indicator.goal_id:
            by_goal.setdefault(indicator.goal_id, []).append(indicator)
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
            model_lines.append(GoalLine(label, url, None, "Ikke opgjort", "Ingen måling endnu",
                                        wording or "Intet mål fastsat"))
        for i, indicator in enumerate(measured):
            line = indicator_line(indicator, label, url)
            line.first_of_goal = i == 0
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
