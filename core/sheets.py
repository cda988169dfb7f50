"""Spreadsheets that go out and come back: one declaration of a list's columns serves its export and its
import, so that the import's columns are exactly the export's (ADR 0022).

A sheet is a django-import-export `Resource`: each column is a `Field` (`column_name` is the Danish
header, `attribute` what it reads) with a `Cell` widget that knows the kind of value. The widget

- renders the stored value for the export as a real value (a number, a date: core/exports.py gives it
  its number format),
- cleans what a spreadsheet cell holds (text, a number, an Excel date) into the column's *canonical*
  value, or raises `CellError` with a Danish message for that cell,
- gives the canonical value of what is stored (`canonical`), so that "changed" is a plain comparison, and
- shows a canonical value in Danish (`show`), for the preview's "old → new".

Canonical values are what JSON holds (str, int, list of ints, None; a date as "2019-03-26", a decimal as
"7.5"): the staged preview keeps them in the database (spreadsheets.ImportBatch).

An app declares its importable sheet (`projects/sheets.py`) with `current(keys)` — the stored rows by key,
canonical — and `apply(row, acting_user)`, which writes one row through the app's services, the same
ones its forms call. The spreadsheets app stages, previews, confirms and applies (its pages); the list
page exports the sheet (`ListPageView.sheet_class`).
"""

import datetime
import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from import_export import fields, resources, widgets

from . import formats
from .exports import Column as ExportColumn
from .exports import is_formula_like

EXCEL_EPOCH = datetime.date(1899, 12, 30)  # day 0 of Excel's date serials (Windows, 1900 system)
FIRST_DAY, LAST_DAY = datetime.date(2000, 1, 1), datetime.date(2100, 12, 31)
KEY_CHUNK = 500  # keys per query when a sheet reads its stored rows: well under SQLite's limit on parameters
MONTH_NUMBERS = {name: number for number, name in enumerate(formats.MONTH_NAMES, start=1)}
DATE_HELP = "Skriv datoen som 26-03-2019."
MONTH_HELP = "Skriv måneden som 03-2019 eller marts 2019."


class CellError(Exception):
    """What is wrong with one cell, in Danish."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def is_empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def as_text(value) -> str:
    """A cell's content as text: 2019 (a number cell) → "2019", 7.0 → "7"."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%d-%m-%Y")
    return str(value).strip()


def unneutralised(text: str) -> str:
    """ "'=HYPERLINK(…)" → "=HYPERLINK(…)": the apostrophe a CSV export puts before formula-like text (ADR
    0017) comes off again, so that the text round-trips."""
    if text.startswith("'") and is_formula_like(text[1:]):
        return text[1:]
    return text


class Cell(widgets.Widget):
    """A column's kind of value (module docstring). `required`: an empty cell is an error."""

    kind = "text"
    required_message = "Feltet skal udfyldes."

    def __init__(self, *, required: bool = False):
        super().__init__(coerce_to_string=False)
        self.required = required

    # --- export -----------------------------------------------------------------------------------
    def render(self, value, obj=None, **kwargs):
        return str(value) if isinstance(value, models.Model) else value

    # --- import -----------------------------------------------------------------------------------
    def clean(self, value, row=None, **kwargs):
        if is_empty(value):
            if self.required:
                raise CellError(self.required_message)
            return None
        return self.parse(value)

    def parse(self, value):
        return unneutralised(as_text(value))

    def canonical(self, value):
        """The canonical form of a stored value."""
        return None if value in (None, "") else value

    def show(self, value) -> str:
        return formats.EMPTY if value in (None, "", []) else str(value)


class TextCell(Cell):
    def __init__(self, *, max_length: int | None = None, **kwargs):
        super().__init__(**kwargs)
        self.max_length = max_length

    def parse(self, value):
        text = unneutralised(as_text(value)).replace("\r\n", "\n").replace("\r", "\n")
        if self.max_length and len(text) > self.max_length:
            raise CellError(f"Teksten er {formats.integer(len(text))} tegn; højst {formats.integer(self.max_length)}.")
        return text

    def canonical(self, value):
        if value in (None, ""):
            return None
        return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()

    def show(self, value) -> str:
        return formats.EMPTY if not value else formats.text(value, 120)


