"""The audit trail: every stored edit (django-simple-history) and every status change, newest first.

Sources
- Every model its app registered (core.registry) that has `history = HistoricalRecords(...)`.
- `statuses.StatusChange`, which carries the reason. Saving a status also writes a history row on
  the item (with the reason as `history_change_reason`); that row is left out, because the status
  change says the same thing and more.

Cost: a page costs a fixed number of queries whatever the number of history rows.
1. the count of one UNION ALL of a `.values()` query per history table plus StatusChange,
2. the page's rows of that union (when, kind, row id, item id, user id, what happened), sorted and
   cut by the database,
then, only for the kinds of item on the page: their history rows with the id of each row's
previous version (1 per kind), those previous versions (1 per kind), the items that still exist
(1 per kind), the related objects named in changed fields (1 per related model), plus the users (1)
and the page's status changes (1).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.db import connection, models
from django.db.models import CharField, F, IntegerField, OuterRef, Q, Subquery, Value
from django.utils import timezone
from django.utils.text import Truncator, capfirst

from core import formats, private_api
from core.exceptions import FieldChange
from core.registry import entries, entry_for, event_source, event_sources
from statuses.models import StatusChange, StatusTrackedModel

from .choices import Action

# Book-keeping fields every edit moves; showing them would only hide the real changes.
IGNORED_FIELDS = {"id", "version", "status_changed_at"}
# Fields that name an item, in the order they are tried; a model without one is found by its parent's.
NAME_FIELDS = ("name", "title", "text", "wording")
# Where the rule above would miss what the item is called.
SEARCH_OVERRIDES = {
    "programs.funding": ("source", "programme__name"),
    "programs.partnership": ("partner", "programme__name"),
}
EMPTY = "(tom)"
SYSTEM = "System"
TEXT_LIMIT = 200
# Newest first; the rest only makes the order of rows saved in the same instant stable.
ORDER = ("-when", "-row_id", "-ct", "action")


# --- Kinds of item ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    """A model whose edits are stored (it has a simple-history `history`)."""

    model: type

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    @property
    def name(self) -> str:
        return capfirst(self.model._meta.verbose_name)

    @property
    def history(self):
        return getattr(self.model, self.model._meta.simple_history_manager_attribute).model

    @property
    def status_tracked(self) -> bool:
        return issubclass(self.model, StatusTrackedModel)

    def search_lookups(self) -> tuple[str, ...]:
        """Lookups (valid on both the model and its history) that hold the item's name."""
        if self.label in SEARCH_OVERRIDES:
            return SEARCH_OVERRIDES[self.label]
        own = _name_fields(self.model)
        if own:
            return own
        parents = []
        for fk in self.model._meta.concrete_fields:
            if fk.many_to_one and fk.related_model is not ContentType:
                parents += [f"{fk.name}__{name}" for name in _name_fields(fk.related_model)]
        return tuple(parents)


def _name_fields(model) -> tuple[str, ...]:
    names = {f.name for f in model._meta.concrete_fields if isinstance(f, (models.CharField, models.TextField))}
    return tuple(name for name in NAME_FIELDS if name in names)


def kinds() -> list[Kind]:
    """Every registered model with a stored history (core.registry), by its Danish name."""
    found = [entry.model for entry in entries() if getattr(entry.model._meta, "simple_history_manager_attribute", None)]
    return sorted((Kind(model) for model in found), key=lambda kind: str(kind.name))


def kind_choices() -> list[tuple[str, str]]:
    return [(kind.label, kind.name) for kind in kinds()]


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


