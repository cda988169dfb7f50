"""Template filters for Danish values: each one is a name for a function of core.formats (ADR 0013).

{{ allocation|show:"amount" }}      by the kind the model field declares: "1.500.000 kr."
{{ total|kr }}                      1.500.000 kr.
{{ cell|thousands }}                4.000 (in a table whose heading says "i 1.000 kr.")
{{ year|year }}                     2026
{{ value|measure:unit }}            75 %   (unknown: "Data kommer")
{{ hours|hours }}                   38 timer pr. uge
{{ day|long_date }}                 1. august 2025
{{ moment|date_time }}              26. marts 2019 kl. 14.05
{{ n|count:"program,programmer" }}  1 program / 2 programmer
{{ text|keep_units|paragraphs }}    free text whose "92 %" never breaks between number and unit
"""

from datetime import date

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from core import formats

register = template.Library()

UNKNOWN = formats.UNKNOWN

register.filter("kr", formats.kr)
register.filter("thousands", formats.thousands)
register.filter("year", formats.year)
register.filter("decimal", formats.decimal)
register.filter("percent", formats.percent)
register.filter("measure", formats.measure)
register.filter("hours", formats.hours)
register.filter("long_date", formats.long_date)
register.filter("short_date", formats.short_date)
register.filter("date_time", formats.date_time)
register.filter("month", formats.month)
register.filter("keep_units", formats.keep_units)


@register.filter
def amount(value):
    """An amount with Danish thousands separators where the unit stands elsewhere; unknown says so."""
    if value is None or value == "":
        return UNKNOWN
    return formats.integer(value)


@register.filter
def amount_or_dash(value):
    """A total in a table: "–" where nothing adds up to it, so empty years do not read as "0"."""
    return formats.integer(value) if value else "–"


@register.filter
def period(item):
    """An item's period from start_month to end_month."""
    return formats.period(getattr(item, "start_month", None), getattr(item, "end_month", None))


@register.filter
def count(number, words):
    """{{ n|count:"program,programmer" }}."""
    singular, _, plural = words.partition(",")
    return formats.count(number, singular, plural or singular)


@register.filter
def show(instance, field_name):
    """{{ allocation|show:"amount" }}: the field's value as its declared kind is shown."""
    from core.fields import kind_of

    field = instance._meta.get_field(field_name)
    value = getattr(instance, field.attname)
    kind = kind_of(field)
    return kind.format(value, instance) if kind else formats.display(field, value, instance)


@register.filter
def isodate(value):
    """An ISO date string from stored data (an issued bilag's snapshot) as a date."""
    return date.fromisoformat(value) if isinstance(value, str) and value else value


@register.filter
def paragraphs(text):
    """Plain text as paragraphs, with "- " lines as a real list (as the source documents set them)."""
    if not text:
        return ""
    blocks = []
    for block in str(text).split("\n\n"):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        # Consecutive "- " lines form one list; other consecutive lines one paragraph.
        runs: list[tuple[bool, list[str]]] = []
        for line in lines:
            is_item = line.startswith("- ")
            if runs and runs[-1][0] == is_item:
                runs[-1][1].append(line)
            else:
                runs.append((is_item, [line]))
        for is_item, run in runs:
            if is_item:
                items = format_html_join("", "<li>{}</li>", ((line[2:],) for line in run))
                blocks.append(format_html("<ul>{}</ul>", items))
            else:
                # The separator is a constant tag; each line is escaped by format_html_join.
                body = format_html_join(mark_safe("<br>"), "{}", ((line,) for line in run))  # nosec B308
                blocks.append(format_html("<p>{}</p>", body))
    return format_html_join("", "{}", ((block,) for block in blocks))
