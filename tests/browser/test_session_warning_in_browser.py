"""A politician reading before a meeting is warned before the session ends, and can stay signed in."""

import pytest
from django.test import override_settings
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


# The warning comes two minutes before the session may end: with 125 s left, five seconds after loading.
@override_settings(SESSION_COOKIE_AGE=185, SESSION_REFRESH_INTERVAL=60)
def test_a_politician_is_warned_two_minutes_ahead_and_stays_signed_in(page_as, live_server, politician, seed):
    page = page_as(politician)
    page.goto(live_server.url + "/")
    warning = page.get_by_role("alertdialog")
    expect(warning).to_have_count(0)  # nothing on the page until it is time
    expect(warning).to_be_visible(timeout=15_000)
    expect(warning).to_contain_text("Du bliver logget ud om 2 minutter")
    stay = warning.get_by_role("button", name="Bliv logget ind")
    expect(stay).to_be_focused()
    with page.expect_response(lambda response: "/session/forlaeng/" in response.url) as kept:
        page.keyboard.press("Enter")
    assert kept.value.status == 204
    expect(warning).to_be_hidden()
    expect(page.locator("#live-status")).to_have_text("Du er stadig logget ind.")


def test_text_typed_when_the_session_has_ended_comes_back_after_signing_in_again(page_as, live_server, secretary, seed):
    from django.contrib.sessions.models import Session
    from django.urls import reverse

    from projects.models import Project

    project = Project.objects.get(name="Læsecenter")
    page = page_as(secretary)
    page.goto(live_server.url + reverse("projects:project_edit", kwargs={"pk": project.pk}))
    status_text = page.get_by_label("Statusbeskrivelse")
    status_text.fill("Læsevejlederen er fastansat fra august.")
    Session.objects.all().delete()  # the session ends while the secretary is typing
    page.get_by_role("button", name="Gem").click()

    expect(page.get_by_role("heading", name="Log ind")).to_be_visible()
    page.get_by_label("Brugernavn").fill("sekretaer")
    page.get_by_label("Adgangskode").fill("hemmelig-kode-42")
    page.get_by_role("button", name="Log ind").click()

    expect(page.get_by_label("Statusbeskrivelse")).to_have_value("Læsevejlederen er fastansat fra august.")
    expect(page.locator(".draft-restored")).to_contain_text("Din tekst blev ikke gemt, fordi du var logget ud")
    page.get_by_role("button", name="Gem").click()
    expect(page).to_have_url(live_server.url + project.get_absolute_url())
    project.refresh_from_db()
    assert project.status_text == "Læsevejlederen er fastansat fra august."
    # Saved, the text is not offered again the next time the form opens.
    page.goto(live_server.url + reverse("projects:project_edit", kwargs={"pk": project.pk}))
    expect(page.locator(".draft-restored")).to_have_count(0)
