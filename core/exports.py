"""CSV and XLSX exports for Danish Excel (ADR 0022), with text that cannot run as a spreadsheet formula (ADR 0017).

Danish Excel opens a CSV file with its list separator (";") and its decimal comma, and reads it as UTF-8
only when the file starts with a byte order mark. So a CSV export is: semicolon-separated, UTF-8 with a
BOM, numbers as plain digits with a decimal comma ("7,5"; amounts without grouping: "1500000"), dates
as Danish Excel writes them ("26-03-2019").

An XLSX export holds real values: amounts, hours, percentages and years are numbers with a number
format, dates are dates. A number format is stored in the file in Excel's invariant notation and each
Excel shows it in its own: `#,##0 "kr."` in the file reads `#.##0 kr.` in Danish Excel. The sheet has
a Danish name, a bold, frozen header row and an autofilter; a second sheet, "Om udtrækket", says which
list, which filter, when, and — for an export of the past — "som den 26-03-2019".

A cell typed by a user that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is read by Excel and
LibreOffice as a formula ("CSV/formula injection", OWASP), e.g. `=HYPERLINK("https://…")`. ADR 0017:

- CSV: such a cell gets a leading apostrophe (OWASP's advice); the text after it is the user's own.
- XLSX: such a cell is written as a text cell marked "quote prefix" (what Excel itself does for text typed
  with a leading apostrophe): it shows exactly what the user typed and never becomes a formula.

A plain number such as `-1500` or `-1.500,5` is left as it is: it cannot call anything.
"""

import csv
import datetime
import io
import re
from dataclasses import dataclass
from decimal import Decimal

import openpyxl
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?\d[\d.,]*")

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ABOUT_SHEET = "Om udtrækket"
PAST_PREFIX = "som den "  # "som den 26-03-2019": an export of the past says so in its name and its sheets

# Number formats in Excel's invariant notation (what the file stores); Danish Excel shows `#.##0 kr.`.
NUMBER_FORMATS = {
    "amount": '#,##0 "kr."',
    "thousands": "#,##0",
    "integer": "#,##0",
    "year": "0",
    "date": "dd-mm-yyyy",
    "datetime": "dd-mm-yyyy hh:mm",
    "month": "mmmm yyyy",
}
# Hours and percentages with decimals only where there are any: 38 timer, 7,5 timer; 75 %, 62,5 %.
WHOLE_AND_DECIMAL_FORMATS = {
    "hours": ("#,##0", "#,##0.0#"),
    "decimal": ("#,##0", "#,##0.0#"),
    "percent": ("0%", "0.0#%"),
}
NUMBER_KINDS = {"amount", "thousands", "integer", "year", "hours", "decimal", "percent"}


@dataclass(frozen=True)
class Column:
    """One column of an export: its Danish header and what kind of value it holds (the number format)."""

    header: str
    kind: str = "text"  # text | amount | thousands | integer | year | hours | decimal | percent | date | month


def is_formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.fullmatch(value)


def neutralise_for_csv(value):
    """`=HYPERLINK(…)` → `'=HYPERLINK(…)`; every other value unchanged."""
    return f"'{value}" if is_formula_like(value) else value


def danish_date(day) -> str:
    """26-03-2019: the short date of Danish Excel, which it reads back as a date."""
    return day.strftime("%d-%m-%Y")


# --- CSV ---------------------------------------------------------------------------------------------


