"""A politician's start page on a laptop and a tablet."""

import pytest
from playwright.sync_api import expect

from .conftest import axe_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1280, 768])
def test_politician_opens_a_count_on_the_overview_and_lands_on_the_filtered_list(
    page_as, live_server, politician, seed, width
):
    page = page_as(politician, width=width)
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", name="Børne- og Ungdomsudvalget: overblik")).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, f"overblik-{width}")
    # Each chart's table is one step away: open it, as a politician would, to reach a number per pool.
    page.locator("summary", has_text="Vis som tabel: projekter pr. pulje").click()
    page.get_by_role("link", name="6 med status Ikke vurderet i 0,35% puljen").click()
    expect(page.get_by_role("heading", name="Projekter")).to_be_visible()
    expect(page.locator("tbody tr")).to_have_count(6)
    expect(page.get_by_label("Status").locator("option:checked")).to_have_text("Ikke vurderet")
