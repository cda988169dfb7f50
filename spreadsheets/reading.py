"""Reading an uploaded spreadsheet into a header row and rows of cell values, within limits (ADR 0022).

- XLSX (what the list's "Hent Excel" gives): the first sheet, through openpyxl's streaming reader. A
  formula is never evaluated — not even Excel's cached result is read — it becomes a `Formula` the preview
  reports on its cell. A number Excel holds as a percentage (0,75 shown as 75 %) is read as 75.
- CSV (what "Hent CSV" gives, or Excel's "CSV (semikolonsepareret)"): UTF-8 with or without a byte
  order mark, else Windows-1252 (what Danish Excel saves "CSV" in); semicolons, commas or tabs.
- Anything else — an old .xls, a PDF, a picture — is refused with a Danish sentence saying what to do.

Limits (core/exports' counterpart): MAX_BYTES per file, MAX_ROWS rows, MAX_UNPACKED bytes inside an XLSX
(a small zip can unpack to gigabytes).
"""

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal

from core import formats
from core.exports import ABOUT_SHEET, PAST_PREFIX

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 5_000
MAX_UNPACKED = 200 * 1024 * 1024
MAX_COLUMNS = 200

NOT_A_SPREADSHEET = (
    "Filen er ikke et regneark, portalen kan læse. Upload en Excel-fil (.xlsx) eller en CSV-fil – fx den, "
    "du har hentet fra listen med „Hent Excel“."
)


class SheetFileError(Exception):
    """The file cannot be read as a spreadsheet, in Danish."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Formula:
    """A cell that holds a formula: reported, never evaluated."""

    text: str

    def __str__(self):
        return self.text


@dataclass
class Table:
    headers: list
    rows: list = field(default_factory=list)  # [(line in the file, [cell values])]
    kind: str = "xlsx"


def megabytes(size: int) -> str:
    return formats.decimal(round(Decimal(size) / (1024 * 1024), 1)) + " MB"


def check_size(size: int):
    if size > MAX_BYTES:
        raise SheetFileError(
            f"Filen fylder {megabytes(size)}; der kan højst importeres {megabytes(MAX_BYTES)} ad gangen. "
            "Del den op i flere filer."
        )


def too_many_rows(count) -> SheetFileError:
    return SheetFileError(
        f"Filen har mere end {formats.integer(MAX_ROWS)} rækker; der kan højst importeres "
        f"{formats.integer(MAX_ROWS)} ad gangen. Del den op i flere filer."
    )


def read_table(content: bytes) -> Table:
    """The file's header row and rows, or SheetFileError."""
    check_size(len(content))
    if not content.strip():
        raise SheetFileError("Filen er tom.")
    if content.startswith(b"PK\x03\x04"):
        return _read_xlsx(content)
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        raise SheetFileError(
            "Filen er i Excels gamle format (.xls). Gem den som „Excel-projektmappe (.xlsx)“ eller som CSV, og "
            "upload den igen."
        )
    return _read_csv(content)


# --- XLSX --------------------------------------------------------------------------------------------

_QUOTED = re.compile(r'"[^"]*"')


def _is_percent_format(number_format) -> bool:
    return "%" in _QUOTED.sub("", number_format or "")


def _cell_value(cell):
    value = cell.value
    if cell.data_type == "f":
        return Formula(str(value))
    if isinstance(value, int | float) and not isinstance(value, bool) and _is_percent_format(cell.number_format):
        return Decimal(str(value)) * 100
    return value


def _read_xlsx(content: bytes) -> Table:
    import openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = archive.namelist()
            if "xl/workbook.xml" not in names:
                raise SheetFileError(NOT_A_SPREADSHEET)
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED:
                raise SheetFileError("Filen pakker sig ud til mere, end portalen læser. Gem den igen i Excel.")
    except zipfile.BadZipFile as error:
        raise SheetFileError(NOT_A_SPREADSHEET) from error
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise SheetFileError(NOT_A_SPREADSHEET) from error
    try:
        _refuse_the_past(workbook)
        if not workbook.worksheets:
            raise SheetFileError("Regnearket har ingen ark.")
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows()
        header_cells = next(rows, None)
        if header_cells is None:
            raise SheetFileError("Regnearket er tomt: første række skal have kolonnernes overskrifter.")
        headers = [_cell_value(cell) for cell in header_cells]
        table = Table(headers=_trim(headers), kind="xlsx")
        filled = 0
        for line, cells in enumerate(rows, start=2):
            values = _trim([_cell_value(cell) for cell in cells])
            if len(values) > MAX_COLUMNS:
                raise SheetFileError(f"Række {line} har mere end {MAX_COLUMNS} kolonner.")
            if values:
                table.rows.append((line, values))
                filled += 1
                if filled > MAX_ROWS:
                    raise too_many_rows(filled)
        return table
    finally:
        workbook.close()


def _refuse_the_past(workbook):
    """An export of the past ("som den 26-03-2019") would set today's data back: it is refused."""
    if ABOUT_SHEET not in workbook.sheetnames:
        return
    for row in workbook[ABOUT_SHEET].iter_rows(max_row=10, values_only=True):
        for value in row:
            if isinstance(value, str) and PAST_PREFIX in value:
                raise SheetFileError(
                    "Regnearket er hentet, mens portalen viste fortiden, og viser data "
                    f"{value[value.index(PAST_PREFIX) :].split(' (')[0]}. Importér kun et udtræk af dagens data."
                )


def _empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _trim(values: list) -> list:
    while values and _empty(values[-1]):
        values.pop()
    return values


# --- CSV ---------------------------------------------------------------------------------------------


def _decode(content: bytes) -> str:
    if content.startswith(b"\xef\xbb\xbf"):
        return content[3:].decode("utf-8", errors="strict")
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace")


def _read_csv(content: bytes) -> Table:
    if b"\x00" in content[:4096]:
        raise SheetFileError(NOT_A_SPREADSHEET)
    try:
        text = _decode(content)
    except UnicodeDecodeError as error:
        raise SheetFileError(NOT_A_SPREADSHEET) from error
    if any(ord(ch) < 32 and ch not in "\r\n\t" for ch in text[:4096]):
        raise SheetFileError(NOT_A_SPREADSHEET)
    first_line = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader, None)
        if header is None:
            raise SheetFileError("Filen er tom.")
        table = Table(headers=_trim([value.strip() for value in header]), kind="csv")
        filled = 0
        for values in reader:
            values = _trim([_csv_cell(value) for value in values])
            if len(values) > MAX_COLUMNS:
                raise SheetFileError(f"Række {reader.line_num} har mere end {MAX_COLUMNS} kolonner.")
            if values:
                table.rows.append((reader.line_num, values))
                filled += 1
                if filled > MAX_ROWS:
                    raise too_many_rows(filled)
    except csv.Error as error:
        raise SheetFileError(f"CSV-filen kan ikke læses (række {reader.line_num}). {NOT_A_SPREADSHEET}") from error
    return table


def _csv_cell(value: str):
    """A CSV cell that starts with "=" is a formula typed into the file: reported, never evaluated. The
    apostrophe an export puts before formula-like text (ADR 0017) is taken off by the column (core.sheets)."""
    if value.startswith("="):
        return Formula(value)
    return value
