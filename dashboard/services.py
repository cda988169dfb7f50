"""Read-only figures for the committee's overview. Each function costs a fixed number of queries."""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from urllib.parse import urlencode

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from statuses.models import StatusChange, StatusValue


@dataclass(frozen=True)
class StatusSource:
    """Items with a status, counted per group (e.g. projects per pool) for the overview."""

    key: str
    title: str
    model: str  # "app.Model"
    group: str  # foreign key on the model whose target has a `name`
    group_label: str
    list_url: str  # URL name of the filterable list
    ungrouped: str = "Uden"


SOURCES = [
    StatusSource("projekter", "Projekter", "projects.Project", "pool", "Pulje", "projects:project_list"),
    StatusSource("budgetforslag", "Budgetforslag", "programs.BudgetProposal", "programme", "Program", "programs:proposal_list", "Uden program"),
    StatusSource("aktiviteter", "Aktiviteter i delaftaler", "agreements.Activity", "agreement", "Delaftale", "agreements:activity_list"),
    StatusSource("indsatser", "Lys i øjnene", "initiatives.Initiative", "area", "Område", "initiatives:initiative_list"),
]


@dataclass
class CountRow:
    label: str
    url: str
    cells: list  # (count, url, status value) per status value
    total: int = 0


@dataclass
class CountTable:
    source: StatusSource
    values: list
    rows: list = field(default_factory=list)

    @property
    def by_status(self):
        """One line per status, a cell per group: narrow enough for a tablet."""
        return [
            (value, [(row.cells[i][0], row.cells[i][1], row.label) for row in self.rows],
             sum(row.cells[i][0] for row in self.rows))
            for i, value in enumerate(self.values)
        ]

    @property
    def total(self):
        return sum(row.total for row in self.rows)

    @property
    def list_url(self):
        return reverse(self.source.list_url)


def _link(url_name: str, **params) -> str:
    query = urlencode({key: value for key, value in params.items() if value is not None})
    return reverse(url_name) + (f"?{query}" if query else "")


def status_counts(source: StatusSource) -> CountTable:
    """How many items are in each status, per group; every number links to its filtered list."""
    model = apps.get_model(source.model)
    values = list(StatusValue.objects.filter(scale__in=model.objects.values("status__scale")).order_by("scale", "order"))
    counts = (
        model.objects.values(f"{source.group}_id", f"{source.group}__name", "status_id")
        .annotate(n=Count("pk"))
        .order_by(source.group)  # the group model's own order, e.g. the areas in the seed's order
    )
    groups: dict = {}
    for entry in counts:
        group_id = entry[f"{source.group}_id"]
        groups.setdefault(group_id, {"name": entry[f"{source.group}__name"] or source.ungrouped, "counts": {}})
        groups[group_id]["counts"][entry["status_id"]] = entry["n"]
    table = CountTable(source=source, values=values)
    for group_id, group in groups.items():
        cells = [
            (group["counts"].get(value.pk, 0), _link(source.list_url, **{source.group: group_id, "status": value.pk}), value)
            for value in values
        ]
        table.rows.append(
            CountRow(group["name"], _link(source.list_url, **{source.group: group_id}), cells, sum(group["counts"].values()))
        )
    return table


def last_meeting(today=None):
    from meetings.models import Meeting

    today = today or timezone.localdate()
    return Meeting.objects.select_related("committee").filter(date__lt=today).order_by("-date").first()


def status_changes_since(meeting, limit: int = 20):
    """The newest status changes since the end of `meeting`'s day (all, if there is no meeting)."""
    changes = StatusChange.objects.select_related("old_value", "new_value", "changed_by", "content_type")
    if meeting is not None:
        changes = changes.filter(changed_at__gt=timezone.make_aware(datetime.combine(meeting.date, time.max)))
    changes = list(changes.order_by("-changed_at", "-id")[:limit])
    _attach_items(changes)
    return changes


def _attach_items(changes):
    """Load the changed items with one query per kind of item, not one per change."""
    by_type: dict[int, set] = {}
    for change in changes:
        by_type.setdefault(change.content_type_id, set()).add(change.object_id)
    items = {}
    for type_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        items.update({(type_id, obj.pk): obj for obj in model._default_manager.filter(pk__in=ids)})
    for change in changes:
        change.item_object = items.get((change.content_type_id, change.object_id))


# --- What needs attention ------------------------------------------------------------------------

STALE_AFTER_DAYS = 90


def stale_items(source: StatusSource, days: int):
    """Items whose status has not been set or changed within `days` days (never assessed counts too)."""
    cutoff = timezone.now() - timedelta(days=days)
    model = apps.get_model(source.model)
    return model.objects.filter(Q(status_changed_at__lt=cutoff) | Q(status_changed_at__isnull=True)).select_related("status")


def stale_counts(days: int) -> list[tuple[StatusSource, int, str]]:
    return [
        (source, stale_items(source, days).count(), _link("dashboard:attention", kilde=source.key, dage=days))
        for source in SOURCES
    ]


def indicator_flag_counts() -> list[tuple[str, int, str]]:
    """How many indicators carry each data-quality flag, counted by the indicator list's own filter."""
    from goals.choices import QualityFlag
    from goals.filters import IndicatorFilterSet
    from goals.models import Indicator

    return [
        (flag.label, IndicatorFilterSet({"quality": flag.value}, queryset=Indicator.objects.all()).qs.count(),
         _link("goals:indicator_list", quality=flag.value))
        for flag in QualityFlag
    ]
