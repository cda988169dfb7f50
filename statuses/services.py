from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator

from core.services import lock_for_update, save

from .models import StatusChange, StatusValue


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
