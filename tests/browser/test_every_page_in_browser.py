"""axe-core in Chromium on every page of the portal: read pages as a Læser, forms as a Redaktør,
today and in the past. The Django admin is Django's own and is not part of this check."""

import pytest
from playwright.sync_api import expect

from tests.test_roles import _cases, _url, make_walk_data

from .conftest import axe_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


# Downloads, not pages (a browser saves them instead of showing them): tests/test_meeting_pack.py checks them.
DOWNLOADS = {"meetings:meeting_pack_pdf", "meetings:meeting_pack_zip", "dashboard:pdf"}


@pytest.fixture
def walk_data(seed, administrator, secretary):
    """The role walk's data, committed: the live server reads it on its own connection."""
    make_walk_data(administrator=administrator, secretary=secretary)


def _urls(kind):
    return [_url(param.values[0], param.values[1]) for param in _cases(kind) if param.values[0] not in DOWNLOADS]


def _violations_on(page, base, urls):
    found = {}
    for url in urls:
        response = page.goto(base + url)
        assert response.status == 200, url
        if not response.headers["content-type"].startswith("text/html"):
            continue  # a bilag PDF: checked as a tagged PDF in the meetings tests
        violations = axe_violations(page)
        if violations:
            found[url] = violations
    return found


def test_every_read_page_has_no_serious_accessibility_violations(page_as, live_server, politician, walk_data):
    urls = _urls("read")
    page = page_as(politician)
    assert _violations_on(page, live_server.url, urls) == {}


def test_every_form_has_no_serious_accessibility_violations(page_as, live_server, secretary, walk_data):
    urls = _urls("write")
    page = page_as(secretary, width=768)
    assert _violations_on(page, live_server.url, urls) == {}


@pytest.mark.parametrize("width", [1280, 768])
def test_politician_looks_at_the_day_of_the_overview_sheet(page_as, live_server, politician, seed, width):
    page = page_as(politician, width=width)
    page.goto(live_server.url + "/")
    page.get_by_label("Vis som den").fill("2019-03-26")
    page.get_by_role("button", name="Vis dato").click()
    expect(page.get_by_role("status").filter(has_text="Du ser fortiden")).to_contain_text("26. marts 2019")
    expect(page.locator("#status-projekter-titel")).to_have_count(1)
    assert axe_violations(page) == []
    screenshot(page, f"overblik-fortiden-{width}")
    page.get_by_role("link", name="Projekter", exact=True).first.click()
    expect(page.locator("tbody tr")).to_have_count(6)
    assert axe_violations(page) == []
    page.get_by_role("link", name="Tilbage til i dag").click()
    expect(page.get_by_text("Du ser fortiden")).to_have_count(0)


def _wider_than_the_screen(page, base, urls, width):
    wide = {}
    for url in urls:
        response = page.goto(base + url)
        if not response.headers["content-type"].startswith("text/html"):
            continue
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width:
            wide[url] = scroll_width
    return wide


def test_on_a_phone_no_page_or_form_scrolls_sideways(page_as, live_server, politician, secretary, walk_data):
    # WCAG 1.4.10 (reflow): at 320 px only a wide table scrolls, inside its own box, never the page.
    reads, writes = _urls("read"), _urls("write")
    assert _wider_than_the_screen(page_as(politician, width=320), live_server.url, reads, 320) == {}
    assert _wider_than_the_screen(page_as(secretary, width=320), live_server.url, writes, 320) == {}
