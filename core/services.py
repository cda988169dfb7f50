"""Shared write helpers: optimistic locking that tells the user what the other person changed."""

from django.db import models

from .exceptions import ConcurrentEditError, FieldChange


def _display(instance, field) -> str:
    value = getattr(instance, field.attname, None)
    if value in (None, ""):
        return "(tom)"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.ForeignKey):
        related = getattr(instance, field.name, None)
        return str(related) if related is not None else "(tom)"
    from .templatetags.danish import format_amount

    if isinstance(field, (models.IntegerField,)) and not isinstance(field, models.AutoField):
        return format_amount(value)
    text = str(value)
    return text if len(text) <= 160 else text[:157] + "…"


def changes_since(instance, version: int) -> list[FieldChange]:
    """Field-by-field differences between the stored row at `version` and the row now."""
    seen = instance.history.filter(version=version).order_by("-history_date").first()
    if seen is None:
        return []
    changes = []
    for field in instance._meta.concrete_fields:
        if field.name in {"id", "version", "status_changed_at"}:
            continue
        if getattr(seen, field.attname, None) != getattr(instance, field.attname, None):
            changes.append(FieldChange(str(field.verbose_name).capitalize(), _display(seen, field), _display(instance, field)))
    return changes


def lock_for_update(model, *, pk: int, expected_version: int | None):
    """Lock a versioned row, or raise ConcurrentEditError if it moved on since the user read it.

    Must run inside transaction.atomic().
    """
    locked = model.objects.select_for_update().get(pk=pk)
    if expected_version is not None and locked.version != expected_version:
        latest = locked.history.order_by("-history_date").select_related("history_user").first()
        raise ConcurrentEditError(
            current_version=locked.version,
            changed_by=(latest.history_user.get_full_name() or latest.history_user.username)
            if latest and latest.history_user
            else "",
            changed_at=latest.history_date if latest else None,
            changes=changes_since(locked, expected_version),
        )
    return locked
