"""Writes of reporting rounds (ADR 0026): owners, opening and closing rounds, submitting, approving and
returning reports, and reminders. Each runs in one transaction and records who acted in the history."""

import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from core import registry
from core.services import lock_for_update, save
from goals.models import Indicator
from goals.services import measurement_add
from statuses.models import StatusTrackedModel
from statuses.services import status_change

from .choices import Reminder, ReportState
from .models import ReminderSent, Report, ReportingRound, Responsibility
from .selectors import owner_name

CLOSED = "Runden er lukket og tager ikke imod flere indberetninger."


# --- Owners ---------------------------------------------------------------------------------------


@transaction.atomic
def responsibility_set(*, item, owner, frequency: str, reason: str = "", acting_user) -> Responsibility:
    """Make `owner` responsible for `item`, reported on every `frequency`. The history keeps each change of
    owner with who made it and why."""
    entry = registry.entry_for(type(item))
    if entry is None or not entry.trackable:
        raise ValidationError("Der kan ikke angives en ansvarlig for denne slags punkt.")
    content_type = ContentType.objects.get_for_model(item)
    responsibility = (
        Responsibility.objects.select_for_update().filter(content_type=content_type, object_id=item.pk).first()
    )
    if responsibility is None:
        responsibility = Responsibility(content_type=content_type, object_id=item.pk)
    elif responsibility.owner_id == (owner.pk if owner else None) and responsibility.frequency == frequency:
        return responsibility
    else:
        responsibility.version += 1
    responsibility.owner, responsibility.frequency = owner, frequency
    responsibility._change_reason = (reason or "").strip()[:100] or None
    return save(responsibility, acting_user=acting_user)


# --- Rounds ---------------------------------------------------------------------------------------


def _chosen_items(kinds: list[str]):
    """(item, owner) for every current item of the chosen kinds that has an owner, and how many of those
    kinds' items have none. One query per kind and one for the owners."""
    chosen, without_owner = [], 0
    for entry in registry.trackable():
        if entry.label not in kinds:
            continue
        content_type = ContentType.objects.get_for_model(entry.model)
        owners = dict(
            Responsibility.objects.filter(content_type=content_type, owner__isnull=False).values_list(
                "object_id", "owner_id"
            )
        )
        group = entry.overview[0] if entry.overview else None
        items = entry.model.objects.all()  # the default manager leaves archived items out
        if group is not None:
            items = items.select_related(group.group)
        for item in items:
            if item.pk not in owners:
                without_owner += 1
                continue
            area = entry.plural.capitalize()
            if group is not None:
                found = getattr(item, group.group)
                area = f"{group.group_label}: {found.name if found is not None else group.ungrouped}"
            chosen.append((entry, content_type, item, owners[item.pk], area))
    return chosen, without_owner


@transaction.atomic
def round_open(*, title: str, due_date: datetime.date, kinds: list[str], meeting=None, message: str = "", acting_user):
    """Open a round: one report to fill in per chosen item with an owner, each for that owner. Returns the
    round and how many chosen items were left out for want of an owner."""
    title = (title or "").strip()
    if not title:
        raise ValidationError("Giv runden en titel.")
    if due_date < timezone.localdate():
        raise ValidationError("Fristen kan ikke ligge i fortiden.")
    if not kinds:
        raise ValidationError("Vælg mindst én slags punkter, der skal rapporteres på.")
    chosen, without_owner = _chosen_items(kinds)
    if not chosen:
        raise ValidationError("Ingen af de valgte punkter har en ansvarlig. Angiv ansvarlige først.")
    round_ = save(
        ReportingRound(
            title=title, due_date=due_date, meeting=meeting, message=(message or "").strip(), opened_by=acting_user
        ),
        acting_user=acting_user,
    )
    Report.objects.bulk_create(
        Report(
            round=round_,
            content_type=content_type,
            object_id=item.pk,
            item_title=str(item)[:400],
            item_kind=entry.name,
            item_url=item.get_absolute_url(),
            item_area=area[:300],
            owner_id=owner_id,
        )
        for entry, content_type, item, owner_id, area in chosen
    )
    transaction.on_commit(lambda: schedule_reminders(round_))
    return round_, without_owner


@transaction.atomic
def round_close(*, round_: ReportingRound, expected_version: int, acting_user) -> ReportingRound:
    locked = lock_for_update(ReportingRound, pk=round_.pk, expected_version=expected_version)
    if not locked.is_open:
        raise ValidationError("Runden er allerede lukket.")
    locked.closed_at, locked.closed_by = timezone.now(), acting_user
    locked.version += 1
    return save(locked, acting_user=acting_user)


