"""Reporting rounds (issue 21): owners report on their items by a due date, the secretariat approves or
returns each report, reminders go out by e-mail, and the overview shows how far the round has come."""

import datetime
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from agreements.models import Activity
from goals.models import Indicator, Measurement
from projects.models import Project
from reporting.choices import Reminder, ReportState
from reporting.models import ReminderSent, Report, ReportingRound, Responsibility
from reporting.selectors import round_progress
from reporting.services import (
    reminders_send,
    report_approve,
    report_return,
    report_submit,
    responsibility_set,
    round_close,
    round_open,
)
from statuses.models import StatusChange, StatusValue
from tests.queries import count_queries

TODAY = timezone.localdate()
IN_A_WEEK = TODAY + datetime.timedelta(days=7)


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def owned(seed, secretary, owner, other_owner):
    """Three projects owned by Ole, two by Olga, one delaftale activity by Ole."""
    projects = list(Project.objects.order_by("pk")[:5])
    for project in projects[:3]:
        responsibility_set(item=project, owner=owner, frequency="moede", acting_user=secretary)
    for project in projects[3:]:
        responsibility_set(item=project, owner=other_owner, frequency="kvartal", acting_user=secretary)
    activity = Activity.objects.order_by("pk").first()
    responsibility_set(item=activity, owner=owner, frequency="moede", acting_user=secretary)
    return projects, activity


@pytest.fixture
def round_(owned, secretary):
    opened, _ = round_open(
        title="Status til mødet i januar",
        due_date=IN_A_WEEK,
        kinds=["projects.project", "agreements.activity"],
        acting_user=secretary,
    )
    return opened


def _report(item) -> Report:
    return Report.objects.get(object_id=item.pk, content_type__model=item._meta.model_name)


def _other_status(item) -> StatusValue:
    return StatusValue.objects.filter(scale_id=item.status.scale_id).exclude(pk=item.status_id).order_by("order")[0]


# --- Owners ---------------------------------------------------------------------------------------


def test_a_secretary_makes_a_colleague_owner_of_a_project_and_the_change_is_kept_in_the_history(
    client_for, seed, secretary, owner, other_owner
):
    project = Project.objects.get(name="Læsecenter")
    editor = client_for(secretary)
    url = reverse("reporting:responsibility") + f"?punkt=projects.project:{project.pk}"
    response = editor.post(url, {"owner": owner.pk, "frequency": "kvartal", "reason": "Ny leder"})
    assert response.status_code == 302 and response["Location"] == project.get_absolute_url()
    editor.post(url, {"owner": other_owner.pk, "frequency": "kvartal", "reason": "Ole er gået på pension"})

    page = _text(editor.get(project.get_absolute_url()))
    assert "Ansvarlig og rapportering" in page and "Olga Overlæge" in page and "Hvert kvartal" in page
    history = Responsibility.objects.get(object_id=project.pk).history.order_by("history_date")
    assert [(h.owner_id, h.history_user_id, h.history_change_reason) for h in history] == [
        (owner.pk, secretary.pk, "Ny leder"),
        (other_owner.pk, secretary.pk, "Ole er gået på pension"),
    ]


def test_a_politician_sees_who_owns_an_item_but_cannot_change_it(client_for, owned, politician):
    project = owned[0][0]
    reader = client_for(politician)
    page = _text(reader.get(project.get_absolute_url()))
    assert "Ole Ejer" in page and "Skift ansvarlig" not in page
    url = reverse("reporting:responsibility") + f"?punkt=projects.project:{project.pk}"
    assert reader.post(url, {"owner": politician.pk, "frequency": "aar"}).status_code == 403


# --- Opening a round ------------------------------------------------------------------------------


def test_a_secretary_opens_a_round_and_is_told_how_many_chosen_items_have_no_owner(client_for, owned, secretary):
    response = client_for(secretary).post(
        reverse("reporting:round_add"),
        {"title": "Status til mødet", "due_date": IN_A_WEEK.isoformat(), "kinds": ["projects.project"]},
        follow=True,
    )
    without_owner = Project.objects.count() - 5
    assert f"er åbnet med 5 punkter. {without_owner} af de valgte punkter har ingen ansvarlig" in _text(response)
    round_ = ReportingRound.objects.get()
    assert round_.reports.count() == 5 and set(round_.reports.values_list("state", flat=True)) == {"afventer"}


