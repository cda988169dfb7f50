"""CSV and XLSX exports of list tables, with text that cannot run as a spreadsheet formula.

A cell typed by a user that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is read by Excel and
LibreOffice as a formula ("CSV/formula injection", OWASP), e.g. `=HYPERLINK("https://…")`. ADR 0017:

- CSV: such a cell gets a leading apostrophe (OWASP's advice); the text after it is the user's own.
- XLSX: such a cell is written as a text cell marked "quote prefix" (what Excel itself does for text typed
  with a leading apostrophe): it shows exactly what the user typed and never becomes a formula.

A plain number such as `-1500` or `-1.500,5` is left as it is: it cannot call anything.
"""

import io
import re

import openpyxl
from django_tables2.export import TableExport
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from tablib import Dataset

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?\d[\d.,]*")


def is_formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.fullmatch(value)


def neutralise_for_csv(value):
    """`=HYPERLINK(…)` → `'=HYPERLINK(…)`; every other value unchanged."""
    return f"'{value}" if is_formula_like(value) else value


def xlsx_bytes(headers, rows, title: str) -> bytes:
    """The workbook tablib would write (bold, frozen header row; wrapped multi-line cells), but with every
    formula-like text stored as text."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = re.sub(r"[\\/*?:\[\]]", "-", title)[:31] or "Ark"
    bold, wrap = Font(bold=True), Alignment(wrap_text=True)
    for column, header in enumerate(headers, start=1):
        cell = sheet.cell(row=1, column=column, value=str(header))
        cell.font = bold
    if headers:
        sheet.freeze_panes = "A2"
    for row_number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=row_number, column=column)
            if is_formula_like(value):
                cell.value = value
                cell.data_type = "s"  # openpyxl makes any str starting with "=" a formula
                cell.quotePrefix = True
            else:
                try:
                    cell.value = value
                except ValueError:
                    cell.value = str(value)
            if isinstance(value, str) and "\n" in value:
                cell.alignment = wrap
    for column, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = min(max(len(str(header)) + 2, 10), 60)
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


class SafeTableExport(TableExport):
    """django-tables2's export with formula-like cells neutralised (module docstring)."""

    def table_to_dataset(self, table, exclude_columns, dataset_kwargs=None):
        dataset = super().table_to_dataset(table, exclude_columns, dataset_kwargs)
        if self.format != self.CSV:
            return dataset
        safe = Dataset(title=dataset.title)
        safe.headers = [neutralise_for_csv(header) for header in dataset.headers or []]
        for row in dataset:
            safe.append([neutralise_for_csv(value) for value in row])
        return safe

    def export(self):
        if self.format == self.XLSX:
            return xlsx_bytes(self.dataset.headers or [], list(self.dataset), self.dataset.title or "Ark")
        return super().export()
