"""On a phone the main menu folds behind a button; on a laptop it is always open."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_politician_on_a_phone_opens_the_folded_menu_and_finds_the_meetings(page_as, live_server, politician, seed):
    page = page_as(politician, width=390)
    page.goto(live_server.url + "/")
    menu = page.get_by_role("navigation", name="Hovedmenu")
    toggle = menu.get_by_role("button", name="Menu")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(menu.get_by_role("link", name="Møder og bilag")).to_be_hidden()
    header_height = page.evaluate("document.querySelector('header').getBoundingClientRect().height")
    assert header_height < 200  # the page starts near the top, not below nine menu lines

    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    menu.get_by_role("link", name="Møder og bilag").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Møder og bilag")


def test_on_a_laptop_the_menu_is_open_and_has_no_button(page_as, live_server, politician, seed):
    page = page_as(politician, width=1366)
    page.goto(live_server.url + "/")
    menu = page.get_by_role("navigation", name="Hovedmenu")
    expect(menu.get_by_role("button", name="Menu")).to_be_hidden()
    expect(menu.get_by_role("link", name="Møder og bilag")).to_be_visible()
