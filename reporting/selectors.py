"""Reads of the reporting rounds that pages, the overview and the tests share."""

from collections import Counter
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count
from django.utils import timezone

from core import registry

from .choices import ReportState
from .models import Report, ReportingRound, Responsibility


def trackable_kinds() -> list[tuple[str, str]]:
    """(model label, plural name) of every kind that is reported on, in registry order."""
    return [(entry.label, str(entry.plural).capitalize()) for entry in registry.trackable()]


def is_trackable(item) -> bool:
    entry = registry.entry_for(type(item))
    return entry is not None and entry.trackable


def responsibility_of(item) -> Responsibility | None:
    return (
        Responsibility.objects.select_related("owner")
        .filter(content_type=ContentType.objects.get_for_model(item), object_id=item.pk)
        .first()
    )


def responsibility_panel(item) -> dict:
    """What an item's page shows of its owner, and where an editor changes it."""
    return {
        "item": item,
        "responsibility": responsibility_of(item),
        "content_type": ContentType.objects.get_for_model(item),
    }


def owner_name(user) -> str:
    return (user.get_full_name() or user.username) if user is not None else "Ingen ansvarlig"


@dataclass
class Progress:
    """How far a round has come: counts per state, and overdue (missing after the due date)."""

    counts: Counter = field(default_factory=Counter)
    overdue: int = 0

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def reported(self) -> int:
        return self.counts[ReportState.SUBMITTED] + self.counts[ReportState.APPROVED]

    @property
    def approved(self) -> int:
        return self.counts[ReportState.APPROVED]

    @property
    def submitted(self) -> int:
        return self.counts[ReportState.SUBMITTED]

    @property
    def missing(self) -> int:
        return self.counts[ReportState.PENDING] + self.counts[ReportState.RETURNED]

    @property
    def returned(self) -> int:
        return self.counts[ReportState.RETURNED]

    @property
    def percent_reported(self) -> int:
        return round(100 * self.reported / self.total) if self.total else 0


@dataclass
class RoundProgress:
    round: ReportingRound
    total: Progress
    by_owner: list[tuple[str, Progress]]
    by_area: list[tuple[str, Progress]]


def round_progress(round_: ReportingRound, today=None) -> RoundProgress:
    """Reported, missing, returned and overdue items of a round, in all, per owner and per area: one
    query of counts grouped by owner, area and state."""
    overdue = round_.is_overdue(today or timezone.localdate())
    rows = (
        Report.objects.filter(round=round_)
        .values("owner__first_name", "owner__last_name", "owner__username", "item_area", "state")
        .order_by()
        .annotate(n=Count("id"))
    )
    total, owners, areas = Progress(), {}, {}
    for row in rows:
        owner = f"{row['owner__first_name']} {row['owner__last_name']}".strip() or row["owner__username"]
        for progress in (total, owners.setdefault(owner, Progress()), areas.setdefault(row["item_area"], Progress())):
            progress.counts[row["state"]] += row["n"]
            if overdue and row["state"] in (ReportState.PENDING, ReportState.RETURNED):
                progress.overdue += row["n"]
    return RoundProgress(
        round=round_,
        total=total,
        by_owner=sorted(owners.items(), key=lambda pair: (-pair[1].missing, pair[0])),
        by_area=sorted(areas.items()),
    )


def round_reports(round_: ReportingRound):
    return Report.objects.filter(round=round_).select_related("owner", "proposed_status", "reviewed_by")


def my_tasks(user):
    """An owner's reports in open rounds: what to report (missing or sent back) first, then what waits
    for the secretariat, then what was approved. One query."""
    order = {ReportState.RETURNED: 0, ReportState.PENDING: 1, ReportState.SUBMITTED: 2, ReportState.APPROVED: 3}
    reports = list(
        Report.objects.filter(owner=user, round__closed_at__isnull=True)
        .select_related("round", "proposed_status")
        .order_by("round__due_date", "item_kind", "item_title")
    )
    return sorted(reports, key=lambda report: (report.round.due_date, order[report.state]))


def progress_for_meeting(meeting) -> RoundProgress | None:
    """The progress of the latest round for `meeting` (the overview's next meeting), or None."""
    if meeting is None:
        return None
    round_ = ReportingRound.objects.filter(meeting=meeting).order_by("-opened_at").first()
    return round_progress(round_) if round_ is not None else None


def owner_choices():
    """Everyone who may own an item: active users, by name."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(is_active=True).order_by("first_name", "last_name", "username")
