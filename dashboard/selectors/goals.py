"""Goals on the overview: baseline → latest measurement → target for every goal and delmål."""

import functools
from dataclasses import dataclass

from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from core.compiled import CompiledValues, compiled_values, value_rows

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


@functools.lru_cache(maxsize=16)
def _goal_queries(moment, day, limit: int) -> tuple[CompiledValues, ...]:
    """goals_overview's four queries, built and compiled once per moment (or day) and limit: they name no
    rows, only those values. Building and compiling them took three times as long as the database takes
    to answer them (make bench's data; ADR 0024). The goals, their targets, the delaftaler serving them,
    and the indicators with their latest measurement and their target."""
    from agreements.models import MunicipalTarget
    from goals.models import Goal, GoalTarget, Indicator, IndicatorTarget, Measurement

    goals = items(Goal, moment).order_by("number")
    shown_goals = goals.values("id")[:limit]
    measurements = items(Measurement, moment).filter(indicator_id=OuterRef("id"), measured_on__lte=day)
    latest = measurements.order_by("-measured_on", "-id")
    # Targets are unique per indicator and year: the first from this year on, else the last one set.
    targets = items(IndicatorTarget, moment).filter(indicator_id=OuterRef("id"))
    upcoming, last = targets.filter(year__gte=day.year).order_by("year"), targets.order_by("-year")
    first_sub_goal_indicators = (
        items(Indicator, moment)
        .filter(sub_goal__isnull=False)
        .order_by("sub_goal__agreement_id", "sub_goal__order", "order", "id")
        .values("id")[: limit + 1]
    )
    serving = items(MunicipalTarget, moment).filter(goal_id__in=shown_goals)
    indicators = (
        items(Indicator, moment)
        .filter(
            Q(goal_id__in=shown_goals)
            | Q(id__in=first_sub_goal_indicators)
            | Q(sub_goal__agreement_id__in=serving.values("agreement_id"))
        )
        .annotate(
            latest_value=Subquery(latest.values("value")[:1]),
            latest_on=Subquery(latest.values("measured_on")[:1]),
            upcoming_value=Subquery(upcoming.values("value")[:1]),
            upcoming_year=Subquery(upcoming.values("year")[:1]),
            last_value=Subquery(last.values("value")[:1]),
            last_year=Subquery(last.values("year")[:1]),
        )
        .order_by("goal__number", "sub_goal__agreement_id", "sub_goal__order", "order", "id")
        .values(
            "id", "goal_id", "sub_goal_id", "name", "unit", "baseline_value", "baseline_year",
            "latest_value", "latest_on", "upcoming_value", "upcoming_year", "last_value", "last_year",
            "sub_goal__name", "sub_goal__agreement_id", "sub_goal__agreement__name", "sub_goal__agreement__title",
        )
    )  # fmt: skip
    return (
        compiled_values(goals.values("id", "number", "text")[: limit + 1]),
        compiled_values(
            items(GoalTarget, moment)
            .filter(goal_id__in=shown_goals)
            .order_by("order", "id")
            .values("goal_id", "value", "unit", "year")
        ),
        compiled_values(serving.order_by().values("goal_id", "agreement_id").distinct()),
        compiled_values(indicators),
    )


