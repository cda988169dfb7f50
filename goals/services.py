"""Writes for goals, indicators, measurements and the golden thread; reads that pages share."""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils import timezone

from core.services import lock_for_update

from .links import KindGroup, group_by_kind, kind_for_model, resolve_links
from .models import Goal, GoalLink, GoalTarget, Indicator, IndicatorTarget, Measurement

GOAL_FIELDS = ("theme", "text")
INDICATOR_FIELDS = (
    "goal", "sub_goal", "name", "description", "unit", "direction", "baseline_value", "baseline_year",
    "baseline_area", "comparison_value", "comparison_area", "data_source",
)


def _check_percent(value, unit, label):
    if value is not None and (unit or "").strip() == "%" and not (0 <= value <= 100):
        raise ValidationError(f"{label} er en andel i procent og skal ligge mellem 0 og 100.")


# --- Goals --------------------------------------------------------------------------------------


def _save_goal_targets(goal, targets, acting_user):
    """Make the goal's targets exactly `targets` (dicts with wording, value, unit, year), in order."""
    existing = list(goal.targets.all())
    for target in existing[len(targets):]:
        target._history_user = acting_user
        target.delete()
    for order, row in enumerate(targets, 1):
        target = existing[order - 1] if order <= len(existing) else GoalTarget(goal=goal)
        changed = target.pk is None or any(
            getattr(target, f) != row.get(f) for f in ("wording", "value", "unit", "year")
        ) or target.order != order
        if changed:
            target.order = order
            target.wording = row["wording"]
            target.value = row.get("value")
            target.unit = row.get("unit") or ""
            target.year = row.get("year")
            target._history_user = acting_user
            target.save()


@transaction.atomic
def goal_update(*, goal: Goal, data: dict, targets: list[dict], expected_version: int | None, acting_user) -> Goal:
    """Save a goal's text and theme and its targets, refusing if somebody saved it after the user opened it."""
    locked = lock_for_update(Goal, pk=goal.pk, expected_version=expected_version)
    for name in GOAL_FIELDS:
        setattr(locked, name, data[name])
    locked.version += 1
    locked._history_user = acting_user
    locked.save()
    _save_goal_targets(locked, targets, acting_user)
    return locked


# --- The golden thread --------------------------------------------------------------------------


def _linkable(item):
    if item is None or item.pk is None or kind_for_model(type(item)) is None:
        raise ValidationError("Det valgte kan ikke forbindes med et mål.")


@transaction.atomic
def goal_link(*, goal: Goal, item, acting_user) -> GoalLink:
    """Record that `item` (a project, programme, initiative, activity, …) works towards `goal`."""
    _linkable(item)
    content_type = ContentType.objects.get_for_model(item)
    if GoalLink.objects.filter(goal=goal, content_type=content_type, object_id=item.pk).exists():
        raise ValidationError(f"„{item}“ er allerede forbundet med {goal.label}.")
    link = GoalLink(goal=goal, content_type=content_type, object_id=item.pk, created_by=acting_user)
    link._history_user = acting_user
    try:
        with transaction.atomic():
            link.save()
    except IntegrityError as error:  # somebody linked the same item a moment ago
        raise ValidationError(f"„{item}“ er allerede forbundet med {goal.label}.") from error
    return link


@transaction.atomic
def goal_unlink(*, goal: Goal, item, acting_user) -> None:
    """Remove the link between `item` and `goal`; the link's history keeps who removed it and when."""
    link = GoalLink.objects.for_item(item).filter(goal=goal).select_for_update().first()
    if link is None:
        raise ValidationError(f"„{item}“ er ikke forbundet med {goal.label}.")
    link._history_user = acting_user
    link.delete()


def indicator_queryset():
    """Indicators with what their rows show: what they measure, measurements and targets."""
    return Indicator.objects.select_related("goal", "sub_goal__agreement").prefetch_related("measurements", "targets")


