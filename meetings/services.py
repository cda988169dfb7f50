import hashlib

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone

from audit.changes import committee_changes, end_of
from core import formats
from core.pdf import render_pdf
from core.registry import bilag_kind
from core.services import save

from .models import Bilag, BilagVersion, Meeting, genitive
from .selectors import bilag_context


@transaction.atomic
def meeting_create(*, committee, date, title: str = "", acting_user) -> Meeting:
    try:
        return save(Meeting(committee=committee, date=date, title=title), acting_user=acting_user)
    except ValidationError as error:  # the one-meeting-a-day rule: say which committee and day
        raise ValidationError(f"{committee} har allerede et møde den {formats.long_date(date)}.") from error


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


def bilag_issue(*, bilag: Bilag, note: str = "", acting_user) -> BilagVersion:
    """Freeze the bilag as it is now: store its data, its PDF and the PDF's SHA-256.

    WeasyPrint takes seconds, so it renders outside any transaction and row lock (a long-held lock would
    stall every other writer of the bilag and hold a connection). The short transaction afterwards
    checks that nobody issued the same version number in the meantime."""
    number = (bilag.versions.aggregate(last=Max("number"))["last"] or 0) + 1
    note = (note or "").strip()
    if number > 1 and not note:
        raise ValidationError("Skriv en note om, hvad den rettede version ændrer.")
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


CONCURRENT_ISSUE = "Bilaget blev udstedt af en anden samtidig. Genindlæs siden, og se den nye version igennem."
