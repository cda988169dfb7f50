"""Writes for goals, indicators, measurements and the golden thread; reads that pages share."""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.services import bump_version, delete, save, sync_rows, update_versioned

from .links import KindGroup, LinkedItem, available_kinds, kind_for_model
from .models import FocusArea, Goal, GoalGroup, GoalLink, GoalTarget, Indicator, IndicatorTarget, Measurement

GOAL_FIELDS = ("theme", "text")
INDICATOR_FIELDS = (
    "goal", "sub_goal", "name", "description", "unit", "direction", "baseline_value", "baseline_year",
    "baseline_area", "comparison_value", "comparison_area", "data_source",
)


def _check_percent(value, unit, label):
    if value is not None and (unit or "").strip() == "%" and not (0 <= value <= 100):
        raise ValidationError(f"{label} er en andel i procent og skal ligge mellem 0 og 100.")


# --- Goals --------------------------------------------------------------------------------------


def _save_goal_targets(goal, targets, acting_user) -> bool:
    """Make the goal's targets exactly `targets` (dicts with wording, value, unit, year), in order."""
    return sync_rows(
        dict(enumerate(goal.targets.all(), 1)),
        {
            order: {"order": order, "wording": row["wording"], "value": row.get("value"),
                    "unit": row.get("unit") or "", "year": row.get("year")}
            for order, row in enumerate(targets, 1)
        },
        make=lambda order: GoalTarget(goal=goal),
        acting_user=acting_user,
    )


@transaction.atomic
def goal_update(*, goal: Goal, data: dict, targets: list[dict], expected_version: int, acting_user) -> Goal:
    """Save a goal's text and theme and its targets, refusing if somebody saved it after the user opened it."""
    locked = update_versioned(
        Goal, pk=goal.pk, expected_version=expected_version, data={f: data[f] for f in GOAL_FIELDS},
        acting_user=acting_user,
    )
    if _save_goal_targets(locked, targets, acting_user) and locked.version == expected_version:
        bump_version(locked)
    return locked


# --- The golden thread --------------------------------------------------------------------------


def _linkable(item):
    if item is None or item.pk is None or kind_for_model(type(item)) is None:
        raise ValidationError("Det valgte kan ikke forbindes med et mål.")


@transaction.atomic
def goal_link(*, goal: Goal, item, acting_user) -> GoalLink:
    """Record that `item` (a project, programme, initiative, activity, …) works towards `goal`."""
    _linkable(item)
    link = GoalLink(
        goal=goal, content_type=ContentType.objects.get_for_model(item), object_id=item.pk, created_by=acting_user
    )
    try:
        return save(link, acting_user=acting_user)
    except ValidationError as error:  # the database's one-link rule: say which item and goal
        raise ValidationError(f"„{item}“ er allerede forbundet med {goal.label}.") from error


@transaction.atomic
def goal_unlink(*, goal: Goal, item, acting_user) -> None:
    """Remove the link between `item` and `goal`; the link's history keeps who removed it and when."""
    link = GoalLink.objects.for_item(item).filter(goal=goal).select_for_update().first()
    if link is None:
        raise ValidationError(f"„{item}“ er ikke forbundet med {goal.label}.")
    delete(link, acting_user=acting_user)


def indicator_queryset():
    """Indicators with what their rows show: what they measure, measurements and targets."""
    return Indicator.objects.select_related("goal", "sub_goal__agreement").prefetch_related("measurements", "targets")


