"""The one write path every service uses (ADR 0013).

- `update_versioned` locks the row, refuses a change based on a version somebody else has moved on
  from (ConcurrentEditError, which says what the other person changed), saves only what changed, and
  records the acting user in the history; an edit that changes nothing writes nothing.
- `save` and `delete` record the acting user and turn a broken database rule into the Danish message
  the rule (the model's constraint) declares: uniqueness and checks live in the database, never in a
  racy `.exists()` beforehand. A form may check the same rules first (Django's model validation) for an
  early answer; `as_rule_messages` gives that answer the same words.
- `sync_rows` makes an item's child rows (allocations per year, economy lines, targets) exactly what
  the form gave, row by row, so that the history shows what changed.

Every function here must run inside the caller's transaction.atomic().
"""

import string

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from . import batching, formats, private_api
from .exceptions import ConcurrentEditError, FieldChange
from .selectors import deletion_blockers, named

GENERIC_RULE_MESSAGE = "Ændringen strider mod en regel for data og er ikke gemt. Kontrollér felterne, og prøv igen."
# Book-keeping fields every save moves; a difference in them alone is no change.
BOOKKEEPING = frozenset({"id", "version", "status_changed_at"})


# --- Broken rules as Danish messages --------------------------------------------------------------


def _sqlite_unique_columns(text: str) -> set[str]:
    """SQLite names a broken unique rule by its columns: "UNIQUE constraint failed: t.a, t.b"."""
    _, found, columns = text.partition("UNIQUE constraint failed: ")
    return {column.strip() for column in columns.split(",")} if found else set()


def constraint_message(model, error: IntegrityError, instance=None) -> str:
    """The Danish message of the rule `error` broke, as the model's constraint declares it, with
    "{field}" filled in from the row. PostgreSQL names every constraint; SQLite names a check, and a
    unique rule by its columns."""
    text = str(error)
    columns = _sqlite_unique_columns(text)
    table = model._meta.db_table
    for constraint in model._meta.constraints:
        by_columns = (
            isinstance(constraint, models.UniqueConstraint)
            and constraint.fields
            and columns == {f"{table}.{model._meta.get_field(name).column}" for name in constraint.fields}
        )
        named = f'"{constraint.name}"' in text or f"constraint failed: {constraint.name}" in text
        declared = constraint.violation_error_message != constraint.default_violation_error_message
        if (by_columns or named) and declared:
            return fill_rule_message(str(constraint.violation_error_message), instance)
    for field in model._meta.concrete_fields:
        if (
            field.unique
            and not field.primary_key
            and (f"{table}_{field.column}_key" in text or columns == {f"{table}.{field.column}"})
        ):
            return taken_message(field.verbose_name)
    return GENERIC_RULE_MESSAGE


def taken_message(label) -> str:
    """A value a unique field already holds: "Navn er allerede brugt. Vælg et andet." """
    return f"{formats.text(label).capitalize()} er allerede brugt. Vælg et andet."


def fill_rule_message(message: str, instance) -> str:
    """A rule's message with "{field}" filled in from the row it is about."""
    if instance is None or "{" not in message:
        return message
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(message) if name}
        values = {name: formats.text(getattr(instance, name), 80) for name in names}
        return message.format(**values)
    except (AttributeError, ObjectDoesNotExist, KeyError, IndexError, ValueError):
        return message  # a field the row does not have (yet): the rule in its general words


def as_rule_messages(error: ValidationError, instance) -> ValidationError:
    """Django's own check of a unique field or a constraint (a form's model validation) in the words
    the database's refusal gets, so that the same rule always reads the same."""
    items = (
        [item for items in error.error_dict.values() for item in items]
        if hasattr(error, "error_dict")
        else error.error_list
    )
    for item in items:
        if item.code == "unique" and item.params and "field_label" in item.params:
            item.message = taken_message(item.params["field_label"])
        elif isinstance(item.message, str) and "{" in item.message:
            item.message = fill_rule_message(item.message, instance)
    return error


