"""The overview as a politician meets it before a meeting, on a laptop, a tablet and a phone (320 CSS px,
i.e. 400 % zoom), and on paper."""

import io

import pytest
from playwright.sync_api import expect

from projects.models import Project
from statuses.models import StatusValue
from statuses.services import status_change

from .conftest import axe_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def before_a_meeting(seed, meeting, secretary):
    """The seed, a meeting held, and since then a red and a yellow project with reasons."""
    for name, slug, reason in (
        ("Læsecenter", "kritisk", "Lokalerne er lukket efter en vandskade."),
        ("Hånd om familien", "udfordret", "Ansættelsen af en projektleder er forsinket."),
    ):
        project = Project.objects.get(name=name)
        status_change(
            item=project,
            expected_version=project.version,
            new_value=StatusValue.objects.get(scale__slug="projektfremdrift", slug=slug),
            reason=reason,
            acting_user=secretary,
        )


@pytest.mark.parametrize("width", [1366, 768, 390, 320])
def test_a_politician_sees_red_items_with_reasons_on_the_first_screen_at_every_width(
    page_as, live_server, politician, before_a_meeting, width
):
    page = page_as(politician, width=width)
    page.goto(live_server.url + "/")
    brief = page.get_by_role("region", name="Rødt og gult – og hvorfor")
    expect(brief).to_contain_text("Lokalerne er lukket efter en vandskade.")
    expect(page.get_by_role("region", name="Venter på en beslutning")).to_contain_text("Investering")
    if width >= 768:  # on a laptop and a tablet the reasons are on the first screen, above the fold
        top = brief.get_by_text("Lokalerne er lukket efter en vandskade.").bounding_box()["y"]
        assert top < 900, top
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert axe_violations(page) == []
    screenshot(page, f"overblik-til-moedet-{width}")


@pytest.mark.parametrize("width", [320, 390])
def test_on_a_phone_chart_text_is_at_least_12_px_and_nothing_scrolls_sideways(
    page_as, live_server, politician, before_a_meeting, width
):
    page = page_as(politician, width=width)
    for url in ("/", "/projekter/", "/indsatser/liste/", "/overblik/sammenlign/"):
        page.goto(live_server.url + url)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, url
    page.goto(live_server.url + "/")
    sizes = page.evaluate(
        """() => [...document.querySelectorAll('.bar-chart__label, .bar-chart__value, .bar-chart__title')]
              .filter(e => e.getClientRects().length).map(e => parseFloat(getComputedStyle(e).fontSize))"""
    )
    assert sizes and min(sizes) >= 12, sizes


def test_a_wide_table_scrolls_in_its_own_region_that_a_keyboard_reaches(
    page_as, live_server, politician, before_a_meeting
):
    page = page_as(politician, width=320)
    page.goto(live_server.url + "/")
    page.locator("summary", has_text="Vis som tabel: penge pr. år og kilde").click()
    region = page.get_by_role("region", name="Penge pr. år og kilde, tabel")
    expect(region).to_have_attribute("tabindex", "0")
    region.focus()
    page.keyboard.press("ArrowRight")
    expect(region.get_by_role("columnheader", name="I alt")).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_a_politician_picks_a_meeting_from_the_overview_and_sees_it_as_it_stood(
    page_as, live_server, politician, before_a_meeting
):
    page = page_as(politician, width=1366)
    page.goto(live_server.url + "/")
    page.get_by_label("Møde", exact=True).select_option(label="26. marts 2019 · Børne- og Ungdomsudvalget")
    page.get_by_role("button", name="Vis mødet").click()
    expect(page.get_by_role("status").filter(has_text="Du ser fortiden")).to_contain_text("26. marts 2019")
    expect(page.get_by_label("Møde", exact=True)).to_have_value("2019-03-26")
    assert axe_violations(page) == []


def test_a_politician_compares_two_meetings_from_the_overview(
    page_as, live_server, politician, secretary, before_a_meeting
):
    from django.utils import timezone

    from meetings.models import Meeting
    from meetings.services import meeting_create

    meeting_create(committee=Meeting.objects.get().committee, date=timezone.localdate(), acting_user=secretary)
    page = page_as(politician, width=768)
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Sammenlign to møder").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sammenlign to møder")
    expect(page.get_by_role("heading", name="Ændringer mellem møderne")).to_be_visible()
    expect(page.get_by_text("Lokalerne er lukket efter en vandskade.")).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "sammenlign-768")


@pytest.mark.parametrize("grown", [False, True], ids=["seed", "more of everything"])
def test_printed_the_overview_fits_two_a4_pages_with_the_money_totals(
    page_as, live_server, politician, secretary, before_a_meeting, grown
):
    from django.utils import timezone
    from pypdf import PdfReader

    from tests.test_dashboard import grow_every_section

    if grown:  # more pools, sources, years and changes than the overview gives a place of their own
        grow_every_section(secretary, timezone.now() - timezone.timedelta(days=1))
    # An A4 page's printable width (210 mm less 2 × 12 mm margins, at 96 px per inch).
    page = page_as(politician, width=703)
    page.goto(live_server.url + "/")
    # page.pdf() prints with the print stylesheet but fires no 'beforeprint'; a browser's print does.
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    page.emulate_media(media="print")
    # Nothing cut: the money table, "I alt" column included, fits the paper's width.
    right = page.evaluate("document.querySelector('.money-table').getBoundingClientRect().right")
    assert right <= 703, right
    reader = PdfReader(io.BytesIO(page.pdf(format="A4")))
    words = " ".join(p.extract_text() for p in reader.pages)
    assert len(reader.pages) <= 2
    assert "I alt" in words and "Lokalerne er lukket" in words
