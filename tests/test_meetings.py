"""Meetings and bilag: built from live data, frozen when issued, safe to render."""

import datetime
import hashlib
import io
from types import SimpleNamespace

import pypdf
import pytest
from django.urls import reverse
from django.utils import timezone

from core.pdf import BASE_URL, PdfRenderError, render_pdf
from core.pdf_worker import StaticFilesOnlyFetcher
from meetings.models import Bilag, BilagVersion, Meeting
from meetings.services import bilag_add, bilag_issue, meeting_create
from projects.models import Allocation, Pool, Project
from statuses.models import StatusValue
from statuses.services import status_change

SIX = [
    "Forskningsprojekter på 0-6 års området",
    "Understøttelse og implementering",
    "Forebyggelse af overvægt",
    "Boligsocial indsats",
    "Læsecenter",
    "Hånd om familien",
]


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)


def flat(text: str) -> str:
    # WeasyPrint's automatic hyphenation shows up as U+2010 at a line end.
    return " ".join(text.replace("\u2010\n", "").split())


def add_overview(meeting, user, include_changes=False):
    parameters = {"pool": Pool.objects.get().pk, "year": 2019, "threshold": 500_000}
    return bilag_add(
        meeting=meeting, kind="overview_sheet", parameters=parameters, include_changes=include_changes, acting_user=user
    )


