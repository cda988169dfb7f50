"""Lys i øjnene in a real Chromium: a politician reads the status page, a secretary assesses initiatives."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from initiatives.models import Initiative
from statuses.models import StatusChange

from .conftest import axe_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REPORT = reverse("initiatives:status_report")
ANIMATION = (
    "at udnytte mulighederne i pædagogisk animation til at støtte selvstændighed, tilgængelighed og "
    "mestring for alle børn og med særligt fokus på børn med særlige behov"
)


def test_politician_reads_the_meanings_counts_and_grouped_initiatives_without_edit_controls(
    page_as, live_server, politician, seed
):
    page = page_as(politician)
    page.goto(live_server.url + REPORT)
    expect(page.get_by_role("heading", level=1)).to_have_text("Status på indsatser i Lys i øjnene 2014–2017")
    meanings = page.locator(".status-meanings")
    expect(meanings).to_contain_text("Noget, vi gør tilfredsstillende, og eventuelt noget, vi vil arbejde videre med")
    expect(meanings).to_contain_text("Noget, vi gør, men som vi ikke gør tilfredsstillende")
    expect(meanings).to_contain_text("beslutning om ikke at gøre det")
    overview = page.locator(".status-overview")
    expect(overview.locator("tbody tr").first).to_contain_text("Ikke vurderet")
    expect(overview.locator("tfoot")).to_contain_text("50")
    expect(page.locator("table.initiative-table tbody tr")).to_have_count(50)
    expect(page.get_by_role("heading", name="Familie & Rådgivning")).to_be_visible()
    expect(page.get_by_role("link", name=ANIMATION)).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("Skift status"))).to_have_count(0)
    expect(page.get_by_role("link", name="Ny indsats")).to_have_count(0)
    screenshot(page, "lys-i-oejnene-laeser")


def test_secretary_assesses_an_initiative_inline_with_a_reason_and_finds_it_in_the_history(
    page_as, live_server, secretary, seed
):
    initiative = Initiative.objects.get(text=ANIMATION)
    page = page_as(secretary)
    page.goto(live_server.url + REPORT)
    page.evaluate("window.notReloaded = true")

    row = page.locator(f"#row-{initiative.pk}")
    row.get_by_role("button", name=f"Skift status for {ANIMATION}").click()
    row.get_by_label("Ny status").select_option(label="Gul – Noget, vi gør, men som vi ikke gør tilfredsstillende")
    row.get_by_role("button", name="Gem status").click()
    expect(row.get_by_text("Skriv en begrundelse for statusændringen.")).to_be_visible()  # a reason is required

    row.get_by_label("Begrundelse").fill("Animation bruges endnu kun i få dagtilbud.")
    screenshot(page, "lys-i-oejnene-inline-status")
    row.get_by_role("button", name="Gem status").click()
    refreshed = page.locator(f"#row-{initiative.pk}")
    expect(refreshed.locator(".status__label")).to_have_text("Gul")
    expect(refreshed.get_by_role("button", name=f"Skift status for {ANIMATION}")).to_be_visible()
    assert page.evaluate("window.notReloaded") is True, "the row refreshed without reloading the page"
    expect(page.locator("#live-status")).to_have_text(f"Status for {ANIMATION} er ændret til Gul.")
    expect(page.locator(".status-overview")).to_contain_text("50")  # the rest of the page stays as it was

    refreshed.get_by_role("link", name=ANIMATION).click()
    history = page.locator(".status-history")
    expect(history).to_contain_text("Animation bruges endnu kun i få dagtilbud.")
    expect(history).to_contain_text("Ikke vurderet")
    expect(history).to_contain_text("Sofie Sekretær")
    screenshot(page, "lys-i-oejnene-historik")
    change = StatusChange.objects.get()
    assert (change.new_value.label, change.reason) == ("Gul", "Animation bruges endnu kun i få dagtilbud.")


def test_secretary_changes_a_status_inline_on_the_filtered_list(page_as, live_server, secretary, seed):
    initiative = Initiative.objects.get(text="at udarbejde en ungestrategi")
    page = page_as(secretary)
    page.goto(live_server.url + reverse("initiatives:initiative_list") + "?q=ungestrategi")
    row = page.locator(f"#row-{initiative.pk}")
    row.get_by_role("button", name="Skift status for at udarbejde en ungestrategi").click()
    row.get_by_label("Ny status").select_option(
        label="Grøn – Noget, vi gør tilfredsstillende, og eventuelt noget, vi vil arbejde videre med"
    )
    row.get_by_label("Begrundelse").fill("Ungestrategien er vedtaget.")
    row.get_by_role("button", name="Gem status").click()
    refreshed = page.locator(f"#row-{initiative.pk}")
    expect(refreshed.locator(".status__label")).to_have_text("Grøn")
    expect(refreshed.locator("td")).to_have_count(4)  # the list's own columns, area and theme included
    expect(refreshed).to_contain_text("Tværgående målsætninger og indsatser")


@pytest.mark.parametrize("width", [1280, 768])
def test_initiative_pages_have_no_serious_accessibility_violations(page_as, live_server, secretary, seed, width):
    initiative = Initiative.objects.get(text=ANIMATION)
    page = page_as(secretary, width=width)
    problems = {}
    for path in (
        REPORT,
        reverse("initiatives:initiative_list"),
        reverse("initiatives:initiative_list") + "?q=skole",
        initiative.get_absolute_url(),
        reverse("initiatives:initiative_add"),
        reverse("initiatives:initiative_edit", kwargs={"pk": initiative.pk}),
        reverse("initiatives:initiative_status", kwargs={"pk": initiative.pk}),
    ):
        page.goto(live_server.url + path)
        if found := axe_violations(page):
            problems[path] = found
    screenshot(page, f"lys-i-oejnene-{width}")
    assert problems == {}
