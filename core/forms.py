"""Form fields that read Danish input the way a committee secretary types it."""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.forms.formsets import TOTAL_FORM_COUNT

from .templatetags.danish import format_amount

# 1500000, 1.500.000, 1 500 000 (also with non-breaking spaces), optionally "kr." and ",00".
_GROUPED = re.compile(r"^\d{1,3}(?:([. \u00a0])\d{3})?(?:\1\d{3})*$")
_PLAIN = re.compile(r"^\d+$")
_SUFFIX = re.compile(r"\s*(kr\.?|kroner|dkk)\s*$", re.IGNORECASE)
_ZERO_DECIMALS = re.compile(r",(0{1,2}|-)$")


_MAX_DIGITS = 30  # far beyond any amount; Python's int() refuses to read more than 4300 digits


def _whole_number(digits: str) -> int:
    significant = digits.lstrip("0") or "0"
    if len(significant) > _MAX_DIGITS:
        raise ValidationError("Beløbet er urealistisk stort.", code="max_value")
    return int(significant)


def parse_danish_amount(raw: str) -> int:
    """Read an amount in whole units from Danish text, or raise ValidationError.

    "4.000" is four thousand, never four: a dot is only ever a thousands separator,
    so "1.5" and "1.50" are refused rather than guessed.
    """
    text = _SUFFIX.sub("", str(raw).strip())
    text = _ZERO_DECIMALS.sub("", text).strip()
    if text.startswith("-"):
        raise ValidationError("Beløbet kan ikke være negativt.", code="negative")
    if _PLAIN.match(text):
        return _whole_number(text)
    if _GROUPED.match(text):
        return _whole_number(re.sub(r"[. \u00a0]", "", text))
    if re.match(r"^[\d.\s]+,\d+$", text):
        raise ValidationError(
            "Angiv beløbet i hele tal uden decimaler, fx 1.500.000.", code="decimals"
        )
    if re.match(r"^[\d.,\s]+$", text):
        raise ValidationError(
            "Beløbet kan ikke læses entydigt. Brug punktum som tusindtalsseparator, "
            "fx 1.500.000, eller skriv tallet uden punktummer, fx 1500000.",
            code="ambiguous",
        )
    raise ValidationError("Skriv et beløb med tal, fx 1.500.000.", code="invalid")


class AmountField(forms.Field):
    """An amount in whole kroner (or whole thousands, see `unit`), typed the Danish way."""

    def __init__(self, *, unit: str = "kr.", max_value: int = 10**12, **kwargs):
        self.unit = unit
        self.max_value = max_value
        kwargs.setdefault("help_text", f"I {unit}, fx 1.500.000")
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        classes = " ".join(dict.fromkeys([*widget.attrs.get("class", "").split(), "text-end"]))
        attrs.update({"inputmode": "numeric", "autocomplete": "off", "class": classes})
        return attrs

    def prepare_value(self, value):
        if isinstance(value, int):
            return format_amount(value)
        return value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        amount = parse_danish_amount(value)
        if amount > self.max_value:
            raise ValidationError(
                "Beløbet er urealistisk stort. Det største tilladte er %(max)s.",
                code="max_value",
                params={"max": format_amount(self.max_value)},
            )
        return amount


# The years the portal's data lies in. Outside them a year or a date is a typo, and the extremes break:
# a year lookup builds date(year, 1, 1), and 1 January of year 1 or 31 December 9999 cannot become
# the start or end of a day in Danish time.
FIRST_YEAR = 2000
LAST_YEAR = 2100
FIRST_DAY = datetime.date(FIRST_YEAR, 1, 1)
LAST_DAY = datetime.date(LAST_YEAR, 12, 31)
YEAR_ERRORS = {
    "invalid": "Skriv året med fire cifre, fx 2019.",
    "min_value": f"Året skal ligge mellem {FIRST_YEAR} og {LAST_YEAR}.",
    "max_value": f"Året skal ligge mellem {FIRST_YEAR} og {LAST_YEAR}.",
}


class YearField(forms.IntegerField):
    """A year between FIRST_YEAR and LAST_YEAR. Not localized: shown as 2019, never "2.019"."""

    default_error_messages = YEAR_ERRORS

    def __init__(self, **kwargs):
        super().__init__(min_value=FIRST_YEAR, max_value=LAST_YEAR, localize=False, **kwargs)


def year_or_none(value) -> int | None:
    """A year passed along in the address (?year=2019), or None for anything that is not one."""
    try:
        return YearField(required=False).clean(value)
    except ValidationError:
        return None


class DayField(forms.DateField):
    """A date between FIRST_DAY and LAST_DAY."""

    def validate(self, value):
        super().validate(value)
        if value is not None and not FIRST_DAY <= value <= LAST_DAY:
            raise ValidationError(
                f"Vælg en dato mellem 1. januar {FIRST_YEAR} og 31. december {LAST_YEAR}.", code="out_of_range"
            )


