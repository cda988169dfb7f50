"""Issuing a bilag runs on the background worker (ADR 0020): the secretary follows the job on a progress
page, a double click issues one version, and a worker that dies on the way leaves nothing half-issued."""

import datetime
import time

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core.jobs import LOST_AFTER
from core.pdf import PdfRenderError, render_slot
from meetings.models import BilagVersion
from meetings.services import ALREADY_ISSUED, bilag_issue
from meetings.tasks import bilag_issue_job
from meetings.views import JOB_FAILED, JOB_LOST
from tests.factories import overview_sheet
from tests.test_changes_since_meeting import audit_entries
from tests.worker import DATABASE_QUEUE, run_worker_until_idle, start_worker, wait_until

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def database_queue(settings):
    """The production default: jobs wait in the database for `manage.py db_worker`."""
    settings.TASKS = {"default": {"BACKEND": DATABASE_QUEUE}}


@pytest.fixture
def draft(seed, secretary):
    return overview_sheet(acting_user=secretary)


def issue(client, bilag, note=""):
    return client.post(reverse("meetings:bilag_issue", kwargs={"pk": bilag.pk}), {"note": note})


# --- With a real worker process -------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_secretary_issues_a_bilag_and_sees_it_done_when_the_worker_has_rendered_it(
    database_queue, client_for, secretary, administrator, draft, tmp_path
):
    editor = client_for(secretary)
    response = issue(editor, draft)
    progress_url = response["Location"]
    assert response.status_code == 302 and progress_url.startswith(
        reverse("meetings:bilag_issue_progress", kwargs={"pk": draft.pk}) + "?job="
    )

    waiting = editor.get(progress_url).content.decode()
    assert "Bilaget udstedes …" in waiting and 'hx-trigger="every 2s"' in waiting
    assert '<meta http-equiv="refresh"' in waiting  # without JavaScript the page refreshes itself
    assert not BilagVersion.objects.exists()  # the request rendered nothing

    run_worker_until_idle(tmp_path / "worker.log")

    done = editor.get(progress_url, **HTMX)  # htmx's next poll gets the result in place of the spinner
    page = done.content.decode()
    assert "<html" not in page and "hx-trigger" not in page  # a partial, and the polling stops
    assert "<title>Bilag 1 er udstedt · Viborg Kommune</title>" in page  # htmx puts it in the tab
    assert "Bilag 1 er udstedt som version 1." in page
    assert reverse("meetings:bilag_preview", kwargs={"pk": draft.pk}) + "?version=1" in page
    version = BilagVersion.objects.get()
    assert version.issued_by == secretary  # the worker issued it for the secretary who asked
    issued = [e for e in audit_entries(client_for(administrator), bruger=secretary.pk) if e.kind_name == "Bilag"]
    assert "Udstedt" in [e.action_label for e in issued]  # the audit trail names her, not the worker
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_render_leaves_no_version_and_the_secretary_tries_again(
    database_queue, client_for, secretary, draft, tmp_path
):
    editor = client_for(secretary)
    progress_url = issue(editor, draft)["Location"]
    job = DBTaskResult.objects.get()

    with render_slot():  # the machine's one render slot is taken, so the worker's render waits in the job
        # A page request would give up on a taken slot at once (PDF_RENDER_WAIT_SECONDS=0); the job waits on.
        worker = start_worker(log_path=tmp_path / "worker.log", PDF_RENDER_WAIT_SECONDS="0")
        try:
            wait_until(
                lambda: DBTaskResult.objects.get().status == "RUNNING", timeout=60, what="the worker to take the job"
            )
            time.sleep(1)
            assert DBTaskResult.objects.get().status == "RUNNING"
            worker.kill()  # SIGKILL: no clean-up of any kind
            worker.wait()
        finally:
            if worker.poll() is None:
                worker.kill()

    assert not BilagVersion.objects.exists()
    assert editor.get(progress_url).content.decode().count("Bilaget udstedes …") == 1  # not yet given up on
    DBTaskResult.objects.filter(pk=job.pk).update(started_at=timezone.now() - LOST_AFTER - datetime.timedelta(1))

    lost = editor.get(progress_url).content.decode()
    assert JOB_LOST.split(",")[0] in lost and "Prøv igen" in lost
    retried = issue(editor, draft)  # the "Prøv igen" button posts the issue form again
    assert retried["Location"] != progress_url  # a new job: the lost one is not followed again
    run_worker_until_idle(tmp_path / "worker.log")

    assert "Bilag 1 er udstedt som version 1." in editor.get(retried["Location"]).content.decode()
    assert BilagVersion.objects.filter(bilag=draft).count() == 1


