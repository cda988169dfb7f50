"""Writes for delaftaler, their delmål and activities; the computed total of hours."""

from django.core.exceptions import ValidationError
from django.db import transaction

from core.services import save, update_versioned

from .models import Activity, Agreement, SubGoal

AGREEMENT_FIELDS = (
    "name",
    "title",
    "initiative_name",
    "valid_from",
    "valid_to",
    "preamble",
    "responsible_intro",
    "primary_municipal_partner",
    "sub_goals_intro",
    "activities_intro",
    "staff_resources",
    "municipal_coherence",
    "targets_intro",
    "targets_outro",
    "revision_rule",
    "revision_note",
)
ACTIVITY_FIELDS = (
    "name",
    "other_names",
    "purpose",
    "target_groups",
    "content",
    "practice",
    "responsibilities",
    "hours_per_week",
)


def _check_period(start, end):
    if start and end and end < start:
        raise ValidationError("Delaftalen skal slutte efter den begynder.")


def _check_hours(hours):
    if hours is None:
        raise ValidationError("Skriv det estimerede antal timer pr. uge.")
    if hours < 0:
        raise ValidationError("Timetallet kan ikke være negativt.")


@transaction.atomic
def agreement_update(*, agreement: Agreement, data: dict, expected_version: int, acting_user) -> Agreement:
    _check_period(data.get("valid_from"), data.get("valid_to"))
    return update_versioned(
        Agreement,
        pk=agreement.pk,
        expected_version=expected_version,
        data={f: data[f] for f in AGREEMENT_FIELDS},
        acting_user=acting_user,
    )


@transaction.atomic
def activity_create(*, agreement: Agreement, data: dict, acting_user) -> Activity:
    """Add an activity last in the delaftale; its status starts at the scale's default value."""
    _check_hours(data.get("hours_per_week"))
    last = agreement.activities.order_by("-order").first()
    activity = Activity(
        agreement=agreement,
        order=(last.order + 1) if last else 1,
        status=agreement.status_scale.default_value,
        **{name: data[name] for name in ACTIVITY_FIELDS},
    )
    return save(activity, acting_user=acting_user)


@transaction.atomic
def activity_update(*, activity: Activity, data: dict, expected_version: int, acting_user) -> Activity:
    _check_hours(data.get("hours_per_week"))
    return update_versioned(
        Activity,
        pk=activity.pk,
        expected_version=expected_version,
        data={f: data[f] for f in ACTIVITY_FIELDS},
        acting_user=acting_user,
    )


@transaction.atomic
def sub_goal_create(*, agreement: Agreement, name: str, acting_user) -> SubGoal:
    last = agreement.sub_goals.order_by("-order").first()
    sub_goal = SubGoal(agreement=agreement, name=name, order=(last.order + 1) if last else 1)
    return save(sub_goal, acting_user=acting_user)


@transaction.atomic
def sub_goal_update(*, sub_goal: SubGoal, name: str, expected_version: int, acting_user) -> SubGoal:
    return update_versioned(
        SubGoal, pk=sub_goal.pk, expected_version=expected_version, data={"name": name}, acting_user=acting_user
    )