# --- Reports --------------------------------------------------------------------------------------


def _locked_report(report: Report, expected_version: int) -> Report:
    locked = lock_for_update(Report, pk=report.pk, expected_version=expected_version)
    if not ReportingRound.objects.filter(pk=locked.round_id, closed_at__isnull=True).exists():
        raise ValidationError(CLOSED)
    return locked


def item_of(report: Report):
    """The reported item as it is now; None if it has been deleted since the round opened."""
    model = report.content_type.model_class()
    manager = getattr(model, "everything", model._default_manager)
    return manager.filter(pk=report.object_id).first()


@transaction.atomic
def report_submit(
    *, report: Report, text: str, expected_version: int, acting_user, status=None, measured_value=None, measured_on=None
) -> Report:
    """The owner's report: a proposed status (for an item with a status), a reason, and for an indicator
    possibly a measurement. Only the item's owner reports, only in an open round, and not on a report
    the secretariat has approved."""
    locked = _locked_report(report, expected_version)
    if locked.owner_id != acting_user.pk:
        raise PermissionDenied("Du kan kun indberette på punkter, du selv er ansvarlig for.")
    if locked.state == ReportState.APPROVED:
        raise ValidationError("Indberetningen er allerede godkendt og kan ikke ændres.")
    text = (text or "").strip()
    if not text:
        raise ValidationError("Skriv en begrundelse for indberetningen.")
    item = item_of(locked)
    if item is None:
        raise ValidationError("Punktet findes ikke længere.")
    if isinstance(item, StatusTrackedModel):
        if status is None:
            raise ValidationError("Vælg en status.")
        if status.scale_id != item.status.scale_id:
            raise ValidationError(f"Status “{status}” hører ikke til punktets statusskala.")
    else:
        status = None
    if (measured_value is None) != (measured_on is None):
        raise ValidationError("En måling skal have både en værdi og en dato.")
    if measured_value is not None and not isinstance(item, Indicator):
        raise ValidationError("Kun indikatorer har målinger.")
    if measured_on is not None and measured_on > timezone.localdate():
        raise ValidationError("En måling kan ikke ligge i fremtiden.")
    if measured_value is not None and (item.unit or "").strip() == "%" and not (0 <= measured_value <= 100):
        raise ValidationError("Målingen er en andel i procent og skal ligge mellem 0 og 100.")
    locked.proposed_status, locked.text = status, text
    locked.measured_value, locked.measured_on = measured_value, measured_on
    locked.state = ReportState.SUBMITTED
    locked.submitted_at, locked.submitted_by = timezone.now(), acting_user
    locked.version += 1
    return save(locked, acting_user=acting_user)


def _require_submitted(locked: Report):
    if locked.state != ReportState.SUBMITTED:
        raise ValidationError(f"Indberetningen er ikke indsendt (den er “{locked.get_state_display().lower()}”).")


@transaction.atomic
def report_approve(*, report: Report, expected_version: int, acting_user) -> Report:
    """The secretariat approves: the proposed status becomes the item's status, through the status
    service (history, reason, version check), and an indicator's measurement is recorded."""
    locked = _locked_report(report, expected_version)
    _require_submitted(locked)
    item = item_of(locked)
    if item is None:
        raise ValidationError("Punktet findes ikke længere.")
    reason = f"{locked.text} (indberettet af {owner_name(locked.submitted_by)} i runden “{locked.round.title}”)"
    if locked.proposed_status_id is not None and locked.proposed_status_id != item.status_id:
        status_change(
            item=item,
            new_value=locked.proposed_status,
            reason=reason,
            expected_version=item.version,
            acting_user=acting_user,
        )
    if locked.measured_value is not None:
        measurement_add(
            indicator=item,
            measured_on=locked.measured_on,
            value=locked.measured_value,
            source=f"Rapporteringsrunden “{locked.round.title}”",
            comment=locked.text,
            acting_user=acting_user,
        )
    locked.state = ReportState.APPROVED
    locked.reviewed_at, locked.reviewed_by = timezone.now(), acting_user
    locked.version += 1
    return save(locked, acting_user=acting_user)