def _number_text(value) -> str:
    return as_text(value).replace("\u00a0", " ")


class KeyCell(Cell):
    """A row's number in the portal ("Nr."): empty for a new row."""

    kind = "integer"

    def __init__(self, *, new_label: str = "en ny række", **kwargs):
        super().__init__(**kwargs)
        self.new_label = new_label

    def parse(self, value):
        if isinstance(value, bool):
            raise CellError("Skriv nummeret som et helt tal.")
        if isinstance(value, int):
            number = value
        elif isinstance(value, float) and value.is_integer():
            number = int(value)
        elif re.fullmatch(r"\d{1,12}", _number_text(value)):
            number = int(_number_text(value))
        else:
            raise CellError(
                f"„{formats.text(as_text(value), 40)}“ er ikke et nummer. Lad feltet stå tomt for {self.new_label}."
            )
        if number < 1:
            raise CellError("Nummeret skal være et positivt helt tal.")
        return number

    def show(self, value) -> str:
        return "" if value is None else str(value)


class AmountCell(Cell):
    """Whole kroner: a number cell, or Danish text (1.500.000, 1500000 kr.)."""

    kind = "amount"
    max_value = 10**12

    def parse(self, value):
        if isinstance(value, bool):
            raise CellError("Skriv et beløb med tal, fx 1.500.000.")
        if isinstance(value, float):
            if not value.is_integer():
                raise CellError("Angiv beløbet i hele kroner uden decimaler, fx 1.500.000.")
            value = int(value)
        if isinstance(value, int):
            amount = value
        else:
            from .forms import parse_danish_amount

            try:
                amount = parse_danish_amount(_number_text(value))
            except ValidationError as error:
                raise CellError(error.messages[0]) from error
        if amount < 0:
            raise CellError("Beløbet kan ikke være negativt.")
        if amount > self.max_value:
            raise CellError("Beløbet er urealistisk stort.")
        return amount

    def canonical(self, value):
        return None if value is None else int(value)

    def show(self, value) -> str:
        return formats.EMPTY if value is None else formats.kr(value)


class DecimalCell(Cell):
    """A decimal number: a number cell, or Danish text with a decimal comma (7,5)."""

    kind = "decimal"
    places = 2
    max_abs = Decimal("9999999999")

    def parse(self, value):
        if isinstance(value, bool):
            raise CellError("Skriv et tal, fx 7,5.")
        if isinstance(value, int | float):
            number = Decimal(str(value))
        else:
            from .forms import parse_danish_decimal

            try:
                number = parse_danish_decimal(_number_text(value))
            except ValidationError as error:
                raise CellError(error.messages[0]) from error
        if abs(number) > self.max_abs:
            raise CellError("Tallet er urealistisk stort.")
        if number != round(number, self.places):
            raise CellError(f"Skriv højst {self.places} decimaler.")
        return self.canonical(number)

    def canonical(self, value):
        if value is None:
            return None
        number = Decimal(str(value)).normalize()
        return f"{number:f}"

    def python(self, value):
        return None if value is None else Decimal(value)

    def render(self, value, obj=None, **kwargs):
        return None if value is None else Decimal(str(value))

    def show(self, value) -> str:
        return formats.EMPTY if value is None else formats.decimal(value)


class HoursCell(DecimalCell):
    kind = "hours"

    def show(self, value) -> str:
        return formats.EMPTY if value is None else formats.hours(value)


class PercentCell(DecimalCell):
    """A percentage: the export writes 75 as 75 % (a real percentage); a cell Excel holds as a percentage
    (0,75 with a %-format) comes back as 75 (spreadsheets.reading multiplies it)."""

    kind = "percent"