def rule_broken(model, name: str) -> ValidationError:
    """The error a service raises itself for the model's rule `name`, in the rule's own words."""
    constraint = next(c for c in model._meta.constraints if c.name == name)
    return ValidationError(str(constraint.violation_error_message))


def save(instance, *, acting_user, update_fields=None):
    """Save in a savepoint with the acting user in the history; a broken rule becomes its Danish
    message and the row stays as it was."""
    private_api.set_history_user(instance, acting_user)
    try:
        with transaction.atomic():
            instance.save(update_fields=update_fields)
    except IntegrityError as error:
        raise ValidationError(constraint_message(type(instance), error, instance)) from error
    return instance


def delete(instance, *, acting_user):
    """Delete one row; its history keeps who deleted it and when."""
    private_api.set_history_user(instance, acting_user)
    try:
        with transaction.atomic():
            instance.delete()
    except models.ProtectedError as error:
        raise ValidationError(f"“{formats.text(instance)}” bruges andre steder og kan ikke slettes.") from error


# --- Versioned edits -----------------------------------------------------------------------------


def _history_at(instance, version: int):
    """The stored row as it was at `version` (or the newest before it)."""
    return instance.history.filter(version__lte=version).order_by("-version", "-history_date", "-history_id").first()


def changes_since(instance, version: int) -> list[FieldChange]:
    """Field-by-field differences between the stored row at `version` and the row now, shown the
    way the portal shows each kind of value."""
    seen = _history_at(instance, version)
    if seen is None:
        return []
    changes = []
    for field in instance._meta.concrete_fields:
        if field.name in BOOKKEEPING:
            continue
        before, after = getattr(seen, field.attname, None), getattr(instance, field.attname, None)
        if before != after:
            related = {}
            if field.many_to_one:
                related = {
                    field.related_model: field.related_model._base_manager.in_bulk([v for v in (before, after) if v])
                }
            changes.append(
                FieldChange(
                    formats.text(field.verbose_name).capitalize(),
                    *formats.display_change(field, before, after, seen, instance, related=related),
                )
            )
    return changes


def lock_for_update(model, *, pk: int, expected_version: int):
    """Lock a versioned row, or raise ConcurrentEditError if it moved on since the user read it.

    `expected_version` is required: a caller that does not know the version the user saw cannot
    tell a concurrent change from its own, and must not save over it. A row an import has locked
    already (core.batching.hold_locked) is taken from there, once."""
    if expected_version is None:
        raise ValidationError("Siden mangler oplysninger, den skal bruge for at gemme. Genindlæs siden og prøv igen.")
    locked = batching.take_locked(model, pk) or model._base_manager.select_for_update().get(pk=pk)
    if locked.version != expected_version:
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


def _m2m_differs(instance, name, wanted) -> bool:
    return {obj.pk for obj in getattr(instance, name).all()} != {getattr(obj, "pk", obj) for obj in wanted}


def update_versioned(model, *, pk: int, expected_version: int, data: dict, acting_user, m2m: dict | None = None):
    """Lock the row, check the version, set `data` (and `m2m` relations) and save if anything
    changed, with a new version and the acting user in the history. Returns the row."""
    locked = lock_for_update(model, pk=pk, expected_version=expected_version)
    return _save_changes(locked, data=data, m2m=m2m, acting_user=acting_user, new_version=True)


def _save_changes(locked, *, data: dict, m2m: dict | None, acting_user, new_version: bool):
    changed = [name for name, value in data.items() if getattr(locked, name) != value]
    m2m_changed = {name: wanted for name, wanted in (m2m or {}).items() if _m2m_differs(locked, name, wanted)}
    if not changed and not m2m_changed:
        return locked  # nothing to record: no new version, no history row
    for name in changed:
        setattr(locked, name, data[name])
    if m2m_changed:
        # The relation is set first, without a history row of its own, so that the one row the
        # save below writes holds the fields and the relation together.
        with private_api.without_history(locked):
            for name, wanted in m2m_changed.items():
                getattr(locked, name).set(wanted)
    if new_version:
        locked.version += 1
    return save(locked, acting_user=acting_user)


