"""A politician reading before a meeting is warned before the session ends, and can stay signed in."""

import pytest
from django.test import override_settings
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


# The warning comes two minutes before the session may end: with 125 s left, five seconds after loading.
@override_settings(SESSION_COOKIE_AGE=185, SESSION_REFRESH_INTERVAL=60)
def test_a_politician_is_warned_two_minutes_ahead_and_stays_signed_in(page_as, live_server, politician, seed):
    page = page_as(politician)
    page.goto(live_server.url + "/")
    warning = page.get_by_role("alertdialog")
    expect(warning).to_have_count(0)  # nothing on the page until it is time
    expect(warning).to_be_visible(timeout=15_000)
    expect(warning).to_contain_text("Du bliver logget ud om 2 minutter")
    stay = warning.get_by_role("button", name="Bliv logget ind")
    expect(stay).to_be_focused()
    with page.expect_response(lambda response: "/session/forlaeng/" in response.url) as kept:
        page.keyboard.press("Enter")
    assert kept.value.status == 204
    expect(warning).to_be_hidden()
    expect(page.locator("#live-status")).to_have_text("Du er stadig logget ind.")