@transaction.atomic
def report_return(*, report: Report, reason: str, expected_version: int, acting_user) -> Report:
    """The secretariat sends a report back with a reason the owner sees; the owner may then report again."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("Skriv, hvorfor indberetningen sendes retur.")
    locked = _locked_report(report, expected_version)
    _require_submitted(locked)
    locked.state, locked.return_reason = ReportState.RETURNED, reason
    locked.reviewed_at, locked.reviewed_by = timezone.now(), acting_user
    locked.version += 1
    return save(locked, acting_user=acting_user)


# --- Reminders ------------------------------------------------------------------------------------

REMINDER_HOUR = 8  # reminders go out in the morning


def reminder_due(kind: str, round_: ReportingRound, today: datetime.date) -> bool:
    """Before: the two days before the due date; on the day; after: any day after it while the round is
    open. The digest goes with the reminder after the due date."""
    if kind == Reminder.BEFORE:
        return round_.due_date - datetime.timedelta(days=2) <= today < round_.due_date
    if kind == Reminder.ON_THE_DAY:
        return today == round_.due_date
    return today > round_.due_date


def _claim(round_, recipient_id, kind, items) -> bool:
    """Write the reminder before sending it: False if it was sent already (by this or another worker)."""
    try:
        with transaction.atomic():
            ReminderSent.objects.create(round=round_, recipient_id=recipient_id, kind=kind, items=items)
    except IntegrityError:
        return False
    return True


def reminders_send(*, round_: ReportingRound, today: datetime.date | None = None) -> int:
    """Send the reminders that are due for `round_` today and have not been sent: to each owner with
    something missing, and a digest to the secretary who opened the round. Returns how many went out.

    Each reminder is claimed (written, committed) before its mail is sent, so that no reminder is ever
    sent twice, even when a worker is stopped half-way: a reminder whose mail failed after its claim is
    logged and not retried — a missed reminder is better than a repeated one."""
    today = today or timezone.localdate()
    round_ = ReportingRound.objects.select_related("opened_by").get(pk=round_.pk)
    if not round_.is_open:
        return 0
    missing = list(round_.reports.missing().select_related("owner").order_by("owner_id", "item_kind", "item_title"))
    if not missing:
        return 0
    per_owner: dict[int, list[Report]] = {}
    for report in missing:
        per_owner.setdefault(report.owner_id, []).append(report)
    sent = 0
    for kind in (Reminder.BEFORE, Reminder.ON_THE_DAY, Reminder.AFTER):
        if not reminder_due(kind, round_, today):
            continue
        for reports in per_owner.values():
            owner = reports[0].owner
            if owner.email and _claim(round_, owner.pk, kind, len(reports)):
                _mail(owner.email, kind, {"round": round_, "reports": reports, "owner": owner, "kind": kind})
                sent += 1
    digest_due = reminder_due(Reminder.AFTER, round_, today) and round_.opened_by.email
    if digest_due and _claim(round_, round_.opened_by_id, Reminder.DIGEST, len(missing)):
        by_owner = [(owner_name(reports[0].owner), reports) for reports in per_owner.values()]
        _mail(round_.opened_by.email, Reminder.DIGEST, {"round": round_, "by_owner": by_owner, "missing": missing})
        sent += 1
    return sent


def _mail(to: str, kind: str, context: dict):
    context = {**context, "portal_url": settings.PORTAL_URL}
    subject = render_to_string("reporting/mail/subject.txt", {**context, "kind": kind}).strip()
    template = "digest" if kind == Reminder.DIGEST else "reminder"
    body = render_to_string(f"reporting/mail/{template}.txt", {**context, "kind": kind})
    send_mail(subject, body, None, [to])


def reminder_times(round_: ReportingRound) -> list[datetime.datetime]:
    """When a round's reminders are due: two days before, on the day and the day after the due date, in
    the morning; times already past are left out (the one due next goes out at once)."""
    now = timezone.now()
    times = []
    for days in (-2, 0, 1):
        day = round_.due_date + datetime.timedelta(days=days)
        moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(REMINDER_HOUR)))
        times.append(max(moment, now))
    return sorted(set(times))


def schedule_reminders(round_: ReportingRound):
    """Put the round's reminders on the background worker's queue, each to run at its time. A backend
    that cannot wait (the tests' immediate one) gets none: `manage.py send_reminders` does the same."""
    from .tasks import send_round_reminders

    backend = send_round_reminders.get_backend()
    if not backend.supports_defer:
        return
    for moment in reminder_times(round_):
        send_round_reminders.using(run_after=moment).enqueue(round_id=round_.pk)
