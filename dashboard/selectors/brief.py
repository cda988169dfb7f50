"""The overview's first screen, built around the next meeting: what is red or yellow and why, and what
awaits a decision; and the filter (pool, programme, area) that narrows the overview."""

import functools
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, connection
from django.db.models import Case, DateField, F, OuterRef, Subquery, Value, When
from django.db.models.functions import Cast

from core.choices import MoneyState
from core.compiled import CompiledValues, compiled_values, value_rows
from statuses.choices import Tone
from statuses.models import StatusChange, StatusValue

from .base import _linker, items

# The tones a politician must hear about before a meeting: red first, then yellow.
FLAG_TONES = (Tone.RED, Tone.YELLOW)
MAX_FLAGGED = 6  # items of one kind on the first screen; the counts link to the full lists
MAX_AWAITING = 6

# The overview's filters. Each is named as the list pages name the same filter, so that a number on a
# filtered overview opens its list filtered the same way.
FILTER_FIELDS = ("pool", "programme", "area")


@dataclass(frozen=True)
class OverviewFilter:
    """The pool, programme or area the overview is narrowed to (pks; None for all)."""

    pool: int | None = None
    programme: int | None = None
    area: int | None = None

    @property
    def chosen(self) -> dict:
        return {name: getattr(self, name) for name in FILTER_FIELDS if getattr(self, name) is not None}

    @property
    def active(self) -> bool:
        return bool(self.chosen)

    @property
    def key(self) -> str:
        return ",".join(f"{name}={pk}" for name, pk in self.chosen.items()) or "alle"

    def lookups(self, model, via: str = "") -> dict | None:
        """The filter as lookups on `model` (through the relation `via`, e.g. an allocation's
        "project"); None where the model has no such field: that kind is left out while filtering."""
        target = model._meta.get_field(via).related_model if via else model
        names = {f.name for f in target._meta.get_fields()}
        if any(name not in names for name in self.chosen):
            return None
        prefix = f"{via}__" if via else ""
        return {f"{prefix}{name}_id": pk for name, pk in self.chosen.items()}

    def applies_to(self, model) -> bool:
        return self.lookups(model) is not None


NO_FILTER = OverviewFilter()


@dataclass
class FlaggedItem:
    # The item with its id, name, status and (a budget proposal) date; any other field is read on use,
    # from today's row (the first screen reads only what it shows, in one query for every kind).
    item: object
    url: str
    status: StatusValue
    reason: str | None  # the reason given when the item got its present status
    since: object  # when it got it (None where no change is recorded, e.g. loaded with the seed)


@dataclass
class StatusGroup:
    """Items of one kind in the statuses a first screen lists (red and yellow, or not yet decided),
    with how many there are in each status and the list each count opens."""

    title: str
    words: str  # "projekt,projekter"
    counts: list  # (status value, count, url to the filtered list)
    rows: list = field(default_factory=list)  # FlaggedItem, at most the screen's limit

    @property
    def total(self) -> int:
        return sum(n for _value, n, _url in self.counts)

    @property
    def more(self) -> int:
        return self.total - len(self.rows)


def _with_reason(queryset, model, moment):
    """Annotate the reason and time of the change that gave each item its present status (as it was at
    `moment`): what a politician asks first about a red item."""
    changes = StatusChange.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        object_id=OuterRef("id"),
        new_value_id=OuterRef("status_id"),
    )
    if moment is not None:
        changes = changes.filter(changed_at__lte=moment)
    changes = changes.order_by("-changed_at", "-id")
    return queryset.annotate(
        reason=Subquery(changes.values("reason")[:1]), reason_at=Subquery(changes.values("changed_at")[:1])
    )


# How a group's rows are sorted after their status (red before yellow): (column, descending).
# The time of the present status is on the row itself (status_changed_at), the same moment as the change
# that gave it: sorting by it reads the reasons of the shown rows only, not of every red row.
NEWEST_CHANGE_FIRST = (("row_changed", True), ("row_item", False))
OLDEST_DATE_FIRST = (("row_date", False), ("row_item", False))


@dataclass
class _Wanted:
    """One group's first rows, to be read as one part of the first screen's query."""

    group: StatusGroup
    model: type
    label_field: str
    by_pk: dict  # status id -> status value
    order: tuple
    limit: int

    @property
    def shape(self) -> "_Shape":
        return _Shape(self.model._meta.label, tuple(self.by_pk), self.label_field, self.order, self.limit)


@dataclass(frozen=True)
class _Shape:
    """What one group's part of the query depends on: the kind, its statuses in the order shown, the
    name column, the order and the limit (not which rows: the query names none)."""

    model: str
    statuses: tuple
    label_field: str
    order: tuple
    limit: int

    @property
    def dated(self) -> bool:  # a budget proposal awaiting a decision is shown with its date
        return self.order == OLDEST_DATE_FIRST


def _wanted(table, values, chosen, order, limit: int) -> _Wanted | None:
    """One kind's items in `values`, counted from the overview's status table (no query of its own)."""
    source = table.source
    counted = {value.pk: total for value, _cells, total in table.by_status}
    link = _linker(source.list_url)
    counts = [
        (value, counted[value.pk], link(status=value.pk, **chosen.chosen)) for value in values if counted.get(value.pk)
    ]
    if not counts:
        return None
    group = StatusGroup(title=source.title, words=f"{source.entry.singular},{source.entry.plural}", counts=counts)
    by_pk = {value.pk: value for value, _n, _url in counts}
    return _Wanted(group, apps.get_model(source.model), source.entry.label_field, by_pk, order, limit)


