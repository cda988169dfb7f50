from decimal import Decimal

from django import forms
from django.db import models

from core.fields import LONG_TEXT
from core.forms import DanishDecimalField, PortalFormSet, PortalModelForm, QuickSelect, date_field, row_formset

from .choices import HOURS_DECIMAL_PLACES
from .models import Activity, Agreement, MunicipalTarget, SubGoal
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


# --- The delaftale's rows: parties, responsible roles, municipal targets -----------------------------


def _text_input(width=""):
    return forms.TextInput(attrs={"class": f"form-control {width}".strip()})


class RowFormSet(PortalFormSet):
    """Rows of a delaftale; empty rows and rows marked "Fjern" are left out."""

    def filled_rows(self) -> list[dict]:
        return [
            {name: value for name, value in form.cleaned_data.items() if name != "DELETE"}
            for form in self.forms
            if getattr(form, "cleaned_data", None)
            and not form.cleaned_data.get("DELETE")
            and any(value not in (None, "") for name, value in form.cleaned_data.items() if name != "DELETE")
        ]


class PartyForm(forms.Form):
    name = forms.CharField(label="Part", required=False, max_length=200, widget=_text_input())
    tasks = forms.CharField(label="Opgaver", required=False, max_length=LONG_TEXT, widget=_text_input())

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("tasks") and not cleaned.get("name") and "name" not in self.errors:
            self.add_error("name", "Skriv hvem parten er.")
        return cleaned


class ResponsibleRoleForm(forms.Form):
    title = forms.CharField(label="Ansvarlig", required=False, max_length=300, widget=_text_input())


class MunicipalTargetForm(forms.Form):
    text = forms.CharField(label="Målsætning", required=False, max_length=LONG_TEXT, widget=_text_input())
    goal = forms.ModelChoiceField(
        label="Mål i Sammenhængsmodellen",
        # Read through the relation: the goals app sits above this one.
        queryset=MunicipalTarget._meta.get_field("goal").related_model.objects.all(),
        required=False,
        empty_label="Intet mål",
        widget=QuickSelect(attrs={"class": "form-select"}),
        error_messages={"invalid_choice": "Vælg et mål fra listen."},
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("goal") and not cleaned.get("text") and "text" not in self.errors:
            self.add_error("text", "Skriv målsætningen.")
        return cleaned


PartyFormSet = row_formset(PartyForm, RowFormSet, extra=2)
ResponsibleRoleFormSet = row_formset(ResponsibleRoleForm, RowFormSet, extra=2)
MunicipalTargetFormSet = row_formset(MunicipalTargetForm, RowFormSet, extra=2)


def party_formset(*, data=None, agreement=None):
    initial = [{"name": p.name, "tasks": p.tasks} for p in agreement.parties.all()] if agreement else []
    return PartyFormSet(data=data, initial=initial, prefix="parties")


def responsible_role_formset(*, data=None, agreement=None):
    initial = [{"title": r.title} for r in agreement.responsible_roles.all()] if agreement else []
    return ResponsibleRoleFormSet(data=data, initial=initial, prefix="roles")


def municipal_target_formset(*, data=None, agreement=None):
    initial = [{"text": t.text, "goal": t.goal_id} for t in agreement.municipal_targets.all()] if agreement else []
    return MunicipalTargetFormSet(data=data, initial=initial, prefix="targets")


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
