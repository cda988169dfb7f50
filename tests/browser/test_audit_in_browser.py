"""An administrator reads the audit trail on a laptop and narrows it to one day."""

import pytest
from playwright.sync_api import expect

from projects.models import Project
from statuses.models import StatusValue
from statuses.services import status_change

from .conftest import axe_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_administrator_opens_the_audit_trail_from_the_menu_and_filters_by_date(
    page_as, live_server, administrator, secretary, seed
):
    status_change(
        item=Project.objects.get(name="Læsecenter"),
        expected_version=Project.objects.get(name="Læsecenter").version,
        new_value=StatusValue.objects.get(scale__slug="projektfremdrift", slug="paa-sporet"),
        reason="Læsevejlederen er ansat <b>nu</b>",
        acting_user=secretary,
    )
    page = page_as(administrator, width=1280)
    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Revisionsspor").click()
    expect(page.get_by_role("heading", name="Revisionsspor")).to_be_visible()
    first = page.locator("tbody tr").first
    expect(first).to_contain_text("Sofie Sekretær")
    expect(first).to_contain_text("Status ændret")
    expect(first).to_contain_text("Læsevejlederen er ansat <b>nu</b>")  # shown as text, not markup
    expect(first.get_by_role("link", name="Læsecenter")).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "revisionsspor-1280")

    page.get_by_label("Fra dato").fill("26-03-2019")
    page.get_by_label("Til dato").fill("26-03-2019")
    page.get_by_role("button", name="Filtrér").click()
    expect(page.locator("tbody tr").first).to_contain_text("26. marts 2019")
    rows = page.locator("tbody tr")
    for i in range(rows.count()):
        expect(rows.nth(i)).to_contain_text("26. marts 2019")
    expect(page.locator("tbody tr", has_text="Sofie Sekretær")).to_have_count(0)
    assert axe_violations(page) == []
