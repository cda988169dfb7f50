"""One Danish presentation for each kind of value (ADR 0013).

Pages, tables, exports, bilag, the audit trail, conflict messages and the admin all format through
this module, so that a figure reads the same wherever it is shown: 1.500.000 kr., 2026 (never
2.026), 75 %, 38 timer pr. uge, 1. august 2025, "1 program" and "2 programmer".

What kind a stored value is, is declared where the value is defined: the model fields in
core/fields.py know that they hold an amount, a year, hours or a measure; `display()` follows them.
Nothing here depends on the active locale or on USE_THOUSAND_SEPARATOR (which is off: a number
without a kind is never grouped, so a year can never come out as 2.026).
"""

import datetime as _dt
import re
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.dateformat import format as _dateformat
from django.utils.text import Truncator

UNKNOWN = "Ikke oplyst"  # a value the source does not give
NO_DATA = "Data kommer"  # a measure the source promises but does not have yet
EMPTY = "(tom)"  # an empty value in a list of changes (old → new)
THOUSANDS_UNIT = "1.000 kr."
TEXT_LIMIT = 200

LONG_DATE = "j. F Y"  # 1. august 2025
SHORT_DATE = "d.m.Y"  # 01.08.2025: the one compact form, for narrow table columns only
DATE_TIME = r"j. F Y \k\l. H.i"  # 26. marts 2019 kl. 14.05 (Danish writes the time with a full stop)
MONTH = "F Y"  # juni 2017
# The month names written out directly: Django's dateformat looks each one up through gettext, which
# cost a list of 100 projects more than the rest of its period column (docs/benchmarks.md).
MONTH_NAMES = (
    "januar", "februar", "marts", "april", "maj", "juni",
    "juli", "august", "september", "oktober", "november", "december",
)  # fmt: skip


# --- Numbers -----------------------------------------------------------------------------------


def _group(whole: int) -> str:
    return f"{whole:,}".replace(",", ".")


def integer(value) -> str:
    """1500000 → "1.500.000"; "" for no value."""
    if value is None or value == "":
        return ""
    number = int(value)
    return ("-" if number < 0 else "") + _group(abs(number))