def indicator_rows(queryset=None):
    """Indicators as a table row shows them, in one query: the latest measurement and the current
    target are annotations here instead of two prefetch queries (see `with_readings`)."""
    measurements = Measurement.objects.filter(indicator=OuterRef("pk")).order_by("-measured_on", "-id")
    this_year = timezone.localdate().year
    # The current target: the first not yet passed, else the last one (Indicator.current_target).
    upcoming = IndicatorTarget.objects.filter(indicator=OuterRef("pk"), year__gte=this_year).order_by("year")
    last = IndicatorTarget.objects.filter(indicator=OuterRef("pk")).order_by("-year")

    def target(field):
        return Coalesce(Subquery(upcoming.values(field)[:1]), Subquery(last.values(field)[:1]))

    return (Indicator.objects.all() if queryset is None else queryset).annotate(
        latest_measurement_id=Subquery(measurements.values("id")[:1]),
        latest_measured_on=Subquery(measurements.values("measured_on")[:1]),
        latest_value=Subquery(measurements.values("value")[:1]),
        current_target_id=target("id"),
        current_target_year=target("year"),
        current_target_value=target("value"),
    )


def with_readings(indicators):
    """Put the annotated latest measurement and current target of `indicator_rows()` where
    `indicator.measurements.all()` and `indicator.targets.all()` read them (as `history_children`
    does for the past), so `latest_measurement`, `current_target` and `quality_flags()` need no
    query per row. Only those two rows are there: a page that charts every measurement prefetches."""
    indicators = list(indicators)
    for indicator in indicators:
        measurements, targets = [], []
        if indicator.latest_measurement_id is not None:
            measurements.append(Measurement(
                id=indicator.latest_measurement_id, indicator=indicator,
                measured_on=indicator.latest_measured_on, value=indicator.latest_value,
            ))
        if indicator.current_target_id is not None:
            targets.append(IndicatorTarget(
                id=indicator.current_target_id, indicator=indicator,
                year=indicator.current_target_year, value=indicator.current_target_value,
            ))
        cache = indicator.__dict__.setdefault("_prefetched_objects_cache", {})
        cache["measurements"], cache["targets"] = measurements, targets
    return indicators


_TARGET_FIELDS = ("id", "order", "wording", "value", "unit", "year")


def goal_for_page(pk) -> Goal | None:
    """The goal with its theme and its targets (`target_list`) in one query, and flags that say
    whether it is in a group and has delaftaler and links of each kind, so that its page reads
    nothing for the parts it does not have. None if there is no such goal."""
    from agreements.models import MunicipalTarget

    this_goal = OuterRef("pk")
    flags = {
        "has_groups": Exists(GoalGroup.goals.through.objects.filter(goal=this_goal)),
        "has_agreements": Exists(MunicipalTarget.objects.filter(goal=this_goal)),
        **{
            _linked_flag(kind): Exists(
                GoalLink.objects.filter(goal=this_goal, content_type=ContentType.objects.get_for_model(kind.model))
            )
            for kind in available_kinds()
        },
    }
    # One row per target (one row without a target when it has none).
    targets = {f"target_{name}": F(f"targets__{name}") for name in _TARGET_FIELDS}
    rows = list(
        Goal.objects.filter(pk=pk).select_related("theme").annotate(**flags, **targets)
        .order_by("targets__order", "targets__id")
    )
    if not rows:
        return None
    goal = rows[0]
    goal.target_list = [
        GoalTarget(goal=goal, **{name: getattr(row, f"target_{name}") for name in _TARGET_FIELDS})
        for row in rows
        if row.target_id is not None
    ]
    return goal


def _linked_flag(kind) -> str:
    return "linked_" + kind.model_label.replace(".", "_")


def goal_groups(goal: Goal) -> list[GoalGroup]:
    """The groups `goal` is in, each with its `member_goals` (number and link only) and its
    `focus_area_list`, in one query; none for a goal of `goal_for_page()` that is in no group."""
    if not getattr(goal, "has_groups", True):
        return []
    # One row per member goal and focus area of each group: a handful.
    rows = GoalGroup.objects.filter(
        pk__in=GoalGroup.goals.through.objects.filter(goal=goal).values("goalgroup_id")
    ).annotate(
        member_id=F("goals__id"), member_number=F("goals__number"),
        area_id=F("focus_areas__id"), area_order=F("focus_areas__order"), area_text=F("focus_areas__text"),
    )
    groups: dict[int, GoalGroup] = {}
    members: dict[int, dict] = {}
    areas: dict[int, dict] = {}
    for row in rows:  # the groups' own order
        group = groups.setdefault(row.pk, row)
        members.setdefault(group.pk, {})[row.member_id] = Goal(pk=row.member_id, number=row.member_number)
        if row.area_id is not None:
            area = FocusArea(pk=row.area_id, group=group, order=row.area_order, text=row.area_text)
            areas.setdefault(group.pk, {})[row.area_id] = area
    for group in groups.values():
        group.member_goals = sorted(members[group.pk].values(), key=lambda g: g.number)
        group.focus_area_list = sorted(areas.get(group.pk, {}).values(), key=lambda a: (a.order, a.pk))
    return list(groups.values())