# --- The union -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditFilters:
    user: object = None  # a user, or None for everybody
    kind: str = ""  # a Kind.label, or "" for every kind
    q: str = ""  # words in the item's name
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    # Exact moments instead of whole days: after (not including) `after`, up to and including `until`.
    after: datetime.datetime | None = None
    until: datetime.datetime | None = None
    # Only these kinds (model labels); the committee's list of changes follows core.registry.followed().
    kinds: tuple[str, ...] = ()
    # Only these items and the rows that are part of them: {model label: pks}.
    scope: tuple[tuple[str, tuple[int, ...]], ...] = ()

    @property
    def start(self):
        """The first moment of `date_from` in Danish time."""
        return _midnight(self.date_from) if self.date_from else None

    @property
    def end(self):
        """The start of the day after `date_to`: the whole last day is included."""
        return _midnight(self.date_to + datetime.timedelta(days=1)) if self.date_to else None

    def in_time(self, rows, column: str):
        if self.start:
            rows = rows.filter(**{f"{column}__gte": self.start})
        if self.end:
            rows = rows.filter(**{f"{column}__lt": self.end})
        if self.after:
            rows = rows.filter(**{f"{column}__gt": self.after})
        if self.until:
            rows = rows.filter(**{f"{column}__lte": self.until})
        return rows

    @property
    def words(self) -> list[str]:
        return self.q.split()


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _name_match(kind: Kind, words, prefix: str = "") -> Q:
    """Every word in one of the kind's name fields."""
    match = Q()
    for word in words:
        any_field = Q()
        for lookup in kind.search_lookups():
            any_field |= Q(**{f"{prefix}{lookup}__icontains": word})
        match &= any_field
    return match


def _scoped(kind: Kind, filters: AuditFilters) -> Q | None:
    """The rows of `kind` inside the scope: the scoped items themselves, or rows that are part of
    them; None where the kind has nothing in the scope."""
    scope = dict(filters.scope)
    if kind.label in scope:
        return Q(id__in=scope[kind.label])
    entry = entry_for(kind.model)
    parent = entry.parent_field() if entry else None
    if parent is not None and parent.related_model._meta.label_lower in scope:
        return Q(**{f"{parent.attname}__in": scope[parent.related_model._meta.label_lower]})
    return None


def _history_branch(kind: Kind, content_type_id: int, filters: AuditFilters, followed_cts: dict | None = None):
    rows = kind.history._default_manager.all()
    if filters.scope:
        scoped = _scoped(kind, filters)
        if scoped is None:
            return None
        rows = rows.filter(scoped)
    if filters.user is not None:
        rows = rows.filter(history_user_id=filters.user.pk)
    rows = filters.in_time(rows, "history_date")
    if filters.words:
        if not kind.search_lookups():
            return None
        # The name then, or the name now (a renamed item is found by either).
        live = kind.model._default_manager.filter(_name_match(kind, filters.words)).values("pk")
        rows = rows.filter(_name_match(kind, filters.words) | Q(id__in=live))
    if kind.status_tracked:
        # The item's own row for a status change; the StatusChange row tells it with old → new.
        rows = rows.exclude(history_type=Action.CHANGED, history_change_reason__isnull=False)
    columns = {
        "when": F("history_date"),
        "ct": Value(content_type_id, output_field=IntegerField()),
        "row_id": F("history_id"),
        "object_pk": F("id"),
        "user_pk": F("history_user_id"),
        "action": F("history_type"),
    }
    if followed_cts is not None:
        columns.update(_followed_columns(kind, content_type_id, followed_cts))
    return rows.order_by().values(**columns)


def _followed_columns(kind: Kind, content_type_id: int, followed_cts: dict) -> dict:
    """The followed item a history row belongs to (core.registry): the item itself, or its parent."""
    entry = entry_for(kind.model)
    parent = entry.parent_field() if entry and not entry.followed and entry.parent else None
    if parent is None:
        return {"followed_ct": Value(content_type_id, output_field=IntegerField()), "followed_pk": F("id")}
    return {
        "followed_ct": Value(followed_cts[parent.related_model], output_field=IntegerField()),
        "followed_pk": F(parent.attname),
    }