def _excel_serial(number) -> datetime.date:
    day = EXCEL_EPOCH + datetime.timedelta(days=int(number))
    if not FIRST_DAY <= day <= LAST_DAY:
        raise CellError(f"Tallet {as_text(number)} er ikke en dato. {DATE_HELP}")
    return day


def _parse_day(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, bool):
        raise CellError(DATE_HELP)
    if isinstance(value, int | float):
        return _excel_serial(value)  # an Excel date serial, e.g. 43550 for 26-03-2019
    text = as_text(value).lower()
    if re.fullmatch(r"\d{5}(\.0+)?", text):
        return _excel_serial(float(text))
    for pattern in (r"(\d{1,2})[-./](\d{1,2})[-./](\d{4})", r"(\d{4})-(\d{1,2})-(\d{1,2})"):
        match = re.fullmatch(pattern, text)
        if match:
            parts = [int(part) for part in match.groups()]
            day, month, year = parts if len(match.group(1)) <= 2 else parts[::-1]
            try:
                return datetime.date(year, month, day)
            except ValueError as error:
                raise CellError(f"„{as_text(value)}“ er ikke en dato, der findes. {DATE_HELP}") from error
    match = re.fullmatch(r"(\d{1,2})\.? ([a-zæøå]+) (\d{4})", text)
    if match and match.group(2) in MONTH_NUMBERS:
        try:
            return datetime.date(int(match.group(3)), MONTH_NUMBERS[match.group(2)], int(match.group(1)))
        except ValueError as error:
            raise CellError(f"„{as_text(value)}“ er ikke en dato, der findes. {DATE_HELP}") from error
    raise CellError(f"„{formats.text(as_text(value), 40)}“ er ikke en dato. {DATE_HELP}")


class DateCell(Cell):
    kind = "date"

    def parse(self, value):
        day = _parse_day(value)
        if not FIRST_DAY <= day <= LAST_DAY:
            raise CellError(f"Datoen skal ligge mellem {FIRST_DAY.year} og {LAST_DAY.year}.")
        return day.isoformat()

    def canonical(self, value):
        return None if value is None else value.isoformat()

    def python(self, value):
        return None if value is None else datetime.date.fromisoformat(value)

    def show(self, value) -> str:
        return formats.EMPTY if value is None else formats.long_date(value)


class MonthCell(DateCell):
    """A month (stored as its 1st): a date cell, 03-2019, 2019-03 or "marts 2019"."""

    kind = "month"

    def parse(self, value):
        text = "" if isinstance(value, datetime.date | int | float) else as_text(value).lower()
        match = re.fullmatch(r"(\d{1,2})[-./](\d{4})|(\d{4})-(\d{1,2})", text)
        if match:
            month, year = (match.group(1), match.group(2)) if match.group(1) else (match.group(4), match.group(3))
            if not 1 <= int(month) <= 12:
                raise CellError(f"„{as_text(value)}“ er ikke en måned. {MONTH_HELP}")
            day = datetime.date(int(year), int(month), 1)
        else:
            match = re.fullmatch(r"([a-zæøå]+)\.? (\d{4})", text)
            if match and match.group(1) in MONTH_NUMBERS:
                day = datetime.date(int(match.group(2)), MONTH_NUMBERS[match.group(1)], 1)
            else:
                try:
                    day = _parse_day(value).replace(day=1)
                except CellError as error:
                    raise CellError(f"„{formats.text(as_text(value), 40)}“ er ikke en måned. {MONTH_HELP}") from error
        if not FIRST_DAY <= day <= LAST_DAY:
            raise CellError(f"Måneden skal ligge mellem {FIRST_DAY.year} og {LAST_DAY.year}.")
        return day.isoformat()

    def show(self, value) -> str:
        return formats.EMPTY if value is None else formats.month(datetime.date.fromisoformat(value))


