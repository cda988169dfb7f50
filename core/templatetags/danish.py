"""Danish number and date formats that do not depend on the active locale."""

from django import template
from django.utils.formats import date_format

register = template.Library()

UNKNOWN = "Ikke oplyst"


def format_amount(value) -> str:
    """1500000 -> "1.500.000"."""
    if value is None or value == "":
        return ""
    sign = "-" if int(value) < 0 else ""
    return sign + f"{abs(int(value)):,}".replace(",", ".")


@register.filter
def amount(value):
    """An integer amount with Danish thousands separators; unknown stays visibly unknown."""
    if value is None or value == "":
        return UNKNOWN
    return format_amount(value)


@register.filter
def kr(value):
    """1500000 -> "1.500.000 kr."."""
    if value is None or value == "":
        return UNKNOWN
    return f"{format_amount(value)} kr."


@register.filter
def month(value):
    """A month-precision date: "juni 2017"."""
    if not value:
        return UNKNOWN
    return date_format(value, "F Y")


@register.filter
def period(item):
    """An item's period from start_month to end_month, saying plainly what is not known."""
    start, end = getattr(item, "start_month", None), getattr(item, "end_month", None)
    if not start and not end:
        return UNKNOWN
    return f"{month(start)} – {month(end)}"


@register.filter
def isodate(value):
    """An ISO date string from stored data (an issued bilag's snapshot) as a date for |date."""
    from datetime import date

    return date.fromisoformat(value) if isinstance(value, str) and value else value