@dataclass
class AgreementThread:
    """A delaftale that works for a goal through one of its municipal targets."""

    agreement: object
    targets: list = field(default_factory=list)
    activities: list = field(default_factory=list)
    indicators: list = field(default_factory=list)

    @property
    def total_hours(self):
        from agreements.selectors import total_hours

        return total_hours(self.activities)


@dataclass
class GoldenThread:
    goal: Goal
    indicators: list
    agreements: list[AgreementThread]
    groups: list[KindGroup]

    @property
    def all_indicators(self):
        return self.indicators + [i for a in self.agreements for i in a.indicators]

    @property
    def activity_count(self):
        return sum(len(a.activities) for a in self.agreements)

    @property
    def is_empty(self):
        return not (self.indicators or self.agreements or any(g.rows for g in self.groups))


def golden_thread(goal: Goal) -> GoldenThread:
    """Everything that works towards `goal`, read in a fixed number of queries whatever its size.

    One query reads the goal's indicators and those of its delaftaler, one the delaftaler, one
    their activities together with the activities linked on their own, and one each other kind of
    linked item. With the flags of `goal_for_page()` a part the goal does not have costs none.
    """
    from agreements.models import Activity, MunicipalTarget

    has_agreements = getattr(goal, "has_agreements", True)
    measured = Q(goal=goal)
    if has_agreements:
        measured |= Q(sub_goal__agreement__in=MunicipalTarget.objects.filter(goal=goal).values("agreement_id"))
    indicators = with_readings(indicator_rows(Indicator.objects.filter(measured).select_related("goal", "sub_goal")))

    threads: dict[int, AgreementThread] = {}
    if has_agreements:
        targets = (
            MunicipalTarget.objects.filter(goal=goal).select_related("agreement")
            .order_by("agreement__valid_from", "agreement_id", "order", "id")
        )
        for target in targets:
            threads.setdefault(target.agreement_id, AgreementThread(target.agreement)).targets.append(target)
    for indicator in indicators:
        if indicator.sub_goal_id is not None and indicator.sub_goal.agreement_id in threads:
            threads[indicator.sub_goal.agreement_id].indicators.append(indicator)
    for thread in threads.values():  # delmål by delmål, as the delaftale's page shows them
        thread.indicators.sort(key=lambda i: (i.sub_goal.order, i.sub_goal_id, i.order, i.pk))

    groups = [KindGroup(kind) for kind in available_kinds()]
    activity_group = None
    for group in groups:
        if not getattr(goal, _linked_flag(group.kind), True):
            continue  # nothing of this kind is linked
        if group.kind.model is Activity:
            activity_group = group  # read with the delaftaler's activities below
        else:
            group.rows = _linked_rows(goal, group.kind)

    if threads or activity_group is not None:
        linked = _linked_ids(goal, Activity)
        wanted = Q(agreement__in=list(threads))
        if activity_group is not None:
            wanted |= Q(pk__in=linked)
        activities = list(
            Activity.objects.filter(wanted).select_related("status", "agreement")
            .annotate(is_linked=Exists(linked.filter(object_id=OuterRef("pk"))))
        )
        for activity in activities:  # in the delaftale's order, as on its own page
            if activity.agreement_id in threads:
                threads[activity.agreement_id].activities.append(activity)
        if activity_group is not None:
            kind = activity_group.kind
            rows = sorted((a for a in activities if a.is_linked), key=lambda a: a.pk)  # the links' order
            activity_group.rows = [LinkedItem(link=None, item=a, kind=kind, money=kind.money_for(a)) for a in rows]

    own = [indicator for indicator in indicators if indicator.goal_id == goal.pk]
    return GoldenThread(goal=goal, indicators=own, agreements=list(threads.values()), groups=groups)