def test_secretary_creates_the_meeting_and_issues_the_overview_sheet_as_bilag_1(client_for, secretary, committee):
    editor = client_for(secretary)
    response = editor.post(
        reverse("meetings:meeting_add"), {"committee": committee.pk, "date": "2019-03-26", "title": ""}
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()

    response = editor.post(
        reverse("meetings:bilag_add", kwargs={"pk": meeting.pk}),
        {"slags": "overview_sheet", "pool": Pool.objects.get().pk, "year": "2019", "threshold": "500.000 kr."},
    )
    bilag = Bilag.objects.get()
    assert response.status_code == 302 and bilag.number == 1
    assert bilag.parameters["threshold"] == 500_000

    assert editor.post(reverse("meetings:bilag_issue", kwargs={"pk": bilag.pk}), {"note": ""}).status_code == 302
    pdf = editor.get(reverse("meetings:bilag_pdf", kwargs={"pk": bilag.pk}))
    assert pdf["Content-Type"] == "application/pdf"
    text = flat(pdf_text(pdf.content))
    assert "Overbliksark over projekter i 0,35% puljen med budget på 500.000 kr. og derover" in text
    assert "Bilag 1 til Børne- og Ungdomsudvalgets møde den 26. marts 2019" in text
    positions = [text.index(name) for name in SIX]
    assert positions == sorted(positions), "projects in the sheet's order"
    assert "I ALT 4.650.000" in text
    pages = len(pypdf.PdfReader(io.BytesIO(pdf.content)).pages)
    assert f"Side 1 af {pages}" in text and f"Side {pages} af {pages}" in text


def test_issued_bilag_downloads_byte_identical_after_a_project_is_edited(client_for, secretary, politician, meeting):
    bilag = add_overview(meeting, secretary)
    version = bilag_issue(bilag=bilag, acting_user=secretary)
    url = reverse("meetings:bilag_pdf", kwargs={"pk": bilag.pk})
    first = client_for(politician).get(url).content
    assert hashlib.sha256(first).hexdigest() == version.sha256

    project = Project.objects.get(name="Læsecenter")
    Allocation.objects.filter(project=project).update(amount=900_000)
    status_change(
        item=project,
        expected_version=project.version,
        new_value=StatusValue.objects.get(scale__slug="projektfremdrift", slug="kritisk"),
        reason="Ny vurdering",
        acting_user=secretary,
    )
    assert client_for(politician).get(url).content == first
    assert "Kritisk" not in pdf_text(first)


def test_correction_is_a_new_version_with_a_note_and_the_old_one_stays(client_for, secretary, meeting):
    bilag = add_overview(meeting, secretary)
    first = bilag_issue(bilag=bilag, acting_user=secretary)
    Allocation.objects.filter(project__name="Læsecenter").update(amount=900_000)

    editor = client_for(secretary)
    url = reverse("meetings:bilag_issue", kwargs={"pk": bilag.pk})
    refused = editor.post(url, {"note": ""})
    assert "Skriv en note om, hvad den rettede version ændrer." in refused.content.decode()
    assert editor.post(url, {"note": "Læsecenterets beløb er rettet."}).status_code == 302

    second = bilag.versions.get(number=2)
    assert "I ALT 5.050.000" in flat(pdf_text(bytes(second.pdf)))
    # The note stands where a reader starts: at the top of page 1, above the title.
    page_one = flat(pypdf.PdfReader(io.BytesIO(bytes(second.pdf))).pages[0].extract_text())
    correction = page_one.index("Rettet version 2, udstedt")
    assert "Læsecenterets beløb er rettet." in page_one[correction:]
    assert correction < page_one.index("Overbliksark over projekter i 0,35% puljen")
    old = editor.get(reverse("meetings:bilag_pdf", kwargs={"pk": bilag.pk}) + "?version=1").content
    assert old == bytes(BilagVersion.objects.get(pk=first.pk).pdf)
    assert "I ALT 4.650.000" in flat(pdf_text(old))


def test_bilag_are_numbered_in_order_within_a_meeting(secretary, meeting):
    assert [add_overview(meeting, secretary).number for _ in range(3)] == [1, 2, 3]


def test_bilag_is_a_tagged_pdf_in_danish_with_title_and_embedded_fonts(secretary, meeting):
    version = bilag_issue(bilag=add_overview(meeting, secretary), acting_user=secretary)
    reader = pypdf.PdfReader(io.BytesIO(bytes(version.pdf)))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "da"
    assert bool(root["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in root
    assert reader.metadata.title.startswith("Overbliksark over projekter i 0,35% puljen")
    fonts = [f.get_object() for page in reader.pages for f in page["/Resources"]["/Font"].values()]
    assert fonts and all(
        "/FontFile2" in f["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        or "/FontFile3" in f["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        for f in fonts
    )


def test_preview_shows_the_same_document_in_html(client_for, politician, secretary, meeting):
    bilag = add_overview(meeting, secretary)
    html = client_for(secretary).get(bilag.get_absolute_url()).content.decode()
    assert '<html lang="da">' in html and "KLADDE" in html
    assert "Bilag 1 til Børne- og Ungdomsudvalgets møde den 26. marts 2019" in html
    assert "4.650.000" in html


def test_changes_since_the_last_meeting_are_listed_with_reason_who_and_amounts(secretary, committee):
    today = timezone.localdate()
    # The seed rows existed long before the previous meeting.
    Allocation.history.update(history_date=timezone.now() - datetime.timedelta(days=400))
    meeting_create(committee=committee, date=today - datetime.timedelta(days=30), acting_user=secretary)
    meeting = meeting_create(committee=committee, date=today + datetime.timedelta(days=7), acting_user=secretary)
    project = Project.objects.get(name="Læsecenter")
    status_change(
        item=project,
        expected_version=project.version,
        new_value=StatusValue.objects.get(scale__slug="projektfremdrift", slug="paa-sporet"),
        reason="Ventelisten er halveret.",
        acting_user=secretary,
    )
    allocation = Allocation.objects.get(project=project)
    allocation.amount = 550_000
    allocation.save()

    version = bilag_issue(bilag=add_overview(meeting, secretary, include_changes=True), acting_user=secretary)
    [item] = version.snapshot["changes"]["items"]
    assert (item["kind"], item["label"]) == ("Projekt", "Læsecenter")
    status, amount = item["events"]
    assert (
        status["what"],
        status["old_status"]["label"],
        status["new_status"]["label"],
        status["reason"],
        status["who"],
    ) == ("Status ændret", "Ikke vurderet", "På sporet", "Ventelisten er halveret.", "Sofie Sekretær")
    assert amount["what"] == "Disponering 2019 ændret"
    assert amount["changes"] == [{"label": "Disponeret beløb", "before": "500.000 kr.", "after": "550.000 kr."}]
    text = flat(pdf_text(bytes(version.pdf)))
    assert "Ændringer siden sidste møde" in text and "Ventelisten er halveret." in text
    assert "Disponeret beløb: „500.000 kr.“ → „550.000 kr.“" in text


# --- WeasyPrint may fetch nothing but the portal's own static files -------------------------


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://example.com/logo.png",
        "https://example.com/style.css",
        BASE_URL + "static/../../../../etc/passwd",
        BASE_URL + "static/css/%2e%2e/%2e%2e/viborg_bu/settings.py",
        BASE_URL + "media/secret.pdf",
        BASE_URL + "static/css",
        BASE_URL + "static/css/bilag.0123456789ab.css",
        "data:text/plain;base64,aGVq",
    ],
)
def test_fetcher_refuses_anything_but_static_files(url):
    fetcher = StaticFilesOnlyFetcher()
    with pytest.raises(ValueError):
        fetcher.fetch(url)
    assert fetcher.served == []


def test_fetcher_serves_the_portals_own_stylesheet():
    response = StaticFilesOnlyFetcher().fetch(BASE_URL + "static/css/bilag.css")
    assert b"@page" in response.read()


def test_fetcher_serves_the_stylesheet_under_its_hashed_name_from_the_production_manifest(monkeypatch):
    manifest = SimpleNamespace(hashed_files={"css/bilag.css": "css/bilag.0123456789ab.css"})
    monkeypatch.setattr("core.pdf_worker.staticfiles_storage", manifest)
    response = StaticFilesOnlyFetcher().fetch(BASE_URL + "static/css/bilag.0123456789ab.css")
    assert b"@page" in response.read()


HOSTILE = (
    '<img src="file:///etc/passwd"><link rel="attachment" href="file:///etc/passwd">'
    '<img src="http://example.com/spy.png"><link rel="stylesheet" href="https://example.com/x.css">'
)


def test_hostile_markup_in_a_status_text_is_printed_as_text_and_fetches_nothing(secretary, meeting):
    Project.objects.filter(name="Læsecenter").update(status_text=HOSTILE)
    version = bilag_issue(bilag=add_overview(meeting, secretary), acting_user=secretary)
    pdf = bytes(version.pdf)
    assert '<img src="file:///etc/passwd">' in flat(pdf_text(pdf))
    assert b"/EmbeddedFiles" not in pdf and b"root:x:0" not in pdf


def test_even_unescaped_hostile_markup_cannot_fetch_or_attach_anything():
    html = f'<!doctype html><html lang="da"><head><title>Prøve</title></head><body><p>Tekst</p>{HOSTILE}</body></html>'
    rendered = render_pdf(html)
    assert set(rendered.refused) == {"file:///etc/passwd", "http://example.com/spy.png", "https://example.com/x.css"}
    assert rendered.served == []
    assert b"/EmbeddedFiles" not in rendered.content and b"root:x:0" not in rendered.content


# --- The PDF is made in a child process, so a web worker's memory stays bounded ---------------


SMALL = '<!doctype html><html lang="da"><head><title>Prøve</title></head><body><p>Tekst</p></body></html>'


def test_a_render_reports_the_peak_memory_of_the_process_that_made_the_pdf():
    rendered = render_pdf(SMALL)
    assert rendered.content.startswith(b"%PDF-") and "Tekst" in pdf_text(rendered.content)
    assert 0 < rendered.max_rss_mib < 300


def test_a_render_that_fails_in_the_child_raises_an_error_with_its_cause():
    with pytest.raises(PdfRenderError, match="Expected exactly one source"):
        render_pdf(None)


def test_a_render_that_takes_too_long_is_stopped(monkeypatch):
    monkeypatch.setattr("core.pdf.TIMEOUT_SECONDS", 0)
    with pytest.raises(PdfRenderError, match="ikke færdig"):
        render_pdf(SMALL)


def test_initiative_status_bilag_has_the_meanings_on_top_and_the_seed_order(secretary, meeting):
    from initiatives.models import Initiative, Plan

    bilag = bilag_add(
        meeting=meeting,
        kind="initiative_status",
        parameters={"plan": Plan.objects.get().pk},
        include_changes=False,
        acting_user=secretary,
    )
    first = Initiative.objects.in_report_order().first()
    status_change(
        item=first,
        expected_version=first.version,
        new_value=StatusValue.objects.get(scale__slug="lys-i-oejnene", slug="gul"),
        reason="Sprogindsatsen er ikke fuldt udrullet",
        acting_user=secretary,
    )
    text = flat(pdf_text(bytes(bilag_issue(bilag=bilag, acting_user=secretary).pdf)))
    assert (
        text.startswith("Status på indsatser i Lys i øjnene 2014–2017")
        or "Status på indsatser i Lys i øjnene 2014–2017" in text
    )
    meanings = [
        text.index(m)
        for m in (
            "Noget, vi gør tilfredsstillende",
            "Noget, vi gør, men som vi ikke gør tilfredsstillende",
            "Noget, vi ikke gør, fordi der er truffet en aktiv politisk beslutning",
        )
    ]
    areas = [
        text.index(a) for a in ("Tværgående målsætninger og indsatser", "Dagtilbud", "Skole", "Familie & Rådgivning")
    ]
    assert meanings == sorted(meanings) and max(meanings) < min(areas) and areas == sorted(areas)
    assert f"{first.text} Gul" in text  # the status is printed as text beside its initiative


@pytest.mark.parametrize(
    "kind, parameter, model, expected",
    [
        (
            "budget_proposal",
            "proposal",
            "programs.BudgetProposal",
            [
                "Investering i udviklingen af almen",
                "Dato: 1. august 2025",
                "Udvalg: Børne- og Ungdomsudvalget",
                "Baggrund og formål",
                "Beskrivelse",
                "Udgifter 4.000 4.000 4.000 4.000",
                "Netto 4.000 4.000 4.000 4.000",
            ],
        ),
        (
            "agreement",
            "agreement",
            "agreements.Agreement",
            [
                "Delmål Indikator Baseline Evt. anden baseline Baseline år Datakilde",
                "95 % (Viborg Kommune)",
                "Data kommer",
                "Boligsociale ressourcer i alt: 96 timer pr. uge",
                "Aktivitet: Barselscafé",
            ],
        ),
        (
            "coherence_model",
            "model",
            "goals.CoherenceModel",
            ["Værdier (Rødder)", "(Stammen)", "(Bladene)", "Realisering af målene i sammenhængsmodellen"],
        ),
    ],
)
def test_every_bilag_kind_renders_its_seed_document(secretary, meeting, kind, parameter, model, expected):
    from django.apps import apps

    pk = apps.get_model(model).objects.order_by("pk").first().pk
    bilag = bilag_add(
        meeting=meeting, kind=kind, parameters={parameter: pk}, include_changes=False, acting_user=secretary
    )
    text = flat(pdf_text(bytes(bilag_issue(bilag=bilag, acting_user=secretary).pdf)))
    for fragment in expected:
        assert fragment in text
    assert "Bilag 1 til Børne- og Ungdomsudvalgets møde den 26. marts 2019" in text
