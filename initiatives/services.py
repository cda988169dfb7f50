from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max

from core.services import lock_for_update

from .models import Area, Initiative, Theme


def _clean_text(text: str) -> str:
    # An initiative is one sentence in the report: line breaks and double spaces carry no meaning.
    text = " ".join((text or "").split())
    if not text:
        raise ValidationError("Skriv indsatsen.")
    return text


def _check_same_plan(area: Area, theme: Theme):
    if area.plan_id != theme.plan_id:
        raise ValidationError(f"Temaet “{theme}” hører ikke til samme plan som området “{area}”.")


def _duplicate(area: Area, theme: Theme) -> ValidationError:
    return ValidationError(f"Indsatsen står allerede under {area} · {theme}.")


@transaction.atomic
def initiative_create(*, area: Area, theme: Theme, text: str, acting_user) -> Initiative:
    """Add an initiative last in its area and theme; its status starts at the plan scale's default value."""
    text = _clean_text(text)
    _check_same_plan(area, theme)
    if Initiative.objects.filter(area=area, theme=theme, text=text).exists():
        raise _duplicate(area, theme)
    last = Initiative.objects.filter(area__plan_id=area.plan_id).aggregate(last=Max("order"))["last"] or 0
    initiative = Initiative(
        area=area, theme=theme, text=text, order=last + 1, status=area.plan.status_scale.default_value
    )
    initiative._history_user = acting_user
    try:
        with transaction.atomic():
            initiative.save()
    except IntegrityError as error:  # somebody added the same text a moment ago
        raise _duplicate(area, theme) from error
    return initiative


@transaction.atomic
def initiative_update(
    *, initiative: Initiative, area: Area, theme: Theme, text: str, expected_version: int, acting_user
) -> Initiative:
    """Save an initiative's text and place, refusing if somebody saved it after the user opened it."""
    text = _clean_text(text)
    _check_same_plan(area, theme)
    locked = lock_for_update(Initiative, pk=initiative.pk, expected_version=expected_version)
    if area.plan_id != locked.area.plan_id:
        # The status belongs to the plan's scale, so an initiative stays in its plan.
        raise ValidationError("En indsats kan ikke flyttes til en anden plan.")
    locked.area, locked.theme, locked.text = area, theme, text
    locked.version += 1
    locked._history_user = acting_user
    try:
        with transaction.atomic():
            locked.save()
    except IntegrityError as error:
        raise _duplicate(area, theme) from error
    return locked
