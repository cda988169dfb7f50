from django import forms

# A Danish date as typed ("26-03-2019", "26.03.2019", "26/03/2019") or ISO ("2019-03-26").
DATE_INPUT_FORMATS = ["%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y", "%Y-%m-%d"]
DATE_ERROR = "Skriv datoen som dag-måned-år, fx 26-03-2019."


class AuditFilterForm(forms.Form):
    """The audit page's filter form (its fields come from AuditFilterSet)."""

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("fra"), cleaned.get("til")
        if start and end and end < start:
            self.add_error("til", "Til-datoen skal ligge på eller efter fra-datoen.")
        return cleaned