@dataclass
class AgreementThread:
    """A delaftale that works for a goal through one of its municipal targets."""

    agreement: object
    targets: list = field(default_factory=list)

    @property
    def activities(self):
        return list(self.agreement.activities.all())

    @property
    def total_hours(self):
        return sum(activity.hours_per_week for activity in self.activities)

    @property
    def indicators(self):
        return [indicator for sub_goal in self.agreement.sub_goals.all() for indicator in sub_goal.indicators.all()]


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
    """Everything that works towards `goal`, read in a fixed number of queries whatever its size."""
    from agreements.models import Activity, Agreement, MunicipalTarget, SubGoal

    indicators = list(indicator_queryset().filter(goal=goal))
    sub_goals = SubGoal.objects.prefetch_related(Prefetch("indicators", queryset=indicator_queryset()))
    targets = (
        MunicipalTarget.objects.filter(goal=goal)
        .prefetch_related(
            Prefetch(
                "agreement",
                queryset=Agreement.objects.prefetch_related(
                    Prefetch("activities", queryset=Activity.objects.select_related("status")),
                    Prefetch("sub_goals", queryset=sub_goals),
                ),
            )
        )
        .order_by("agreement__valid_from", "agreement_id", "order")
    )
    by_agreement: dict[int, AgreementThread] = {}
    for target in targets:
        thread = by_agreement.setdefault(target.agreement_id, AgreementThread(target.agreement))
        thread.targets.append(target)
    links = list(goal.links.all())
    return GoldenThread(
        goal=goal,
        indicators=indicators,
        agreements=list(by_agreement.values()),
        groups=group_by_kind(resolve_links(links)),
    )


# --- Indicators and measurements ----------------------------------------------------------------


def _check_indicator(data):
    if bool(data.get("goal")) == bool(data.get("sub_goal")):
        raise ValidationError("En indikator måler enten et mål eller et delmål (ikke begge).")
    _check_percent(data.get("baseline_value"), data.get("unit"), "Baseline")
    _check_percent(data.get("comparison_value"), data.get("unit"), "Anden baseline")


def _save_indicator_targets(indicator, targets: dict, acting_user):
    """Make the indicator's targets exactly `targets` ({year: value})."""
    for target in indicator.targets.exclude(year__in=targets):
        target._history_user = acting_user
        target.delete()
    existing = {t.year: t for t in indicator.targets.all()}
    for year, value in sorted(targets.items()):
        _check_percent(value, indicator.unit, f"Målet for {year}")
        target = existing.get(year) or IndicatorTarget(indicator=indicator, year=year)
        if target.pk is None or target.value != value:
            target.value = value
            target._history_user = acting_user
            target.save()


@transaction.atomic
def indicator_create(*, data: dict, targets: dict, acting_user) -> Indicator:
    _check_indicator(data)
    indicator = Indicator(**{name: data.get(name) for name in INDICATOR_FIELDS})
    for name in ("description", "unit", "direction", "baseline_area", "comparison_area", "data_source"):
        setattr(indicator, name, getattr(indicator, name) or "")
    indicator._history_user = acting_user
    indicator.save()
    _save_indicator_targets(indicator, targets, acting_user)
    return indicator


@transaction.atomic
def indicator_update(*, indicator: Indicator, data: dict, targets: dict, expected_version: int | None, acting_user) -> Indicator:
    _check_indicator(data)
    locked = lock_for_update(Indicator, pk=indicator.pk, expected_version=expected_version)
    for name in INDICATOR_FIELDS:
        value = data.get(name)
        if value is None and name in ("description", "unit", "direction", "baseline_area", "comparison_area", "data_source"):
            value = ""
        setattr(locked, name, value)
    locked.version += 1
    locked._history_user = acting_user
    locked.save()
    _save_indicator_targets(locked, targets, acting_user)
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
    measurement._history_user = acting_user
    measurement.save()
    return measurement
