from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator

from core.services import lock_for_update, save, update_fields

from .models import StatusChange, StatusScale, StatusValue


@transaction.atomic
def status_change(*, item, new_value: StatusValue, reason: str, expected_version: int, acting_user):
    """Move `item` to `new_value` and record who, when, old → new and why, in one transaction.

    Refuses a value from another scale, an unchanged status, an empty reason, and a change
    based on a version of the item that somebody else has moved on from.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("Skriv en begrundelse for statusændringen.")
    locked = lock_for_update(type(item), pk=item.pk, expected_version=expected_version)
    old_value = locked.status
    if new_value.scale_id != old_value.scale_id:
        raise ValidationError(f"Status “{new_value}” hører ikke til skalaen “{old_value.scale}”.")
    if new_value.pk == old_value.pk:
        raise ValidationError(f"Status er allerede “{old_value}”. Vælg en anden status.")

    now = timezone.now()
    locked.status = new_value
    locked.status_changed_at = now
    locked.version += 1
    # Carried into the item's edit history too, whose column holds 100 characters; the whole
    # reason is kept in the StatusChange row below.
    locked._change_reason = Truncator(reason).chars(100)
    save(locked, acting_user=acting_user, update_fields=["status", "status_changed_at", "version"])
    # The caller's copy of the item follows, so that it can go on from the new version.
    item.status, item.status_changed_at, item.version = locked.status, locked.status_changed_at, locked.version
    return StatusChange.objects.create(
        item=locked,
        old_value=old_value,
        new_value=new_value,
        reason=reason,
        changed_by=acting_user,
        changed_at=now,
    )


# --- Scales and their values: configuration only administrators change ------------------------------
# An edit is checked against the version the form was opened at (core.services.update_versioned). A code
# (slug) is set once: the code and the fixtures find a scale and its values by it.

SCALE_FIELDS = ("name", "description")
VALUE_FIELDS = ("label", "meaning", "shape", "tone", "order", "is_default")


@transaction.atomic
def scale_create(*, slug: str, data: dict, acting_user) -> StatusScale:
    return save(StatusScale(slug=slug, **{f: data[f] for f in SCALE_FIELDS}), acting_user=acting_user)


@transaction.atomic
def scale_update(*, scale: StatusScale, data: dict, expected_version: int, acting_user) -> StatusScale:
    return update_fields(
        scale, fields=SCALE_FIELDS, data=data, expected_version=expected_version, acting_user=acting_user
    )


def _make_the_default(value: StatusValue, acting_user):
    """`value` becomes its scale's one start value: the one before it stops being it first."""
    for other in StatusValue.objects.select_for_update().filter(scale_id=value.scale_id, is_default=True):
        if other.pk != value.pk:
            other.is_default = False
            save(other, acting_user=acting_user)


@transaction.atomic
def status_value_create(*, scale: StatusScale, slug: str, data: dict, acting_user) -> StatusValue:
    """A new value on `scale`. The first value of a scale is its start value (new items start there)."""
    value = StatusValue(scale=scale, slug=slug, **{f: data[f] for f in VALUE_FIELDS})
    if not scale.values.filter(is_default=True).exists():
        value.is_default = True
    if value.is_default:
        _make_the_default(value, acting_user)
    return save(value, acting_user=acting_user)


@transaction.atomic
def status_value_update(*, value: StatusValue, data: dict, expected_version: int, acting_user) -> StatusValue:
    """Save a value; made the start value, it takes over from the one before. A scale keeps one."""
    was_default = StatusValue.objects.select_for_update().values_list("is_default", flat=True).get(pk=value.pk)
    if was_default and not data["is_default"]:
        raise ValidationError(
            "En skala skal have én startværdi. Gør en anden værdi til startværdi i stedet for at fjerne den her."
        )
    if data["is_default"] and not was_default:
        _make_the_default(value, acting_user)
    return update_fields(
        value, fields=VALUE_FIELDS, data=data, expected_version=expected_version, acting_user=acting_user
    )
