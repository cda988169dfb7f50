from decimal import Decimal

from django import forms
from django.db import models

from core.forms import DanishDecimalField, PortalModelForm, date_field

from .choices import HOURS_DECIMAL_PLACES
from .models import Activity, Agreement, SubGoal
from .services import ACTIVITY_FIELDS, AGREEMENT_FIELDS

# The largest number Activity.hours_per_week holds (max_digits=6, one decimal).
HOURS_MAX = Decimal("99999.9")


class AgreementForm(PortalModelForm):
    valid_from = date_field("Gælder fra")
    valid_to = date_field("Gælder til")

    class Meta:
        model = Agreement
        fields = list(AGREEMENT_FIELDS)
        # Every long text of a delaftale opens at four lines.
        widgets = {
            name: forms.Textarea(attrs={"rows": 4})
            for name in AGREEMENT_FIELDS
            if isinstance(Agreement._meta.get_field(name), models.TextField)
        }
        error_messages = {
            "name": {"required": "Skriv indsatsområdet."},
            "title": {"required": "Skriv delaftalens titel."},
        }

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("valid_from"), cleaned.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", "Delaftalen skal slutte efter den begynder.")
        return cleaned


class ActivityForm(PortalModelForm):
    hours_per_week = DanishDecimalField(
        label="Timer pr. uge",
        decimal_places=HOURS_DECIMAL_PLACES,
        max_abs=HOURS_MAX,
        help_text="Estimeret timeforbrug af boligsociale ressourcer pr. uge pr. år, fx 38 eller 7,5",
        error_messages={"required": "Skriv det estimerede antal timer pr. uge."},
    )

    class Meta:
        model = Activity
        fields = list(ACTIVITY_FIELDS)
        widgets = {
            name: forms.Textarea(attrs={"rows": 5})
            for name in ("purpose", "target_groups", "content", "practice", "responsibilities")
        }
        error_messages = {"name": {"required": "Giv aktiviteten et navn."}}

    def clean_hours_per_week(self):
        hours = self.cleaned_data["hours_per_week"]
        if hours is not None and hours < 0:
            raise forms.ValidationError("Timetallet kan ikke være negativt.")
        return hours


class SubGoalForm(PortalModelForm):
    class Meta:
        model = SubGoal
        fields = ["name"]
        error_messages = {"name": {"required": "Skriv delmålet."}}
