"""A secretary and a politician using the pool projects in a real Chromium."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from projects.models import Project
from statuses.models import StatusChange

from .conftest import axe_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_login_form_in_danish_takes_the_politician_to_the_portal(page_as, live_server, politician):
    page = page_as(None)
    page.goto(live_server.url + reverse("projects:project_list"))
    expect(page.get_by_role("heading", name="Log ind")).to_be_visible()
    page.get_by_label("Brugernavn").fill("politiker")
    page.get_by_label("Adgangskode").fill("hemmelig-kode-42")
    page.get_by_role("button", name="Log ind").click()
    expect(page.get_by_role("heading", name="Projekter")).to_be_visible()


def test_politician_opens_projekter_from_the_menu_and_sees_every_amount_and_the_total(
    page_as, live_server, politician, seed
):
    page = page_as(politician)
    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Projekter").click()
    expect(page).to_have_url(live_server.url + reverse("projects:project_list"))
    expect(page.locator("tbody tr")).to_have_count(6)
    expect(page.locator("tbody")).not_to_contain_text("—")
    expect(page.locator("tfoot")).to_contain_text("I alt")
    expect(page.locator("tfoot")).to_contain_text("4.650.000 kr.")


def test_a_secretary_changes_a_status_by_keyboard_and_focus_follows_the_form(page_as, live_server, secretary, seed):
    project = Project.objects.get(name="Læsecenter")
    page = page_as(secretary)
    page.goto(live_server.url + reverse("projects:project_list") + "?year=2019")
    row = page.locator(f"#row-{project.pk}")
    row.get_by_role("button", name="Skift status for Læsecenter").focus()
    page.keyboard.press("Enter")
    expect(row.get_by_label("Ny status")).to_be_focused()  # into the form as it opens
    row.get_by_label("Ny status").select_option(label="På sporet – Projektet forløber som planlagt.")
    row.get_by_role("button", name="Gem status").focus()
    page.keyboard.press("Enter")
    expect(row.get_by_label("Begrundelse")).to_be_focused()  # to the field in error
    page.keyboard.type("Ekstra læsevejleder er ansat.")
    row.get_by_role("button", name="Gem status").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#live-status")).to_have_text("Status for Læsecenter er ændret til På sporet.")
    expect(row.get_by_role("button", name="Skift status for Læsecenter")).to_be_focused()  # back to the row

    row.get_by_role("button", name="Skift status for Læsecenter").press("Enter")
    expect(row.get_by_label("Ny status")).to_be_focused()
    row.get_by_role("button", name="Fortryd").focus()
    page.keyboard.press("Enter")
    expect(row.get_by_role("button", name="Skift status for Læsecenter")).to_be_focused()  # cancelled


def test_politician_sees_the_sheet_total_and_no_edit_controls(page_as, live_server, politician, seed):
    page = page_as(politician)
    page.goto(live_server.url + reverse("projects:project_list") + "?year=2019")
    expect(page.locator("tbody tr")).to_have_count(6)
    expect(page.locator("tfoot")).to_contain_text("4.650.000 kr.")
    expect(page.get_by_role("button", name=re.compile("Skift status"))).to_have_count(0)
    expect(page.get_by_role("link", name="Nyt projekt")).to_have_count(0)
    screenshot(page, "projekter-laeser")


def test_secretary_changes_a_status_inline_and_finds_it_in_the_history(page_as, live_server, secretary, seed):
    project = Project.objects.get(name="Læsecenter")
    page = page_as(secretary)
    page.goto(live_server.url + reverse("projects:project_list") + "?year=2019")
    page.evaluate("window.notReloaded = true")

    row = page.locator(f"#row-{project.pk}")
    row.get_by_role("button", name="Skift status for Læsecenter").click()
    row.get_by_label("Ny status").select_option(label="På sporet – Projektet forløber som planlagt.")
    row.get_by_role("button", name="Gem status").click()
    expect(row.get_by_text("Skriv en begrundelse for statusændringen.")).to_be_visible()  # reason is required

    row.get_by_label("Begrundelse").fill("Ekstra læsevejleder er ansat, ventelisten falder.")
    screenshot(page, "status-inline-form")
    row.get_by_role("button", name="Gem status").click()
    expect(page.locator(f"#row-{project.pk}")).to_contain_text("På sporet")
    expect(page.locator(f"#row-{project.pk}")).to_contain_text("500.000 kr.")
    assert page.evaluate("window.notReloaded") is True, "the row refreshed without reloading the page"
    expect(page.locator("#live-status")).to_have_text("Status for Læsecenter er ændret til På sporet.")

    page.locator(f"#row-{project.pk}").get_by_role("link", name="Læsecenter").click()
    history = page.locator(".status-history")
    expect(history).to_contain_text("Ekstra læsevejleder er ansat, ventelisten falder.")
    expect(history).to_contain_text("Ikke vurderet")
    expect(history).to_contain_text("Sofie Sekretær")
    screenshot(page, "projekt-historik")
    assert StatusChange.objects.get().reason == "Ekstra læsevejleder er ansat, ventelisten falder."


def test_a_politician_tabbing_through_the_initiatives_meets_no_status_badge_but_hears_each_meaning(
    page_as, live_server, politician, seed
):
    page = page_as(politician)
    page.goto(live_server.url + reverse("initiatives:status_report"))  # /indsatser/, from the menu
    badges = page.locator(".status")
    assert badges.count() > 20
    stops = page.evaluate(
        "() => [...document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')]"
        ".filter(e => e.tabIndex >= 0 && e.closest('.status')).length"
    )
    assert stops == 0
    first = badges.first
    expect(first).to_contain_text("Grøn")  # the scale's meanings, at the top of the page
    expect(first.locator(".visually-hidden")).to_have_text(
        ": Noget, vi gør tilfredsstillende, og eventuelt noget, vi vil arbejde videre med"
    )
    assert first.get_attribute("title")  # the meaning on hover


def test_secretary_creates_a_project_with_a_danish_amount(page_as, live_server, secretary, seed):
    page = page_as(secretary)
    page.goto(live_server.url + reverse("projects:project_add"))
    page.get_by_label("Projektnavn").fill("Sprogstart")
    page.get_by_label("Projektbeskrivelse").fill("Sprogindsats i dagtilbud.")
    page.locator("#id_allocations-0-year").fill("2019")
    page.locator("#id_allocations-0-amount").fill("4.000")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_role("heading", name="Sprogstart")).to_be_visible()
    expect(page.locator("table")).to_contain_text("4.000 kr.")
    assert Project.objects.get(name="Sprogstart").allocations.get().amount == 4000


@pytest.mark.parametrize("width", [1280, 768])
def test_pages_have_no_serious_accessibility_violations(page_as, live_server, secretary, seed, width):
    project = Project.objects.get(name="Boligsocial indsats")
    page = page_as(secretary, width=width)
    problems = {}
    for path in (
        reverse("home"),
        reverse("projects:project_list") + "?year=2019",
        project.get_absolute_url(),
        reverse("projects:project_edit", kwargs={"pk": project.pk}),
        reverse("projects:project_add"),
        reverse("projects:project_status", kwargs={"pk": project.pk}),
        reverse("statuses:scale_list"),
    ):
        page.goto(live_server.url + path)
        found = axe_violations(page)
        if found:
            problems[path] = found
    anonymous = page_as(None, width=width)
    anonymous.goto(live_server.url + reverse("login"))
    if found := axe_violations(anonymous):
        problems["/login/"] = found
    assert problems == {}
