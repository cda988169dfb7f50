from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from core.services import save, update_fields, update_versioned

from .models import Area, Initiative, Plan, Theme

PLAN_FIELDS = ("title", "intro", "source_note")
AREA_FIELDS = ("name", "kind")
THEME_FIELDS = ("name",)


@transaction.atomic
def plan_update(*, plan: Plan, expected_version: int, acting_user, **fields) -> Plan:
    """Edit a status report's own texts (PLAN_FIELDS); its page and its bilag print them."""
    unknown = set(fields) - set(PLAN_FIELDS)
    if unknown:
        raise TypeError(f"Not a text of the plan: {', '.join(sorted(unknown))}")
    return update_versioned(Plan, pk=plan.pk, expected_version=expected_version, data=fields, acting_user=acting_user)


def _clean_text(text: str) -> str:
    # An initiative is one sentence in the report: line breaks and double spaces carry no meaning.
    text = " ".join((text or "").split())
    if not text:
        raise ValidationError("Skriv indsatsen.")
    return text


def _check_same_plan(area: Area, theme: Theme):
    if area.plan_id != theme.plan_id:
        raise ValidationError(f"Temaet “{theme}” hører ikke til samme plan som området “{area}”.")


@transaction.atomic
def initiative_create(*, area: Area, theme: Theme, text: str, acting_user) -> Initiative:
    """Add an initiative last in its plan; its status starts at the plan scale's default value."""
    text = _clean_text(text)
    _check_same_plan(area, theme)
    last = Initiative.objects.filter(area__plan_id=area.plan_id).aggregate(last=Max("order"))["last"] or 0
    initiative = Initiative(
        area=area, theme=theme, text=text, order=last + 1, status=area.plan.status_scale.default_value
    )
    return save(initiative, acting_user=acting_user)


@transaction.atomic
def initiative_update(
    *, initiative: Initiative, area: Area, theme: Theme, text: str, expected_version: int, acting_user
) -> Initiative:
    """Save an initiative's text and place, refusing if somebody saved it after the user opened it."""
    text = _clean_text(text)
    _check_same_plan(area, theme)
    if area.plan_id != Initiative.objects.values_list("area__plan_id", flat=True).get(pk=initiative.pk):
        # The status belongs to the plan's scale, so an initiative stays in its plan.
        raise ValidationError("En indsats kan ikke flyttes til en anden plan.")
    return update_versioned(
        Initiative,
        pk=initiative.pk,
        expected_version=expected_version,
        data={"area": area, "theme": theme, "text": text},
        acting_user=acting_user,
    )


# --- A plan's areas and themes ---------------------------------------------------------------------
# An edit is checked against the version the form was opened at (core.services.update_versioned). A new
# one goes last in its plan.


def _part_create(model, plan: Plan, fields, data: dict, acting_user):
    last = model.objects.filter(plan=plan).order_by("-order").first()
    part = model(plan=plan, order=(last.order + 1) if last else 1, **{f: data[f] for f in fields})
    return save(part, acting_user=acting_user)


@transaction.atomic
def area_create(*, plan: Plan, data: dict, acting_user) -> Area:
    return _part_create(Area, plan, AREA_FIELDS, data, acting_user)


@transaction.atomic
def area_update(*, area: Area, data: dict, expected_version: int, acting_user) -> Area:
    return update_fields(
        area, fields=AREA_FIELDS, data=data, expected_version=expected_version, acting_user=acting_user
    )


@transaction.atomic
def theme_create(*, plan: Plan, data: dict, acting_user) -> Theme:
    return _part_create(Theme, plan, THEME_FIELDS, data, acting_user)


@transaction.atomic
def theme_update(*, theme: Theme, data: dict, expected_version: int, acting_user) -> Theme:
    return update_fields(
        theme, fields=THEME_FIELDS, data=data, expected_version=expected_version, acting_user=acting_user
    )