def goals_overview(moment=None, limit: int = MAX_GOAL_LINES) -> list[tuple[str, list[GoalLine], bool]]:
    """Every goal of Sammenhængsmodellen and every delmål with an indicator, each with baseline →
    latest measurement → target; what is not known says so. At most `limit` goals and `limit`
    delmål indicators (the indicator list has the rest): (title, lines, whether more exist) per group.
    A goal's indicators are its own and those of the delaftaler that work for it through a municipal
    target, as on the goal's own page (goals.selectors.serving_goal). Four queries: the goals, their
    targets, the delaftaler serving them, and the indicators with their latest measurement and their
    target."""
    from agreements.models import SubGoal
    from core.formats import measure as with_unit
    from goals.models import Goal, Indicator
    from goals.tables import NO_MEASUREMENT, NO_TARGET, baseline_shown, latest_shown, target_shown

    day = moment.date() if moment else timezone.localdate()
    goal_query, target_query, serving_query, indicator_query = _goal_queries(moment, day, limit)
    goals = value_rows(goal_query)
    shown_goals = goals[:limit]
    goal_targets: dict = {}
    for target in value_rows(target_query):
        goal_targets.setdefault(target["goal_id"], []).append(target)
    serving: dict = {}  # goal pk -> the delaftaler that work for it
    for pair in value_rows(serving_query):
        serving.setdefault(pair["goal_id"], set()).add(pair["agreement_id"])
    indicators = value_rows(indicator_query)

    def agreement_name(indicator) -> str:
        return indicator["sub_goal__agreement__title"] or indicator["sub_goal__agreement__name"]

    def indicator_line(indicator, label, url):
        unit = indicator["unit"]
        baseline = baseline_shown(indicator["baseline_value"], unit, indicator["baseline_year"])
        latest_text = latest_shown(indicator["latest_value"], unit, indicator["latest_on"])
        if indicator["upcoming_year"] is not None:
            target = target_shown(indicator["upcoming_value"], unit, indicator["upcoming_year"])
        else:
            target = target_shown(indicator["last_value"], unit, indicator["last_year"])
        # What a line shows of its indicator, its name and page: the model's own link, without its other fields.
        shown = Indicator(pk=indicator["id"], name=indicator["name"])
        return GoalLine(label, url, shown, baseline, latest_text, target)

    by_goal: dict = {}
    by_sub_goal: dict = {}
    # In the order of `first_sub_goal_indicators`, whose first limit + 1 they start with.
    measuring_sub_goals = [indicator for indicator in indicators if not indicator["goal_id"]][: limit + 1]
    for indicator in indicators:
        if indicator["goal_id"]:
            by_goal.setdefault(indicator["goal_id"], []).append(indicator)
    for goal_id, agreements in serving.items():
        by_goal.setdefault(goal_id, []).extend(
            indicator
            for indicator in indicators
            if not indicator["goal_id"] and indicator["sub_goal__agreement_id"] in agreements
        )
    more_sub_goals = len(measuring_sub_goals) > limit  # one more was read only to know that there are more
    for indicator in measuring_sub_goals[:limit]:
        by_sub_goal.setdefault(indicator["sub_goal_id"], []).append(indicator)

    model_lines = []
    for goal in shown_goals:
        label = f"Mål {goal['number']}: {goal['text']}"
        url = Goal(pk=goal["id"]).get_absolute_url()
        measured = by_goal.get(goal["id"], [])
        if not measured:
            wording = "; ".join(
                with_unit(t["value"], t["unit"]) + (f" i {t['year']}" if t["year"] else "")
                for t in goal_targets.get(goal["id"], [])
                if t["value"] is not None
            )
            model_lines.append(GoalLine(label, url, None, "Ikke opgjort", NO_MEASUREMENT, wording or NO_TARGET))
        for i, indicator in enumerate(measured):
            line = indicator_line(indicator, label, url)
            line.first_of_goal = i == 0
            if not indicator["goal_id"]:
                line.via = agreement_name(indicator)
            model_lines.append(line)

    groups = [("Sammenhængsmodellen", model_lines, len(goals) > limit)] if model_lines else []
    agreement_lines: dict = {}
    for measured in by_sub_goal.values():
        first = measured[0]
        sub_goal_url = SubGoal(pk=first["sub_goal_id"], agreement_id=first["sub_goal__agreement_id"]).get_absolute_url()
        for i, indicator in enumerate(measured):
            line = indicator_line(indicator, f"Delmål: {first['sub_goal__name']}", sub_goal_url)
            line.first_of_goal = i == 0
            agreement_lines.setdefault(f"Delaftale: {agreement_name(first)}", []).append(line)
    last = list(agreement_lines)[-1:]
    groups.extend((title, lines, more_sub_goals and [title] == last) for title, lines in agreement_lines.items())
    return groups
