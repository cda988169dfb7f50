"""Form fields that read Danish input the way a committee secretary types it."""

import re

from django import forms
from django.core.exceptions import ValidationError

from .templatetags.danish import format_amount

# 1500000, 1.500.000, 1 500 000 (also with non-breaking spaces), optionally "kr." and ",00".
_GROUPED = re.compile(r"^\d{1,3}(?:([. \u00a0])\d{3})?(?:\1\d{3})*$")
_PLAIN = re.compile(r"^\d+$")
_SUFFIX = re.compile(r"\s*(kr\.?|kroner|dkk)\s*$", re.IGNORECASE)
_ZERO_DECIMALS = re.compile(r",(0{1,2}|-)$")


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
        return int(text)
    if _GROUPED.match(text):
        return int(re.sub(r"[. \u00a0]", "", text))
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


class MonthField(forms.DateField):
    """A month (periods in the seed documents are given to the month: "juni 2017")."""

    widget = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
    input_formats = ["%Y-%m", "%m.%Y", "%m/%Y", "%m-%Y"]

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "Måned og år")
        super().__init__(**kwargs)
        self.error_messages["invalid"] = "Angiv måned og år, fx 2019-06."


class PortalModelForm(forms.ModelForm):
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
