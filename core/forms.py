"""Form fields that read Danish input the way a committee secretary types it."""

import copy
import datetime
import re
from decimal import Decimal, InvalidOperation

from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.forms.formsets import TOTAL_FORM_COUNT
from django.utils.choices import BaseChoiceIterator

from .fields import FIRST_YEAR, LAST_YEAR
from .formats import decimal as format_decimal
from .formats import integer as format_amount
from .services import as_rule_messages

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
        raise ValidationError("Angiv beløbet i hele tal uden decimaler, fx 1.500.000.", code="decimals")
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


# --- Decimal numbers and dates the Danish way --------------------------------------------------
# AmountField reads whole amounts only; measures and hours need decimals ("75,5 %", "7,5").

_PERCENT_SUFFIX = re.compile(r"\s*(%|pct\.?|procent)\s*$", re.IGNORECASE)
_WHOLE = r"(?:\d+|\d{1,3}(?:\.\d{3})+|\d{1,3}(?:[ \u00a0]\d{3})+)"
_DANISH_DECIMAL = re.compile(rf"^(?P<whole>{_WHOLE})(?:,(?P<fraction>\d+))?$")


def parse_danish_decimal(raw: str) -> Decimal:
    """Read a number typed the Danish way, or raise ValidationError.

    Comma is the decimal sign and a dot only ever separates thousands: "75,5" is 75.5 and
    "4.000" is four thousand, never four. "75.5" could be read two ways, so it is refused.
    """
    text = _PERCENT_SUFFIX.sub("", str(raw).strip()).strip()
    sign = 1
    if text[:1] in ("-", "\u2212"):
        sign, text = -1, text[1:].strip()
    match = _DANISH_DECIMAL.match(text)
    if match:
        whole = re.sub(r"[. \u00a0]", "", match["whole"])
        return sign * Decimal(f"{whole}.{match['fraction'] or 0}")
    if re.match(r"^\d+\.\d{1,2}$|^\d+\.\d{4,}$", text):
        raise ValidationError(
            "Brug komma som decimaltegn, fx 75,5. Punktum bruges kun mellem tusinder, fx 4.000.", code="dot_decimal"
        )
    if re.match(r"^[\d.,\s\u00a0]+$", text):
        raise ValidationError("Tallet kan ikke læses entydigt. Skriv fx 75,5 eller 4.000.", code="ambiguous")
    raise ValidationError("Skriv et tal, fx 75,5.", code="invalid")


class DanishDecimalField(forms.Field):
    """A decimal number typed the Danish way, optionally with "%"."""

    def __init__(self, *, decimal_places: int = 2, max_abs: Decimal = Decimal("9999999999"), **kwargs):
        self.decimal_places = decimal_places
        self.max_abs = max_abs
        kwargs.setdefault("help_text", "Brug komma som decimaltegn, fx 75,5")
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.update({"inputmode": "decimal", "autocomplete": "off"})
        return attrs

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return format_decimal(value)
        return value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        number = parse_danish_decimal(value)
        step = Decimal(1).scaleb(-self.decimal_places)
        try:
            rounded = number.quantize(step)
        except InvalidOperation as error:
            raise self._too_large() from error
        if rounded != number:
            raise ValidationError(
                "Angiv højst %(places)s decimaler.", code="decimal_places", params={"places": self.decimal_places}
            )
        if abs(rounded) > self.max_abs:
            raise self._too_large()
        return rounded

    def _too_large(self):
        return ValidationError(
            "Tallet er urealistisk stort. Det største tilladte er %(max)s.",
            code="max_value",
            params={"max": format_decimal(self.max_abs)},
        )


DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y", "%d/%m/%Y"]


def date_field(label, *, required=True, **kwargs):
    """A day, with the browser's date picker; typed dates are read the Danish way too."""
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": f"Skriv {label[:1].lower()}{label[1:]}.",
            "invalid": "Skriv en dato, fx 01.08.2025.",
        },
        **kwargs,
    )


# --- Amounts in 1.000 kr.: whole kroner typed there by mistake --------------------------------------

