from django import forms
from django.utils import timezone

from core.forms import DanishDecimalField, PortalForm, VersionField, date_field, portal_helper

from .choices import Frequency
from .selectors import owner_choices, trackable_kinds


class _Form(PortalForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = portal_helper()


class ResponsibilityForm(_Form):
    owner = forms.ModelChoiceField(
        label="Ansvarlig",
        queryset=None,
        required=False,
        empty_label="Ingen ansvarlig",
        help_text="Den, der rapporterer på punktet i rapporteringsrunderne.",
    )
    frequency = forms.ChoiceField(label="Rapporteringsfrekvens", choices=Frequency.choices, initial=Frequency.MEETING)
    reason = forms.CharField(
        label="Begrundelse for ændringen", required=False, max_length=100, help_text="Gemmes i historikken."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owner_choices()
        self.fields["owner"].label_from_instance = lambda user: user.get_full_name() or user.username


class RoundForm(_Form):
    title = forms.CharField(label="Titel", max_length=200, help_text="Fx “Status til udvalgsmødet i marts”.")
    meeting = forms.ModelChoiceField(
        label="Møde", queryset=None, required=False, empty_label="Intet møde", help_text="Mødet, runden forbereder."
    )
    due_date = date_field("Frist")
    kinds = forms.MultipleChoiceField(
        label="Punkter, der skal rapporteres på",
        widget=forms.CheckboxSelectMultiple,
        help_text="Alle aktuelle punkter af de valgte slags, som har en ansvarlig, kommer med.",
        error_messages={"required": "Vælg mindst én slags punkter, der skal rapporteres på."},
    )
    message = forms.CharField(
        label="Besked til de ansvarlige", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings
        self.fields["kinds"].choices = trackable_kinds()

    def clean_due_date(self):
        due = self.cleaned_data["due_date"]
        if due < timezone.localdate():
            raise forms.ValidationError("Fristen kan ikke ligge i fortiden.")
        return due


class ReportForm(_Form):
    """The owner's report. The status field is there for an item with a status, the measurement for an
    indicator."""

    status = forms.ModelChoiceField(label="Ny status", queryset=None, required=False, empty_label=None)
    text = forms.CharField(
        label="Begrundelse",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Hvad er sket siden sidst, og hvorfor har punktet denne status?",
        error_messages={"required": "Skriv en begrundelse for indberetningen."},
    )
    measured_value = DanishDecimalField(label="Måling", required=False)
    measured_on = date_field("Målt den", required=False)
    version = VersionField()

    def __init__(self, *args, scale=None, indicator=False, unit="", **kwargs):
        super().__init__(*args, **kwargs)
        if scale is None:
            del self.fields["status"]
        else:
            self.fields["status"].queryset = scale.values.order_by("order")
            self.fields["status"].required = True
            self.fields["status"].error_messages["required"] = "Vælg en status."
        if not indicator:
            del self.fields["measured_value"], self.fields["measured_on"]
        elif unit:
            self.fields["measured_value"].label = f"Måling ({unit})"

    def clean(self):
        data = super().clean()
        if "measured_value" in self.fields and (data.get("measured_value") is None) != (
            data.get("measured_on") is None
        ):
            self.add_error("measured_on", "En måling skal have både en værdi og en dato.")
        return data


class ReturnForm(_Form):
    reason = forms.CharField(
        label="Hvorfor sendes indberetningen retur?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Skriv, hvorfor indberetningen sendes retur."},
    )
    version = VersionField()


class ConfirmForm(_Form):
    version = VersionField()
