from django import forms

from core.forms import PortalForm, PortalModelForm, VersionField

from .choices import SHAPE_TONE
from .models import StatusScale, StatusValue
from .services import SCALE_FIELDS, VALUE_FIELDS


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


SLUG_HELP = "Kort kode med små bogstaver, tal og bindestreger, fx „i-gang“. Den kan ikke ændres bagefter."
SLUG_ERRORS = {
    "required": "Skriv en kode.",
    "invalid": "Koden må kun have små bogstaver, tal, bindestreger og understreger, fx „i-gang“.",
}


class StatusScaleForm(PortalModelForm):
    class Meta:
        model = StatusScale
        fields = ["slug", *SCALE_FIELDS]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"slug": SLUG_HELP}
        error_messages = {"slug": SLUG_ERRORS, "name": {"required": "Giv skalaen et navn."}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["slug"]  # the code and the fixtures find the scale by it


class StatusValueForm(PortalModelForm):
    class Meta:
        model = StatusValue
        fields = ["slug", *VALUE_FIELDS]
        widgets = {"meaning": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "slug": SLUG_HELP,
            "tone": "Formen bestemmer farven: "
            + ", ".join(f"{shape.label.lower()} er {tone.label.lower()}" for shape, tone in SHAPE_TONE.items())
            + ".",
            "is_default": "Nye emner på skalaen starter her. Skalaen har én startværdi.",
            "order": "Værdiernes rækkefølge på skalaen, fx 1, 2, 3.",
        }
        error_messages = {
            "slug": SLUG_ERRORS,
            "label": {"required": "Skriv værdiens betegnelse."},
            "meaning": {"required": "Skriv hvad værdien betyder."},
            "shape": {"required": "Vælg en form."},
            "tone": {"required": "Vælg en farve."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order"].localize = False
        if self.instance.pk:
            del self.fields["slug"]
