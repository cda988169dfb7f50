import hashlib

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone

from audit.changes import committee_changes, end_of
from core import formats
from core.jobs import enqueue_once
from core.pdf import render_pdf
from core.registry import bilag_kind
from core.services import delete, lock_for_update, save, update_versioned

from .models import Bilag, BilagVersion, Meeting, genitive
from .selectors import bilag_context


@transaction.atomic
def meeting_create(*, committee, date, title: str = "", acting_user) -> Meeting:
    try:
        return save(Meeting(committee=committee, date=date, title=title), acting_user=acting_user)
    except ValidationError as error:  # the one-meeting-a-day rule: say which committee and day
        raise ValidationError(f"{committee} har allerede et møde den {formats.long_date(date)}.") from error


ISSUED_MEETING_REFUSED = (
    "Mødet den {date} har udstedte bilag, som nævner datoen, og kan ikke flyttes eller slettes. "
    "Opret i stedet et nyt møde."
)
ISSUED_BILAG_REFUSED = "Bilag {number} er udstedt og ændres aldrig. Udsted i stedet en rettet version."


def _refuse_if_issued(meeting: Meeting):
    if BilagVersion.objects.filter(bilag__meeting=meeting).exists():
        raise ValidationError(ISSUED_MEETING_REFUSED.format(date=formats.long_date(meeting.date)))


@transaction.atomic
def meeting_update(
    *, meeting: Meeting, expected_version: int, committee, date, title: str = "", acting_user
) -> Meeting:
    """Correct a meeting. Its date and committee stand in every issued bilag's header, so they change
    only while nothing is issued; the title may always be corrected."""
    if (committee.pk, date) != (meeting.committee_id, meeting.date):
        _refuse_if_issued(meeting)
    try:
        return update_versioned(
            Meeting,
            pk=meeting.pk,
            expected_version=expected_version,
            data={"committee": committee, "date": date, "title": title},
            acting_user=acting_user,
        )
    except ValidationError as error:
        raise ValidationError(f"{committee} har allerede et møde den {formats.long_date(date)}.") from error


@transaction.atomic
def meeting_delete(*, meeting: Meeting, acting_user) -> None:
    """Remove a meeting entered by mistake, with its draft bilag; never one with an issued bilag."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _refuse_if_issued(meeting)
    for bilag in meeting.bilag.all():
        delete(bilag, acting_user=acting_user)
    delete(meeting, acting_user=acting_user)


@transaction.atomic
def bilag_add(*, meeting: Meeting, kind: str, parameters: dict, include_changes: bool, acting_user) -> Bilag:
    """Add a bilag as the meeting's next number (Bilag 1, Bilag 2, …)."""
    Meeting.objects.select_for_update().get(pk=meeting.pk)  # numbers are handed out one at a time
    number = (meeting.bilag.aggregate(last=Max("number"))["last"] or 0) + 1
    bilag = Bilag(
        meeting=meeting,
        number=number,
        title=short_title(bilag_kind(kind).build(parameters)),
        kind=kind,
        parameters=parameters,
        include_changes=include_changes,
        created_by=acting_user,
    )
    return save(bilag, acting_user=acting_user)


def _locked_draft(bilag: Bilag) -> Bilag:
    Meeting.objects.select_for_update().get(pk=bilag.meeting_id)  # numbers change one at a time
    bilag = Bilag.objects.select_related("meeting").get(pk=bilag.pk)
    if bilag.versions.exists():
        raise ValidationError(ISSUED_BILAG_REFUSED.format(number=bilag.number))
    return bilag


@transaction.atomic
def bilag_update(*, bilag: Bilag, expected_version: int, parameters: dict, include_changes: bool, acting_user) -> Bilag:
    """Change a draft's settings (another pool, year or document); an issued bilag never changes."""
    Meeting.objects.select_for_update().get(pk=bilag.meeting_id)  # locks in the order bilag_delete takes them
    lock_for_update(Bilag, pk=bilag.pk, expected_version=expected_version)  # nobody changed it meanwhile
    bilag = _locked_draft(bilag)
    data = {
        "parameters": parameters,
        "include_changes": include_changes,
        "title": short_title(bilag_kind(bilag.kind).build(parameters)),
    }
    return update_versioned(Bilag, pk=bilag.pk, expected_version=expected_version, data=data, acting_user=acting_user)


@transaction.atomic
def bilag_delete(*, bilag: Bilag, acting_user) -> list[Bilag]:
    """Delete a draft, and move the drafts after it down into the free numbers, so the meeting's bilag
    stay numbered 1, 2, 3 …. An issued bilag keeps its number: it is printed on every page.
    Returns the drafts that got a new number."""
    bilag = _locked_draft(bilag)
    meeting, gone = bilag.meeting, bilag.number
    delete(bilag, acting_user=acting_user)
    issued = set(meeting.bilag.filter(versions__isnull=False).values_list("number", flat=True))
    free = (n for n in range(gone, gone + 10_000) if n not in issued)
    moved = []
    for draft in meeting.bilag.filter(versions__isnull=True, number__gt=gone).order_by("number"):
        number = next(free)
        if number < draft.number:  # ascending, into numbers already free: the unique rule holds throughout
            draft.number = number
            moved.append(save(draft, acting_user=acting_user))
    return moved