class ChoiceCell(Cell):
    """One of a list of named things (a pool, a programme), by name; canonical: its pk. `choices` ({pk:
    name}) is set by the sheet before cleaning (`Sheet.prepare`)."""

    def __init__(self, *, what: str, **kwargs):
        super().__init__(**kwargs)
        self.what = what  # "pulje"
        self.choices: dict[int, str] = {}

    def set_choices(self, choices: dict):
        self.choices = dict(choices)
        self._by_name = {name.strip().casefold(): pk for pk, name in self.choices.items()}

    def parse(self, value):
        name = unneutralised(as_text(value))
        pk = self._by_name.get(name.casefold())
        if pk is None:
            raise CellError(f"Ukendt {self.what} „{formats.text(name, 60)}“. {self.known()}")
        return pk

    def known(self) -> str:
        names = sorted(self.choices.values())
        if not names:
            return ""
        shown = ", ".join(f"„{name}“" for name in names[:8])
        return f"Kendte: {shown}{' …' if len(names) > 8 else ''}."

    def render(self, value, obj=None, **kwargs):
        return None if value is None else str(value)

    def canonical(self, value):
        return None if value is None else getattr(value, "pk", value)

    def show(self, value) -> str:
        return formats.EMPTY if value is None else self.choices.get(value, f"nr. {value}")


class NamesCell(ChoiceCell):
    """Several named things, separated by semicolons ("Aalborg Universitet; VIA University College");
    canonical: their pks, sorted."""

    SEPARATOR = "; "

    def parse(self, value):
        names = [name.strip() for name in unneutralised(as_text(value)).split(";") if name.strip()]
        pks = []
        for name in names:
            pk = self._by_name.get(name.casefold())
            if pk is None:
                raise CellError(f"Ukendt {self.what} „{formats.text(name, 60)}“. Opret den i portalen først.")
            pks.append(pk)
        return sorted(set(pks)) or None

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return None
        items = value.all() if hasattr(value, "all") else value
        return self.SEPARATOR.join(sorted(str(item) for item in items)) or None

    def canonical(self, value):
        if value is None:
            return None
        items = value.all() if hasattr(value, "all") else value
        return sorted(getattr(item, "pk", item) for item in items) or None

    def show(self, value) -> str:
        if not value:
            return formats.EMPTY
        return self.SEPARATOR.join(self.choices.get(pk, f"nr. {pk}") for pk in value)


class LabelCell(TextCell):
    """A value from a list checked against the row (a status on the item's scale): canonical, its text."""

    def render(self, value, obj=None, **kwargs):
        return None if value is None else str(value)

    def canonical(self, value):
        return None if value is None else str(value)


class Column(fields.Field):
    """One column of a sheet. `readonly`: written by the export for reading, never read by the import
    (a total the portal works out); `key`: the row's number in the portal."""

    def __init__(
        self, header: str, attribute=None, widget: Cell | None = None, *, readonly=False, stored_from=None, **kwargs
    ):
        super().__init__(
            attribute=attribute, column_name=header, widget=widget or TextCell(), readonly=readonly, **kwargs
        )
        # What `stored` reads where the export reads more (a pool's id, not the pool: no query per row).
        self.stored_from = stored_from

    @property
    def header(self) -> str:
        return self.column_name

    @property
    def kind(self) -> str:
        return self.widget.kind

    def stored(self, obj):
        """The canonical value of what is stored: what an unchanged cell cleans to."""
        if self.stored_from:
            return self.widget.canonical(getattr(obj, self.stored_from))
        return self.widget.canonical(self.get_value(obj))


