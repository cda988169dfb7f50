from django import forms

# Dates are read with the Danish DATE_INPUT_FORMATS (viborg_bu/formats/da): 26-03-2019, 26.03.2019, ISO.
DATE_ERROR = "Skriv datoen som dag-måned-år, fx 26-03-2019."


class AuditFilterForm(forms.Form):
    """The audit page's filter form (its fields come from AuditFilterSet)."""

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("fra"), cleaned.get("til")
        if start and end and end < start:
            self.add_error("til", "Til-datoen skal ligge på eller efter fra-datoen.")
        return cleaned