class MonthField(forms.DateField):
    """A month (periods in the seed documents are given to the month: "juni 2017")."""

    widget = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
    input_formats = ["%Y-%m", "%m.%Y", "%m/%Y", "%m-%Y"]

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "Måned og år")
        super().__init__(**kwargs)
        self.error_messages["invalid"] = "Angiv måned og år, fx 2019-06."


class VersionField(forms.IntegerField):
    """The hidden version a form was opened at; a concurrent edit is told apart by it."""

    widget = forms.HiddenInput
    default_error_messages = {
        "required": "Siden mangler oplysninger, den skal bruge for at gemme. Genindlæs siden og prøv igen.",
        "invalid": "Siden er ikke sendt, som den blev vist. Genindlæs siden og prøv igen.",
        "min_value": "Siden er ikke sendt, som den blev vist. Genindlæs siden og prøv igen.",
        "max_value": "Siden er ikke sendt, som den blev vist. Genindlæs siden og prøv igen.",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(min_value=1, max_value=2**31 - 1, localize=False, **kwargs)


class HiddenFieldErrorsMixin:
    """Errors of hidden fields are shown above the form: there is no field on the page to show them at."""

    def full_clean(self):
        super().full_clean()
        if not self._errors:
            return
        hidden = [name for name in self._errors if name in self.fields and self.fields[name].widget.is_hidden]
        for name in hidden:
            for message in self._errors.pop(name):
                if message not in self.non_field_errors():
                    self.add_error(None, message)


class PortalForm(HiddenFieldErrorsMixin, forms.Form):
    """A plain form of the portal."""


class PortalFormSet(forms.BaseFormSet):
    """Rows in a form (allocations, economy years, targets): Danish messages and a bounded number of rows.

    A post that claims more rows than `MAX_ROWS` is refused without building them all, and one
    with fewer rows than the saved ones it was shown (a cut-off or tampered post) is refused rather
    than read as "delete the rest": a row is removed only by its "Slet" box or by emptying it.
    """

    MAX_ROWS = 120  # one row per year 2000–2100 and some spare rows
    ROWS_NOT_AS_SHOWN = "Rækkerne i formularen er ikke sendt, som de blev vist. Genindlæs siden og prøv igen."
    deletion_widget = forms.CheckboxInput(attrs={"class": "form-check-input"})
    default_error_messages = {
        "missing_management_form": ROWS_NOT_AS_SHOWN,
        "too_many_forms": "Der kan højst være %(num)d rækker.",
        "too_few_forms": "Der skal være mindst %(num)d rækker.",
    }

    def full_clean(self):
        super().full_clean()
        if self.is_bound and self.management_form.is_valid():
            if self.management_form.cleaned_data[TOTAL_FORM_COUNT] < len(self.initial or ()):
                self._non_form_errors.append(self.ROWS_NOT_AS_SHOWN)


def row_formset(form, formset, *, extra):
    """`formset_factory` with the portal's limits on the number of rows."""
    return forms.formset_factory(
        form, formset=formset, extra=extra, can_delete=True,
        max_num=PortalFormSet.MAX_ROWS, absolute_max=PortalFormSet.MAX_ROWS,
    )


class PortalModelForm(HiddenFieldErrorsMixin, forms.ModelForm):
    """A model form whose text keeps one kind of line ending.

    Browsers post textarea text with CRLF; stored text uses LF so that an unchanged field
    compares equal to what was saved (and a concurrent edit reports only real changes).
    """

    def clean(self):
        cleaned = super().clean()
        for name, value in cleaned.items():
            if isinstance(value, str):
                cleaned[name] = value.replace("\r\n", "\n").replace("\r", "\n")
        return cleaned


class QuickSelect(forms.Select):
    """A <select> whose options are written in Python.

    Django renders every <option> through a template; for a filter listing a hundred programmes
    that costs more than the rest of the page. Same markup, same escaping (format_html).
    """

    def render(self, name, value, attrs=None, renderer=None):
        from django.forms.utils import flatatt
        from django.utils.html import format_html, format_html_join

        widget = self.get_context(name, value, attrs)["widget"]
        option_html = {False: '<option value="{}">{}</option>', True: '<option value="{}" selected>{}</option>'}
        parts = []
        for group_name, options, _index in widget["optgroups"]:
            rendered = format_html_join(
                "", "{}",
                ((format_html(option_html[bool(option["selected"])], option["value"], option["label"]),)
                 for option in options),
            )
            parts.append(format_html('<optgroup label="{}">{}</optgroup>', group_name, rendered) if group_name else rendered)
        return format_html(
            '<select name="{}"{}>{}</select>',
            widget["name"], flatatt(widget["attrs"]), format_html_join("", "{}", ((part,) for part in parts)),
        )
