"""The secretary issues a bilag in the browser and watches the background worker finish it (ADR 0020)."""

import pytest
from playwright.sync_api import expect

from meetings.models import BilagVersion
from tests.factories import overview_sheet
from tests.worker import DATABASE_QUEUE, run_worker_until_idle

from .conftest import axe_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_secretary_watches_the_page_turn_from_udstedes_to_udstedt_when_the_worker_is_done(
    page_as, live_server, secretary, seed, settings, tmp_path
):
    settings.TASKS = {"default": {"BACKEND": DATABASE_QUEUE}}
    bilag = overview_sheet(acting_user=secretary)
    page = page_as(secretary)
    page.goto(live_server.url + bilag.get_absolute_url())
    page.get_by_role("link", name="Udsted").click()
    page.get_by_role("button", name="Udsted bilag").click()

    expect(page.get_by_text("Bilaget udstedes …")).to_be_visible()
    expect(page).to_have_title("Bilag 1 udstedes · Viborg Kommune")
    assert axe_violations(page) == []
    assert not BilagVersion.objects.exists()

    run_worker_until_idle(tmp_path / "worker.log")
    # htmx asks again within two seconds and puts the result where the spinner was; no reload
    expect(page.get_by_text("Bilag 1 er udstedt som version 1.")).to_be_visible(timeout=10_000)
    expect(page).to_have_title("Bilag 1 er udstedt · Viborg Kommune")  # the tab and a screen reader say it too
    screenshot(page, "bilag-issued-by-worker")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Se version 1").click()
    expect(page.locator(".running-header")).to_contain_text("Bilag 1 til Børne- og Ungdomsudvalgets møde")
