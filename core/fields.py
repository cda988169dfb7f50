"""Model fields that know what kind of value they hold: an amount, a year, hours, a measure, a month.

The kind is declared once, where the value is defined, and everything that shows the value follows
it (core.formats.display): pages, tables, exports, bilag, the audit trail, conflict messages and the
admin. The fields also give the form field that reads the kind the Danish way (ADR 0013).
"""

import hashlib
from functools import reduce

from django.db import models

from . import formats

FIRST_YEAR = 2000  # years a budget, an allocation, a baseline or a target can be booked in
LAST_YEAR = 2100


class KindField:
    """Mixin of the fields below: `format()` shows a stored value of the field."""

    def format(self, value, instance=None) -> str:  # pragma: no cover - every kind overrides it
        raise NotImplementedError


def kind_of(field) -> "KindField | None":
    return field if isinstance(field, KindField) else None


class AmountField(KindField, models.BigIntegerField):
    """Whole kroner, or whole thousands of kroner where the source keeps a table "i 1.000 kr."."""

    def __init__(self, *args, in_thousands: bool = False, **kwargs):
        self.in_thousands = in_thousands
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.in_thousands:
            kwargs["in_thousands"] = True
        return name, path, args, kwargs

    @property
    def unit(self) -> str:
        return formats.THOUSANDS_UNIT if self.in_thousands else "kr."

    def format(self, value, instance=None) -> str:
        return formats.kr_thousands(value) if self.in_thousands else formats.kr(value)

    def formfield(self, **kwargs):
        from .forms import AmountField as AmountFormField
        from .forms import ThousandsAmountField

        if self.in_thousands:
            return super().formfield(**{"form_class": ThousandsAmountField, **kwargs})
        return super().formfield(**{"form_class": AmountFormField, "unit": self.unit, **kwargs})


class YearField(KindField, models.PositiveSmallIntegerField):
    """A year: 2026, never 2.026, typed with four digits."""

    def format(self, value, instance=None) -> str:
        return formats.year(value)

    def formfield(self, **kwargs):
        from .forms import YearField as YearFormField

        return super().formfield(**{"form_class": YearFormField, **kwargs})


class HoursField(KindField, models.DecimalField):
    """Hours per week: "38 timer pr. uge"."""

    def format(self, value, instance=None) -> str:
        return formats.hours(value)

    def formfield(self, **kwargs):
        return _decimal_formfield(self, **kwargs)


def _decimal_formfield(field, **kwargs):
    from decimal import Decimal

    from .forms import DanishDecimalField

    largest = Decimal(10) ** (field.max_digits - field.decimal_places) - Decimal(1).scaleb(-field.decimal_places)
    defaults = {
        "required": not field.blank,
        "label": field.verbose_name[:1].upper() + field.verbose_name[1:],
        "decimal_places": field.decimal_places,
        "max_abs": largest,
    }
    if field.help_text:
        defaults["help_text"] = field.help_text
    return DanishDecimalField(**{**defaults, **kwargs})


class MeasureField(KindField, models.DecimalField):
    """A measured or targeted value whose unit is another field: of the same row ("unit") or of a
    related one ("indicator.unit"). Shown as "75 %"; unknown is "Data kommer"."""

    def __init__(self, *args, unit_from: str = "unit", **kwargs):
        self.unit_from = unit_from
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["unit_from"] = self.unit_from
        return name, path, args, kwargs

    def unit_of(self, instance) -> str:
        if instance is None:
            return ""
        try:
            return reduce(getattr, self.unit_from.split("."), instance) or ""
        except AttributeError:
            return ""

    def format(self, value, instance=None) -> str:
        return formats.measure(value, self.unit_of(instance))

    def formfield(self, **kwargs):
        return _decimal_formfield(self, **kwargs)


class MonthField(KindField, models.DateField):
    """A month (the first day of it): periods in the source documents are given to the month."""

    def format(self, value, instance=None) -> str:
        return formats.month(value)

    def formfield(self, **kwargs):
        from .forms import MonthField as MonthFormField

        return super().formfield(**{"form_class": MonthFormField, **kwargs})


LONG_TEXT = 10_000  # characters: the longest free text of the seed documents is a few thousand (ADR 0017)


class LongTextField(models.TextField):
    """Free text of at most `max_length` characters (LONG_TEXT unless the field says less).

    Enforced twice (ADR 0017): the form field gets the limit (a `maxlength` on the textarea and Django's
    Danish "Denne værdi må højst have … tegn"), and the model gets a database constraint on the text's
    length, whose Danish message ("Beskrivelse må højst være 10.000 tegn lang.") core.services gives a
    save that skipped the form.
    """

    def __init__(self, *args, max_length=LONG_TEXT, **kwargs):
        super().__init__(*args, max_length=max_length, **kwargs)

    def contribute_to_class(self, cls, name, *args, **kwargs):
        super().contribute_to_class(cls, name, *args, **kwargs)
        # django-simple-history's copies of the field get no constraint: a history keeps what was saved.
        # Nor do the models migrations render from their state ("__fake__"): their constraints are the
        # migration's own, and a second copy would create a new table's constraint twice.
        if cls._meta.abstract or cls.__name__.startswith("Historical") or cls.__module__ == "__fake__":
            return
        from django.db.models.functions import Length
        from django.db.models.lookups import LessThanOrEqual

        label = formats.text(self.verbose_name).capitalize()
        digest = hashlib.sha256(f"{cls._meta.label_lower}.{self.column}".encode()).hexdigest()[:8]
        constraint = models.CheckConstraint(
            condition=LessThanOrEqual(Length(self.attname), self.max_length),
            # PostgreSQL keeps 63 characters of a name: short, readable, and unique by the digest.
            name=f"{cls._meta.db_table[:24]}_{self.column[:18]}_{digest}_len",
            violation_error_message=f"{label} må højst være {formats.integer(self.max_length)} tegn lang.",
        )
        cls._meta.constraints = [*cls._meta.constraints, constraint]  # never the Meta class's own list
        cls._meta.original_attrs["constraints"] = cls._meta.constraints  # what migrations read
