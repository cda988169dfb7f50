"""Reads of goals and indicators that pages, the overview and bilag share (ADR 0013/0014).

A goal's indicators are its own and those of the delaftaler that work for it through a municipal
target (`serving`): its page, the indicator list's goal filter and the overview list the same ones.
"""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Prefetch, Q

from agreements.models import Activity, MunicipalTarget
from agreements.selectors import total_hours

from .links import KindGroup, LinkedItem, available_kinds
from .models import CoherenceModel, Goal, GoalGroup, GoalLink, Indicator, Theme


def coherence_model(pk=None) -> CoherenceModel | None:
    """Sammenhængsmodellen whole, as its page and its bilag show it: values, methods, approach, the
    themes with their goals and targets, and the groups with their goals and focus areas. Without
    `pk`, the (one) model there is."""
    models = CoherenceModel.objects.prefetch_related(
        "values",
        "methods",
        "approach",
        Prefetch(
            "themes",
            queryset=Theme.objects.prefetch_related(
                Prefetch("goals", queryset=Goal.objects.prefetch_related("targets"))
            ),
        ),
        Prefetch("groups", queryset=GoalGroup.objects.prefetch_related("goals", "focus_areas")),
    )
    return models.first() if pk is None else models.get(pk=pk)


def serving(goal) -> Q:
    """The indicators that follow `goal`: its own, and those of the delaftaler working for it."""
    return Q(goal=goal) | Q(sub_goal__agreement__municipal_targets__goal=goal)


def with_readings(indicators):
    """Indicators with what their rows show: what they measure, and their measurements and targets,
    from which `latest_measurement`, `current_target` and `quality_flags()` are read (two queries)."""
    return indicators.select_related("goal", "sub_goal__agreement").prefetch_related("measurements", "targets")


def goal_for_page(pk) -> Goal | None:
    """The goal with its theme and targets, and flags that say whether it is in a group and which kinds
    of item are linked to it, so that its page reads nothing for the parts it does not have."""
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
    return Goal.everything.select_related("theme").prefetch_related("targets").annotate(**flags).filter(pk=pk).first()


def _linked_flag(kind) -> str:
    return "linked_" + kind.model_label.replace(".", "_")


def goal_groups(goal: Goal):
    """The groups `goal` is in, with their goals and focus areas."""
    if not getattr(goal, "has_groups", True):
        return []
    return GoalGroup.objects.filter(goals=goal).prefetch_related("goals", "focus_areas")


@dataclass
class AgreementThread:
    """A delaftale that works for a goal through one of its municipal targets."""

    agreement: object
    targets: list = field(default_factory=list)
    activities: list = field(default_factory=list)
    indicators: list = field(default_factory=list)

    @property
    def total_hours(self):
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
    """Everything that works towards `goal`, read in a fixed number of queries whatever its size: its
    indicators and those of its delaftaler (with their measurements and targets), the delaftaler, their
    activities together with the activities linked on their own, and each other kind of linked item.
    With the flags of `goal_for_page()` a part the goal does not have costs nothing."""
    has_agreements = getattr(goal, "has_agreements", True)
    indicators = list(
        with_readings(Indicator.objects.filter(serving(goal) if has_agreements else Q(goal=goal)).distinct())
    )

    threads: dict[int, AgreementThread] = {}
    if has_agreements:
        targets = goal.municipal_targets.select_related("agreement").order_by(
            "agreement__valid_from", "agreement_id", "order", "id"
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
            Activity.objects.filter(wanted)
            .select_related("status", "agreement")
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


def _linked_ids(goal, model):
    return GoalLink.objects.filter(goal=goal, content_type=ContentType.objects.get_for_model(model)).values("object_id")


def _linked_rows(goal, kind) -> list[LinkedItem]:
    """The items of one kind linked to `goal`, in the links' order (by id), with their money."""
    items = kind.queryset().filter(pk__in=_linked_ids(goal, kind.model)).order_by("pk")
    return [LinkedItem(link=None, item=item, kind=kind, money=kind.money_for(item)) for item in items]


def sub_goals_with_indicators(agreement):
    """A delaftale's delmål, each with its indicators and their readings: the delaftale page's panel."""
    # The panel shows each indicator's latest measurement and data quality, not its targets: measurements only.
    indicators = Indicator.objects.order_by("order", "id").select_related("goal", "sub_goal__agreement")
    return agreement.sub_goals.prefetch_related(
        Prefetch("indicators", queryset=indicators.prefetch_related("measurements"))
    )
