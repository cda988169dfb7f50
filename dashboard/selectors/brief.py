"""The overview's first screen, built around the next meeting: what is red or yellow and why, and what
awaits a decision; and the filter (pool, programme, area) that narrows the overview."""

from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, F, OuterRef, Subquery, Value, When

from core.choices import MoneyState
from core.timetravel import past_rows
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


def _group(table, values, moment, chosen, limit, order_by) -> StatusGroup | None:
    """One kind's items in `values`, counted from the overview's status table (no query of its own)
    and the first `limit` of them read with their reasons (one query)."""
    source = table.source
    counted = {value.pk: total for value, _cells, total in table.by_status}
    link = _linker(source.list_url)
    counts = [
        (value, counted[value.pk], link(status=value.pk, **chosen.chosen)) for value in values if counted.get(value.pk)
    ]
    if not counts:
        return None
    model = apps.get_model(source.model)
    by_pk = {value.pk: value for value, _n, _url in counts}
    rank = {value.pk: i for i, value in enumerate(values)}
    queryset = items(model, moment).filter(status_id__in=list(by_pk), **(chosen.lookups(model) or {}))
    in_order = Case(*(When(status_id=pk, then=Value(i)) for pk, i in rank.items() if pk in by_pk))
    rows = _with_reason(queryset, model, moment).order_by(in_order, *order_by)[:limit]
    # The past's rows come as historical records, whose annotations (the reason) carry over.
    rows = past_rows(rows) if moment is not None else list(rows)
    return StatusGroup(
        title=source.title,
        words=f"{source.entry.singular},{source.entry.plural}",
        counts=counts,
        rows=[
            FlaggedItem(row, row.get_absolute_url(), by_pk[row.status_id], row.reason, row.reason_at) for row in rows
        ],
    )


def flagged(tables, moment=None, chosen: OverviewFilter = NO_FILTER, limit: int = MAX_FLAGGED) -> list[StatusGroup]:
    """Per kind of item, what is red or yellow, and why: the newest reason for each item's present
    status. Kinds counted twice (Lys i øjnene per area and per theme) are listed once."""
    groups = []
    for table in tables:
        if not table.source.needs_attention:
            continue
        values = sorted(
            (value for value in table.values if value.tone in FLAG_TONES),
            key=lambda value: (FLAG_TONES.index(value.tone), value.order),
        )
        # The time of the present status is on the row itself (status_changed_at), the same moment as the
        # change that gave it: sorting by it reads the reasons of the shown rows only, not of every red row.
        group = _group(
            table, values, moment, chosen, limit, order_by=[F("status_changed_at").desc(nulls_last=True), "id"]
        )
        if group is not None:
            groups.append(group)
    return groups


def _undecided(value: StatusValue) -> bool:
    from programs.choices import PROPOSAL_ADOPTED, PROPOSAL_NOT_ADOPTED, PROPOSAL_SCALE

    # As BudgetProposal.money_state says: neither adopted nor turned down is proposed money, not decided yet.
    return value.scale.slug == PROPOSAL_SCALE and value.slug not in (PROPOSAL_ADOPTED, PROPOSAL_NOT_ADOPTED)


def awaiting_decision(
    tables, moment=None, chosen: OverviewFilter = NO_FILTER, limit: int = MAX_AWAITING
) -> StatusGroup | None:
    """Budget proposals not decided yet (MoneyState.PROPOSED): in a draft or sent on to the budget
    negotiations, neither adopted nor turned down."""
    from programs.models import BudgetProposal

    table = next((t for t in tables if apps.get_model(t.source.model) is BudgetProposal), None)
    if table is None:
        return None
    values = [value for value in table.values if _undecided(value)]
    group = _group(table, values, moment, chosen, limit, order_by=["date", "id"])
    if group is not None:
        group.state = MoneyState.PROPOSED
    return group
