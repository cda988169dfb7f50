"""Markup typed into the portal is shown as the text it is: on the pages that show it and in an issued bilag."""

import datetime
import io
from html.parser import HTMLParser

import pypdf
import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.services import bilag_add, bilag_issue, meeting_create
from programs.models import Committee
from projects.models import Pool, Project
from projects.services import project_update
from statuses.models import StatusValue
from statuses.services import status_change
from tests.test_meetings import flat, pdf_text

SCRIPT = '<script>alert("x")</script>'
IMG = "<img src=x onerror=alert(1)>"


class _Page(HTMLParser):
    """The text a browser would show, and every element it would build."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.text, self.elements, self._in_script = [], [], False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.elements.append(("script-body", {"text": data}))
        else:
            self.text.append(data)


NAME = f"Læsecenter {SCRIPT} {IMG}"
DESCRIPTION = f"Beskrivelse {SCRIPT} og {IMG}"
REASON = f"Begrundelse {SCRIPT}\n{IMG}"


def shown_text(html: str) -> str:
    return " ".join(" ".join(_Page(html).text).split())


def assert_no_markup_interpreted(html: str, *, where: str):
    page = _Page(html)
    assert SCRIPT not in html and IMG not in html, f"{where}: the typed markup reached the page unescaped"
    assert not [a for tag, a in page.elements if tag == "script-body" and "alert" in a["text"]], where
    assert not [a for tag, a in page.elements if tag == "img" and a.get("src") == "x"], where
    assert not [(tag, name) for tag, a in page.elements for name in a if name.startswith("on")], where


@pytest.fixture
def hostile_project(seed, secretary):
    """Læsecenter with markup in its name, its description and the reason for a status change after a meeting."""
    committee = Committee.objects.get(name="Børne- og Ungdomsudvalget")
    meeting_create(committee=committee, date=timezone.localdate() - datetime.timedelta(days=10), acting_user=secretary)
    project = Project.objects.get(name="Læsecenter")
    project = project_update(
        project=project,
        data={"name": NAME, "description": DESCRIPTION},
        partners=project.partners.all(),
        allocations={a.year: a.amount for a in project.allocations.all()},
        expected_version=project.version,
        acting_user=secretary,
    )
    status_change(
        item=project,
        expected_version=project.version,
        new_value=StatusValue.objects.get(scale__slug="projektfremdrift", slug="kritisk"),
        reason=REASON,
        acting_user=secretary,
    )
    return project


@pytest.mark.parametrize(
    "where, url, shown",
    [
        ("projektlisten", lambda p: reverse("projects:project_list"), [NAME]),
        ("projektets side med statushistorikken", lambda p: p.get_absolute_url(), [NAME, DESCRIPTION, REASON]),
        (
            "statusskiftet med statushistorikken",
            lambda p: reverse("projects:project_status", kwargs={"pk": p.pk}),
            [NAME, REASON],
        ),
        ("overblikket med ændringer siden sidste møde", lambda p: reverse("home"), [NAME, REASON]),
    ],
)
def test_markup_in_a_name_description_and_reason_is_shown_as_text(
    client_for, politician, secretary, hostile_project, where, url, shown
):
    user = secretary if "statusskiftet" in where else politician
    response = client_for(user).get(url(hostile_project))
    assert response.status_code == 200
    html = response.content.decode()
    text = shown_text(html)
    for typed in shown:
        assert " ".join(typed.split()) in text, f"{where}: {typed!r} is not shown as text"
    assert_no_markup_interpreted(html, where=where)


def test_markup_in_a_name_description_and_reason_is_printed_as_text_in_an_issued_bilag(secretary, hostile_project):
    committee = Committee.objects.get(name="Børne- og Ungdomsudvalget")
    next_week = timezone.localdate() + datetime.timedelta(days=7)
    meeting = meeting_create(committee=committee, date=next_week, acting_user=secretary)
    bilag = bilag_add(
        meeting=meeting,
        kind="overview_sheet",
        include_changes=True,
        acting_user=secretary,
        parameters={"pool": Pool.objects.get().pk, "year": 2019, "threshold": 500_000},
    )
    version = bilag_issue(bilag=bilag, acting_user=secretary)

    text = flat(pdf_text(bytes(version.pdf)))
    assert NAME in text, "the name in the sheet"
    assert DESCRIPTION in text, "the description in the sheet"
    assert " ".join(REASON.split()) in text, "the reason under changes since the last meeting"
    root = pypdf.PdfReader(io.BytesIO(bytes(version.pdf))).trailer["/Root"]
    assert "/OpenAction" not in root and "/JavaScript" not in root.get("/Names", {}), "the PDF runs nothing"


def test_a_pool_named_with_markup_is_plain_text_in_the_overview_s_filter(client_for, politician, seed):
    """The filter's options are written by core.forms.QuickSelect, not by Django's widget templates."""
    Pool.objects.update(name=NAME)
    html = client_for(politician).get(reverse("home")).content.decode()
    assert_no_markup_interpreted(html, where="overblikkets filter")
    options = [a for tag, a in _Page(html).elements if tag == "option"]
    assert options and NAME in shown_text(html)
