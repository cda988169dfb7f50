from django import forms

from core.forms import PortalForm, VersionField

from .models import StatusValue


class StatusChangeForm(PortalForm):
    new_value = forms.ModelChoiceField(
        label="Ny status",
        queryset=StatusValue.objects.none(),
        empty_label=None,
        error_messages={"required": "Vælg en status.", "invalid_choice": "Vælg en status fra listen."},
    )
    reason = forms.CharField(
        label="Begrundelse",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        error_messages={"required": "Skriv en begrundelse for statusændringen."},
        help_text="Begrundelsen gemmes i statushistorikken og kan ses af udvalget.",
    )
    version = VersionField(required=True)

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, **kwargs)
        self.item = item
        self.fields["new_value"].queryset = item.status.scale.values.all()
        self.fields["new_value"].initial = item.status
        self.fields["version"].initial = item.version
        self.fields["new_value"].label_from_instance = lambda value: f"{value.label} – {value.meaning}"
