"""Issue 22 in a real Chromium: a secretary adds to Sammenhængsmodellen from its page, with the keyboard's
labels, and the new forms have no serious accessibility violations."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from goals.models import GoalGroup

from .conftest import axe_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_secretary_adds_a_goal_group_with_a_focus_area_from_the_models_page(page_as, live_server, secretary, seed):
    page = page_as(secretary)
    page.goto(live_server.url + reverse("goals:model"))
    page.get_by_role("link", name="Tilføj målgruppering").click()
    expect(page.get_by_role("heading", name="Ny målgruppering")).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_role("button", name="Gem").click()  # nothing filled in: the form says what is missing
    expect(page.get_by_text("Giv målgrupperingen et navn.").first).to_be_visible()
    expect(page.get_by_text("Vælg mindst ét mål.").first).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_role("textbox", name=re.compile(r"^Navn")).fill("Fritid og fællesskab")
    page.get_by_role("textbox", name=re.compile(r"^Udfordring")).fill("For få børn går til fritidsaktiviteter.")
    page.locator("input[name=goals]").first.check()
    page.get_by_label("Fokusområde, række 1").fill("Foreningssamarbejde")
    page.get_by_role("button", name="Gem").click()

    expect(page).to_have_url(live_server.url + reverse("goals:model") + "#realisering")
    expect(page.get_by_role("status").filter(has_text="Målgrupperingen er oprettet.")).to_have_count(1)
    expect(page.locator("#realisering")).to_contain_text("Fritid og fællesskab")
    expect(page.locator("#realisering")).to_contain_text("Foreningssamarbejde")
    assert GoalGroup.objects.filter(name="Fritid og fællesskab").exists()
    screenshot(page, "maalgruppering-oprettet")


@pytest.mark.parametrize("url_name", ["agreements:agreement_add", "projects:pool_add", "goals:goal_add"])
def test_the_new_create_forms_have_no_serious_accessibility_violations(page_as, live_server, secretary, seed, url_name):
    page = page_as(secretary, width=768)
    page.goto(live_server.url + reverse(url_name))
    page.get_by_role("button", name="Gem").click()  # with its error messages too
    assert axe_violations(page) == []


@pytest.mark.parametrize("url_name", ["statuses:scale_list", "statuses:scale_add"])
def test_the_status_scale_pages_of_an_administrator_have_no_serious_accessibility_violations(
    page_as, live_server, administrator, seed, url_name
):
    page = page_as(administrator, width=768)
    page.goto(live_server.url + reverse(url_name))
    expect(
        page.get_by_role("link", name="Ny statusskala").or_(page.get_by_role("button", name="Gem"))
    ).not_to_have_count(0)
    assert axe_violations(page) == []
