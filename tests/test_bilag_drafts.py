"""Drafts, corrections, file names and what a politician sees of a bilag (issue: committee appendices)."""

import hashlib
import io
import re

import pypdf
import pytest
from django.db import connection
from django.urls import reverse

import meetings.services
import meetings.views
from meetings.selectors import bilag_file_name
from meetings.services import bilag_issue
from projects.models import Project
from tests.test_meetings import add_overview, flat, pdf_text

ISSUED_NAME = "2019-03-26 Bilag 1 Overbliksark 0,35% puljen.pdf"


def page_texts(content: bytes) -> list[str]:
    return [flat(page.extract_text()) for page in pypdf.PdfReader(io.BytesIO(content)).pages]


def file_name(response) -> str:
    """The file name a browser saves the download under (RFC 6266: filename* is UTF-8)."""
    disposition = response["Content-Disposition"]
    encoded = re.search(r"filename\*=utf-8''([^;]+)", disposition, re.IGNORECASE)
    if encoded:
        from urllib.parse import unquote

        return unquote(encoded.group(1))
    return re.search(r'filename="([^"]+)"', disposition).group(1)


def test_a_politician_is_refused_a_draft_and_does_not_see_it_on_the_meeting_page(
    client_for, politician, secretary, meeting
):
    bilag = add_overview(meeting, secretary)
    reader = client_for(politician)
    for name in ("meetings:bilag_preview", "meetings:bilag_pdf", "meetings:bilag_versions"):
        refused = reader.get(reverse(name, kwargs={"pk": bilag.pk}))
        assert refused.status_code == 403
        assert "Kun redaktører kan se det, indtil det er udstedt." in refused.content.decode()
    page = reader.get(meeting.get_absolute_url()).content.decode()
    assert "Overbliksark 0,35% puljen" not in page and "Mødet har ingen udstedte bilag endnu." in page

    bilag_issue(bilag=bilag, acting_user=secretary)
    page = reader.get(meeting.get_absolute_url()).content.decode()
    assert "Overbliksark 0,35% puljen" in page and "Udstedt " in page
    assert reader.get(reverse("meetings:bilag_pdf", kwargs={"pk": bilag.pk})).status_code == 200


def test_a_secretary_sees_the_draft_marked_kladde_on_every_page_and_in_its_file_name(client_for, secretary, meeting):
    bilag = add_overview(meeting, secretary)
    editor = client_for(secretary)
    assert "Kladde" in editor.get(meeting.get_absolute_url()).content.decode()
    draft = editor.get(reverse("meetings:bilag_pdf", kwargs={"pk": bilag.pk}))
    assert file_name(draft) == "2019-03-26 Bilag 1 Overbliksark 0,35% puljen KLADDE.pdf"
    assert draft["Cache-Control"] == "private, no-store"
    pages = page_texts(draft.content)
    assert len(pages) > 1 and all("KLADDE" in page for page in pages)

    bilag_issue(bilag=bilag, acting_user=secretary)
    issued = editor.get(reverse("meetings:bilag_pdf", kwargs={"pk": bilag.pk}))
    assert file_name(issued) == ISSUED_NAME
    assert "KLADDE" not in pdf_text(issued.content)


def test_a_correction_is_named_by_its_version(secretary, meeting):
    bilag = add_overview(meeting, secretary)
    bilag_issue(bilag=bilag, acting_user=secretary)
    second = bilag_issue(bilag=bilag, note="Beløbet er rettet.", acting_user=secretary)
    assert bilag_file_name(bilag, version=second) == "2019-03-26 Bilag 1 Overbliksark 0,35% puljen rettet version 2.pdf"


def test_a_title_with_slashes_and_quotes_still_makes_a_file_name_every_system_accepts(secretary, meeting):
    bilag = add_overview(meeting, secretary)
    bilag.title = 'Budget 2026/27: "ny" plan?'
    name = bilag_file_name(bilag)
    assert name.startswith("2019-03-26 Bilag 1 Budget 2026-27") and name.endswith(" KLADDE.pdf")
    assert not set('/\\:*?"<>|') & set(name)


def test_a_draft_pdf_is_rendered_once_per_data_version(client_for, secretary, meeting, monkeypatch, committed):
    renders = []
    real = meetings.views.render_pdf
    monkeypatch.setattr(meetings.views, "render_pdf", lambda html: renders.append(1) or real(html))
    bilag = add_overview(meeting, secretary)
    editor = client_for(secretary)
    url = reverse("meetings:bilag_pdf", kwargs={"pk": bilag.pk})
    first = editor.get(url).content
    assert editor.get(url).content == first and len(renders) == 1  # the second came from the cache

    with committed():
        Project.objects.filter(name="Læsecenter").update(name="Læsecenter Viborg")
        Project.objects.get(name="Læsecenter Viborg").save()  # a save, as a form makes, gives a new version
    assert "Læsecenter Viborg" in flat(pdf_text(editor.get(url).content))
    assert len(renders) == 2


def test_the_meeting_page_shows_titles_and_dates_and_the_checksum_waits_on_the_versions_page(
    client_for, politician, secretary, meeting
):
    version = bilag_issue(bilag=add_overview(meeting, secretary), acting_user=secretary)
    reader = client_for(politician)
    page = reader.get(meeting.get_absolute_url()).content.decode()
    assert "Bilag 1" in page and "Overbliksark 0,35% puljen" in page
    assert "SHA-256" not in page and version.sha256[:16] not in page
    versions_url = reverse("meetings:bilag_versions", kwargs={"pk": version.bilag_id})
    assert versions_url in page
    versions = reader.get(versions_url).content.decode()
    pdf = reader.get(reverse("meetings:bilag_pdf", kwargs={"pk": version.bilag_id}) + "?version=1").content
    assert hashlib.sha256(pdf).hexdigest() in versions


def test_the_running_header_spans_the_page_from_margin_to_margin(secretary, meeting):
    version = bilag_issue(bilag=add_overview(meeting, secretary), acting_user=secretary)
    page = pypdf.PdfReader(io.BytesIO(bytes(version.pdf))).pages[0]
    width = float(page.mediabox.width)
    starts = {}

    def visit(text, cm, tm, font, size):
        if text.strip() and text.strip() not in starts:
            starts[text.strip()] = cm[4] + tm[4]

    page.extract_text(visitor_text=visit)
    municipality = next(x for t, x in starts.items() if t.startswith("Viborg Kommune · Børn & Unge"))
    meeting_line = next(x for t, x in starts.items() if t.startswith("Bilag 1 til"))
    assert municipality < width * 0.1  # at the left margin
    assert meeting_line > width * 0.5  # set against the right margin, not squeezed in beside the left


@pytest.mark.django_db(transaction=True)
def test_issuing_renders_the_pdf_outside_any_transaction_and_row_lock(meeting, secretary, monkeypatch):
    in_transaction = []
    real = meetings.services.render_pdf
    monkeypatch.setattr(
        meetings.services, "render_pdf", lambda html: in_transaction.append(connection.in_atomic_block) or real(html)
    )
    version = bilag_issue(bilag=add_overview(meeting, secretary), acting_user=secretary)
    assert in_transaction == [False]
    assert version.number == 1 and version.bilag.title == "Overbliksark 0,35% puljen"
