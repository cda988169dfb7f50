"""A politician searches from the header of a page in a real Chromium (issue 20, ADR 0023)."""

import pytest
from playwright.sync_api import expect

from .conftest import axe_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_politician_searches_from_the_header_and_opens_a_hit(page_as, live_server, politician, seed):
    page = page_as(politician)
    page.goto(live_server.url + "/projekter/")
    search = page.get_by_role("search")
    search.get_by_label("Søg").fill("helhedsplaner")
    search.get_by_role("button", name="Søg").click()

    expect(page).to_have_url(live_server.url + "/soeg/?q=helhedsplaner")
    expect(page.get_by_role("heading", level=1)).to_have_text("Søg i portalen")
    expect(page.get_by_role("heading", name="Delaftaler (1)")).to_be_visible()
    expect(page.get_by_role("heading", name="Aktiviteter (4)")).to_be_visible()
    expect(page.locator("mark").first).to_be_visible()
    screenshot(page, "search-results")
    assert axe_violations(page) == []

    page.get_by_role("link", name="Delaftale for indsatsområdet Uddannelse og livschancer").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Uddannelse og livschancer")


def test_a_typo_and_a_page_with_nothing_found_are_plain_pages(page_as, live_server, politician, seed):
    page = page_as(politician, width=390)
    page.goto(live_server.url + "/soeg/?q=overv%C3%A6ft")
    expect(page.get_by_role("link", name="Forebyggelse af overvægt hos børn og unge")).to_be_visible()
    page.get_by_label("Søg efter").fill("<script>alert(1)</script>")
    page.get_by_role("button", name="Søg", exact=True).last.click()
    expect(page.get_by_role("heading", level=2)).to_contain_text("Ingen resultater")
    assert axe_violations(page) == []
