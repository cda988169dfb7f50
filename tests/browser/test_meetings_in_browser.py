"""Staff prepare a meeting's bilag in the browser; a politician reads them."""

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from meetings.models import Bilag
from meetings.services import bilag_add, bilag_issue, meeting_create
from programs.models import Committee
from projects.models import Pool

from .conftest import axe_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_secretary_adds_and_issues_the_overview_sheet(page_as, live_server, secretary, seed):
    committee = Committee.objects.get(name="Børne- og Ungdomsudvalget")
    meeting = meeting_create(committee=committee, date=datetime.date(2019, 3, 26), acting_user=secretary)
    page = page_as(secretary)
    page.goto(live_server.url + meeting.get_absolute_url())
    page.get_by_role("link", name="Overbliksark over projekter i en pulje").click()
    page.get_by_label("År").fill("2019")
    page.get_by_label("Beløbsgrænse (kr.)").fill("500.000")
    page.get_by_role("button", name="Tilføj som bilag").click()

    expect(page.locator(".running-header")).to_contain_text(
        "Bilag 1 til Børne- og Ungdomsudvalgets møde den 26. marts 2019"
    )
    expect(page.locator("tr.total")).to_contain_text("4.650.000")
    expect(page.get_by_text("Kladde", exact=True)).to_be_visible()
    screenshot(page, "bilag-preview")
    assert axe_violations(page) == []

    page.get_by_role("link", name="Udsted").click()
    page.get_by_role("button", name="Udsted bilag").click()
    expect(page.get_by_role("cell", name="Udstedt ", exact=False)).to_be_visible()
    assert Bilag.objects.get().versions.count() == 1


@pytest.mark.parametrize("width", [1280, 768])
def test_meeting_pages_have_no_serious_accessibility_violations(
    page_as, live_server, secretary, politician, seed, width
):
    committee = Committee.objects.get(name="Børne- og Ungdomsudvalget")
    meeting = meeting_create(committee=committee, date=datetime.date(2019, 3, 26), acting_user=secretary)
    bilag = bilag_add(
        meeting=meeting,
        kind="overview_sheet",
        include_changes=True,
        acting_user=secretary,
        parameters={"pool": Pool.objects.get().pk, "year": 2019, "threshold": 500_000},
    )
    problems = {}
    for user, path in (
        (secretary, bilag.get_absolute_url()),  # the draft, which only editors see
        (secretary, reverse("meetings:meeting_add")),
        (secretary, reverse("meetings:bilag_add", kwargs={"pk": meeting.pk}) + "?slags=overview_sheet"),
        (secretary, reverse("meetings:bilag_issue", kwargs={"pk": bilag.pk})),
        (politician, reverse("meetings:meeting_list")),
        (politician, meeting.get_absolute_url()),
        (politician, bilag.get_absolute_url()),  # issued by now: the politician reads it
        (politician, reverse("meetings:bilag_versions", kwargs={"pk": bilag.pk})),
    ):
        if user == politician and not bilag.versions.exists():
            bilag_issue(bilag=bilag, acting_user=secretary)
        page = page_as(user, width=width)
        assert page.goto(live_server.url + path).status == 200, path
        if found := axe_violations(page):
            problems[path] = found
    assert problems == {}


def test_politician_opens_the_meeting_from_the_menu_and_downloads_all_bilag_as_one_pdf(
    page_as, live_server, secretary, politician, seed, tmp_path
):
    import io

    import pypdf

    from tests.factories import overview_sheet

    overview_sheet(acting_user=secretary, issue=True)
    page = page_as(politician)
    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Møder og bilag").click()
    page.get_by_role("link", name="26. marts 2019").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("møde den 26. marts 2019")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Hent alle bilag som én PDF").click()
    download = download_info.value
    assert download.suggested_filename == "2019-03-26 Bilag til Børne- og Ungdomsudvalgets møde.pdf"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    content = path.read_bytes()
    assert content.startswith(b"%PDF-")
    reader = pypdf.PdfReader(io.BytesIO(content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).replace("\u2010\n", "").split())
    assert "Overbliksark over projekter i 0,35% puljen" in text
    assert "Bilag til mødet den 26. marts 2019" in text
    assert [item.title for item in reader.outline] == ["Bilag 1 – Overbliksark 0,35% puljen"]