# In a "1.000 kr." field an amount typed in whole kroner is a thousand times too much: 4.000.000
# (4 mio. kr. meant) reads as 4 mia. kr. From 100.000 (100 mio. kr. on one line in one year) the user
# is asked to confirm: seed 000's lines are 4.000 (4 mio. kr.) and one proposal of the committee stays
# far below 100 mio. kr. a year, while any line of 100.000 kr. or more typed in whole kroner reaches it.
CONFIRM_THOUSANDS_FROM = 100_000
CONFIRM_LABEL = "Beløbene er rigtige"


def _in_millions(kroner: int) -> str:
    """4_000_000_000 → "4 mia. kr.", 150_000_000 → "150 mio. kr.", 2_550_000_000 → "ca. 2,6 mia. kr."."""
    size, unit = (10**9, "mia.") if kroner >= 10**9 else (10**6, "mio.")
    tenths = (kroner * 10 + size // 2) // size  # integers: no float rounding on huge amounts
    whole, tenth = divmod(tenths, 10)
    about = "" if tenths * size == kroner * 10 else "ca. "
    return f"{about}{format_amount(whole)}{f',{tenth}' if tenth else ''} {unit} kr."


def large_thousands_message(amount: int) -> str:
    meant = (amount + 500) // 1000
    about = "" if amount % 1000 == 0 else "ca. "
    return (
        f"{format_amount(amount)} i 1.000 kr. er {_in_millions(amount * 1000)} "
        f"Mente du {about}{format_amount(meant)} (i 1.000 kr.)? "
        f"Sæt hak i »{CONFIRM_LABEL}«, hvis beløbet skal stå."
    )


class ThousandsAmountField(AmountField):
    """An amount in whole 1.000 kr., as in the budget documents: "4.000" is 4 mio. kr.
    From `confirm_from` on the form asks to confirm it (ConfirmLargeAmountsMixin)."""

    def __init__(self, *, confirm_from: int = CONFIRM_THOUSANDS_FROM, **kwargs):
        self.confirm_from = confirm_from
        super().__init__(unit="1.000 kr.", **kwargs)


class ConfirmLargeAmountsMixin:
    """A form that refuses an amount from its field's `confirm_from` on until »Beløbene er rigtige« is
    ticked: its own `amounts_confirmed` field, or its formset's box (`amounts_confirmed=` argument).

    An amount the form was opened with was confirmed when it was saved and is not asked about again.
    """

    def __init__(self, *args, amounts_confirmed=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.amounts_confirmed = amounts_confirmed
        self.asks_to_confirm = False

    def clean(self):
        cleaned = super().clean()
        if self.amounts_confirmed or cleaned.get("amounts_confirmed") or cleaned.get("DELETE"):
            return cleaned
        for name, field in self.fields.items():
            amount, limit = cleaned.get(name), getattr(field, "confirm_from", None)
            if limit is not None and amount is not None and amount >= limit and amount != self.initial.get(name):
                self.add_error(name, ValidationError(large_thousands_message(amount), code="confirm"))
                self.asks_to_confirm = True
        return cleaned


class ConfirmAmountsForm(forms.Form):
    amounts_confirmed = forms.BooleanField(
        label=CONFIRM_LABEL,
        required=False,
        help_text="Sæt kun hak, hvis beløbene er skrevet i 1.000 kr. og skal stå, som de er.",
    )


class ConfirmLargeAmountsFormSetMixin:
    """One »Beløbene er rigtige« box for all rows of a formset of ConfirmLargeAmountsMixin forms.

    `confirm_form` renders it (named <prefix>-amounts_confirmed); `asks_to_confirm` says when to show it.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.confirm_form = ConfirmAmountsForm(self.data if self.is_bound else None, prefix=self.prefix)
        self.amounts_confirmed = (
            self.is_bound and self.confirm_form.is_valid() and self.confirm_form.cleaned_data["amounts_confirmed"]
        )

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "amounts_confirmed": self.amounts_confirmed}

    @property
    def asks_to_confirm(self) -> bool:
        """An amount waits for the box, or it was ticked (a post refused for another reason keeps it)."""
        if not self.is_bound:
            return False
        self.errors  # noqa: B018 - cleans the rows
        return self.amounts_confirmed or any(form.asks_to_confirm for form in self.forms)


# The days the portal's data lies on. Outside them a date is a typo, and the extremes break: 1 January
# of year 1 or 31 December 9999 cannot become the start or end of a day in Danish time.
FIRST_DAY = datetime.date(FIRST_YEAR, 1, 1)
LAST_DAY = datetime.date(LAST_YEAR, 12, 31)


def year_or_none(value) -> int | None:
    """A year passed along in the address (?year=2019), or None for anything that is not one: a page's
    figures follow the year its filter shows, and a bad value is the filter form's to explain."""
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


class YearField(forms.IntegerField):
    """A year typed with four digits. Never localized: Django's IntegerField would read "2.026" as 2."""

    default_error_messages = {
        "invalid": "Skriv året med fire cifre, fx 2019.",
        "min_value": f"Året skal ligge mellem {FIRST_YEAR} og {LAST_YEAR}.",
        "max_value": f"Året skal ligge mellem {FIRST_YEAR} og {LAST_YEAR}.",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.NumberInput(attrs={"inputmode": "numeric", "class": "input-max-width-8em"}))
        kwargs.update(min_value=FIRST_YEAR, max_value=LAST_YEAR, localize=False)
        kwargs.pop("max_digits", None)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("step", None)
        return attrs


class VersionField(forms.IntegerField):
    """The hidden version a form was opened at; a concurrent edit is told apart by it.

    Required: a post without it could otherwise only fall back to the version saved now, and would
    save over a change somebody made meanwhile."""

    widget = forms.HiddenInput
    default_error_messages = {
        "required": "Siden mangler oplysninger, den skal bruge for at gemme. Genindlæs siden og prøv igen.",
        "invalid": "Siden er ikke sendt, som den blev vist. Genindlæs siden og prøv igen.",
        "min_value": "Siden er ikke sendt, som den blev vist. Genindlæs siden og prøv igen.",
        "max_value": "Siden er ikke sendt, som den blev vist. Genindlæs siden og prøv igen.",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("required", True)
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
        shown = len(self.initial or ())
        if (
            self.is_bound
            and self.management_form.is_valid()
            and self.management_form.cleaned_data[TOTAL_FORM_COUNT] < shown
        ):
            self._non_form_errors.append(self.ROWS_NOT_AS_SHOWN)


def year_input(label="År", required=False, **kwargs) -> "YearField":
    """A year typed in a row or a form: a narrow numeric box, never formatted as an amount."""
    return YearField(
        label=label,
        required=required,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "form-control input-width-7em"}),
        **kwargs,
    )


class YearRowForm(forms.Form):
    """One year's row (a project's allocation, an indicator's target, a proposal's economy year).

    Spare rows may stay empty; a half-filled row asks for its other half, in the words the subclass
    declares. `value_fields` are the row's values besides its year."""

    value_fields: tuple[str, ...] = ("value",)
    missing_value = "Skriv værdien for året, eller fjern året."
    missing_year = "Skriv hvilket år værdien gælder."

    year = year_input()

    def clean(self):
        cleaned = super().clean()
        has_value = any(cleaned.get(name) is not None for name in self.value_fields)
        if cleaned.get("year") and not has_value and not self.errors:
            self.add_error(self.value_fields[0], self.missing_value)
        if has_value and not cleaned.get("year") and "year" not in self.errors:
            self.add_error("year", self.missing_year)
        return cleaned


class YearRowFormSet(PortalFormSet):
    """Rows of `YearRowForm`: each year at most once; `as_dict()` gives {year: value}."""

    year_twice = "Året {year} står flere gange."

    def kept_rows(self) -> list:
        """The rows' cleaned data, without the rows marked "Slet"."""
        return [
            f.cleaned_data for f in self.forms if getattr(f, "cleaned_data", None) and not f.cleaned_data.get("DELETE")
        ]

    def clean(self):
        years = set()
        for form in self.forms:
            year = getattr(form, "cleaned_data", {}).get("year")
            if year is None or form.cleaned_data.get("DELETE"):
                continue  # an empty spare row, or one to delete
            if year in years:
                form.add_error("year", self.year_twice.format(year=year))
            years.add(year)

    def as_dict(self) -> dict:
        value = self.form.value_fields[0]
        return {row["year"]: row[value] for row in self.kept_rows() if row.get("year")}


def row_formset(form, formset, *, extra):
    """`formset_factory` with the portal's limits on the number of rows."""
    return forms.formset_factory(
        form,
        formset=formset,
        extra=extra,
        can_delete=True,
        max_num=PortalFormSet.MAX_ROWS,
        absolute_max=PortalFormSet.MAX_ROWS,
    )


def portal_helper() -> FormHelper:
    """crispy-forms renders the fields; the template writes the <form> tag and the CSRF token."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


class PortalModelForm(HiddenFieldErrorsMixin, forms.ModelForm):
    """A model form of the portal.

    - Editing a row with a `version`, the form carries the version it was opened at as a required
      hidden field, so the service can refuse to save over a change made meanwhile.
    - Browsers post textarea text with CRLF; stored text uses LF so that an unchanged field
      compares equal to what was saved (and a concurrent edit reports only real changes).
    - The form checks the model's rules (fields, constraints) on its own copy of the row, so that a
      refused edit never leaves the page's object half-updated. The service saves, and the database
      stays the guard: a rule broken in between (a race) gets the same Danish message (ADR 0013).
    """

    def __init__(self, *args, **kwargs):
        if kwargs.get("instance") is not None:
            kwargs["instance"] = copy.copy(kwargs["instance"])
        super().__init__(*args, **kwargs)
        self.helper = portal_helper()
        if self.instance.pk is not None and hasattr(self.instance, "version"):
            self.fields["version"] = VersionField(initial=self.instance.version)

    @property
    def expected_version(self) -> int:
        return self.cleaned_data["version"]

    def add_error(self, field, error):
        if isinstance(error, ValidationError):
            error = as_rule_messages(error, self.instance)
        super().add_error(field, error)

    def clean(self):
        cleaned = super().clean()
        for name, value in cleaned.items():
            if isinstance(value, str):
                cleaned[name] = value.replace("\r\n", "\n").replace("\r", "\n")
        return cleaned


class ModelChoicesField(forms.ModelMultipleChoiceField):
    """Several rows chosen by id (checkboxes). An id that is not a plain number within what the
    database holds is refused as a bad choice before the database is asked (which would fail on it)."""

    def _check_values(self, value):
        for pk in value:
            text = str(pk).strip()
            if not (text.isascii() and text.isdigit() and len(text) <= 18):
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": text[:20]}
                )
        return super()._check_values(value)


class ChoicesWhenRendered(BaseChoiceIterator):
    """A select's choices from `read()`, called the first time they are asked for and then kept.

    Django wraps a callable in a CallableChoiceIterator that calls and normalises it on every pass, and a
    rendered <select> makes two (the required check and the options): for nine hundred goals that was a
    tenth of the indicator list. `read` must give (value, label) pairs, as the filters' readers do.
    """

    def __init__(self, read):
        self.read = read
        self.pairs = None

    def __iter__(self):
        if self.pairs is None:
            self.pairs = list(self.read())
        return iter(self.pairs)


class QuickSelect(forms.Select):
    """A <select> whose options are written in Python, straight from the choices.

    Django builds a dictionary per <option> (optgroups) and renders each through a template; for a filter
    listing nine hundred goals that costs more than the rest of the page. Same markup, every value and
    label escaped.
    """

    def render(self, name, value, attrs=None, renderer=None):
        from html import escape as html_escape

        from django.forms.utils import flatatt
        from django.utils.safestring import mark_safe

        def escape(text) -> str:
            # What django.utils.html.escape writes (it calls this), without its lazy-string checks and
            # SafeString per call: a filter of nine hundred goals escapes some two thousand strings.
            return html_escape(str(text))

        chosen = {str(v) for v in self.format_value(value)}

        def options(choices):
            for option_value, label in choices:
                if isinstance(label, (list, tuple)):  # a group of choices
                    yield f'<optgroup label="{escape(option_value)}">{"".join(options(label))}</optgroup>'
                    continue
                shown = "" if option_value is None else str(option_value)
                selected = " selected" if shown in chosen else ""
                yield f'<option value="{escape(shown)}"{selected}>{escape(label)}</option>'

        final_attrs = self.build_attrs(self.attrs, attrs)
        html = f'<select name="{escape(name)}"{flatatt(final_attrs)}>{"".join(options(self.choices))}</select>'
        return mark_safe(html)  # nosec B308 B703 - every value and label is escaped above