def csv_cell(value) -> str:
    """A value as Danish Excel reads it from a CSV file."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Ja" if value else "Nej"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal | float):
        text = f"{Decimal(str(value)).normalize():f}"
        return text.replace(".", ",")
    if isinstance(value, datetime.datetime):
        return value.strftime("%d-%m-%Y %H:%M")
    if isinstance(value, datetime.date):
        return danish_date(value)
    return neutralise_for_csv(str(value))


def csv_bytes(columns, rows) -> bytes:
    """Semicolon-separated UTF-8 with a byte order mark, one header row: what Danish Excel opens as columns."""
    stream = io.StringIO()
    writer = csv.writer(stream, delimiter=";", lineterminator="\r\n")
    writer.writerow([neutralise_for_csv(column.header) for column in columns])
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    return ("\ufeff" + stream.getvalue()).encode("utf-8")


# --- XLSX --------------------------------------------------------------------------------------------


def sheet_title(title: str) -> str:
    """A name Excel accepts for a sheet: no \\ / * ? : [ ], at most 31 characters."""
    return re.sub(r"[\\/*?:\[\]]", "-", title)[:31].strip() or "Ark"


def _number(value, kind):
    if isinstance(value, bool) or not isinstance(value, int | Decimal | float):
        return value
    if kind == "percent":
        return Decimal(str(value)) / 100
    return value


def _number_format(value, kind) -> str | None:
    if kind in WHOLE_AND_DECIMAL_FORMATS:
        whole, decimal = WHOLE_AND_DECIMAL_FORMATS[kind]
        if isinstance(value, int) or (isinstance(value, Decimal | float) and Decimal(str(value)) % 1 == 0):
            return whole
        return decimal
    return NUMBER_FORMATS.get(kind)


def _write_cell(cell, value, kind, wrap):
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        from django.utils import timezone

        value = timezone.localtime(value).replace(tzinfo=None)  # Excel has no time zones: Danish time
    if is_formula_like(value):
        cell.value = value
        cell.data_type = "s"  # openpyxl makes any str starting with "=" a formula
        cell.quotePrefix = True
        return
    if kind in NUMBER_KINDS and isinstance(value, int | Decimal | float) and not isinstance(value, bool):
        cell.value = _number(value, kind)
        cell.number_format = _number_format(value, kind)
        return
    if isinstance(value, datetime.date):
        cell.value = value
        cell.number_format = NUMBER_FORMATS[
            "month" if kind == "month" else "datetime" if kind == "datetime" else "date"
        ]
        return
    try:
        cell.value = value
    except ValueError:
        cell.value = str(value)
    if isinstance(value, str) and "\n" in value:
        cell.alignment = wrap


def xlsx_bytes(columns, rows, *, title: str, about=()) -> bytes:
    """A workbook Danish Excel opens ready to sort, filter and sum: typed cells with number formats, a
    bold frozen header row and an autofilter, on a sheet named `title`; `about` ((label, text), …) goes
    on a second sheet, "Om udtrækket". Every formula-like text is stored as text."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = sheet_title(title)
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    widths = [min(max(len(column.header) + 4, 10), 60) for column in columns]
    for number, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=number)
        _write_cell(cell, column.header, "text", wrap)
        cell.font = bold
    last_row = 1
    for row_number, row in enumerate(rows, start=2):
        last_row = row_number
        for number, (column, value) in enumerate(zip(columns, row), start=1):
            _write_cell(sheet.cell(row=row_number, column=number), value, column.kind, wrap)
            if isinstance(value, str) and number <= len(widths):
                widths[number - 1] = min(max(widths[number - 1], len(value.split("\n", 1)[0]) + 2), 60)
    if columns:
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{last_row}"
    for number, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = width
    if about:
        info = workbook.create_sheet(ABOUT_SHEET)
        for row_number, (label, text) in enumerate(about, start=1):
            info.cell(row=row_number, column=1, value=label).font = bold
            _write_cell(info.cell(row=row_number, column=2), text, "text", wrap)
        info.column_dimensions["A"].width = 18
        info.column_dimensions["B"].width = 80
    workbook.properties.title = title
    workbook.properties.language = "da-DK"
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


# --- File names -------------------------------------------------------------------------------------


def file_name(name: str, extension: str, *, filters=(), day=None, as_of=None) -> str:
    """ "projekter 2026-11-30.xlsx"; with a filter "projekter (år 2019) 2026-11-30.xlsx"; of the past
    "projekter 2026-11-30 som den 26-03-2019.xlsx". Nothing a file system refuses."""
    from django.utils import timezone

    day = day or timezone.localdate()
    parts = [name]
    if filters:
        parts.append("(" + "; ".join(filters) + ")")
    parts.append(day.isoformat())
    if as_of is not None:
        parts.append(PAST_PREFIX + danish_date(as_of))
    text = " ".join(parts)
    text = re.sub(r'[\\/:*?"<>|\x00-\x1f]', "-", text)
    if len(text) > 180:
        text = text[:180].rstrip() + "…"
    return f"{text}.{extension}"