def decimal(value) -> str:
    """Decimal("1234567.25") → "1.234.567,25"; 92.50 → "92,5"; no trailing zeros; "" for no value."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    sign = "-" if number < 0 else ""
    whole, _, fraction = f"{abs(number):f}".partition(".")
    fraction = fraction.rstrip("0")
    return sign + _group(int(whole)) + ("," + fraction if fraction else "")


def kr(value) -> str:
    """1500000 → "1.500.000 kr."; an unknown amount stays visibly unknown."""
    if value is None or value == "":
        return UNKNOWN
    return f"{integer(value)} kr."


def thousands(value) -> str:
    """An amount kept in 1.000 kr. as it stands in a table whose heading says "i 1.000 kr.": "4.000"."""
    if value is None or value == "":
        return ""
    return integer(value)


def kr_thousands(value) -> str:
    """An amount kept in 1.000 kr. outside such a table: "4.000 (i 1.000 kr.)"."""
    if value is None or value == "":
        return UNKNOWN
    return f"{integer(value)} (i {THOUSANDS_UNIT})"


def year(value) -> str:
    """2026 → "2026": a year is never grouped."""
    if value is None or value == "":
        return ""
    return str(int(value))


def percent(value) -> str:
    """75 → "75 %" (with a space, as Danish writes it)."""
    if value is None or value == "":
        return NO_DATA
    return f"{decimal(value)} %"


def measure(value, unit: str = "") -> str:
    """A value with its unit the Danish way: "75 %", "3,5 elever"; unknown is "Data kommer", never 0."""
    if value is None or value == "":
        return NO_DATA
    unit = (unit or "").strip()
    return f"{decimal(value)} {unit}".strip()


def hours(value, *, per_week: bool = True) -> str:
    """38 → "38 timer pr. uge"; 1 → "1 time pr. uge"."""
    if value is None or value == "":
        return UNKNOWN
    word = "time" if Decimal(str(value)) == 1 else "timer"
    return f"{decimal(value)} {word}" + (" pr. uge" if per_week else "")


NBSP = "\u00a0"
# A number and the unit after it ("92 %", "4 mio. kr.", "38 timer"), joined by an ordinary space.
_NUMBER_UNIT = re.compile(r"(\d) (?=%|kr\.|mio\.|mia\.|timer?\b|procent\b|år\b)")
_MIO_KR = re.compile(r"\b(mio\.|mia\.) (?=kr\.)")


def keep_units(text) -> str:
    """Free text with a non-breaking space between a number and its unit, so that print never
    breaks "92 %" or "4 mio. kr." across two lines."""
    if not text:
        return ""
    return _MIO_KR.sub(rf"\1{NBSP}", _NUMBER_UNIT.sub(rf"\1{NBSP}", str(text)))


def count(number, singular: str, plural: str) -> str:
    """count(1, "program", "programmer") → "1 program"; 2 → "2 programmer"."""
    number = int(number or 0)
    return f"{integer(number)} {singular if number == 1 else plural}"


# --- Dates ---------------------------------------------------------------------------------------


def long_date(value) -> str:
    """1. august 2025."""
    if not value:
        return ""
    if isinstance(value, str):  # stored data: a date, or a moment whose day is the Danish one
        value = _dt.datetime.fromisoformat(value) if "T" in value else _dt.date.fromisoformat(value)
    if isinstance(value, _dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return f"{value.day}. {MONTH_NAMES[value.month - 1]} {value.year}"


def short_date(value) -> str:
    """01.08.2025: the compact form, the same in every narrow column."""
    if not value:
        return ""
    return _dateformat(value, SHORT_DATE)


def date_time(value) -> str:
    """26. marts 2019 kl. 14.05, in Danish time."""
    if not value:
        return ""
    if isinstance(value, str):
        value = _dt.datetime.fromisoformat(value)
    if isinstance(value, _dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return _dateformat(value, DATE_TIME)


def month(value) -> str:
    """A month-precision date: "juni 2017"; unknown says so."""
    if not value:
        return UNKNOWN
    return f"{MONTH_NAMES[value.month - 1]} {value.year}"


def period(start, end) -> str:
    """A period of months, saying plainly what is not known: "juni 2017 – juli 2019"."""
    if not start and not end:
        return UNKNOWN
    return f"{month(start)} – {month(end)}"


def text(value, limit: int = TEXT_LIMIT) -> str:
    return Truncator(str(value)).chars(limit)


# --- By the kind the field declares ---------------------------------------------------------------


def display(field, value, instance=None, *, related=None) -> str:
    """A stored value of `field` the way the portal shows it, by the kind the field declares.

    `instance` gives a measure its unit when the unit is another field of the row (core.fields.MeasureField).
    `related` maps a related model to {pk: object} for foreign keys stored as ids (the audit trail).
    """
    from django.db import models

    from .fields import kind_of

    if value is None or value == "":
        return EMPTY
    kind = kind_of(field)
    if kind is not None:
        return kind.format(value, instance)
    if field.many_to_one:
        if isinstance(value, models.Model):
            return text(value)
        obj = (related or {}).get(field.related_model, {}).get(value)
        return text(obj) if obj is not None else f"(slettet, nr. {value})"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return "Ja" if value else "Nej"
    if isinstance(field, models.DateTimeField):
        return date_time(value)
    if isinstance(field, models.DateField):
        return long_date(value)
    if isinstance(field, models.DecimalField | models.FloatField):
        return decimal(value)
    if isinstance(field, models.IntegerField):
        # A number without a declared kind (an order, a count) is shown as it is: never grouped,
        # so that a year that was not declared one still reads 2026.
        return str(value)
    return text(value)


def changed_text(before: str, after: str, *, context: int = 8, limit: int = TEXT_LIMIT) -> tuple[str, str]:
    """Two versions of a long text, cut to the part that changed with a few words around it, so that a
    change at the end of a long description is not hidden by the cut: "… understøttelse af læsecenteret.
    Nu også om aftenen." Short texts are shown whole."""
    if len(before) <= limit and len(after) <= limit:
        return before, after
    old, new = before.split(" "), after.split(" ")
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end = 0
    while end < min(len(old), len(new)) - start and old[-1 - end] == new[-1 - end]:
        end += 1

    def excerpt(words):
        first = max(start - context, 0)
        last = len(words) - max(end - context, 0)
        middle = " ".join(words[first:last])
        cut = text(middle, limit)
        return ("… " if first else "") + cut + (" …" if last < len(words) and cut == middle else "")

    return excerpt(old), excerpt(new)


def display_change(field, old, new, old_instance=None, new_instance=None, *, related=None) -> tuple[str, str]:
    """A changed value before and after, each as `display` shows it; long texts cut to what changed."""
    from django.db import models

    if isinstance(field, models.TextField | models.CharField) and not field.choices and old and new:
        return changed_text(str(old), str(new))
    return (display(field, old, old_instance, related=related), display(field, new, new_instance, related=related))
