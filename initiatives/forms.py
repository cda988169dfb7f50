from django import forms

from core.forms import PortalModelForm

from .models import Area, Initiative, Plan, Theme
from .services import AREA_FIELDS, PLAN_FIELDS, THEME_FIELDS


class InitiativeForm(PortalModelForm):
    area = forms.ModelChoiceField(
        label="Område",
        queryset=Area.objects.all(),
        empty_label="Vælg område",
        error_messages={"required": "Vælg et område.", "invalid_choice": "Vælg et område fra listen."},
    )
    theme = forms.ModelChoiceField(
        label="Tema",
        queryset=Theme.objects.all(),
        empty_label="Vælg tema",
        error_messages={"required": "Vælg et tema.", "invalid_choice": "Vælg et tema fra listen."},
    )

    class Meta:
        model = Initiative
        fields = ["area", "theme", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"text": "Sådan som indsatsen står i planen, fx „at udarbejde en ungestrategi“."}
        error_messages = {
            "text": {
                "required": "Skriv indsatsen.",
                "max_length": "Indsatsen må højst være %(limit_value)d tegn (den er %(show_value)d).",
            }
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # An initiative stays in its plan: offer only that plan's areas and themes.
            plan_id = self.instance.area.plan_id
            self.fields["area"].queryset = Area.objects.filter(plan_id=plan_id)
            self.fields["theme"].queryset = Theme.objects.filter(plan_id=plan_id)

    def clean(self):
        cleaned = super().clean()
        area, theme = cleaned.get("area"), cleaned.get("theme")
        if area and theme and area.plan_id != theme.plan_id:
            self.add_error("theme", f"Temaet hører ikke til samme plan som området “{area}”.")
        return cleaned


class PlanTextsForm(PortalModelForm):
    class Meta:
        model = Plan
        fields = list(PLAN_FIELDS)
        widgets = {"intro": forms.Textarea(attrs={"rows": 4}), "source_note": forms.Textarea(attrs={"rows": 4})}


class AreaForm(PortalModelForm):
    class Meta:
        model = Area
        fields = list(AREA_FIELDS)
        help_texts = {"kind": "Et tværgående område står først i statusoversigten, før fagområderne."}
        error_messages = {"name": {"required": "Giv området et navn."}}


class ThemeForm(PortalModelForm):
    class Meta:
        model = Theme
        fields = list(THEME_FIELDS)
        error_messages = {"name": {"required": "Giv temaet et navn."}}