def update_fields(item, *, fields, data: dict, expected_version: int, acting_user, m2m: dict | None = None):
    """`update_versioned` of `item` with the `fields` of `data`: the edit every plain form makes."""
    return update_versioned(
        type(item),
        pk=item.pk,
        expected_version=expected_version,
        data={f: data[f] for f in fields},
        m2m=m2m,
        acting_user=acting_user,
    )


def bump_version(instance):
    """An item's child rows changed (its allocations, its economy lines): the item's edit version
    moves on, so that a form opened before cannot save over them. The children's own history rows
    tell what changed; the item gets no history row of its own for it."""
    type(instance)._base_manager.filter(pk=instance.pk).update(version=models.F("version") + 1)
    instance.version += 1


def sync_rows(existing: dict, wanted: dict, *, make, acting_user) -> bool:
    """Make the child rows keyed like `existing` ({key: row}) exactly `wanted` ({key: {field:
    value}}): delete the rows not wanted, save the changed ones, create the new ones with
    `make(key)`. Returns whether anything changed."""
    changed = False
    for key, row in existing.items():
        if key not in wanted:
            delete(row, acting_user=acting_user)
            changed = True
    for key, values in wanted.items():
        row = existing.get(key)
        if row is None:
            row = make(key)
        elif all(getattr(row, name) == value for name, value in values.items()):
            continue
        for name, value in values.items():
            setattr(row, name, value)
        save(row, acting_user=acting_user)
        changed = True
    return changed


# --- Retiring and deleting an item (issue 22, ADR 0018) -------------------------------------------


def _lock_current(item, expected_version):
    """The item locked for the change, checked against the version the user saw where it has one."""
    model = type(item)
    if hasattr(item, "version"):
        return lock_for_update(model, pk=item.pk, expected_version=expected_version)
    return model._base_manager.select_for_update().get(pk=item.pk)


@transaction.atomic
def item_archive(*, item, reason: str, expected_version: int | None = None, acting_user):
    """Retire an item history needs: it leaves the lists, totals, overview and new bilag, and keeps its
    page, its history and its place in issued bilag. Repeating it (a double click) changes nothing."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("Skriv en begrundelse for arkiveringen.")
    if type(item)._base_manager.select_for_update().get(pk=item.pk).archived_at is not None:
        raise ValidationError(f"{named(item)} er allerede arkiveret.")  # before the version: a double click
    locked = _lock_current(item, expected_version)
    locked.archived_at = timezone.now()
    locked.archive_reason = reason
    if hasattr(locked, "version"):
        locked.version += 1
    return save(locked, acting_user=acting_user)


@transaction.atomic
def item_restore(*, item, expected_version: int | None = None, acting_user):
    """Undo an archiving: the item is back in the lists and totals from now on."""
    if type(item)._base_manager.select_for_update().get(pk=item.pk).archived_at is None:
        raise ValidationError(f"{named(item)} er ikke arkiveret.")  # before the version: a double click
    locked = _lock_current(item, expected_version)
    locked.archived_at = None
    locked.archive_reason = ""
    if hasattr(locked, "version"):
        locked.version += 1
    return save(locked, acting_user=acting_user)


@transaction.atomic
def item_delete(*, item, acting_user):
    """Delete a mistake: only an item with no history beyond its creation, used by nothing (see
    core.selectors.deletion_blockers); the rows that are part of it go with it."""
    locked = type(item)._base_manager.select_for_update().filter(pk=item.pk).first()
    if locked is None:
        return None  # already deleted (a second click): nothing more to do
    blockers = deletion_blockers(locked)
    if blockers:
        raise ValidationError([*blockers, "Det kan kun arkiveres."])
    delete(locked, acting_user=acting_user)
    return locked