def _status_branch(chosen: list[Kind], content_types: dict, filters: AuditFilters, followed: bool = False):
    rows = StatusChange.objects.all()
    if filters.kind or filters.kinds:
        rows = rows.filter(content_type_id__in=[content_types[kind.model].pk for kind in chosen])
    if filters.scope:
        in_scope = Q(pk__in=[])
        for label, pks in filters.scope:
            model = next((kind.model for kind in chosen if kind.label == label), None)
            if model is not None:
                in_scope |= Q(content_type_id=content_types[model].pk, object_id__in=pks)
        rows = rows.filter(in_scope)
    if filters.user is not None:
        rows = rows.filter(changed_by_id=filters.user.pk)
    rows = filters.in_time(rows, "changed_at")
    if filters.words:
        named = Q(pk__in=[])
        for kind in chosen:
            if kind.status_tracked and kind.search_lookups():
                live = kind.model._default_manager.filter(_name_match(kind, filters.words)).values("pk")
                named |= Q(content_type_id=content_types[kind.model].pk, object_id__in=live)
        rows = rows.filter(named)
    columns = {
        "when": F("changed_at"),
        "ct": F("content_type_id"),
        "row_id": F("id"),
        "object_pk": F("object_id"),
        "user_pk": F("changed_by_id"),
        "action": Value(Action.STATUS.value, output_field=CharField()),
    }
    if followed:
        columns.update(followed_ct=F("content_type_id"), followed_pk=F("object_id"))
    return rows.order_by().values(**columns)


def _event_branch(source, chosen: list[Kind], content_types: dict, filters: AuditFilters):
    """Events such as an issued bilag, shown on the item they are about (core.registry.EventSource)."""
    item_field = source.model._meta.get_field(source.item)
    item_model = item_field.related_model
    if item_model not in {kind.model for kind in chosen}:
        return None
    rows = source.model._default_manager.all()
    user_field = source.model._meta.get_field(source.user)
    if filters.user is not None:
        rows = rows.filter(**{user_field.attname: filters.user.pk})
    rows = filters.in_time(rows, source.when)
    return rows.order_by().values(
        when=F(source.when),
        ct=Value(content_types[item_model].pk, output_field=IntegerField()),
        row_id=F("pk"),
        object_pk=F(item_field.attname),
        user_pk=F(user_field.attname),
        action=Value(source.key, output_field=CharField()),
    )


class AuditLog:
    """The filtered audit trail as a lazy sequence: `len()` counts, a slice loads one page.

    Usable as django-tables2 data (it paginates by slicing) or with Django's Paginator.
    """

    def __init__(self, filters: AuditFilters | None = None):
        self.filters = filters or AuditFilters()
        all_kinds = kinds()
        self.chosen = [
            kind
            for kind in all_kinds
            if (not self.filters.kind or kind.label == self.filters.kind)
            and (not self.filters.kinds or kind.label in self.filters.kinds)
        ]
        self.content_types = ContentType.objects.get_for_models(*(kind.model for kind in all_kinds))
        self.kind_by_ct = {self.content_types[kind.model].pk: kind for kind in all_kinds}
        self._count = None

    def union(self, newest: int | None = None, followed: bool = False):
        """All matching rows of every source; with `newest`, only each source's newest that many,
        so that the database reads a page from each table's date index instead of sorting them all.
        `followed` adds the followed item each row belongs to (followed_ct, followed_pk)."""
        followed_cts = {model: ct.pk for model, ct in self.content_types.items()} if followed else None
        branches = [
            branch
            for kind in self.chosen
            if (branch := _history_branch(kind, self.content_types[kind.model].pk, self.filters, followed_cts))
            is not None
        ]
        branches.append(_status_branch(self.chosen, self.content_types, self.filters, followed))
        if not followed and not self.filters.words and not self.filters.scope:
            branches += [
                branch
                for source in event_sources()
                if (branch := _event_branch(source, self.chosen, self.content_types, self.filters)) is not None
            ]
        if newest is not None and len(branches) > 1 and connection.features.supports_slicing_ordering_in_compound:
            branches = [branch.order_by(*ORDER)[:newest] for branch in branches]
        first, *rest = branches
        return first.union(*rest, all=True) if rest else first

    def __len__(self):
        if self._count is None:
            self._count = self.union().count()
        return self._count

    def __getitem__(self, key):
        if not isinstance(key, slice):
            entries = self[key : key + 1]
            if not entries:
                raise IndexError(key)
            return entries[0]
        if key.step not in (None, 1) or (key.start or 0) < 0 or (key.stop is not None and key.stop < 0):
            raise ValueError("AuditLog supports plain slices only.")
        if key.stop is not None and key.stop <= (key.start or 0):
            return []
        rows = list(self.union(newest=key.stop).order_by(*ORDER)[key])
        return build_entries(rows, self.kind_by_ct)

    def __iter__(self):
        return iter(self[0 : len(self)])