def short_title(data: dict) -> str:
    """The title a meeting's list and the file name show: the kind's short title, else the document's."""
    return (data.get("short_title") or data["title"])[: Bilag._meta.get_field("title").max_length]


def bilag_snapshot(*, bilag: Bilag, at=None) -> dict:
    """The data a bilag shows now: its kind's data, the meeting's header and, if chosen, the changes."""
    at = at or timezone.now()
    meeting = bilag.meeting
    data = bilag_kind(bilag.kind).build(bilag.parameters)
    data["header"] = {
        "bilag": bilag.number,
        "committee": meeting.committee.name,
        "committee_genitive": genitive(meeting.committee.name),
        "meeting_date": meeting.date.isoformat(),
        "municipality": "Viborg Kommune",
    }
    if bilag.include_changes:
        previous = Meeting.objects.previous_to(meeting)
        data["changes"] = {"previous_meeting": previous.date.isoformat() if previous else None, "items": []}
        if previous and data.get("covers"):
            # The same list as the overview's, for the items this bilag is about (audit.changes).
            changes = committee_changes(after=end_of(previous.date), until=at, scope=data["covers"])
            data["changes"]["items"] = changes.items
    data["made_at"] = at.isoformat()
    return data


def render_bilag_html(*, bilag: Bilag, snapshot: dict) -> str:
    return render_to_string(bilag_kind(bilag.kind).template, bilag_context(bilag, snapshot, for_pdf=True))


def _next_version(bilag: Bilag, note: str) -> int:
    number = (bilag.versions.aggregate(last=Max("number"))["last"] or 0) + 1
    if number > 1 and not note:
        raise ValidationError("Skriv en note om, hvad den rettede version ændrer.")
    return number


def bilag_issue_start(*, bilag: Bilag, note: str = "", acting_user):
    """Ask the background worker to issue the bilag (meetings.tasks.bilag_issue_job, ADR 0020); returns
    the job (a django-tasks TaskResult), whose id the progress page polls.

    The job is for the version that comes next now: a second click, or a second secretary, while it
    waits or runs gets the same job back (core.jobs.enqueue_once), and a job that runs after that version
    was issued refuses instead of issuing one more (bilag_issue's `number`)."""
    from .tasks import bilag_issue_job  # the task imports this module

    note = (note or "").strip()
    number = _next_version(bilag, note)
    return enqueue_once(
        bilag_issue_job,
        lock=bilag,
        same=("bilag_id", "number"),
        bilag_id=bilag.pk,
        number=number,
        note=note,
        acting_user_id=acting_user.pk,
    )


def bilag_issue(*, bilag: Bilag, note: str = "", number: int | None = None, acting_user) -> BilagVersion:
    """Freeze the bilag as it is now: store its data, its PDF and the PDF's SHA-256.

    WeasyPrint takes seconds, so it renders outside any transaction and row lock (a long-held lock would
    stall every other writer of the bilag and hold a connection). The short transaction afterwards
    checks that nobody issued the same version number in the meantime. So a process killed during the
    render leaves nothing behind, and the same call may simply be made again.

    `number` is the version the user asked for (bilag_issue_start); if it has been issued since, the
    call refuses rather than issue the next one too (a double click issues one version)."""
    note = (note or "").strip()
    if number is not None and bilag.versions.filter(number__gte=number).exists():
        raise ValidationError(ALREADY_ISSUED.format(bilag=bilag, number=number))
    number = _next_version(bilag, note)
    now = timezone.now()
    snapshot = bilag_snapshot(bilag=bilag, at=now)
    snapshot["version"] = {"number": number, "note": note, "issued_at": now.isoformat()}
    pdf = render_pdf(render_bilag_html(bilag=bilag, snapshot=snapshot)).content
    with transaction.atomic():
        locked = Bilag.objects.select_for_update().get(pk=bilag.pk)
        if locked.versions.filter(number__gte=number).exists():
            raise ValidationError(CONCURRENT_ISSUE)
        try:
            with transaction.atomic():
                version = BilagVersion.objects.create(
                    bilag=locked,
                    number=number,
                    snapshot=snapshot,
                    pdf=pdf,
                    sha256=hashlib.sha256(pdf).hexdigest(),
                    note=note,
                    issued_by=acting_user,
                    issued_at=now,
                )
        except IntegrityError as error:  # pragma: no cover - the row lock above makes this a race guard only
            raise ValidationError(CONCURRENT_ISSUE) from error
        title = short_title(snapshot)
        if locked.title != title:  # the list and the file name follow what was issued
            locked.title = title
            save(locked, acting_user=acting_user)
        return version


ALREADY_ISSUED = "{bilag} er allerede udstedt som version {number}. Se versionerne på bilagets side."
CONCURRENT_ISSUE = "Bilaget blev udstedt af en anden samtidig. Genindlæs siden, og se den nye version igennem."
