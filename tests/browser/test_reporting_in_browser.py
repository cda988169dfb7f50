"""A reporting round in Chromium, the way its people reach it: the owner on a phone from the menu, the
secretary at a desk from the round's page."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from projects.models import Project
from reporting.services import responsibility_set, round_open

from .conftest import axe_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_owner_reports_from_a_phone_and_the_secretary_approves_it(page_as, live_server, seed, secretary, owner):
    project = Project.objects.get(name="Læsecenter")
    responsibility_set(item=project, owner=owner, frequency="moede", acting_user=secretary)
    round_, _ = round_open(
        title="Status til januarmødet",
        due_date=timezone.localdate() + datetime.timedelta(days=7),
        kinds=["projects.project"],
        acting_user=secretary,
    )

    phone = page_as(owner, width=320)
    phone.goto(live_server.url + "/")
    phone.get_by_role("button", name="Menu").click()
    phone.get_by_role("link", name="Rapportering").click()
    phone.get_by_role("link", name="Mine opgaver (1 mangler)").click()
    expect(phone.get_by_role("heading", name="Mine opgaver")).to_be_visible()
    assert axe_violations(phone) == []
    phone.get_by_role("link", name="Indberet om Læsecenter").click()
    phone.get_by_label("Ny status").select_option(label="Udfordret")
    phone.get_by_label("Begrundelse").fill("Lokalerne er først klar i marts.")
    assert axe_violations(phone) == []
    screenshot(phone, "indberetning-320")
    phone.get_by_role("button", name="Send indberetningen").click()
    expect(phone.get_by_role("status").first).to_contain_text("Din indberetning om „Læsecenter“ er sendt")

    desk = page_as(secretary, width=1366)
    desk.goto(live_server.url + round_.get_absolute_url())
    expect(desk.locator("#indberetninger")).to_contain_text("Indsendt")
    assert axe_violations(desk) == []
    desk.get_by_role("link", name="Godkend Læsecenter").click()
    desk.get_by_role("button", name="Godkend").click()
    expect(desk.get_by_role("status").first).to_contain_text("er godkendt")
    desk.goto(live_server.url + project.get_absolute_url())
    expect(desk.locator("body")).to_contain_text("Lokalerne er først klar i marts.")
    screenshot(desk, "runde-godkendt-1366")
