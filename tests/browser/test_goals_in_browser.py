"""A politician reading Sammenhængsmodellen and a secretary measuring and linking, in a real Chromium."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from agreements.models import Activity, Agreement
from goals.models import Goal, GoalLink, Indicator, Measurement
from projects.models import Project

from .conftest import axe_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def goal_1():
    return Goal.objects.get(number=1)


def test_politician_reads_the_model_and_goal_1_with_the_delaftales_indicators(page_as, live_server, politician, seed):
    page = page_as(politician)
    page.goto(live_server.url + reverse("goals:model"))
    expect(page.get_by_role("heading", name="Sammenhængsmodellen i Børn og Unge")).to_be_visible()
    values = page.locator("#roedder li h3")
    expect(values).to_have_text(
        [
            "Sunde fællesskaber og sammenhæng",
            "Forældreansvar",
            "Sundhedsfremme og tidlig indsats",
            "Professionalisme",
            "Livsmestring",
        ]
    )
    expect(page.locator("#bladene .goal-list > li")).to_have_count(9)
    expect(page.locator("#maal-1")).to_contain_text("92 % i 2025")
    screenshot(page, "sammenhaengsmodellen-laeser")

    page.locator("#maal-1 a").first.click()
    expect(page.get_by_role("heading", name=re.compile("^Mål 1"))).to_be_visible()
    indicators = page.get_by_role("region", name="Indikatorer")
    for name in (
        "Andel personer i området",
        "Andelen af 18-29 årige",
        "Reducere skolefravær",
        "Andel af børn og unge med en sag",
    ):
        expect(indicators).to_contain_text(name)
    expect(indicators).to_contain_text("Data kommer")
    expect(indicators).to_contain_text("Ingen baseline")
    expect(page.get_by_role("region", name="Delaftaler", exact=True)).to_contain_text("96 timer pr. uge")
    expect(page.get_by_role("link", name="Redigér mål")).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile("Forbind"))).to_have_count(0)
    screenshot(page, "maal-1-laeser")


def test_secretary_adds_a_measurement_typed_the_danish_way_and_sees_it_in_the_chart(
    page_as, live_server, secretary, seed
):
    indicator = Indicator.objects.get(name__startswith="Andel personer i området")
    page = page_as(secretary)
    page.goto(live_server.url + indicator.get_absolute_url())
    page.get_by_role("link", name="Tilføj måling").click()
    page.get_by_label("Målt den").fill("2024-06-30")
    page.get_by_label("Værdi (%)").fill("4.000")
    page.get_by_role("button", name="Gem måling").click()
    # Never silently 4: the field says why, and the summary at the top links to it.
    expect(page.locator(".invalid-feedback").filter(has_text="skal ligge mellem 0 og 100")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Værdi.*skal ligge mellem 0 og 100"))).to_be_visible()
    page.get_by_label("Værdi (%)").fill("75,5")
    page.get_by_label("Kommentar").fill("Første måling efter baseline")
    page.get_by_role("button", name="Gem måling").click()

    chart = page.get_by_role("img", name=re.compile("Udvikling: Andel personer i området"))
    expect(chart).to_be_visible()
    expect(page.locator("svg.indicator-chart desc")).to_contain_text("75,5 % den 30. juni 2024")
    expect(page.get_by_role("table", name="Tallene bag grafen")).to_contain_text("75,5 %")
    expect(page.locator("main")).to_contain_text("Første måling efter baseline")
    screenshot(page, "indikator-med-maaling")
    assert Measurement.objects.get().value == 75.5


def test_secretary_links_a_pool_project_from_its_page_and_finds_it_on_goal_1(page_as, live_server, secretary, seed):
    project = Project.objects.get(name="Boligsocial indsats")
    page = page_as(secretary)
    page.goto(live_server.url + project.get_absolute_url())
    page.evaluate("window.notReloaded = true")
    panel = page.get_by_role("region", name="Mål i Sammenhængsmodellen")
    panel.get_by_label("Forbind med mål").select_option(label=str(goal_1()))
    panel.get_by_role("button", name="Forbind").click()
    panel = page.get_by_role("region", name="Mål i Sammenhængsmodellen")
    expect(panel).to_contain_text("er forbundet med Mål 1")
    expect(panel.get_by_role("link", name=re.compile("^Mål 1"))).to_be_visible()
    assert page.evaluate("window.notReloaded") is True, "the panel was swapped in place"
    screenshot(page, "projekt-forbundet-med-maal")

    panel.get_by_role("link", name=re.compile("^Mål 1")).click()
    projects = page.get_by_role("region", name="Projekter")
    expect(projects).to_contain_text("Boligsocial indsats")
    expect(projects).to_contain_text("Ikke vurderet")
    expect(projects).to_contain_text("850.000 kr.")

    page.get_by_role("link", name="Forbind projekter, programmer og indsatser").click()
    page.get_by_role("button", name="Fjern forbindelsen til Boligsocial indsats").click()
    expect(page.get_by_text("Forbindelsen mellem „Boligsocial indsats“ og Mål 1 er fjernet.")).to_be_visible()
    assert not GoalLink.objects.exists()


def test_secretary_changes_an_activity_status_in_the_delaftale(page_as, live_server, secretary, seed):
    activity = Activity.objects.get(name="Barselscafé")
    page = page_as(secretary)
    page.goto(live_server.url + Agreement.objects.get().get_absolute_url())
    row = page.locator(f"#row-{activity.pk}")
    row.get_by_role("button", name="Skift status for Barselscafé").click()
    row.get_by_label("Ny status").select_option(label="I gang – Aktiviteten gennemføres som beskrevet i delaftalen.")
    row.get_by_label("Begrundelse").fill("Caféen kører hver tirsdag.")
    row.get_by_role("button", name="Gem status").click()
    expect(page.locator(f"#row-{activity.pk}")).to_contain_text("I gang")
    expect(page.locator("#live-status")).to_have_text("Status for Barselscafé er ændret til I gang.")


@pytest.mark.parametrize("width", [1280, 768])
def test_goal_and_delaftale_pages_have_no_serious_accessibility_violations(
    page_as, live_server, secretary, seed, width
):
    import datetime

    from goals.services import goal_link, measurement_add

    indicator = Indicator.objects.get(name__startswith="Andel personer i området")
    measurement_add(indicator=indicator, measured_on=datetime.date(2024, 6, 30), value=78, acting_user=secretary)
    goal_link(goal=goal_1(), item=Project.objects.get(name="Læsecenter"), acting_user=secretary)
    activity = Activity.objects.get(name="Barselscafé")
    agreement = Agreement.objects.get()
    g = goal_1()
    page = page_as(secretary, width=width)
    problems = {}
    for path in (
        reverse("goals:model"),
        g.get_absolute_url(),
        reverse("goals:goal_edit", kwargs={"pk": g.pk}),
        reverse("goals:goal_links", kwargs={"pk": g.pk}),
        reverse("goals:link_add"),
        reverse("goals:link_delete"),
        reverse("goals:indicator_list"),
        reverse("goals:indicator_add"),
        indicator.get_absolute_url(),
        reverse("goals:indicator_edit", kwargs={"pk": indicator.pk}),
        reverse("goals:measurement_add", kwargs={"pk": indicator.pk}),
        Indicator.objects.get(name="Reducere skolefravær").get_absolute_url(),
        reverse("agreements:agreement_list"),
        agreement.get_absolute_url(),
        reverse("agreements:agreement_edit", kwargs={"pk": agreement.pk}),
        reverse("agreements:activity_list"),
        activity.get_absolute_url(),
        reverse("agreements:activity_edit", kwargs={"pk": activity.pk}),
        reverse("agreements:activity_add", kwargs={"pk": agreement.pk}),
        reverse("agreements:activity_status", kwargs={"pk": activity.pk}),
        reverse("agreements:subgoal_add", kwargs={"pk": agreement.pk}),
        Project.objects.get(name="Læsecenter").get_absolute_url(),
    ):
        page.goto(live_server.url + path)
        found = axe_violations(page)
        if found:
            problems[path] = found
    screenshot(page, f"projekt-med-maal-{width}")
    assert problems == {}