# --- The job itself, run in the test's process ----------------------------------------------------------


def test_a_render_that_fails_leaves_no_version_and_the_same_job_succeeds_when_run_again(secretary, draft, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("WeasyPrint died")

    job = {"bilag_id": draft.pk, "number": 1, "note": "", "acting_user_id": secretary.pk}
    monkeypatch.setattr("meetings.services.render_pdf", broken)
    with pytest.raises(RuntimeError):
        bilag_issue_job.call(**job)
    assert not BilagVersion.objects.exists()

    monkeypatch.undo()
    assert bilag_issue_job.call(**job) == {"version": 1}
    assert BilagVersion.objects.get().issued_by == secretary


def test_a_render_that_times_out_is_a_danish_reason_on_the_job(secretary, draft, monkeypatch):
    def timed_out(*args, **kwargs):
        raise PdfRenderError("PDF'en blev ikke færdig inden for tidsgrænsen.")

    monkeypatch.setattr("meetings.services.render_pdf", timed_out)
    job = {"bilag_id": draft.pk, "number": 1, "note": "", "acting_user_id": secretary.pk}
    assert bilag_issue_job.call(**job) == {"error": "PDF'en blev ikke færdig inden for tidsgrænsen."}
    assert not BilagVersion.objects.exists()


def test_a_double_click_on_udsted_follows_one_job_and_issues_one_version(
    database_queue, client_for, secretary, other_secretary, draft
):
    first = issue(client_for(secretary), draft)
    second = issue(client_for(secretary), draft)
    colleague = issue(client_for(other_secretary), draft)  # a colleague at the same moment: the same job
    assert first["Location"] == second["Location"] == colleague["Location"]
    job = DBTaskResult.objects.get()

    assert bilag_issue_job.call(**job.args_kwargs["kwargs"]) == {"version": 1}
    # Should the same job (or a stale copy of it) run again, it refuses instead of issuing version 2.
    again = bilag_issue_job.call(**job.args_kwargs["kwargs"])
    assert again == {"error": ALREADY_ISSUED.format(bilag=draft, number=1)}
    assert BilagVersion.objects.count() == 1


def test_a_job_that_failed_says_so_in_danish_and_offers_to_try_again(
    database_queue, client_for, secretary, politician, draft
):
    editor = client_for(secretary)
    progress_url = issue(editor, draft, note="")["Location"]
    DBTaskResult.objects.get().set_failed(RuntimeError("boom"))

    page = editor.get(progress_url).content.decode()
    assert JOB_FAILED in page and "boom" not in page
    assert f'action="{reverse("meetings:bilag_issue", kwargs={"pk": draft.pk})}"' in page and "Prøv igen" in page
    assert client_for(politician).get(progress_url).status_code == 403  # a draft is for editors only


def test_the_progress_page_knows_only_jobs_of_its_own_bilag(database_queue, client_for, secretary, draft):
    editor = client_for(secretary)
    other = overview_sheet(acting_user=secretary, day=datetime.date(2019, 4, 30))
    job = issue(editor, other)["Location"].split("job=")[1]
    url = reverse("meetings:bilag_issue_progress", kwargs={"pk": draft.pk})
    assert editor.get(f"{url}?job={job}").status_code == 404
    assert editor.get(f"{url}?job=not-a-job").status_code == 404
    assert "Der er ingen udstedelse at følge her." in editor.get(url).content.decode()


def test_without_a_worker_the_tests_issue_at_once_and_a_correction_still_needs_its_note(client_for, secretary, draft):
    """The tests' ImmediateBackend runs the job inside the post: the secretary lands on the meeting."""
    editor = client_for(secretary)
    response = issue(editor, draft)
    assert response.status_code == 302 and response["Location"] == draft.meeting.get_absolute_url()
    refused = issue(editor, draft)
    assert "Skriv en note om, hvad den rettede version ændrer." in refused.content.decode()
    bilag_issue(bilag=draft, note="Rettet", acting_user=secretary)
    assert BilagVersion.objects.count() == 2


def test_make_run_starts_the_worker_beside_the_dev_server_and_stops_it_with_it():
    from pathlib import Path

    from django.conf import settings

    makefile = (Path(settings.BASE_DIR) / "Makefile").read_text()
    run = makefile[makefile.index("\nrun: seed\n") : makefile.index("\nworker: migrate\n")]
    assert "manage.py db_worker & worker=$$!" in run and "trap 'kill $$worker" in run
    assert run.index("db_worker") < run.index("manage.py runserver")