def test_a_round_with_a_past_due_date_or_no_kinds_is_refused_in_danish_and_keeps_what_was_typed(
    client_for, owned, secretary
):
    response = client_for(secretary).post(reverse("reporting:round_add"), {"title": "Status", "due_date": "01.01.2020"})
    page = _text(response)
    assert "Fristen kan ikke ligge i fortiden." in page
    assert "Vælg mindst én slags punkter, der skal rapporteres på." in page
    assert 'value="Status"' in response.content.decode()
    assert not ReportingRound.objects.exists()


# --- Mine opgaver and submitting ------------------------------------------------------------------


def test_an_owner_sees_only_their_own_items_under_my_tasks(client_for, round_, owned, owner):
    projects, activity = owned
    page = _text(client_for(owner).get(reverse("reporting:my_tasks")))
    assert "Du mangler at indberette på 4 punkter." in page
    for item in [*projects[:3], activity]:
        assert str(item)[:40] in page
    for item in projects[3:]:
        assert str(item)[:40] not in page


def test_the_owner_reports_and_the_secretary_approves_it_into_the_items_status_history(
    client_for, round_, owned, owner, secretary
):
    project = owned[0][0]
    report = _report(project)
    new = _other_status(project)
    response = client_for(owner).post(
        reverse("reporting:report_submit", kwargs={"pk": report.pk}),
        {"status": new.pk, "text": "Forsinket af byggeriet", "version": report.version},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED and report.submitted_by == owner
    project.refresh_from_db()
    assert project.status != new  # nothing changes before the secretariat approves

    response = client_for(secretary).post(
        reverse("reporting:report_approve", kwargs={"pk": report.pk}), {"version": report.version}, follow=True
    )
    assert "er godkendt" in _text(response)
    project.refresh_from_db()
    assert project.status == new
    change = StatusChange.objects.for_item(project).first()
    assert change.new_value == new and change.changed_by == secretary
    assert change.reason.startswith("Forsinket af byggeriet (indberettet af Ole Ejer")
    assert "Forsinket af byggeriet" in _text(client_for(secretary).get(project.get_absolute_url()))


def test_a_returned_report_needs_a_reason_which_the_owner_sees_and_can_answer(
    client_for, round_, owned, owner, secretary
):
    project = owned[0][0]
    report = _report(project)
    report = report_submit(
        report=report,
        status=_other_status(project),
        text="Går fint",
        expected_version=report.version,
        acting_user=owner,
    )
    editor = client_for(secretary)
    url = reverse("reporting:report_return", kwargs={"pk": report.pk})
    refused = editor.post(url, {"reason": "  ", "version": report.version})
    assert "Skriv, hvorfor indberetningen sendes retur." in _text(refused)
    editor.post(url, {"reason": "Tallene mangler", "version": report.version})
    report.refresh_from_db()
    assert report.state == ReportState.RETURNED

    page = _text(client_for(owner).get(reverse("reporting:my_tasks")))
    assert "Sendt retur: Tallene mangler" in page
    report = report_submit(
        report=report,
        status=_other_status(project),
        text="Nu med tal",
        expected_version=report.version,
        acting_user=owner,
    )
    assert report.state == ReportState.SUBMITTED


def test_an_owner_cannot_report_on_another_owners_item(client_for, round_, owned, owner, other_owner):
    report = _report(owned[0][3])  # Olga's
    url = reverse("reporting:report_submit", kwargs={"pk": report.pk})
    assert client_for(owner).get(url).status_code == 403
    assert client_for(owner).post(url, {"text": "Overtaget", "version": report.version}).status_code == 403
    with pytest.raises(Exception, match="kun indberette på punkter, du selv er ansvarlig for"):
        report_submit(report=report, text="x", expected_version=report.version, acting_user=owner)
    report.refresh_from_db()
    assert report.state == ReportState.PENDING


def test_a_politician_follows_the_round_but_can_neither_open_report_approve_nor_return(
    client_for, round_, owned, politician
):
    reader = client_for(politician)
    page = _text(reader.get(round_.get_absolute_url()))
    assert "0 af 6 (0 %)" in page and "Ole Ejer" in page and "Olga Overlæge" in page
    html = reader.get(round_.get_absolute_url()).content.decode()
    assert "/godkend/" not in html and "/retur/" not in html and "Luk runden" not in page
    report = _report(owned[0][0])
    for name in ("reporting:report_submit", "reporting:report_approve", "reporting:report_return"):
        assert reader.post(reverse(name, kwargs={"pk": report.pk}), {"version": 1, "text": "x"}).status_code == 403
    assert reader.get(reverse("reporting:round_add")).status_code == 403
    assert reader.post(reverse("reporting:round_close", kwargs={"pk": round_.pk}), {"version": 1}).status_code == 403


def test_a_closed_round_takes_no_more_reports_and_says_so_in_danish(client_for, round_, owned, owner, secretary):
    round_close(round_=round_, expected_version=round_.version, acting_user=secretary)
    report = _report(owned[0][0])
    response = client_for(owner).post(
        reverse("reporting:report_submit", kwargs={"pk": report.pk}),
        {"status": _other_status(owned[0][0]).pk, "text": "For sent", "version": report.version},
    )
    assert "Runden er lukket og tager ikke imod flere indberetninger." in _text(response)
    report.refresh_from_db()
    assert report.state == ReportState.PENDING
    # A closed round is no longer among the owner's tasks.
    assert "Du har ingen punkter at indberette på" in _text(client_for(owner).get(reverse("reporting:my_tasks")))


def test_an_indicators_report_brings_its_measurement_when_approved(client_for, seed, owner, secretary):
    indicator = Indicator.objects.filter(unit="%").order_by("pk").first()
    responsibility_set(item=indicator, owner=owner, frequency="aar", acting_user=secretary)
    round_, _ = round_open(title="Indikatorer", due_date=IN_A_WEEK, kinds=["goals.indicator"], acting_user=secretary)
    report = _report(indicator)
    url = reverse("reporting:report_submit", kwargs={"pk": report.pk})
    refused = client_for(owner).post(
        url, {"text": "Årets tal", "measured_value": "1.234,5", "measured_on": "01.06.2026", "version": report.version}
    )
    assert "Målingen er en andel i procent og skal ligge mellem 0 og 100." in _text(refused)
    assert 'value="1.234,5"' in refused.content.decode()  # what was typed is kept
    response = client_for(owner).post(
        url, {"text": "Årets tal", "measured_value": "12,5", "measured_on": "01.06.2026", "version": report.version}
    )
    assert response.status_code == 302, _text(response)
    report.refresh_from_db()
    report_approve(report=report, expected_version=report.version, acting_user=secretary)
    measurement = Measurement.objects.filter(indicator=indicator).latest("entered_at")
    assert measurement.value == pytest.approx(12.5) and measurement.measured_on == datetime.date(2026, 6, 1)
    assert measurement.source == "Rapporteringsrunden “Indikatorer”"


def test_approving_twice_or_approving_what_was_not_sent_is_refused(round_, owned, owner, secretary):
    report = _report(owned[0][0])
    with pytest.raises(ValidationError, match="ikke indsendt"):
        report_approve(report=report, expected_version=report.version, acting_user=secretary)
    report = report_submit(
        report=report, status=_other_status(owned[0][0]), text="x", expected_version=report.version, acting_user=owner
    )
    report = report_approve(report=report, expected_version=report.version, acting_user=secretary)
    with pytest.raises(ValidationError, match="ikke indsendt"):
        report_return(report=report, reason="nej", expected_version=report.version, acting_user=secretary)


# --- Progress on the round's page and the overview -----------------------------------------------


def test_the_overview_and_the_rounds_page_show_the_same_progress_for_the_next_meeting(
    client_for, owned, owner, secretary, politician, committee
):
    from meetings.services import meeting_create

    meeting = meeting_create(committee=committee, date=IN_A_WEEK + datetime.timedelta(days=3), acting_user=secretary)
    round_, _ = round_open(
        title="Til mødet",
        due_date=IN_A_WEEK,
        kinds=["projects.project", "agreements.activity"],
        meeting=meeting,
        acting_user=secretary,
    )
    project = owned[0][0]
    report = _report(project)
    report_submit(
        report=report, status=_other_status(project), text="ok", expected_version=report.version, acting_user=owner
    )
    reader = client_for(politician)
    overview = _text(reader.get(reverse("home")))
    round_page = _text(reader.get(round_.get_absolute_url()))
    assert "Rapportering til mødet" in overview
    assert "1 af 6 indberettet" in overview and "Indberettet 1 af 6 (17 %)" in round_page
    assert "Mangler: 5" in overview and "Mangler 5" in round_page


def test_overdue_items_are_counted_per_owner_after_the_due_date(round_, owned, owner):
    progress = round_progress(round_, today=IN_A_WEEK + datetime.timedelta(days=1))
    assert progress.total.overdue == 6
    assert {name: p.overdue for name, p in progress.by_owner} == {"Ole Ejer": 4, "Olga Overlæge": 2}
    areas = {name: p.total for name, p in progress.by_area}
    assert sum(areas.values()) == 6 and any(name.startswith("Pulje: ") for name in areas)
    assert round_progress(round_, today=TODAY).total.overdue == 0


def test_my_tasks_reads_a_fixed_number_of_queries_however_many_items_the_owner_has(
    client_for, round_, owned, owner, secretary
):
    me = client_for(owner)
    few = count_queries(me, reverse("reporting:my_tasks"))
    for project in Project.objects.order_by("pk")[5:25]:
        responsibility_set(item=project, owner=owner, frequency="moede", acting_user=secretary)
    round_open(title="Endnu en", due_date=IN_A_WEEK, kinds=["projects.project"], acting_user=secretary)
    assert count_queries(me, reverse("reporting:my_tasks")) == few <= 10


# --- Reminders ------------------------------------------------------------------------------------


def test_owners_are_reminded_before_on_and_after_the_due_date_and_never_twice(round_, owned, owner, secretary):
    secretary.email = "sofie@viborg.example"
    secretary.save()
    before, on, after = (IN_A_WEEK + datetime.timedelta(days=d) for d in (-2, 0, 1))
    assert reminders_send(round_=round_, today=TODAY) == 0  # a week ahead: nothing yet
    assert reminders_send(round_=round_, today=before) == 2  # Ole and Olga
    assert reminders_send(round_=round_, today=before + datetime.timedelta(days=1)) == 0  # the same, not again
    assert reminders_send(round_=round_, today=on) == 2
    assert reminders_send(round_=round_, today=after) == 3  # both owners and the secretary's digest
    assert reminders_send(round_=round_, today=after) == 0  # a restarted worker sends nothing twice
    assert len(mail.outbox) == 7
    ole = [m for m in mail.outbox if m.to == ["ole@viborg.example"]]
    assert [m.subject for m in ole] == [
        f"Påmindelse: Status til mødet i januar har frist {round_.due}",
        "Frist i dag: Status til mødet i januar",
        "Fristen er overskredet: Status til mødet i januar",
    ]
    assert str(owned[0][0])[:30] in ole[0].body and "/rapportering/mine-opgaver/" in ole[0].body
    digest = next(m for m in mail.outbox if m.to == ["sofie@viborg.example"])
    assert "Der mangler 6 indberetninger" in digest.body and "Olga Overlæge:" in digest.body
    assert ReminderSent.objects.filter(kind=Reminder.DIGEST).count() == 1


def test_an_owner_who_has_reported_everything_gets_no_reminder_and_a_closed_round_sends_none(
    round_, owned, owner, other_owner, secretary
):
    for project in owned[0][3:]:
        report = _report(project)
        report_submit(
            report=report,
            status=_other_status(project),
            text="ok",
            expected_version=report.version,
            acting_user=other_owner,
        )
    assert reminders_send(round_=round_, today=IN_A_WEEK) == 1
    assert [m.to for m in mail.outbox] == [["ole@viborg.example"]]
    round_.refresh_from_db()
    round_close(round_=round_, expected_version=round_.version, acting_user=secretary)
    assert reminders_send(round_=round_, today=IN_A_WEEK + datetime.timedelta(days=1)) == 0


def test_opening_a_round_puts_its_three_reminders_on_the_database_queue(owned, secretary, settings, committed):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with committed():
        round_, _ = round_open(title="Kø", due_date=IN_A_WEEK, kinds=["projects.project"], acting_user=secretary)
    jobs = DBTaskResult.objects.filter(task_path="reporting.tasks.send_round_reminders").order_by("run_after")
    assert [job.run_after.astimezone(timezone.get_current_timezone()).date() for job in jobs] == [
        IN_A_WEEK - datetime.timedelta(days=2),
        IN_A_WEEK,
        IN_A_WEEK + datetime.timedelta(days=1),
    ]
    assert all(job.args_kwargs["kwargs"] == {"round_id": round_.pk} for job in jobs)
