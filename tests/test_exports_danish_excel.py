"""Issue 19: exports that Danish Excel opens as columns, with real numbers and dates (ADR 0022)."""

import datetime
import io
from decimal import Decimal
from urllib.parse import unquote

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from agreements.models import Activity
from projects.models import Project
from tests.pages import csv_table

PROJECTS = reverse("projects:project_list")
ACTIVITIES = reverse("agreements:activity_list")
PROPOSALS = reverse("programs:proposal_list")
LISTS = [
    PROJECTS,
    ACTIVITIES,
    PROPOSALS,
    reverse("agreements:agreement_list"),
    reverse("initiatives:initiative_list"),
    reverse("goals:indicator_list"),
    reverse("programs:programme_list"),
    reverse("meetings:meeting_list"),
    reverse("projects:pool_list"),
    reverse("projects:partner_list"),
]


def book(response):
    return openpyxl.load_workbook(io.BytesIO(response.content))


def header(sheet) -> dict:
    return {cell.value: cell.column for cell in sheet[1]}


def file_name(response) -> str:
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    if "filename*=" in disposition:
        return unquote(disposition.split("filename*=utf-8''", 1)[1])
    return disposition.split('filename="', 1)[1].rstrip('"')


@pytest.fixture
def reader(client_for, politician, seed):
    return client_for(politician)


@pytest.mark.parametrize("url", LISTS)
def test_every_csv_export_is_semicolons_in_utf8_with_a_bom(reader, url):
    response = reader.get(url, {"_export": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith("\ufeff".encode())
    table = csv_table(response.content)
    assert len(table[0]) > 1  # Excel splits at the semicolons: more than column A
    assert all(len(row) == len(table[0]) for row in table)


@pytest.mark.parametrize("url", LISTS)
def test_every_xlsx_export_has_a_danish_sheet_a_frozen_header_and_an_autofilter(reader, url):
    response = reader.get(url, {"_export": "xlsx"})
    workbook = book(response)
    sheet = workbook.worksheets[0]
    assert sheet.title != "Export Data" and sheet.title == response.wsgi_request.resolver_match.func.view_class.title
    assert sheet.freeze_panes == "A2" and all(cell.font.bold for cell in sheet[1])
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, sheet.max_column).column_letter}{sheet.max_row}"
    about = {row[0]: row[1] for row in workbook["Om udtrækket"].iter_rows(values_only=True)}
    assert about["Liste"] == sheet.title and about["Filter"] == "Ingen: alle rækker"


def test_csv_numbers_have_a_decimal_comma_and_danish_letters_survive(reader):
    Activity.objects.filter(pk=Activity.objects.order_by("pk").first().pk).update(hours_per_week=Decimal("7.5"))
    table = csv_table(reader.get(ACTIVITIES, {"_export": "csv"}).content)
    hours = [row[table[0].index("Timer pr. uge")] for row in table[1:]]
    assert "7,5" in hours and not any("." in value for value in hours)
    projects = csv_table(reader.get(PROJECTS, {"_export": "csv"}).content)
    assert "Forebyggelse af overvægt hos børn og unge" in [row[2] for row in projects]
    assert projects[1][projects[0].index("Disponeret 2019")] == "1500000"


def test_xlsx_amounts_are_numbers_formatted_as_kroner(reader):
    Project.objects.filter(name="Læsecenter").update(start_month=datetime.date(2019, 8, 1))
    sheet = book(reader.get(PROJECTS, {"_export": "xlsx"})).active
    columns = header(sheet)
    for name in ("Disponeret 2019", "Disponeret i alt"):
        cell = sheet.cell(2, columns[name])
        assert isinstance(cell.value, int) and cell.number_format == '#,##0 "kr."'  # Danish Excel: #.##0 kr.
    start = next(sheet.cell(r, columns["Start"]) for r in range(2, 8) if sheet.cell(r, columns["Start"]).value)
    assert start.value == datetime.datetime(2019, 8, 1)
    assert isinstance(start.value, datetime.datetime) and start.number_format == "mmmm yyyy"


def test_xlsx_hours_are_numbers_that_excel_can_sum(reader):
    Activity.objects.filter(pk=Activity.objects.order_by("pk").first().pk).update(hours_per_week=Decimal("7.5"))
    sheet = book(reader.get(ACTIVITIES, {"_export": "xlsx"})).active
    column = header(sheet)["Timer pr. uge"]
    cells = [sheet.cell(row, column) for row in range(2, sheet.max_row + 1)]
    assert all(isinstance(cell.value, int | float) for cell in cells if cell.value is not None)
    assert {cell.number_format for cell in cells if cell.value == 7.5} == {"#,##0.0#"}


def test_xlsx_dates_are_real_dates(reader):
    sheet = book(reader.get(PROPOSALS, {"_export": "xlsx"})).active
    cell = sheet.cell(2, header(sheet)["Dato"])
    assert isinstance(cell.value, datetime.datetime) and cell.number_format == "dd-mm-yyyy"
    table = csv_table(reader.get(PROPOSALS, {"_export": "csv"}).content)
    assert table[1][table[0].index("Dato")].count("-") == 2  # 01-08-2025


def test_the_file_name_says_the_list_its_filter_and_the_day(reader):
    today = timezone.localdate().isoformat()
    assert file_name(reader.get(PROJECTS, {"_export": "xlsx"})) == f"projekter {today}.xlsx"
    assert file_name(reader.get(PROJECTS, {"_export": "csv", "year": 2019})) == f"projekter (år 2019) {today}.csv"
    workbook = book(reader.get(PROJECTS, {"_export": "xlsx", "year": 2019, "q": "læse"}))
    about = {row[0]: row[1] for row in workbook["Om udtrækket"].iter_rows(values_only=True)}
    assert about["Filter"] == "fritekst læse; år 2019"


def test_an_export_of_the_past_says_so_in_its_name_and_its_sheets(reader):
    reader.get("/", {"dato": "2019-03-26"})
    response = reader.get(PROJECTS, {"_export": "xlsx"})
    today = timezone.localdate().isoformat()
    assert file_name(response) == f"projekter {today} som den 26-03-2019.xlsx"
    workbook = book(response)
    assert workbook.worksheets[0].title == "Projekter som den 26-03-2019"
    about = {row[0]: row[1] for row in workbook["Om udtrækket"].iter_rows(values_only=True)}
    assert about["Viser"].startswith("Data som den 26-03-2019 (26. marts 2019), fra historikken")
    assert file_name(reader.get(PROJECTS, {"_export": "csv"})).endswith(" som den 26-03-2019.csv")


def test_formula_like_text_is_neutralised_in_both_formats(reader):
    Project.objects.filter(name="Læsecenter").update(name="@SUM(1+1)", status_text="=1+1")
    table = csv_table(reader.get(PROJECTS, {"_export": "csv"}).content)
    assert "'@SUM(1+1)" in [row[2] for row in table] and "'=1+1" in [row[4] for row in table]
    sheet = book(reader.get(PROJECTS, {"_export": "xlsx"})).active
    assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)
