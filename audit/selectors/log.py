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
import functools
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import CharField, F, IntegerField, Q, Value
from django.utils import timezone

from core import compiled
from core.registry import entry_for, event_sources
from statuses.models import StatusChange

from ..choices import Action
from .entries import build_entries
from .kinds import Kind, kinds

# Newest first; the rest only makes the order of rows saved in the same instant stable.
ORDER = ("-when", "-row_id", "-ct", "action")


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
        live = kind.model._base_manager.filter(_name_match(kind, filters.words)).values("pk")
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
                live = kind.model._base_manager.filter(_name_match(kind, filters.words)).values("pk")
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
        # A copy: the built one is shared. The content types are part of the key: a flushed database
        # (a test's) gets new ids.
        return _union(self.filters, newest, followed, tuple(self.kind_by_ct)).all()

    def rows(self, start: int, stop: int, followed: bool = False) -> list[dict]:
        """The union's rows start:stop, newest first (ORDER), from SQL compiled once per filters and slice:
        compiling the union of some twenty tables took as long as running it (6.5 ms of 12 on the overview,
        make bench's data)."""
        return compiled.value_rows(_page(self.filters, start, stop, followed, tuple(self.kind_by_ct)))

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
        if key.stop is None:
            return build_entries(list(self.union().order_by(*ORDER)[key]), self.kind_by_ct)
        return build_entries(self.rows(key.start or 0, key.stop), self.kind_by_ct)

    def __iter__(self):
        return iter(self[0 : len(self)])


@functools.lru_cache(maxsize=64)
def _union(filters: AuditFilters, newest: int | None, followed: bool, _content_types: tuple):
    """AuditLog.union, built once per filters: the same filters give the same query (it names no rows, only
    the filters' values), and building a query of some twenty tables took longer than the database
    takes to answer it (9.5 of 17 ms on the overview, make bench's data)."""
    log = AuditLog(filters)
    followed_cts = {model: ct.pk for model, ct in log.content_types.items()} if followed else None
    branches = [
        branch
        for kind in log.chosen
        if (branch := _history_branch(kind, log.content_types[kind.model].pk, filters, followed_cts)) is not None
    ]
    branches.append(_status_branch(log.chosen, log.content_types, filters, followed))
    if not followed and not filters.words and not filters.scope:
        branches += [
            branch
            for source in event_sources()
            if (branch := _event_branch(source, log.chosen, log.content_types, filters)) is not None
        ]
    if newest is not None and len(branches) > 1 and connection.features.supports_slicing_ordering_in_compound:
        branches = [branch.order_by(*ORDER)[:newest] for branch in branches]
    first, *rest = branches
    return first.union(*rest, all=True) if rest else first


@functools.lru_cache(maxsize=64)
def _page(filters: AuditFilters, start: int, stop: int, followed: bool, content_types: tuple):
    return compiled.compiled_values(_union(filters, stop, followed, content_types).order_by(*ORDER)[start:stop])


def audit_log(*, user=None, kind: str = "", q: str = "", date_from=None, date_to=None) -> AuditLog:
    return AuditLog(AuditFilters(user=user, kind=kind or "", q=(q or "").strip(), date_from=date_from, date_to=date_to))