class Sheet(resources.Resource):
    """The importable form of a list (module docstring). Subclasses declare `Column`s and:

    - `slug` (in addresses: /regneark/projekter/), `title` ("Projekter"), `noun` ("projekt") and
      `list_url_name`; `permissions` an editor must have to import it;
    - `prepare()`: load what the cells look up (pools, partners …) once;
    - `current(keys)`: {key: {"values": {field name: canonical value}, "version": …, "label": …}} of the stored rows;
    - `version_field`, if not "version": what moves on when a stored row is edited (what the confirm checks);
    - `check_rows(rows)`: rules across a row's cells or across rows (a name twice in a pool);
    - `apply(row, acting_user)`: write one row through the app's services.
    """

    model = None  # what a row is
    slug = ""
    title = ""
    noun = "række"
    neuter = False  # "et projekt", "intet projekt"; "en aktivitet", "ingen aktivitet"

    @property
    def a_noun(self) -> str:
        return f"{'et' if self.neuter else 'en'} {self.noun}"

    @property
    def no_noun(self) -> str:
        return f"{'intet' if self.neuter else 'ingen'} {self.noun}"

    @property
    def each_noun(self) -> str:
        return f"{'Hvert' if self.neuter else 'Hver'} {self.noun}"

    list_url_name = ""
    permissions: tuple[str, ...] = ()
    key = "id"
    intro = ""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.extra_columns()

    def extra_columns(self):
        """Columns that depend on the data (a column per year): added to `self.fields`."""

    def add_known_columns(self):
        """For the import page: the columns that depend on the data, as today's export would write them."""

    # --- export ------------------------------------------------------------------------------------

    def export_objects(self, rows, moment=None):
        """The objects the export writes, from the list's (filtered) rows."""
        return rows

    def export_table(self, rows, moment=None):
        """(columns, rows) for core.exports: the list's rows in the sheet's columns, typed."""
        objects = list(self.export_objects(rows, moment=moment))
        self.prepare_export(objects)
        dataset = self.export(queryset=objects)
        columns = [ExportColumn(field.column_name, field.widget.kind) for field in self.get_export_fields()]
        return columns, list(dataset)

    def prepare_export(self, objects):
        """Called with the objects before they are exported (to add columns per year, …)."""

    def get_export_order(self):
        return tuple(self.fields)

    def get_import_order(self):
        return tuple(self.fields)

    # --- import ------------------------------------------------------------------------------------

    def columns(self) -> dict[str, Column]:
        return {field.column_name: field for field in self.fields.values()}

    def field_name(self, column: Column) -> str:
        return next(name for name, field in self.fields.items() if field is column)

    def optional_header(self, header: str):
        """A column the file may have that the export does not always write (another year): a Column or None."""
        return None

    def prepare(self):
        """Load what the cells look up, once per import."""

    def current(self, keys) -> dict:
        raise NotImplementedError

    version_field = "version"  # what moves on when a stored row is edited ("pk" for a row never edited)

    def versions(self, keys) -> dict:
        """{key: version} of the stored rows, all `current` would find: what the apply step checks the preview
        against, without reading every value again (a tenth of applying 5 000 projects, ADR 0024)."""
        found, keys = {}, sorted(keys)
        for start in range(0, len(keys), KEY_CHUNK):
            chunk = self.model.objects.filter(pk__in=keys[start : start + KEY_CHUNK])
            found.update(chunk.values_list("pk", self.version_field))
        return found

    def check_rows(self, rows):
        """Rules across cells and rows: add (header, message) to a row's `errors`."""

    NOT_COMPARED: tuple[str, ...] = ()

    def compared(self) -> list[str]:
        """The fields whose difference from what is stored makes a row "changed"."""
        return [
            name
            for name, field in self.fields.items()
            if not field.readonly and name != self.key and name not in self.NOT_COMPARED
        ]

    def label(self, values, stored) -> str:
        """What the preview calls a row: its name in the file, else the stored one."""
        return values.get("name") or (stored or {}).get("label") or ""

    def classify(self, row) -> str | None:
        """A state the sheet gives a row itself (an indicator's empty row is "unchanged"), or None."""
        return None

    # Where the import page's "Hent … som Excel" points: the list's export (None), or the sheet's own
    # download (the import page with ?_export=xlsx) for a sheet no list exports.
    own_download = False

    def download_rows(self):
        """The rows the sheet's own download exports."""
        return self.model.objects.all()

    def prepare_apply(self, rows):
        """Read what `apply` needs for all the rows at once (the rows' items), before the first is written."""

    def apply(self, row, *, acting_user):
        raise NotImplementedError
