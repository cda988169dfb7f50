"""The portal under its Content-Security-Policy in a real Chromium: no violation on the pages people use,
and htmx still sends Django's CSRF token (read by static/js/portal.js from <meta name="csrf-token">)."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from projects.models import Project
from statuses.models import StatusChange
from tests.factories import overview_sheet

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Runs before any page script, through the DevTools protocol, so the policy does not apply to it.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  const blocked = event.blockedURI || "inline";
  window.reportCspViolation(`${event.violatedDirective} blocked ${blocked} in ${event.documentURI}`);
});
"""


@pytest.fixture
def watched(page_as):
    """watched(user) -> (page, violations): every CSP violation the page reports, as events or console errors."""

    def make(user):
        page = page_as(user)
        violations = []
        page.expose_function("reportCspViolation", lambda text: violations.append(text))
        page.add_init_script(REPORT_VIOLATIONS)
        page.on(
            "console",
            lambda message: (
                violations.append(f"console: {message.text}")
                if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text
                else None
            ),
        )
        page.on("pageerror", lambda error: violations.append(f"page error: {error}"))
        return page, violations

    return make


def visit(page, url):
    response = page.goto(url)
    assert response.status == 200, url
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_load_state("load")
    # htmx was told not to inject its indicator <style>; nothing else may add one either.
    assert page.locator("style").count() == 0
    return response


def test_a_politician_reads_the_overview_and_filters_a_list_without_a_policy_violation(
    watched, live_server, politician, seed
):
    page, violations = watched(politician)
    visit(page, live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    visit(page, live_server.url + reverse("projects:project_list"))
    page.get_by_label("År").select_option("2019")
    page.get_by_role("button", name="Filtrér").click()
    expect(page).to_have_url(re.compile(r"year=2019"))
    expect(page.locator("tbody tr")).to_have_count(6)

    for name in ["programs:proposal_list", "initiatives:status_report", "statuses:scale_list"]:
        visit(page, live_server.url + reverse(name))
    assert violations == []


def test_a_secretary_changes_a_status_through_htmx_with_the_csrf_header_and_no_violation(
    watched, live_server, secretary, seed
):
    project = Project.objects.get(name="Læsecenter")
    page, violations = watched(secretary)

    visit(page, live_server.url + reverse("projects:project_list") + "?year=2019")
    token = page.locator('meta[name="csrf-token"]').get_attribute("content")
    page.evaluate("window.notReloaded = true")

    row = page.locator(f"#row-{project.pk}")
    row.get_by_role("button", name="Skift status for Læsecenter").click()  # hx-get: the form into the row
    row.get_by_label("Ny status").select_option(label="På sporet – Projektet forløber som planlagt.")
    row.get_by_label("Begrundelse").fill("Ekstra læsevejleder er ansat.")
    with page.expect_response(lambda response: response.request.method == "POST") as posted:
        row.get_by_role("button", name="Gem status").click()  # hx-post
    expect(page.locator(f"#row-{project.pk}")).to_contain_text("På sporet")
    assert page.evaluate("window.notReloaded") is True, "htmx swapped the row; the page did not reload"

    post = posted.value.request
    assert post.headers["hx-request"] == "true"
    assert post.headers["x-csrftoken"] == token  # from the meta tag, by static/js/portal.js
    assert posted.value.status == 200
    assert StatusChange.objects.get().reason == "Ekstra læsevejleder er ansat."

    # A form with width classes instead of style="" attributes.
    visit(page, live_server.url + reverse("projects:project_edit", kwargs={"pk": project.pk}))
    year = page.locator("input[name$='-year']").first
    assert year.evaluate("e => getComputedStyle(e).width") == year.evaluate(
        "e => (7 * parseFloat(getComputedStyle(e).fontSize)) + 'px'"
    )
    assert violations == []


def test_the_bilag_preview_obeys_the_policy(watched, live_server, administrator, seed):
    bilag = overview_sheet(acting_user=administrator)
    meeting = bilag.meeting
    page, violations = watched(administrator)
    visit(page, live_server.url + reverse("meetings:meeting_detail", kwargs={"pk": meeting.pk}))
    visit(page, live_server.url + reverse("meetings:bilag_preview", kwargs={"pk": bilag.pk}))
    assert violations == []


def test_the_django_admin_works_under_the_same_policy(watched, live_server, administrator, politician):
    page, violations = watched(administrator)
    visit(page, live_server.url + "/admin/")
    visit(page, live_server.url + "/admin/auth/user/")
    # The change list's JavaScript: select a row, and the action bar counts it.
    page.locator(f"input.action-select[value='{politician.pk}']").check()
    expect(page.locator(".action-counter")).to_contain_text("1 af 2 valgt")
    visit(page, live_server.url + f"/admin/auth/user/{politician.pk}/change/")
    # SelectFilter2 (the groups/permissions widget) is built by script.
    expect(page.locator("#id_user_permissions_filter")).to_be_visible()
    visit(page, live_server.url + "/admin/auth/group/add/")
    page.get_by_label("Navn").fill("Revisorer")
    page.get_by_role("button", name="Gem", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("Revisorer")
    assert violations == []
