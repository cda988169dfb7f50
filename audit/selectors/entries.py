"""The audit trail's lines (AuditEntry) and how one page of them is read: the rows it names, one
query per kind, and what each edit changed."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import OuterRef, Q, Subquery, prefetch_related_objects
from django.utils.text import Truncator, capfirst

from core import formats, private_api
from core.exceptions import FieldChange
from core.registry import entry_for, event_source
from statuses.models import StatusChange

from ..choices import Action
from .kinds import Kind

# Book-keeping fields every edit moves; showing them would only hide the real changes.
IGNORED_FIELDS = {"id", "version", "status_changed_at"}
EMPTY = "(tom)"
SYSTEM = "System"
TEXT_LIMIT = 200


# --- Entries --------------------------------------------------------------------------------------


@dataclass
class AuditEntry:
    """One line of the audit trail."""

    key: str  # unique on the page, e.g. "projects.project-h-17"
    when: datetime.datetime
    action: str  # an Action value
    kind_name: str
    item_label: str
    item_url: str | None = None
    item_exists: bool = True
    user_label: str = SYSTEM
    changes: list[FieldChange] = field(default_factory=list)
    reason: str = ""
    old_status: object = None
    new_status: object = None
    # For the committee's list of changes: the followed item the row belongs to (itself, or the
    # project an allocation is part of), and what the row is called under it ("2019").
    followed_key: tuple | None = None  # (model label, pk)
    followed_label: str = ""
    followed_url: str | None = None
    row_label: str = ""
    summary: list[FieldChange] = field(default_factory=list)  # what a new or removed row holds

    event_label: str = ""  # for an event of core.registry.event_sources(), e.g. "Udstedt"

    @property
    def action_label(self) -> str:
        return self.event_label or Action(self.action).label

    @property
    def pk(self):  # core tables give each row an id from its record's pk
        return self.key


def user_label(user) -> str:
    if user is None:
        return SYSTEM
    return user.get_full_name() or user.get_username()


# --- One page's entries -------------------------------------------------------------------------------


def build_entries(rows: list[dict], kind_by_ct: dict) -> list[AuditEntry]:
    """Turn the union's rows into entries, loading what they name with one query per kind. Each read is
    unordered (`order_by()`): in_bulk gives a dict, and a model's own ordering would join and sort for
    nothing (an activity's sorts by its delaftale)."""
    users = get_user_model()._default_manager.order_by().in_bulk({row["user_pk"] for row in rows if row["user_pk"]})
    status_ids = [row["row_id"] for row in rows if row["action"] == Action.STATUS]
    status_changes = (
        StatusChange.objects.select_related("old_value", "new_value").order_by().in_bulk(status_ids)
        if status_ids
        else {}
    )

    history_ids: dict[int, list[int]] = defaultdict(list)
    edited: set[int] = set()  # kinds with an edit on the page: only they need each row's previous version
    object_ids: dict[int, set] = defaultdict(set)
    event_ids: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        object_ids[row["ct"]].add(row["object_pk"])
        if row["action"].startswith("e:"):
            event_ids[row["action"]].append(row["row_id"])
        elif row["action"] != Action.STATUS:
            history_ids[row["ct"]].append(row["row_id"])
            if row["action"] == Action.CHANGED:
                edited.add(row["ct"])
    events = {
        key: event_source(key)
        .model._default_manager.defer(*_large_fields(event_source(key).model))
        .order_by()
        .in_bulk(ids)
        for key, ids in event_ids.items()
    }

    records, previous, items, models_by_ct, relations = {}, {}, {}, {}, {}
    for ct, ids in object_ids.items():
        kind = kind_by_ct.get(ct)
        model = kind.model if kind else ContentType.objects.get_for_id(ct).model_class()
        models_by_ct[ct] = model
        if model is None:  # a status change of a model that no longer exists in the code
            continue
        items[ct] = model._base_manager.select_related(*_parents(model)).order_by().in_bulk(ids)
        if ct in history_ids:
            records[ct], previous[ct] = _load_history(kind, history_ids[ct], ct in edited)
            relations[ct] = _load_relations(kind, [*records[ct], *previous[ct]])
        # What a row is called may name what a generic relation points at (a goal link's item): read those
        # once per kind here, for the items and for the deleted ones' stored versions, not once per row.
        generic = [field.name for field in model._meta.private_fields if isinstance(field, GenericForeignKey)]
        if generic:
            named = [*items[ct].values(), *(_record_instance(record) for record in records.get(ct, {}).values())]
            prefetch_related_objects(named, *generic)

    raw_changes = {}
    wanted = defaultdict(set)  # related model -> pks named in changed foreign keys
    for ct, by_id in records.items():
        kind = kind_by_ct[ct]
        for history_id, record in by_id.items():
            before = previous[ct].get(record.prev_id)
            if record.history_type != Action.CHANGED or before is None:
                continue
            delta = record.diff_against(before, included_fields=_diff_fields(kind))
            changes = [*delta.changes, *_m2m_changes(kind, relations[ct], record, before)]
            raw_changes[(ct, history_id)] = changes
            for change in changes:
                field = kind.model._meta.get_field(change.field)
                if field.many_to_many:
                    wanted[field.related_model].update(
                        row[field.m2m_reverse_field_name()] for row in change.old + change.new
                    )
                elif field.related_model is not None:
                    wanted[field.related_model].update(v for v in (change.old, change.new) if v is not None)
    related_objects = {
        model: model._base_manager.select_related().order_by().in_bulk(pks) for model, pks in wanted.items()
    }

    entries = []
    for row in rows:
        ct, model = row["ct"], models_by_ct.get(row["ct"])
        item = items.get(ct, {}).get(row["object_pk"])
        kind_name = capfirst(model._meta.verbose_name) if model else "Ukendt"
        source = "s" if row["action"] == Action.STATUS else ("e" if row["action"].startswith("e:") else "h")
        entry = AuditEntry(
            key=f"{model._meta.label_lower if model else ct}-{source}-{row['row_id']}",
            when=row["when"],
            action=row["action"],
            kind_name=kind_name,
            item_label="",
            item_exists=item is not None,
            user_label=user_label(users.get(row["user_pk"])),
        )
        if row["action"] == Action.STATUS:
            change = status_changes.get(row["row_id"])
            if change is not None:
                entry.reason, entry.old_status, entry.new_status = change.reason, change.old_value, change.new_value
        elif source == "e":
            event = event_source(row["action"])
            entry.event_label = event.action
            happened = events.get(row["action"], {}).get(row["row_id"])
            if happened is not None and event.describe is not None:
                entry.reason = event.describe(happened)
        else:
            record = records.get(ct, {}).get(row["row_id"])
            before = previous.get(ct, {}).get(record.prev_id) if record is not None else None
            entry.changes = [
                _field_change(kind_by_ct[ct].model, change, related_objects, before, record)
                for change in raw_changes.get((ct, row["row_id"]), [])
            ]
            if item is None and record is not None:
                entry.item_label = _label_of_record(record)
        if item is not None:
            entry.item_label, entry.item_url = _label(item), _url(item)
        if not entry.item_label:
            entry.item_label = f"{kind_name} nr. {row['object_pk']}"
        registered = entry_for(model) if model is not None else None
        if registered is not None and source != "e":
            record = records.get(ct, {}).get(row["row_id"]) if source == "h" else None
            _place(entry, registered, item, record, row["object_pk"])
        entries.append(entry)
    return entries


def _place(entry: AuditEntry, registered, item, record, object_pk):
    """Which followed item the entry belongs to, what the row is called under it, and what a new or
    removed row held (core.registry)."""
    if registered.followed:
        entry.followed_key = (registered.label, object_pk)
        entry.followed_label, entry.followed_url = entry.item_label, entry.item_url
    elif registered.parent:
        fk = registered.parent_field()
        source = item if item is not None else record
        if source is None:
            return
        parent = fk.get_cached_value(source, None) if hasattr(fk, "get_cached_value") else None
        parent_id = getattr(source, fk.attname)
        entry.followed_key = (fk.related_model._meta.label_lower, parent_id)
        entry.followed_label = (
            _label(parent) if parent is not None else f"{capfirst(fk.related_model._meta.verbose_name)} nr. {parent_id}"
        )
        entry.followed_url = _url(parent) if parent is not None else None
        entry.row_label = _label(registered.row_label(item if item is not None else _record_instance(record)))
    if record is not None and entry.action in (Action.CREATED, Action.DELETED):
        for name in registered.summary:
            model_field = registered.model._meta.get_field(name)
            shown = display(model_field, getattr(record, model_field.attname), instance=record)
            before, after = (EMPTY, shown) if entry.action == Action.CREATED else (shown, EMPTY)
            entry.summary.append(FieldChange(capfirst(model_field.verbose_name), before, after))


def _parents(model) -> list[str]:
    """The rows an item's name and page are read from: its own foreign keys, one step (an allocation's
    project), rather than every relation of every relation that `select_related()` would join."""
    return [f.name for f in model._meta.concrete_fields if f.many_to_one]


def _large_fields(model) -> list[str]:
    """Fields an event's description never needs (an issued bilag's PDF and data)."""
    return [f.name for f in model._meta.concrete_fields if isinstance(f, (models.BinaryField, models.JSONField))]


def _load_history(kind: Kind, history_ids: list[int], edited: bool):
    """The page's history rows, each with the id of the item's version before it, and those versions;
    without `edited` (only new and removed items on the page) neither is read."""
    history = kind.history._default_manager
    parents = [f.name for f in kind.model._meta.concrete_fields if f.many_to_one]
    rows = history.filter(history_id__in=history_ids).select_related(*parents).order_by()
    if not edited:
        by_id = rows.in_bulk()
        for record in by_id.values():
            record.prev_id = None
        return by_id, {}
    before = (
        history.filter(id=OuterRef("id"))
        .filter(
            Q(history_date__lt=OuterRef("history_date"))
            | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id"))
        )
        .order_by("-history_date", "-history_id")
    )
    by_id = rows.annotate(prev_id=Subquery(before.values("history_id")[:1])).in_bulk()
    prev_ids = [record.prev_id for record in by_id.values() if record.history_type == Action.CHANGED and record.prev_id]
    return by_id, (history.order_by().in_bulk(prev_ids) if prev_ids else {})


def _m2m_fields(kind: Kind) -> list:
    return private_api.history_m2m_fields(kind.history)


def _load_relations(kind: Kind, history_ids) -> dict:
    """The many-to-many snapshots (e.g. a project's partners) of the given history rows, one query
    per relation: {field name: {history id: sorted related ids}}."""
    found = {}
    for m2m in _m2m_fields(kind):
        target = f"{m2m.m2m_reverse_field_name()}_id"
        rows = getattr(kind.history, m2m.name).model.objects.filter(history_id__in=history_ids)
        by_record = defaultdict(list)
        for history_id, related_id in rows.values_list("history_id", target):
            by_record[history_id].append(related_id)
        found[m2m.name] = {history_id: sorted(ids) for history_id, ids in by_record.items()}
    return found


def _m2m_changes(kind: Kind, relations: dict, record, before) -> list:
    """Changed many-to-many relations between two history rows, as simple-history's ModelChange
    with the related ids as rows ({"<target>": id}), read from `_load_relations`."""
    from simple_history.models import ModelChange

    changes = []
    for m2m in _m2m_fields(kind):
        snapshots = relations.get(m2m.name, {})
        old, new = snapshots.get(before.history_id, []), snapshots.get(record.history_id, [])
        if old != new:
            target = m2m.m2m_reverse_field_name()
            changes.append(ModelChange(m2m.name, [{target: pk} for pk in old], [{target: pk} for pk in new]))
    return changes


def _diff_fields(kind: Kind) -> list[str]:
    return [f.name for f in kind.model._meta.concrete_fields if f.name not in IGNORED_FIELDS]


def _label(obj) -> str:
    try:
        return Truncator(str(obj)).chars(TEXT_LIMIT)
    except ObjectDoesNotExist:  # a name built from a related row that is gone
        return ""


def _record_instance(record):
    """The item as a stored version held it, with the related rows loaded with the record; made once per
    record, so that what is read for it beforehand (build_entries) is there when it is named."""
    instance = record.__dict__.get("_as_instance")
    if instance is None:
        instance = record.instance
        for fk in instance._meta.concrete_fields:
            if fk.many_to_one and record._meta.get_field(fk.name).is_cached(record):
                fk.set_cached_value(instance, record._meta.get_field(fk.name).get_cached_value(record))
        record._as_instance = instance
    return instance


def _label_of_record(record) -> str:
    """The name of a deleted item, from its last stored version (related rows as loaded with it)."""
    return _label(_record_instance(record))


def _url(obj) -> str | None:
    """The item's own page, or its parent's where the item has none (an allocation → its project)."""
    if hasattr(obj, "get_absolute_url"):
        return obj.get_absolute_url()
    for fk in obj._meta.concrete_fields:
        if fk.many_to_one and fk.is_cached(obj):
            parent = fk.get_cached_value(obj)
            if parent is not None and hasattr(parent, "get_absolute_url"):
                return parent.get_absolute_url()
    return None


def _field_change(model, change, related_objects, before=None, after=None) -> FieldChange:
    model_field = model._meta.get_field(change.field)
    if model_field.many_to_many:
        shown = (display(model_field, change.old, related_objects), display(model_field, change.new, related_objects))
    else:
        shown = formats.display_change(model_field, change.old, change.new, before, after, related=related_objects)
    return FieldChange(capfirst(model_field.verbose_name), *shown)


def display(model_field, value, related_objects=None, instance=None) -> str:
    """A stored value the way the portal shows it in Danish (core.formats.display)."""
    if model_field.many_to_many:
        return _m2m_names(model_field, value, related_objects)
    return formats.display(model_field, value, instance, related=related_objects)


def _m2m_names(model_field, rows, related_objects) -> str:
    """A many-to-many snapshot (the through rows simple-history diffs) as the related names."""
    target = model_field.m2m_reverse_field_name()
    objects = (related_objects or {}).get(model_field.related_model, {})
    names = sorted(
        _label(objects[row[target]]) if row[target] in objects else f"(slettet, nr. {row[target]})"
        for row in rows or []
    )
    return ", ".join(names) if names else EMPTY
