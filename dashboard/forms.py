from django import forms

from .selectors import STALE_AFTER_DAYS


class PeriodForm(forms.Form):
    dage = forms.IntegerField(
        label="Ikke opdateret i mindst (dage)",
        min_value=1,
        max_value=3650,
        initial=STALE_AFTER_DAYS,
        localize=False,
        error_messages={
            "invalid": "Skriv et helt antal dage, fx 90.",
            "min_value": "Mindst 1 dag.",
            "max_value": "Højst 3650 dage.",
        },
    )


def period(request) -> tuple[PeriodForm, int]:
    form = PeriodForm(request.GET if "dage" in request.GET else None)
    days = form.cleaned_data["dage"] if form.is_bound and form.is_valid() else STALE_AFTER_DAYS
    return form, days