def audit_log(*, user=None, kind: str = "", q: str = "", date_from=None, date_to=None) -> AuditLog:
    return AuditLog(AuditFilters(user=user, kind=kind or "", q=(q or "").strip(), date_from=date_from, date_to=date_to))


# --- One page's entries -------------------------------------------------------------------------------


def build_entries(rows: list[dict], kind_by_ct: dict) -> list[AuditEntry]:
    """Turn the union's rows into entries, loading what they name with one query per kind."""
    users = get_user_model()._default_manager.in_bulk({row["user_pk"] for row in rows if row["user_pk"]})
    status_ids = [row["row_id"] for row in rows if row["action"] == Action.STATUS]
    status_changes = (
        StatusChange.objects.select_related("old_value", "new_value").in_bulk(status_ids) if status_ids else {}
    )

    history_ids: dict[int, list[int]] = defaultdict(list)
    object_ids: dict[int, set] = defaultdict(set)
    event_ids: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        object_ids[row["ct"]].add(row["object_pk"])
        if row["action"].startswith("e:"):
            event_ids[row["action"]].append(row["row_id"])
        elif row["action"] != Action.STATUS:
            history_ids[row["ct"]].append(row["row_id"])
    events = {
        key: event_source(key).model._default_manager.defer(*_large_fields(event_source(key).model)).in_bulk(ids)
        for key, ids in event_ids.items()
    }

    records, previous, items, models_by_ct, relations = {}, {}, {}, {}, {}
    for ct, ids in object_ids.items():
        kind = kind_by_ct.get(ct)
        model = kind.model if kind else ContentType.objects.get_for_id(ct).model_class()
        models_by_ct[ct] = model
        if model is None:  # a status change of a model that no longer exists in the code
            continue
        items[ct] = model._default_manager.select_related().in_bulk(ids)
        if ct in history_ids:
            records[ct], previous[ct] = _load_history(kind, history_ids[ct])
            relations[ct] = _load_relations(kind, [*records[ct], *previous[ct]])

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
    related_objects = {model: model._default_manager.select_related().in_bulk(pks) for model, pks in wanted.items()}

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
        entry.row_label = _label(registered.row_label(item if item is not None else record.instance))
    if record is not None and entry.action in (Action.CREATED, Action.DELETED):
        for name in registered.summary:
            model_field = registered.model._meta.get_field(name)
            shown = display(model_field, getattr(record, model_field.attname), instance=record)
            before, after = (EMPTY, shown) if entry.action == Action.CREATED else (shown, EMPTY)
            entry.summary.append(FieldChange(capfirst(model_field.verbose_name), before, after))


def _large_fields(model) -> list[str]:
    """Fields an event's description never needs (an issued bilag's PDF and data)."""
    return [f.name for f in model._meta.concrete_fields if isinstance(f, (models.BinaryField, models.JSONField))]


def _load_history(kind: Kind, history_ids: list[int]):
    """The page's history rows, each with the id of the item's version before it, and those versions."""
    history = kind.history._default_manager
    before = (
        history.filter(id=OuterRef("id"))
        .filter(
            Q(history_date__lt=OuterRef("history_date"))
            | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id"))
        )
        .order_by("-history_date", "-history_id")
    )
    parents = [f.name for f in kind.model._meta.concrete_fields if f.many_to_one]
    by_id = (
        history.filter(history_id__in=history_ids)
        .select_related(*parents)
        .annotate(prev_id=Subquery(before.values("history_id")[:1]))
        .in_bulk()
    )
    prev_ids = [record.prev_id for record in by_id.values() if record.history_type == Action.CHANGED and record.prev_id]
    return by_id, (history.in_bulk(prev_ids) if prev_ids else {})


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


def _label_of_record(record) -> str:
    """The name of a deleted item, from its last stored version (related rows as loaded with it)."""
    instance = record.instance
    for fk in instance._meta.concrete_fields:
        if fk.many_to_one and record._meta.get_field(fk.name).is_cached(record):
            fk.set_cached_value(instance, record._meta.get_field(fk.name).get_cached_value(record))
    return _label(instance)


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
