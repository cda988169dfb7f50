"""A secretary archives a project from its page in a real Chromium, and gets it back."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from projects.models import Project

from .conftest import axe_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_secretary_archives_a_project_from_its_page_and_restores_it(page_as, live_server, secretary, seed):
    project = Project.objects.get(name="Læsecenter")
    page = page_as(secretary)
    page.goto(live_server.url + project.get_absolute_url())
    page.get_by_role("link", name="Arkivér").click()
    expect(page.get_by_role("heading", name="Arkivér projekt „Læsecenter“?")).to_be_visible()
    assert axe_violations(page) == []

    # Without a reason nothing happens, and the page says what is missing.
    page.get_by_role("button", name="Arkivér").click()
    expect(page.get_by_role("alert")).to_contain_text("Skriv en begrundelse for arkiveringen.")
    page.get_by_label("Begrundelse").fill("Læsecentret blev lagt sammen med biblioteket")
    page.get_by_role("button", name="Arkivér").click()

    expect(page).to_have_url(live_server.url + project.get_absolute_url())
    notice = page.get_by_role("status").filter(has_text="Tæller ikke med i lister og totaler")
    expect(notice).to_contain_text("Læsecentret blev lagt sammen med biblioteket")
    screenshot(page, "archived-project")
    assert axe_violations(page) == []

    # The list leaves it out; "Vis arkiverede" finds it.
    page.goto(live_server.url + reverse("projects:project_list"))
    expect(page.locator("tbody")).not_to_contain_text("Læsecenter")
    page.get_by_role("link", name="Vis arkiverede").click()
    expect(page.get_by_role("link", name="Læsecenter", exact=True)).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_role("link", name="Gendan Læsecenter").click()
    page.get_by_role("button", name="Gendan").click()
    expect(page.get_by_text("er gendannet og tæller med igen")).to_be_visible()
    assert Project.objects.filter(pk=project.pk).exists()
