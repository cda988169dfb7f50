from django import forms

from core.forms import PortalModelForm

from .models import Meeting


class MeetingForm(PortalModelForm):
    date = forms.DateField(
        label="Dato",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "Vælg mødets dato.", "invalid": "Skriv datoen som dd.mm.åååå, fx 26.03.2019."},
    )

    class Meta:
        model = Meeting
        fields = ["committee", "date", "title"]
        labels = {"committee": "Udvalg", "title": "Titel (valgfri)"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].empty_label = None


class IncludeChangesForm(forms.Form):
    include_changes = forms.BooleanField(
        label="Medtag „Ændringer siden sidste møde“",
        required=False,
        help_text="Statusændringer og ændrede beløb siden udvalgets forrige møde.",
    )


class IssueForm(forms.Form):
    note = forms.CharField(
        label="Note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="Påkrævet for en rettet version: hvad er rettet og hvorfor.",
    )
