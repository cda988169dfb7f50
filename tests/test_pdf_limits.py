"""Finding 2 of issue 17: bilag renders cannot stall the portal — one at a time per user, a machine-wide
cap that leaves workers for pages, and a time limit that ends in a Danish page (ADR 0017)."""

import threading

import pytest
from django.test import override_settings
from django.urls import reverse

from core.pdf import ALL_BUSY_MESSAGE, USER_BUSY_MESSAGE, PdfBusyError, render_slot
from tests.pages import text
from tests.test_meetings import SMALL, add_overview

pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")


@pytest.fixture
def draft_url(meeting, secretary):
    return reverse("meetings:bilag_pdf", kwargs={"pk": add_overview(meeting, secretary).pk})


def test_a_secretary_with_a_render_under_way_is_asked_to_wait_for_it(client_for, secretary, draft_url):
    with render_slot(secretary):  # her first request is still rendering
        response = client_for(secretary).get(draft_url)
    assert response.status_code == 503 and response["Retry-After"]
    assert USER_BUSY_MESSAGE in text(response.content.decode())
    assert client_for(secretary).get(draft_url).status_code == 200  # once it is done, she gets hers


@override_settings(PDF_RENDER_SLOTS=1, PDF_RENDER_WAIT_SECONDS=0.2)
def test_when_every_render_slot_is_taken_another_secretary_is_told_to_try_again(
    client_for, secretary, other_secretary, draft_url
):
    with render_slot(other_secretary):  # the machine's one render slot is in use
        response = client_for(secretary).get(draft_url)
        page = client_for(secretary).get(reverse("projects:project_list"))
    assert response.status_code == 503 and ALL_BUSY_MESSAGE in text(response.content.decode())
    assert page.status_code == 200  # pages are served meanwhile


@override_settings(PDF_RENDER_SLOTS=2, PDF_RENDER_WAIT_SECONDS=0)
def test_the_machine_wide_cap_counts_renders_of_different_users(politician, secretary, other_secretary):
    with (
        render_slot(politician),
        render_slot(secretary),
        pytest.raises(PdfBusyError, match="Prøv igen"),
        render_slot(other_secretary),
    ):
        pass
    with render_slot(other_secretary):  # the slots are free again
        pass


def test_one_user_s_second_render_from_another_thread_is_refused(secretary):
    outcome = []

    def second():
        try:
            with render_slot(secretary):
                outcome.append("rendered")
        except PdfBusyError as error:
            outcome.append(str(error))

    with render_slot(secretary):
        thread = threading.Thread(target=second)
        thread.start()
        thread.join(10)
    assert outcome == [USER_BUSY_MESSAGE]


def test_a_render_that_hits_the_time_limit_gives_the_secretary_a_danish_page(
    client_for, secretary, draft_url, monkeypatch
):
    monkeypatch.setattr("core.pdf.TIMEOUT_SECONDS", 0)
    response = client_for(secretary).get(draft_url)
    html = text(response.content.decode())
    assert response.status_code == 503
    assert "PDF'en blev ikke færdig inden for tidsgrænsen" in html and "kontakt sekretariatet" in html


def test_render_pdf_still_takes_just_the_html(secretary):
    from core.pdf import render_pdf

    assert render_pdf(SMALL).content.startswith(b"%PDF-")
    assert render_pdf(SMALL, user=secretary).content.startswith(b"%PDF-")
