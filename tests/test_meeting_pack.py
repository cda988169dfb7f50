"""The meeting pack: a politician downloads every issued bilag of a meeting as one PDF or as a zip."""

import datetime
import hashlib
import io
import subprocess
import tempfile
import time
import zipfile
from pathlib import Path

import pypdf
import pytest
from django.urls import reverse

from meetings.pack import meeting_pack_pdf, meeting_pack_zip
from meetings.selectors import bilag_file_name, issued_bilag
from meetings.services import bilag_add, bilag_issue, meeting_create
from programs.models import Committee

# One bilag of each shape: the overview sheet (landscape), a budget proposal and an agreement (portrait).
KINDS = [
    ("overview_sheet", lambda: {"pool": _pk("projects.Pool"), "year": 2019, "threshold": 500_000}),
    ("budget_proposal", lambda: {"proposal": _pk("programs.BudgetProposal")}),
    ("agreement", lambda: {"agreement": _pk("agreements.Agreement")}),
]


def _pk(model):
    from django.apps import apps

    return apps.get_model(model).objects.order_by("pk").first().pk


def pdftotext(content: bytes, first: int | None = None, last: int | None = None) -> str:
    """The text of the pages first..last (from 1) as poppler reads it, in reading layout."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "in.pdf"
        path.write_bytes(content)
        pages = [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else [])]
        return subprocess.run(
            ["pdftotext", "-layout", *pages, str(path), "-"], check=True, capture_output=True, text=True
        ).stdout


def flat(text: str) -> str:
    return " ".join(text.replace("\u2010\n", "").split())


def page_texts(content: bytes) -> list[str]:
    return [flat(page.extract_text()) for page in pypdf.PdfReader(io.BytesIO(content)).pages]


@pytest.fixture
def meeting(seed, secretary):
    committee = Committee.objects.get_or_create(name="Børne- og Ungdomsudvalget")[0]
    return meeting_create(committee=committee, date=datetime.date(2019, 3, 26), acting_user=secretary)


def add(meeting, secretary, kind, parameters):
    return bilag_add(meeting=meeting, kind=kind, parameters=parameters, include_changes=False, acting_user=secretary)


@pytest.fixture
def issued_meeting(meeting, secretary):
    """Bilag 1–3 issued (Bilag 2 corrected once), Bilag 4 a draft."""
    for kind, parameters in KINDS:
        bilag_issue(bilag=add(meeting, secretary, kind, parameters()), acting_user=secretary)
    second = meeting.bilag.get(number=2)
    bilag_issue(bilag=second, note="Rettet beløb", acting_user=secretary)
    add(meeting, secretary, "initiative_status", {"plan": _pk("initiatives.Plan")})
    return meeting


def test_only_issued_bilag_with_their_newest_version_are_in_the_pack(issued_meeting):
    items = issued_bilag(issued_meeting)
    assert [(bilag.number, version.number) for bilag, version in items] == [(1, 1), (2, 2), (3, 1)]


def test_a_politician_reads_the_whole_pack_with_contents_page_numbers_and_bookmarks(issued_meeting):
    items = issued_bilag(issued_meeting)
    stored = [bytes(version.pdf) for _bilag, version in items]
    counts = [len(pypdf.PdfReader(io.BytesIO(content)).pages) for content in stored]

    pack = meeting_pack_pdf(issued_meeting)
    reader = pypdf.PdfReader(io.BytesIO(pack))
    front = 2  # the cover and the contents
    total = front + sum(counts)
    assert len(reader.pages) == total

    # The cover and the contents: each issued bilag's number, title and pages in the pack.
    cover = flat(pdftotext(pack, 1, 1))
    assert "Viborg Kommune · Børn & Unge" in cover and "Børne- og Ungdomsudvalget" in cover
    assert "Bilag til mødet den 26. marts 2019" in cover
    contents = pdftotext(pack, 2, 2)
    lines = [flat(line) for line in contents.splitlines()]
    first = front + 1
    for (bilag, _version), count in zip(items, counts):
        pages = str(first) if count == 1 else f"{first}–{first + count - 1}"
        row = next(line for line in lines if line.startswith(f"Bilag {bilag.number} "))
        assert bilag.display_title in row and row.endswith(pages), row
        first += count
    assert "Bilag 4" not in contents and "Status på indsatser" not in flat(pdftotext(pack))  # the draft

    # One bookmark per issued bilag, at its first page.
    outline = [(item.title, reader.get_destination_page_number(item)) for item in reader.outline]
    starts = [front + sum(counts[:index]) for index in range(len(counts))]  # 0-based page indexes
    assert outline == [(f"Bilag {b.number} – {b.display_title}", start) for (b, _v), start in zip(items, starts)]

    # Each bilag's pages carry its stored text unchanged (plus the pack's page number).
    texts = page_texts(pack)
    for content, start in zip(stored, starts):
        for offset, text in enumerate(page_texts(content)):
            assert texts[start + offset].startswith(text) or text in texts[start + offset]

    # "Samlet side N af M" on every page, once.
    for number, text in enumerate(texts, start=1):
        assert text.count(f"Samlet side {number} af {total}") == 1, (number, text[-200:])

    # The pack's title and language, and it stays tagged.
    assert reader.metadata.title == "Bilag til Børne- og Ungdomsudvalgets møde den 26. marts 2019"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "da" and root["/MarkInfo"]["/Marked"].value is True
    assert root["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    document = root["/StructTreeRoot"]["/K"].get_object()
    assert document["/S"] == "/Document"
    parts = [kid.get_object() for kid in document["/K"]]
    assert [part["/S"] for part in parts] == ["/Part"] * (1 + len(items))
    assert [part["/T"] for part in parts] == ["Forside og indhold", *(title for title, _page in outline)]
    pack_pages = {page.indirect_reference.idnum for page in reader.pages}
    parent_tree = root["/StructTreeRoot"]["/ParentTree"]["/Nums"]
    keys = [int(key) for key in parent_tree[::2]]
    assert keys == sorted(set(keys))
    for page in reader.pages:  # every page's marked content has its entry in the parent tree
        assert int(page["/StructParents"]) in keys
        for element in parent_tree[keys.index(int(page["/StructParents"])) * 2 + 1]:
            element = element.get_object()
            if "/Pg" in element:
                assert element.raw_get("/Pg").idnum in pack_pages


def test_a_politician_downloads_the_zip_with_the_stored_files_unchanged(issued_meeting):
    items = issued_bilag(issued_meeting)
    archive = zipfile.ZipFile(io.BytesIO(meeting_pack_zip(issued_meeting)))
    assert archive.namelist() == [
        "2019-03-26 Bilag 1 Overbliksark 0,35% puljen.pdf",
        bilag_file_name(items[1].bilag, version=items[1].version),
        bilag_file_name(items[2].bilag, version=items[2].version),
    ]
    assert "rettet version 2" in archive.namelist()[1]
    for info, (_bilag, version) in zip(archive.infolist(), items):
        content = archive.read(info)
        assert hashlib.sha256(content).hexdigest() == version.sha256
        assert bool(info.flag_bits & 0x800) == (not info.filename.isascii())  # "ø" in a name: marked UTF-8


def test_the_pack_downloads_for_readers_and_editors_and_needs_a_login(
    issued_meeting, client, client_for, politician, secretary
):
    pdf_url = reverse("meetings:meeting_pack_pdf", kwargs={"pk": issued_meeting.pk})
    zip_url = reverse("meetings:meeting_pack_zip", kwargs={"pk": issued_meeting.pk})
    assert pdf_url.endswith(f"/{issued_meeting.pk}/bilag.pdf") and zip_url.endswith(f"/{issued_meeting.pk}/bilag.zip")
    assert client.get(pdf_url).status_code == 302 and client.get(zip_url).status_code == 302

    page = client_for(politician).get(issued_meeting.get_absolute_url()).content.decode()
    assert "Hent alle bilag som én PDF" in page and "Hent alle bilag som zip" in page
    assert pdf_url in page and zip_url in page

    for user in (politician, secretary):
        response = client_for(user).get(pdf_url)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF-")
        assert response["Content-Disposition"] == (
            "attachment; filename*=utf-8''2019-03-26%20Bilag%20til%20B%C3%B8rne-%20og%20Ungdomsudvalgets%20m%C3%B8de.pdf"
        )
    response = client_for(politician).get(zip_url)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith("attachment; filename*=utf-8''2019-03-26%20Bilag%20til")
    assert response["Content-Disposition"].endswith("m%C3%B8de.zip")
    assert zipfile.ZipFile(io.BytesIO(response.content)).testzip() is None


def test_a_meeting_without_issued_bilag_has_no_pack(meeting, secretary, client_for, politician):
    add(meeting, secretary, *KINDS[0][:1], KINDS[0][1]())  # a draft only
    politician_client = client_for(politician)
    page = politician_client.get(meeting.get_absolute_url()).content.decode()
    assert "Hent alle bilag" not in page
    for name in ("meetings:meeting_pack_pdf", "meetings:meeting_pack_zip"):
        response = politician_client.get(reverse(name, kwargs={"pk": meeting.pk}))
        assert response.status_code == 404
        assert "Mødet har ingen udstedte bilag" in response.content.decode()


@pytest.mark.parametrize("bilag_count", [5])
def test_a_pack_of_five_bilag_builds_in_a_few_seconds(meeting, secretary, bilag_count, capsys):
    kinds = [*KINDS, ("initiative_status", lambda: {"plan": _pk("initiatives.Plan")})]
    kinds.append(("coherence_model", lambda: {"model": _pk("goals.CoherenceModel")}))
    for kind, parameters in kinds[:bilag_count]:
        bilag_issue(bilag=add(meeting, secretary, kind, parameters()), acting_user=secretary)
    started = time.perf_counter()
    pack = meeting_pack_pdf(meeting)
    seconds = time.perf_counter() - started
    pages = len(pypdf.PdfReader(io.BytesIO(pack)).pages)
    with capsys.disabled():
        print(f"\npack of {bilag_count} bilag: {pages} pages, {len(pack) / 1024:.0f} KiB, {seconds:.2f} s")
    assert seconds < 20

    archive = zipfile.ZipFile(io.BytesIO(meeting_pack_zip(meeting)))
    danish = [info for info in archive.infolist() if not info.filename.isascii()]
    assert [info.filename for info in danish] == [
        "2019-03-26 Bilag 4 Status Lys i øjnene 2014–2017.pdf",
        "2019-03-26 Bilag 5 Sammenhængsmodellen.pdf",
    ]
    assert all(info.flag_bits & 0x800 for info in danish)  # marked UTF-8, so an unzip shows "ø", "æ" and "–"


def test_a_longer_contents_moves_every_page_number(seed, secretary, monkeypatch):
    """The front is rendered for a guessed number of pages; when it takes another number, it is rendered
    again, so the contents and the bookmarks still point at the right pages."""
    from meetings import pack
    from tests.factories import overview_sheet

    meeting = overview_sheet(acting_user=secretary, issue=True).bilag.meeting
    monkeypatch.setattr(pack, "FRONT_PAGES_GUESS", 1)  # the cover and the contents take two
    content = meeting_pack_pdf(meeting)
    reader = pypdf.PdfReader(io.BytesIO(content))
    pages = len(reader.pages)
    assert f"Bilag 1 Overbliksark 0,35% puljen 3–{pages}" in flat(pdftotext(content, 2, 2))
    assert [reader.get_destination_page_number(item) for item in reader.outline] == [2]
    assert f"Samlet side {pages} af {pages}" in page_texts(content)[-1]