# Money that is the sum of an item's child rows is added up by the database, not loaded row by row.
_SUMMED_MONEY = {"projects.project": "allocations__amount"}


def _linked_ids(goal, model):
    return GoalLink.objects.filter(goal=goal, content_type=ContentType.objects.get_for_model(model)).values("object_id")


def _linked_rows(goal, kind) -> list[LinkedItem]:
    """The items of one kind linked to `goal`, in the links' order (by id), with their money."""
    items = kind.queryset().filter(pk__in=_linked_ids(goal, kind.model)).order_by("pk")
    summed = _SUMMED_MONEY.get(kind.model_label)
    if summed:
        items = items.prefetch_related(None).annotate(summed_money=Sum(summed))
        return [LinkedItem(link=None, item=item, kind=kind, money=item.summed_money or 0) for item in items]
    return [LinkedItem(link=None, item=item, kind=kind, money=kind.money_for(item)) for item in items]


# --- Indicators and measurements ----------------------------------------------------------------


def _check_indicator(data):
    if bool(data.get("goal")) == bool(data.get("sub_goal")):
        raise ValidationError("En indikator måler enten et mål eller et delmål (ikke begge).")
    _check_percent(data.get("baseline_value"), data.get("unit"), "Baseline")
    _check_percent(data.get("comparison_value"), data.get("unit"), "Anden baseline")


def _save_indicator_targets(indicator, targets: dict, acting_user) -> bool:
    """Make the indicator's targets exactly `targets` ({year: value})."""
    for year, value in targets.items():
        _check_percent(value, indicator.unit, f"Målet for {year}")
    return sync_rows(
        {target.year: target for target in indicator.targets.all()},
        {year: {"value": value} for year, value in sorted(targets.items())},
        make=lambda year: IndicatorTarget(indicator=indicator, year=year),
        acting_user=acting_user,
    )


_TEXT_FIELDS = ("description", "unit", "direction", "baseline_area", "comparison_area", "data_source")


def _indicator_data(data: dict) -> dict:
    return {name: ("" if data.get(name) is None and name in _TEXT_FIELDS else data.get(name)) for name in INDICATOR_FIELDS}


@transaction.atomic
def indicator_create(*, data: dict, targets: dict, acting_user) -> Indicator:
    _check_indicator(data)
    indicator = save(Indicator(**_indicator_data(data)), acting_user=acting_user)
    _save_indicator_targets(indicator, targets, acting_user)
    return indicator


@transaction.atomic
def indicator_update(*, indicator: Indicator, data: dict, targets: dict, expected_version: int, acting_user) -> Indicator:
    _check_indicator(data)
    locked = update_versioned(
        Indicator, pk=indicator.pk, expected_version=expected_version, data=_indicator_data(data),
        acting_user=acting_user,
    )
    if _save_indicator_targets(locked, targets, acting_user) and locked.version == expected_version:
        bump_version(locked)
    return locked


@transaction.atomic
def measurement_add(*, indicator: Indicator, measured_on, value, source: str = "", comment: str = "", acting_user) -> Measurement:
    """Record a measured value; who entered it and when are kept with it."""
    if measured_on > timezone.localdate():
        raise ValidationError("En måling kan ikke ligge i fremtiden.")
    _check_percent(value, indicator.unit, "Værdien")
    measurement = Measurement(
        indicator=indicator,
        measured_on=measured_on,
        value=value,
        source=(source or "").strip(),
        comment=(comment or "").strip(),
        entered_by=acting_user,
        entered_at=timezone.now(),
    )
    return save(measurement, acting_user=acting_user)
