"""Issue 19: the staged import of spreadsheets — upload → preview → confirm → receipt (ADR 0022).

The secretariat exports a list, changes it in Excel and imports it again. Nothing is written before
confirm; a confirm is refused if the data changed since the preview; bad files get a Danish message and
write nothing; only editors import.
"""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.models import Allocation, Partner, Pool, Project
from spreadsheets.kinds import SHEETS
from spreadsheets.models import ImportBatch
from statuses.models import StatusChange
from tests.pages import csv_table, text

PROJECTS = reverse("projects:project_list")
IMPORT = reverse("spreadsheets:projekter")


# --- Helpers ---------------------------------------------------------------------------------------


def exported(client, fmt="xlsx", **query) -> bytes:
    response = client.get(PROJECTS, {"_export": fmt, **query})
    assert response.status_code == 200
    return response.content


def workbook(content: bytes):
    return openpyxl.load_workbook(io.BytesIO(content))


def as_xlsx(book) -> bytes:
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def columns(sheet) -> dict[str, int]:
    return {cell.value: cell.column for cell in sheet[1]}


def row_of(sheet, name) -> int:
    header = columns(sheet)
    return next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, header["Projektnavn"]).value == name)


def upload(client, content: bytes, name="projekter.xlsx", url=IMPORT):
    """Upload a file and follow to the batch's page: (response, batch)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(url, {"file": SimpleUploadedFile(name, content)})
    if response.status_code != 302:
        return response, None
    batch = ImportBatch.objects.order_by("-created_at").first()
    return client.get(response["Location"]), batch


def confirm(client, batch):
    from spreadsheets.services import preview_token

    batch.refresh_from_db()
    return client.post(batch.get_absolute_url(), {"preview": preview_token(batch)})


def portal_state():
    """What an import could write: projects, allocations, partners and their histories, status changes."""
    return (
        list(Project.everything.order_by("pk").values_list()),
        list(Allocation.objects.order_by("pk").values_list()),
        Project.history.count(),
        Allocation.history.count(),
        StatusChange.objects.count(),
        Partner.objects.count(),
    )


@pytest.fixture
def editor(client_for, secretary, seed):
    return client_for(secretary)


# --- Round trip ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_exporting_and_importing_unchanged_projects_gives_zero_changes(editor, fmt):
    before = portal_state()
    page, batch = upload(editor, exported(editor, fmt), name=f"projekter.{fmt}")
    assert batch.state == ImportBatch.STAGED, batch.errors
    assert batch.counts == {"new": 0, "changed": 0, "unchanged": Project.objects.count(), "error": 0}
    assert "Regnearket er det samme som portalens data" in text(page.content.decode())
    assert portal_state() == before
    assert "Der er ingen ændringer at gemme" in confirm(editor, batch).content.decode()
    assert portal_state() == before


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
@pytest.mark.parametrize("slug", sorted(SHEETS))
def test_every_importable_list_round_trips_with_zero_changes(editor, secretary, slug, fmt):
    from goals.models import Indicator
    from goals.services import measurement_add

    for indicator, value in zip(Indicator.objects.order_by("pk")[:2], ("62.5", "12.25")):
        measurement_add(
            indicator=indicator,
            measured_on=datetime.date(2024, 6, 1),
            value=Decimal(value),
            source="Opgørelse",
            comment="Med „citat“ og ; semikolon\nog en ny linje",
            acting_user=secretary,
        )
    sheet = SHEETS[slug]
    download = reverse(f"spreadsheets:{slug}") if sheet.own_download else reverse(sheet.list_url_name)
    content = editor.get(download, {"_export": fmt}).content
    rows = len(csv_table(editor.get(download, {"_export": "csv"}).content)) - 1
    assert rows >= sheet.model.objects.count() > 0 and rows > 0
    _, batch = upload(editor, content, name=f"{slug}.{fmt}", url=reverse(f"spreadsheets:{slug}"))
    assert batch.state == ImportBatch.STAGED, batch.errors
    assert batch.counts == {"new": 0, "changed": 0, "unchanged": rows, "error": 0}


@pytest.mark.parametrize("slug", ["aktiviteter", "indsatser"])
def test_statuses_of_activities_and_initiatives_change_with_a_reason(editor, secretary, slug):
    sheet_class = SHEETS[slug]
    book = workbook(editor.get(reverse(sheet_class.list_url_name), {"_export": "xlsx"}).content)
    sheet = book.active
    header = columns(sheet)
    assert list(header)[-2:] == ["Status", "Begrundelse for statusændring"]
    item = sheet_class.model.objects.get(pk=sheet.cell(2, header["Nr."]).value)
    other = item.status.scale.values.exclude(pk=item.status_id).order_by("order").last()
    sheet.cell(2, header["Status"]).value = other.label
    sheet.cell(3, list(header.values())[1]).value = "Et nyt navn"  # a column to read: not imported
    before = portal_state(), StatusChange.objects.count()
    url = reverse(f"spreadsheets:{slug}")
    _, batch = upload(editor, as_xlsx(book), url=url)
    assert batch.counts["error"] == 1 and "Skriv en begrundelse for statusændringen." in str(batch.rows)
    sheet.cell(2, header["Begrundelse for statusændring"]).value = "Aftalt på mødet."
    _, batch = upload(editor, as_xlsx(book), url=url)
    assert batch.counts["changed"] == 1 and batch.counts["error"] == 0, batch.rows
    assert (portal_state(), StatusChange.objects.count()) == before
    confirm(editor, batch)
    item.refresh_from_db()
    change = StatusChange.objects.latest("changed_at")
    assert item.status == other and change.reason == "Aftalt på mødet." and change.changed_by == secretary
    # A new row cannot be made by a status import.
    sheet.cell(2, header["Nr."]).value = None
    _, batch = upload(editor, as_xlsx(book), url=url)
    assert "importen skifter kun status" in str(batch.rows)


def test_measurements_are_added_by_spreadsheet_and_never_edited(editor, secretary, client_for, politician):
    from goals.models import Indicator, Measurement

    assert (
        'href="/regneark/maalinger/">Importér målinger' in editor.get(reverse("goals:indicator_list")).content.decode()
    )
    assert "Importér målinger" not in client_for(politician).get(reverse("goals:indicator_list")).content.decode()
    url = download = reverse("spreadsheets:maalinger")
    book = workbook(editor.get(download, {"_export": "xlsx"}).content)
    sheet = book.active
    header = columns(sheet)
    assert list(header) == ["Nr.", "Indikator nr.", "Indikator", "Enhed", "Målt den", "Værdi", "Kilde", "Kommentar"]
    # The empty row of an indicator without measurements gets its first.
    line = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, header["Nr."]).value is None)
    indicator = Indicator.objects.get(pk=sheet.cell(line, header["Indikator nr."]).value)
    sheet.cell(line, header["Målt den"]).value = "26-03-2019"
    sheet.cell(line, header["Værdi"]).value = "75,5" if indicator.unit.strip() == "%" else "1.234,5"
    sheet.cell(line, header["Kilde"]).value = "Skolens opgørelse"
    before = Measurement.objects.count()
    _, batch = upload(editor, as_xlsx(book), url=url)
    assert batch.counts["new"] == 1 and batch.counts["error"] == 0, batch.rows
    assert Measurement.objects.count() == before
    confirm(editor, batch)
    added = Measurement.objects.get(indicator=indicator)
    assert added.measured_on == datetime.date(2019, 3, 26) and added.source == "Skolens opgørelse"
    assert added.entered_by == secretary and added.history.first().history_user == secretary
    # Exported again, the new measurement has its number; changing it is refused, in the future too.
    book = workbook(editor.get(download, {"_export": "xlsx"}).content)
    sheet = book.active
    line = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, header["Nr."]).value == added.pk)
    sheet.cell(line, header["Værdi"]).value = 1
    blank = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, header["Nr."]).value is None)
    sheet.cell(blank, header["Målt den"]).value = datetime.date.today() + datetime.timedelta(days=3)
    sheet.cell(blank, header["Værdi"]).value = 1
    _, batch = upload(editor, as_xlsx(book), url=url)
    errors = str(batch.rows)
    assert "En gemt måling rettes ikke." in errors and "En måling kan ikke ligge i fremtiden." in errors


def test_the_economy_lines_of_a_budget_proposal_are_imported_in_thousands(editor, secretary):
    from programs.models import BudgetProposal, EconomyLine

    proposals = reverse("programs:proposal_list")
    assert 'href="/regneark/oekonomi/">Importér økonomi' in editor.get(proposals).content.decode()
    book = workbook(editor.get(reverse("spreadsheets:oekonomi"), {"_export": "xlsx"}).content)
    sheet = book.active
    header = columns(sheet)
    proposal = BudgetProposal.objects.get(pk=sheet.cell(2, header["Nr."]).value)
    line = proposal.economy_lines.order_by("year", "kind").first()
    word = "Udgifter" if line.kind == "udgifter" else "Finansiering"
    column = header[f"{word} {line.year} (1.000 kr.)"]
    assert sheet.cell(2, column).value == line.amount and sheet.cell(2, column).number_format == "#,##0"
    sheet.cell(2, column).value = "4.500"  # 4,5 mio. kr.
    before = EconomyLine.objects.count(), EconomyLine.history.count()
    _, batch = upload(editor, as_xlsx(book), url=reverse("spreadsheets:oekonomi"))
    [row] = [row for row in batch.rows if row["state"] == "changed"]
    assert row["changes"][0][2:] == [f"{line.amount:,} (i 1.000 kr.)".replace(",", "."), "4.500 (i 1.000 kr.)"]
    assert (EconomyLine.objects.count(), EconomyLine.history.count()) == before
    confirm(editor, batch)
    line.refresh_from_db()
    assert line.amount == 4_500 and line.history.first().history_user == secretary


def test_the_import_columns_are_exactly_the_export_columns(editor):
    sheet = workbook(exported(editor)).active
    headers = [cell.value for cell in sheet[1]]
    assert headers[:11] == [
        "Nr.",
        "Pulje",
        "Projektnavn",
        "Projektbeskrivelse",
        "Statusbeskrivelse",
        "Program",
        "Samarbejdspartnere",
        "Start",
        "Slut",
        "Status",
        "Begrundelse for statusændring",
    ]
    years = sorted({a.year for a in Allocation.objects.all()})
    assert headers[11:] == [f"Disponeret {year}" for year in years] + ["Disponeret i alt"]
    page = editor.get(IMPORT).content.decode()
    for header in headers:
        assert f'<th scope="row">{header}</th>' in page


def test_a_filtered_export_round_trips_and_leaves_the_other_projects_be(editor):
    content = exported(editor, year=2019, q="Læsecenter")
    assert len(csv_table(exported(editor, "csv", year=2019, q="Læsecenter"))) == 2
    _, batch = upload(editor, content)
    assert batch.counts == {"new": 0, "changed": 0, "unchanged": 1, "error": 0}


# --- Preview, confirm, receipt ------------------------------------------------------------------


def test_a_changed_cell_is_previewed_old_to_new_and_saved_only_on_confirm(editor, secretary):
    book = workbook(exported(editor))
    sheet = book.active
    header, line = columns(sheet), row_of(sheet, "Læsecenter")
    sheet.cell(line, header["Statusbeskrivelse"]).value = "Læsecentret har åbent om aftenen."
    sheet.cell(line, header["Disponeret 2019"]).value = 650000
    before = portal_state()
    page, batch = upload(editor, as_xlsx(book))
    assert batch.counts["changed"] == 1 and batch.counts["error"] == 0
    html = text(page.content.decode())
    assert "Disponeret 2019: 500.000 kr. → ændres til 650.000 kr." in html
    assert "Læsecentret har åbent om aftenen." in html
    assert portal_state() == before  # nothing is written before confirm

    response = confirm(editor, batch)
    assert response.status_code == 302
    project = Project.objects.get(name="Læsecenter")
    assert project.status_text == "Læsecentret har åbent om aftenen."
    assert project.allocations.get(year=2019).amount == 650_000
    assert project.history.first().history_user == secretary  # through the service, with the acting user
    assert Allocation.history.filter(year=2019, amount=650_000).first().history_user == secretary
    receipt = text(editor.get(response["Location"]).content.decode())
    assert "Kvittering for importen" in receipt and "Læsecenter" in receipt and "650.000 kr." in receipt
    # A second click on the same button changes nothing more.
    after = portal_state()
    confirm(editor, batch)
    assert portal_state() == after


def test_a_new_row_becomes_a_project_with_its_allocations(editor, secretary):
    book = workbook(exported(editor))
    sheet = book.active
    header = columns(sheet)
    new = sheet.max_row + 1
    values = {
        "Pulje": Pool.objects.get().name,
        "Projektnavn": "Sprogstart",
        "Projektbeskrivelse": "Sprogindsats i dagtilbud.",
        "Start": "08-2026",
        "Slut": datetime.datetime(2027, 6, 1),
        "Samarbejdspartnere": Partner.objects.order_by("name").first().name,
        "Disponeret 2019": "1.500.000",
    }
    for name, value in values.items():
        sheet.cell(new, header[name]).value = value
    _, batch = upload(editor, as_xlsx(book))
    assert batch.counts["new"] == 1 and batch.counts["error"] == 0, batch.rows
    confirm(editor, batch)
    project = Project.objects.get(name="Sprogstart")
    assert project.status == project.pool.status_scale.default_value
    assert [(a.year, a.amount) for a in project.allocations.all()] == [(2019, 1_500_000)]
    assert project.start_month == datetime.date(2026, 8, 1) and project.end_month == datetime.date(2027, 6, 1)
    assert project.partners.count() == 1
    assert project.history.first().history_user == secretary


def test_what_an_import_saved_is_found_by_the_search_at_once(editor, client_for, politician):
    """The import re-indexes its rows once at its end (core.batching); a politician finds them right after."""
    book = workbook(exported(editor))
    sheet = book.active
    header, new = columns(sheet), sheet.max_row + 1
    sheet.cell(new, header["Pulje"]).value = Pool.objects.get().name
    sheet.cell(new, header["Projektnavn"]).value = "Sprogstart"
    sheet.cell(new, header["Projektbeskrivelse"]).value = "Sprogindsats i dagtilbud."
    sheet.cell(row_of(sheet, "Læsecenter"), header["Statusbeskrivelse"]).value = "Bogormene har travlt."
    _, batch = upload(editor, as_xlsx(book))
    assert batch.counts["new"] == 1 and batch.counts["changed"] == 1, batch.rows
    reader = client_for(politician)

    def found(words):
        return text(reader.get(reverse("search:results"), {"q": words}).content.decode())

    assert "Læsecenter" not in found("bogormene")
    confirm(editor, batch)
    assert "Sprogstart" in found("sprogindsats")
    assert "Læsecenter" in found("bogormene")


def test_a_new_status_needs_a_reason_and_is_saved_with_it(editor, secretary):
    book = workbook(exported(editor))
    sheet = book.active
    header, line = columns(sheet), row_of(sheet, "Læsecenter")
    project = Project.objects.get(name="Læsecenter")
    other = project.pool.status_scale.values.exclude(pk=project.status_id).order_by("order").first()
    sheet.cell(line, header["Status"]).value = other.label
    _, batch = upload(editor, as_xlsx(book))
    assert batch.counts["error"] == 1
    assert "Skriv en begrundelse for statusændringen." in str(batch.rows)

    sheet.cell(line, header["Begrundelse for statusændring"]).value = "Læsevejlederen er ansat."
    _, batch = upload(editor, as_xlsx(book))
    assert batch.counts["changed"] == 1, batch.rows
    confirm(editor, batch)
    change = StatusChange.objects.latest("changed_at")
    assert change.new_value == other and change.reason == "Læsevejlederen er ansat."
    assert change.changed_by == secretary


def test_a_confirm_is_refused_if_the_data_changed_since_the_preview(editor, other_secretary):
    from projects.services import project_update

    book = workbook(exported(editor))
    sheet = book.active
    header, line = columns(sheet), row_of(sheet, "Hånd om familien")
    sheet.cell(line, header["Statusbeskrivelse"]).value = "Ny tekst fra regnearket."
    _, batch = upload(editor, as_xlsx(book))
    assert batch.counts["changed"] == 1
    # Meanwhile a colleague saves another project in the form.
    project = Project.objects.get(name="Læsecenter")
    project_update(
        project=project,
        data={"status_text": "Rettet i formularen."},
        partners=list(project.partners.all()),
        allocations={a.year: a.amount for a in project.allocations.all()},
        expected_version=project.version,
        acting_user=other_secretary,
    )
    before = portal_state()
    page = editor.get(confirm(editor, batch)["Location"]).content.decode()
    assert "Data er ændret i portalen siden forhåndsvisningen" in text(page) and "Intet er gemt" in text(page)
    assert portal_state() == before
    # "Forhåndsvis igen" compares with the data as it is now; then the confirm goes through.
    editor.post(batch.get_absolute_url(), {"igen": "1"})
    batch.refresh_from_db()
    assert batch.counts["changed"] == 2  # the colleague's text would be set back: the preview shows it
    confirm(editor, batch)
    assert Project.objects.get(name="Hånd om familien").status_text == "Ny tekst fra regnearket."


def test_all_rows_go_in_one_transaction(editor):
    """A row the service refuses at confirm (a name taken meanwhile) leaves every other row unsaved too."""
    book = workbook(exported(editor))
    sheet = book.active
    header = columns(sheet)
    sheet.cell(row_of(sheet, "Læsecenter"), header["Statusbeskrivelse"]).value = "Ændret."
    new = sheet.max_row + 1
    for name, value in {
        "Pulje": Pool.objects.get().name,
        "Projektnavn": "Sprogstart",
        "Projektbeskrivelse": "x",
    }.items():
        sheet.cell(new, header[name]).value = value
    _, batch = upload(editor, as_xlsx(book))
    assert batch.counts == {"new": 1, "changed": 1, "unchanged": 5, "error": 0}
    Project.objects.filter(name="Hånd om familien").update(name="Sprogstart")  # behind the portal's back
    before = portal_state()
    page = text(editor.get(confirm(editor, batch)["Location"]).content.decode())
    assert "Intet er gemt" in page and "Sprogstart" in page
    assert portal_state() == before


def test_a_confirm_reads_the_projects_as_often_for_every_row_as_for_one(editor):
    """A file of 5 000 rows must not cost a round trip a row for what the import can ask once (make bench:
    applying them ≤ 20 s): the confirm reads and locks the rows' projects together, and the services take
    them from there."""

    def reads_of_the_projects_when_changing(names):
        book = workbook(exported(editor))
        sheet = book.active
        header = columns(sheet)
        for number, name in enumerate(names):
            sheet.cell(row_of(sheet, name), header["Statusbeskrivelse"]).value = f"Status {len(names)}.{number}."
        _, batch = upload(editor, as_xlsx(book))
        assert batch.counts["changed"] == len(names)
        with CaptureQueriesContext(connection) as queries:
            confirm(editor, batch)
        saved = [Project.objects.get(name=name).status_text for name in names]
        assert saved == [f"Status {len(names)}.{number}." for number in range(len(names))]
        return sum(query["sql"].startswith('SELECT "projects_project"') for query in queries)

    names = list(Project.objects.order_by("name").values_list("name", flat=True))
    assert len(names) > 3
    assert reads_of_the_projects_when_changing(names[:1]) == reads_of_the_projects_when_changing(names)


# --- Bad input: a Danish message, nothing written -----------------------------------------------------


def refused_file(editor, content, name="projekter.xlsx"):
    before = portal_state()
    page, batch = upload(editor, content, name=name)
    assert portal_state() == before
    return page, batch


def test_wrong_and_missing_headers_are_named(editor):
    book = workbook(exported(editor))
    sheet = book.active
    sheet.cell(1, columns(sheet)["Projektnavn"]).value = "Navn"
    sheet.cell(1, columns(sheet)["Slut"]).value = None
    page, batch = refused_file(editor, as_xlsx(book))
    assert batch.state == ImportBatch.FAILED
    html = text(page.content.decode())
    assert "Ukendt kolonne „Navn“ (kolonne C)." in html
    assert "Kolonne I har ingen overskrift." in html
    assert "Kolonnerne „Projektnavn“, „Slut“ mangler." in html
    assert "Intet er gemt." in html


def test_unknown_and_duplicate_numbers_are_errors_on_their_cells(editor):
    book = workbook(exported(editor))
    sheet = book.active
    header = columns(sheet)
    sheet.cell(2, header["Nr."]).value = 99999
    sheet.cell(4, header["Nr."]).value = sheet.cell(3, header["Nr."]).value
    sheet.cell(5, header["Nr."]).value = "tolv"
    _, batch = refused_file(editor, as_xlsx(book))
    errors = str([row["errors"] for row in batch.rows if row["state"] == "error"])
    assert "Der er intet projekt med nr. 99999." in errors
    assert "står også i række 3" in errors
    assert "„tolv“ er ikke et nummer." in errors
    assert batch.counts["error"] == 3
    assert "Regnearket har fejl" in confirm(editor, batch).content.decode()


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("1.500.000", None),  # Danish
        ("1500000 kr.", None),
        (1500000.0, None),
        ("1,500,000", "Beløbet kan ikke læses entydigt."),  # foreign
        ("1.500.000,50", "Angiv beløbet i hele tal uden decimaler"),
        ("1.5", "Beløbet kan ikke læses entydigt."),
        ("-500", "Beløbet kan ikke være negativt."),
        ("mange", "Skriv et beløb med tal"),
    ],
)
def test_danish_and_foreign_number_formats(editor, typed, expected):
    book = workbook(exported(editor))
    sheet = book.active
    sheet.cell(row_of(sheet, "Læsecenter"), columns(sheet)["Disponeret 2019"]).value = typed
    _, batch = refused_file(editor, as_xlsx(book))
    [row] = [row for row in batch.rows if row["label"] == "Læsecenter"]
    if expected is None:
        assert row["state"] == "changed" and row["changes"][0][3] == "1.500.000 kr."
    else:
        assert row["state"] == "error" and expected in str(row["errors"])


def test_excel_serial_dates_and_danish_months_are_read(editor):
    book = workbook(exported(editor))
    sheet = book.active
    header, line = columns(sheet), row_of(sheet, "Læsecenter")
    sheet.cell(line, header["Start"]).value = 43550  # 26-03-2019 as Excel counts days
    sheet.cell(line, header["Slut"]).value = "december 2020"
    _, batch = refused_file(editor, as_xlsx(book))
    [row] = [row for row in batch.rows if row["label"] == "Læsecenter"]
    assert row["state"] == "changed", row["errors"]
    assert {change[1]: change[3] for change in row["changes"]} == {"Start": "marts 2019", "Slut": "december 2020"}
    sheet.cell(line, header["Start"]).value = "31-02-2019"
    _, batch = refused_file(editor, as_xlsx(book))
    assert "„31-02-2019“ er ikke en måned." in str(batch.rows)


def test_empty_rows_are_skipped(editor):
    book = workbook(exported(editor))
    sheet = book.active
    sheet.insert_rows(3, amount=2)
    sheet.cell(sheet.max_row + 3, 1).value = "   "
    _, batch = refused_file(editor, as_xlsx(book))
    assert batch.counts == {"new": 0, "changed": 0, "unchanged": Project.objects.count(), "error": 0}


def test_formulas_are_never_evaluated(editor):
    book = workbook(exported(editor))
    sheet = book.active
    header, line = columns(sheet), row_of(sheet, "Læsecenter")
    sheet.cell(line, header["Disponeret 2019"]).value = "=500000+1"
    sheet.cell(line, header["Statusbeskrivelse"]).value = '=HYPERLINK("https://angriber.example")'
    _, batch = refused_file(editor, as_xlsx(book))
    [row] = [row for row in batch.rows if row["label"] == "Læsecenter"]
    assert row["state"] == "error"
    assert "Cellen indeholder formlen =500000+1. Formler læses ikke" in str(row["errors"])
    # A CSV typed by hand with a formula: the same.
    content = exported(editor, "csv").decode("utf-8-sig").replace(";500000;", ";=500000+1;", 1)
    _, batch = refused_file(editor, content.encode("utf-8"), name="projekter.csv")
    assert "Formler læses ikke" in str(batch.rows)


def test_formula_like_text_exported_neutralised_round_trips(editor):
    Project.objects.filter(name="Læsecenter").update(name="=Læsecenter")
    for fmt in ("xlsx", "csv"):
        _, batch = upload(editor, exported(editor, fmt), name=f"projekter.{fmt}")
        assert batch.counts["changed"] == 0 and batch.counts["error"] == 0, batch.rows


def test_ten_thousand_rows_are_refused(editor):
    book = workbook(exported(editor))
    sheet = book.active
    header = columns(sheet)
    for number in range(10_000):
        sheet.append([None] * (header["Projektnavn"] - 1) + [f"Projekt {number}"])
    page, batch = refused_file(editor, as_xlsx(book))
    assert batch.state == ImportBatch.FAILED
    assert "Filen har mere end 5.000 rækker; der kan højst importeres 5.000 ad gangen." in text(page.content.decode())


def test_a_20_mb_file_is_refused_before_it_is_read(editor):
    page, batch = refused_file(editor, b"Nr.;Projektnavn\n" + b"x" * (20 * 1024 * 1024))
    assert batch is None and page.status_code == 200
    assert "Filen fylder 20 MB; der kan højst importeres 10 MB ad gangen." in text(page.content.decode())


@pytest.mark.parametrize(
    "content, name",
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n\x00\x00", "bilag.pdf"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "gammel.xls"),
        (b"PK\x03\x04" + b"\x00" * 100, "ødelagt.xlsx"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "billede.png"),
    ],
)
def test_a_file_that_is_not_a_spreadsheet_is_refused(editor, content, name):
    page, batch = refused_file(editor, content, name=name)
    assert batch.state == ImportBatch.FAILED
    html = text(page.content.decode())
    assert "Filen kan ikke importeres" in html
    assert "ikke et regneark" in html or "gamle format (.xls)" in html


def test_an_export_of_the_past_is_not_imported(editor):
    editor.get("/", {"dato": "2024-06-01"})
    content = exported(editor)
    editor.get("/", {"dato": ""})
    page, batch = refused_file(editor, content)
    assert "som den 01-06-2024" in text(page.content.decode()) and batch.state == ImportBatch.FAILED


def test_a_danish_excel_csv_in_windows_1252_is_read(editor):
    content = exported(editor, "csv").decode("utf-8-sig").encode("cp1252", errors="replace")
    _, batch = upload(editor, content, name="projekter.csv")
    assert batch.counts["error"] == 0 and batch.counts["changed"] == 0, batch.rows


# --- Large files on the background worker ---------------------------------------------------------


def test_a_large_file_is_read_by_the_background_worker(editor, monkeypatch):
    from spreadsheets import services, tasks

    monkeypatch.setattr(services, "INLINE_BYTES", 10)
    enqueued, job = [], tasks.stage_job

    class Recorded:
        def enqueue(self, **kwargs):
            enqueued.append(kwargs)
            return job.enqueue(**kwargs)  # the tests' ImmediateBackend runs it at once

    monkeypatch.setattr(tasks, "stage_job", Recorded())
    _, batch = upload(editor, exported(editor))
    assert enqueued == [{"batch_id": str(batch.pk)}]
    assert batch.state == ImportBatch.STAGED


def test_many_rows_are_saved_by_the_background_worker(editor, secretary, monkeypatch):
    from spreadsheets import services

    monkeypatch.setattr(services, "INLINE_ROWS", 0)
    book = workbook(exported(editor))
    sheet = book.active
    sheet.cell(row_of(sheet, "Læsecenter"), columns(sheet)["Statusbeskrivelse"]).value = "Fra baggrunden."
    _, batch = upload(editor, as_xlsx(book))
    response = confirm(editor, batch)
    assert response.status_code == 302 and response["Location"] == batch.get_absolute_url()
    batch.refresh_from_db()
    assert batch.state == ImportBatch.APPLIED and batch.applied_by == secretary  # the user who confirmed
    assert Project.objects.get(name="Læsecenter").history.first().history_user == secretary


def test_the_progress_page_polls_until_the_file_is_read(editor, secretary):
    batch = ImportBatch.objects.create(kind="projekter", file_name="stor.xlsx", content=b"", created_by=secretary)
    ImportBatch.objects.filter(pk=batch.pk).update(state=ImportBatch.STAGING, total_rows=5000, done_rows=1250)
    page = editor.get(batch.get_absolute_url()).content.decode()
    assert "Læst 1.250 rækker af 5.000 rækker." in text(page) and 'hx-trigger="every 2s"' in page
    ImportBatch.objects.filter(pk=batch.pk).update(state=ImportBatch.STAGED)
    polled = editor.get(batch.get_absolute_url(), headers={"HX-Request": "true"})
    assert polled.status_code == 200 and polled["HX-Refresh"] == "true"


# --- Roles -------------------------------------------------------------------------------------------


def test_only_editors_import(client_for, politician, secretary, seed):
    reader, editor = client_for(politician), client_for(secretary)
    assert 'href="/regneark/projekter/">Importér' in editor.get(PROJECTS).content.decode()
    assert "Importér" not in reader.get(PROJECTS).content.decode()
    assert reader.get(IMPORT).status_code == 403
    _, batch = upload(editor, exported(editor))
    assert reader.get(batch.get_absolute_url()).status_code == 403
    assert reader.post(batch.get_absolute_url(), {"preview": "x"}).status_code == 403
    from django.core.files.uploadedfile import SimpleUploadedFile

    assert reader.post(IMPORT, {"file": SimpleUploadedFile("p.xlsx", exported(editor))}).status_code == 403


def test_the_past_is_read_only_for_the_import_too(editor):
    editor.get("/", {"dato": "2024-06-01"})
    assert editor.get(IMPORT).status_code == 409
