"""Writes for delaftaler, their delmål and activities; the computed total of hours."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum

from core.services import lock_for_update

from .models import Activity, Agreement, SubGoal

AGREEMENT_FIELDS = (
    "name", "title", "initiative_name", "valid_from", "valid_to", "preamble", "primary_municipal_partner",
    "sub_goals_intro", "activities_intro", "staff_resources", "municipal_coherence", "targets_intro",
    "targets_outro", "revision_rule", "revision_note",
)
ACTIVITY_FIELDS = (
    "name", "other_names", "purpose", "target_groups", "content", "practice", "responsibilities", "hours_per_week",
)


def agreement_total_hours(agreement: Agreement, *, activities=None) -> Decimal:
    """The activities' hours per week added up; the total is computed, never typed.

    A page that has read the activities already passes them, and the sum costs no query."""
    if activities is not None:
        return sum((activity.hours_per_week for activity in activities), Decimal(0))
    return agreement.activities.aggregate(total=Sum("hours_per_week"))["total"] or Decimal(0)


def _check_period(start, end):
    if start and end and end < start:
        raise ValidationError("Delaftalen skal slutte efter den begynder.")


def _check_hours(hours):
    if hours is None:
        raise ValidationError("Skriv det estimerede antal timer pr. uge.")
    if hours < 0:
        raise ValidationError("Timetallet kan ikke være negativt.")


def _save(instance, message):
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as error:
        raise ValidationError(message) from error


@transaction.atomic
def agreement_update(*, agreement: Agreement, data: dict, expected_version: int | None, acting_user) -> Agreement:
    _check_period(data.get("valid_from"), data.get("valid_to"))
    locked = lock_for_update(Agreement, pk=agreement.pk, expected_version=expected_version)
    for name in AGREEMENT_FIELDS:
        setattr(locked, name, data[name])
    locked.version += 1
    locked._history_user = acting_user
    _save(locked, f"Der findes allerede en delaftale for indsatsområdet “{locked.name}”.")
    return locked


@transaction.atomic
def activity_create(*, agreement: Agreement, data: dict, acting_user) -> Activity:
    """Add an activity to the delaftale; its status starts at the scale's default value."""
    _check_hours(data.get("hours_per_week"))
    if agreement.activities.filter(name=data["name"]).exists():
        raise ValidationError(f"Delaftalen har allerede en aktivitet med navnet “{data['name']}”.")
    last = agreement.activities.order_by("-order").first()
    activity = Activity(
        agreement=agreement,
        order=(last.order + 1) if last else 1,
        status=agreement.status_scale.default_value,
        **{name: data[name] for name in ACTIVITY_FIELDS},
    )
    activity._history_user = acting_user
    _save(activity, f"Delaftalen har allerede en aktivitet med navnet “{activity.name}”.")
    return activity


@transaction.atomic
def activity_update(*, activity: Activity, data: dict, expected_version: int | None, acting_user) -> Activity:
    _check_hours(data.get("hours_per_week"))
    locked = lock_for_update(Activity, pk=activity.pk, expected_version=expected_version)
    for name in ACTIVITY_FIELDS:
        setattr(locked, name, data[name])
    locked.version += 1
    locked._history_user = acting_user
    _save(locked, f"Delaftalen har allerede en aktivitet med navnet “{locked.name}”.")
    return locked


@transaction.atomic
def sub_goal_create(*, agreement: Agreement, name: str, acting_user) -> SubGoal:
    if agreement.sub_goals.filter(name=name).exists():
        raise ValidationError(f"Delaftalen har allerede delmålet “{name}”.")
    last = agreement.sub_goals.order_by("-order").first()
    sub_goal = SubGoal(agreement=agreement, name=name, order=(last.order + 1) if last else 1)
    sub_goal._history_user = acting_user
    _save(sub_goal, f"Delaftalen har allerede delmålet “{name}”.")
    return sub_goal


@transaction.atomic
def sub_goal_update(*, sub_goal: SubGoal, name: str, acting_user) -> SubGoal:
    locked = SubGoal.objects.select_for_update().get(pk=sub_goal.pk)
    locked.name = name
    locked._history_user = acting_user
    _save(locked, f"Delaftalen har allerede delmålet “{name}”.")
    return locked