def _part(wanted: _Shape, index: int, moment, chosen):
    """The group's first rows as plain values: the same columns for every kind, so that one
    UNION ALL reads them all."""
    model = apps.get_model(wanted.model)
    rank = Case(*(When(status_id=pk, then=Value(i)) for i, pk in enumerate(wanted.statuses)))
    queryset = items(model, moment).filter(status_id__in=list(wanted.statuses), **(chosen.lookups(model) or {}))
    rows = _with_reason(queryset, model, moment).values(
        "reason",
        "reason_at",
        row_part=Value(index),
        row_item=F("id"),  # a history row's id is its item's
        row_status=F("status_id"),
        row_label=F(wanted.label_field),
        row_date=F("date") if wanted.dated else Cast(Value(None), DateField()),  # typed: a bare NULL is text
        row_changed=F("status_changed_at"),
        row_rank=rank,
    )
    order = [F(name).desc(nulls_last=True) if desc else F(name).asc(nulls_last=True) for name, desc in wanted.order]
    return rows.order_by("row_rank", *order)[: wanted.limit]


def _sort_key(order):
    """The part's ORDER BY in Python (nulls last), for rows the UNION gives back in no particular order."""

    def key(row):
        found = [row["row_rank"]]
        for name, desc in order:
            value = row[name]
            if value is not None and desc:
                value = -value.timestamp()  # only the moment of a change is sorted newest first
            found += [value is None, value]
        return found

    return key


@functools.lru_cache(maxsize=64)
def _compiled_screen(shapes: tuple, moment, chosen) -> CompiledValues:
    """The first screen's UNION ALL as SQL and parameters, built and compiled once per shape, moment and
    filter: like overview_numbers' query it names no rows, and building its parts took longer than the
    database takes to answer it (ADR 0024)."""
    first, *rest = [_part(shape, i, moment, chosen) for i, shape in enumerate(shapes)]
    return compiled_values(first.union(*rest, all=True) if rest else first)


def _read(wanted: list[_Wanted], moment, chosen) -> None:
    """Every group's first rows, from one query where the database can slice each part of a UNION
    (PostgreSQL), else one query a group (SQLite, for `make run`)."""
    shapes = tuple(one.shape for one in wanted)
    if not shapes:
        return
    if connection.features.supports_slicing_ordering_in_compound:
        found = value_rows(_compiled_screen(shapes, moment, chosen))
    else:
        found = [row for i, shape in enumerate(shapes) for row in _part(shape, i, moment, chosen)]
    for i, (one, shape) in enumerate(zip(wanted, shapes, strict=True)):
        mine = sorted((row for row in found if row["row_part"] == i), key=_sort_key(one.order))
        for row in mine:
            shown = {one.label_field: row["row_label"], **({"date": row["row_date"]} if shape.dated else {})}
            item = _item(one.model, id=row["row_item"], status_id=row["row_status"], **shown)
            one.group.rows.append(
                FlaggedItem(
                    item, item.get_absolute_url(), one.by_pk[row["row_status"]], row["reason"], row["reason_at"]
                )
            )


def _item(model, **values):
    """An instance holding only `values` (the rest deferred), as `.only()` would give it."""
    names = [f.attname for f in model._meta.concrete_fields if f.attname in values]
    return model.from_db(DEFAULT_DB_ALIAS, names, [values[name] for name in names])


def first_screen(tables, moment=None, chosen: OverviewFilter = NO_FILTER):
    """(what is red or yellow per kind, the budget proposals awaiting a decision), each item with the
    newest reason for its present status; read in one query. Kinds counted twice (Lys i øjnene per area
    and per theme) are listed once."""
    flagged = []
    for table in tables:
        if not table.source.needs_attention:
            continue
        values = sorted(
            (value for value in table.values if value.tone in FLAG_TONES),
            key=lambda value: (FLAG_TONES.index(value.tone), value.order),
        )
        if (wanted := _wanted(table, values, chosen, NEWEST_CHANGE_FIRST, MAX_FLAGGED)) is not None:
            flagged.append(wanted)
    awaiting = _awaiting(tables, chosen)
    _read([*flagged, *([awaiting] if awaiting else [])], moment, chosen)
    return [wanted.group for wanted in flagged], (awaiting.group if awaiting else None)


def _undecided(value: StatusValue) -> bool:
    from programs.choices import PROPOSAL_ADOPTED, PROPOSAL_NOT_ADOPTED, PROPOSAL_SCALE

    # As BudgetProposal.money_state says: neither adopted nor turned down is proposed money, not decided yet.
    return value.scale.slug == PROPOSAL_SCALE and value.slug not in (PROPOSAL_ADOPTED, PROPOSAL_NOT_ADOPTED)


def _awaiting(tables, chosen: OverviewFilter) -> _Wanted | None:
    """Budget proposals not decided yet (MoneyState.PROPOSED): in a draft or sent on to the budget
    negotiations, neither adopted nor turned down; the oldest first."""
    from programs.models import BudgetProposal

    table = next((t for t in tables if apps.get_model(t.source.model) is BudgetProposal), None)
    if table is None:
        return None
    values = [value for value in table.values if _undecided(value)]
    wanted = _wanted(table, values, chosen, OLDEST_DATE_FIRST, MAX_AWAITING)
    if wanted is not None:
        wanted.group.state = MoneyState.PROPOSED
    return wanted
