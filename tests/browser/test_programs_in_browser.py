"""A politician reading a programme's money and a secretary handling a budget proposal, in a real Chromium."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from programs.models import BudgetProposal, Funding, Partnership, Programme
from statuses.models import StatusChange

from .conftest import axe_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PROGRAMME = "Sammen om børn og unge – et fælles ansvar"
PROPOSAL = "Investering i udviklingen af almen"


def test_politician_sees_the_programmes_money_and_the_proposals_economy_as_the_seed(
    page_as, live_server, politician, seed
):
    page = page_as(politician)
    page.goto(live_server.url + reverse("programs:programme_list"))
    page.get_by_role("link", name=PROGRAMME).click()
    expect(page.get_by_role("heading", name=PROGRAMME, level=1)).to_be_visible()

    money = page.locator("table.money-table")
    expect(money.locator("thead th")).to_have_text(
        ["Kilde (i kr.)", "2025", "2026", "2027", "2028", "2029", "Ikke fordelt på år", "I alt"]
    )
    expect(money.locator("tbody tr").filter(has_text="Byrådet")).to_contain_text("4.000.000")
    expect(money.locator("tbody tr").filter(has_text="Poul Due Jensen Fonden")).to_contain_text("7.500.000")
    expect(money.locator("tbody tr").filter(has_text="Poul Due Jensen Fonden")).to_contain_text(
        "1. april 2025 – 30. juni 2028"
    )
    # Granted and proposed money each have their own total; they are never added together.
    expect(money.locator("tr.money-subtotal").filter(has_text="I alt bevilget").locator("td")).to_have_text(
        ["4.000.000", "–", "–", "–", "–", "7.500.000", "11.500.000"]
    )
    expect(money.locator("tr.money-subtotal").filter(has_text="I alt foreslået").locator("td")).to_have_text(
        ["–", "4.000.000", "4.000.000", "4.000.000", "4.000.000", "–", "16.000.000"]
    )
    expect(money.locator("tfoot")).to_have_count(0)

    economy = page.locator("table.economy-table")
    expect(economy.locator("thead th")).to_have_text(["(i 1.000 kr.)", "2026", "2027", "2028", "2029"])
    expect(economy.locator("tbody tr").nth(0).locator("td")).to_have_text(["4.000"] * 4)
    expect(economy.locator("tbody tr").nth(1).locator("th")).to_have_text("Finansiering")
    expect(economy.locator("tbody tr").nth(2).locator("td")).to_have_text(["4.000"] * 4)
    expect(economy.locator("tbody tr").nth(2).locator("th")).to_have_text("Netto")

    expect(page.get_by_text("samtlige knap 4000 medarbejdere og ledere i Børn & Unge")).to_be_visible()
    expect(page.get_by_role("heading", name="Partnerskab med VIA")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Redigér|Ny finansiering|Nyt budgetforslag"))).to_have_count(0)
    screenshot(page, "program-laeser")

    page.get_by_role("link", name=PROPOSAL).first.click()
    expect(page.get_by_role("heading", name=PROPOSAL, level=1)).to_be_visible()
    expect(page.get_by_text("Forslagets tekst nævner perioden 2026-2030")).to_be_visible()
    expect(page.locator("table.economy-table tbody tr").nth(2).locator("td")).to_have_text(["4.000"] * 4)
    screenshot(page, "budgetforslag-laeser")


def test_secretary_creates_a_proposal_with_economy_lines_and_moves_it_to_vedtaget(
    page_as, live_server, secretary, seed
):
    page = page_as(secretary)
    page.goto(live_server.url + reverse("programs:proposal_list"))
    page.get_by_role("link", name="Nyt budgetforslag").click()
    page.get_by_label("Titel").fill("Sprogløft i dagtilbud")
    page.get_by_label("Dato").fill("2025-09-01")
    page.get_by_label("Program", exact=True).select_option(label=PROGRAMME)
    page.get_by_label("Periode i teksten").fill("2026-2027")
    page.get_by_label("Baggrund og formål").fill("Flere børn skal have et sprogligt løft.")
    page.locator("#id_economy-0-year").fill("2026")
    page.locator("#id_economy-0-expenses").fill("4.000")
    page.locator("#id_economy-1-year").fill("2027")
    page.locator("#id_economy-1-expenses").fill("4.000")
    page.locator("#id_economy-1-financing").fill("1.000")
    screenshot(page, "budgetforslag-ny")
    page.get_by_role("button", name="Gem").click()

    expect(page.get_by_role("heading", name="Sprogløft i dagtilbud", level=1)).to_be_visible()
    net = page.locator("table.economy-table tbody tr").nth(2).locator("td")
    expect(net).to_have_text(["4.000", "3.000"])
    expect(page.locator("dl.facts").first).to_contain_text("Kladde")
    proposal = BudgetProposal.objects.get(title="Sprogløft i dagtilbud")
    assert sorted(proposal.economy_lines.values_list("year", "kind", "amount")) == [
        (2026, "udgifter", 4000),
        (2027, "finansiering", 1000),
        (2027, "udgifter", 4000),
    ]

    page.goto(live_server.url + reverse("programs:proposal_list"))
    page.evaluate("window.notReloaded = true")
    row = page.locator(f"#row-{proposal.pk}")
    row.get_by_role("button", name="Skift status for Sprogløft i dagtilbud").click()
    row.get_by_label("Ny status").select_option(label="Vedtaget – Forslaget er vedtaget i budgetforhandlingerne.")
    row.get_by_label("Begrundelse").fill("Vedtaget i budgetforliget for 2026.")
    screenshot(page, "budgetforslag-status-inline")
    row.get_by_role("button", name="Gem status").click()
    expect(page.locator("#live-status")).to_have_text("Status for Sprogløft i dagtilbud er ændret til Vedtaget.")
    expect(page.locator(f"#row-{proposal.pk} .status__label")).to_have_text(["Vedtaget"])
    expect(page.locator(f"#row-{proposal.pk}")).to_contain_text("7.000")
    assert page.evaluate("window.notReloaded") is True, "the row refreshed without reloading the page"

    change = StatusChange.objects.get()
    assert (change.new_value.label, change.reason) == ("Vedtaget", "Vedtaget i budgetforliget for 2026.")
    page.locator(f"#row-{proposal.pk}").get_by_role("link", name="Sprogløft i dagtilbud").click()
    expect(page.locator(".status-history")).to_contain_text("Vedtaget i budgetforliget for 2026.")


@pytest.mark.parametrize("width", [1280, 768])
def test_programme_pages_have_no_serious_accessibility_violations(page_as, live_server, secretary, seed, width):
    programme = Programme.objects.get(name=PROGRAMME)
    proposal = BudgetProposal.objects.get(title=PROPOSAL)
    funding = Funding.objects.first()
    partnership = Partnership.objects.first()
    page = page_as(secretary, width=width)
    problems = {}
    for path in (
        reverse("programs:programme_list"),
        programme.get_absolute_url(),
        reverse("programs:programme_add"),
        reverse("programs:programme_edit", kwargs={"pk": programme.pk}),
        reverse("programs:proposal_list"),
        proposal.get_absolute_url(),
        reverse("programs:proposal_add"),
        reverse("programs:proposal_edit", kwargs={"pk": proposal.pk}),
        reverse("programs:budgetproposal_status", kwargs={"pk": proposal.pk}),
        reverse("programs:funding_add") + f"?programme={programme.pk}",
        reverse("programs:funding_edit", kwargs={"pk": funding.pk}),
        reverse("programs:partnership_add"),
        reverse("programs:partnership_edit", kwargs={"pk": partnership.pk}),
    ):
        page.goto(live_server.url + path)
        if found := axe_violations(page):
            problems[path] = found
    assert problems == {}
