"""Writes for delaftaler, their delmål and activities; the computed total of hours."""

from django.core.exceptions import ValidationError
from django.db import transaction

from core.services import bump_version, save, sync_rows, update_versioned
from statuses.models import StatusScale

from .choices import ACTIVITY_SCALE
from .models import Activity, Agreement, MunicipalTarget, Party, ResponsibleRole, SubGoal

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


# The delaftale's own rows, each in the document's order: parties (name, tasks), responsible roles
# (title) and municipal targets (text, goal).
PARTY_FIELDS = ("name", "tasks")
RESPONSIBLE_ROLE_FIELDS = ("title",)
MUNICIPAL_TARGET_FIELDS = ("text", "goal")


def _save_rows(existing, rows, fields, make, acting_user) -> bool:
    """Make the rows `existing` (in order) exactly `rows` (dicts with `fields`), numbered in order."""
    return sync_rows(
        dict(enumerate(existing, 1)),
        {order: {"order": order, **{f: row.get(f) for f in fields}} for order, row in enumerate(rows, 1)},
        make=make,
        acting_user=acting_user,
    )


def _save_agreement_rows(agreement: Agreement, rows: dict, acting_user) -> bool:
    """`rows` holds the lists the caller gives: "parties", "responsible_roles", "municipal_targets"."""
    kinds = (
        ("parties", PARTY_FIELDS, Party),
        ("responsible_roles", RESPONSIBLE_ROLE_FIELDS, ResponsibleRole),
        ("municipal_targets", MUNICIPAL_TARGET_FIELDS, MunicipalTarget),
    )
    changed = False
    for name, fields, model in kinds:
        if rows.get(name) is None:
            continue  # not given: the rows stay as they are
        existing = list(getattr(agreement, name).all())
        changed |= _save_rows(existing, rows[name], fields, lambda order, m=model: m(agreement=agreement), acting_user)
    return changed


def _activity_scale():
    scale = StatusScale.objects.filter(slug=ACTIVITY_SCALE).first()
    if scale is None:
        raise ValidationError("Statusskalaen for aktiviteter er ikke indlæst. Kontakt en administrator.")
    return scale


@transaction.atomic
def agreement_create(*, data: dict, parties=(), responsible_roles=(), municipal_targets=(), acting_user) -> Agreement:
    """A new delaftale with its parties, responsible roles and municipal targets; its activities will
    be assessed on the activity scale."""
    _check_period(data.get("valid_from"), data.get("valid_to"))
    agreement = Agreement(status_scale=_activity_scale(), **{f: data[f] for f in AGREEMENT_FIELDS})
    save(agreement, acting_user=acting_user)
    _save_agreement_rows(
        agreement,
        {"parties": parties, "responsible_roles": responsible_roles, "municipal_targets": municipal_targets},
        acting_user,
    )
    return agreement


@transaction.atomic
def agreement_update(
    *,
    agreement: Agreement,
    data: dict,
    expected_version: int,
    acting_user,
    parties=None,
    responsible_roles=None,
    municipal_targets=None,
) -> Agreement:
    """Save a delaftale's texts and, where given, its rows; refusing if somebody saved it after the
    user opened it."""
    _check_period(data.get("valid_from"), data.get("valid_to"))
    locked = update_versioned(
        Agreement,
        pk=agreement.pk,
        expected_version=expected_version,
        data={f: data[f] for f in AGREEMENT_FIELDS},
        acting_user=acting_user,
    )
    rows = {"parties": parties, "responsible_roles": responsible_roles, "municipal_targets": municipal_targets}
    if _save_agreement_rows(locked, rows, acting_user) and locked.version == expected_version:
        bump_version(locked)
    return locked


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
