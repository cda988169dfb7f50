"""Goals on the overview: baseline → latest measurement → target for every goal and delmål."""

from dataclasses import dataclass

from django.db.models import (
    OuterRef,
    Q,
    Subquery,
)
from django.urls import reverse
from django.utils import timezone

from core.timetravel import past_rows

from .base import items

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
    """The first `limit` + 1 goals by number (one more, to know whether there are more), and the targets
    of the first `limit` of them: (goals, {goal pk: its targets in their order}). Two queries."""
    from goals.models import Goal, GoalTarget

    goals = list(items(Goal, moment).order_by("number")[: limit + 1])
    targets: dict = {}
    for target in (
        items(GoalTarget, moment).filter(goal_id__in=[goal.pk for goal in goals[:limit]]).order_by("order", "id")
    ):
        targets.setdefault(target.goal_id, []).append(target)
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
    from core.formats import measure as with_unit
    from goals.models import Indicator, IndicatorTarget, Measurement
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
    first_sub_goal_indicators = (
        items(Indicator, moment)
        .filter(sub_goal__isnull=False)
        .order_by("sub_goal__agreement_id", "sub_goal__order", "order", "id")
        .values(pk)[: limit + 1]
    )
    serving: dict = {}  # goal pk -> the delaftaler that work for it
    for goal_id, agreement_id in (
        items(MunicipalTarget, moment)
        .filter(goal_id__in=[goal.pk for goal in shown_goals])
        .values_list("goal_id", "agreement_id")
        .distinct()
    ):
        serving.setdefault(goal_id, set()).add(agreement_id)
    serving_agreements = set().union(*serving.values()) if serving else set()
    indicators = (
        items(Indicator, moment)
        .filter(
            Q(goal_id__in=[goal.pk for goal in shown_goals])
            | Q(**{f"{pk}__in": first_sub_goal_indicators})
            | Q(sub_goal__agreement_id__in=serving_agreements)
        )
        .annotate(
            latest_value=Subquery(latest.values("value")[:1]),
            latest_on=Subquery(latest.values("measured_on")[:1]),
            upcoming_value=Subquery(upcoming.values("value")[:1]),
            upcoming_year=Subquery(upcoming.values("year")[:1]),
            last_value=Subquery(last.values("value")[:1]),
            last_year=Subquery(last.values("year")[:1]),
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
            indicator
            for indicator in indicators
            if not indicator.goal_id and indicator.sub_goal.agreement_id in agreements
        )
    more_sub_goals = len(measuring_sub_goals) > limit  # one more was read only to know that there are more
    for indicator in measuring_sub_goals[:limit]:
        by_sub_goal.setdefault(indicator.sub_goal_id, []).append(indicator)

    model_lines = []
    for goal in shown_goals:
        label = f"Mål {goal.number}: {goal.text}"
        url = reverse("goals:goal_detail", kwargs={"pk": goal.pk})
        measured = by_goal.get(goal.pk, [])
        if not measured:
            wording = "; ".join(
                with_unit(t.value, t.unit) + (f" i {t.year}" if t.year else "")
                for t in goal_targets.get(goal.pk, [])
                if t.value is not None
            )
            model_lines.append(GoalLine(label, url, None, "Ikke opgjort", NO_MEASUREMENT, wording or NO_TARGET))
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
