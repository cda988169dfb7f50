from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.fields import LONG_TEXT
from core.formats import decimal as format_decimal
from core.forms import (
    DanishDecimalField,
    ModelChoicesField,
    PortalForm,
    PortalFormSet,
    PortalModelForm,
    YearRowForm,
    YearRowFormSet,
    date_field,
    portal_helper,
    row_formset,
    year_input,
)

from .links import item_choices, item_from_token, token_for
from .models import ApproachElement, CoherenceModel, Goal, GoalGroup, Indicator, Method, Theme, Value
from .services import (
    APPROACH_FIELDS,
    COHERENCE_MODEL_FIELDS,
    GOAL_FIELDS,
    GOAL_GROUP_FIELDS,
    INDICATOR_FIELDS,
    METHOD_FIELDS,
    THEME_FIELDS,
    VALUE_FIELDS,
)


def check_percent(value, *, unit: str, field_label: str = "Værdien"):
    """A share in percent lies between 0 and 100; said plainly rather than saved wrong."""
    if value is not None and (unit or "").strip() == "%" and not (0 <= value <= 100):
        raise ValidationError(
            f"{field_label} er en andel i procent og skal ligge mellem 0 og 100 (du skrev {format_decimal(value)})."
        )


# --- Sammenhængsmodellen's texts -------------------------------------------------------------------


class CoherenceModelTextsForm(PortalModelForm):
    class Meta:
        model = CoherenceModel
        fields = list(COHERENCE_MODEL_FIELDS)
        # Every section text opens at four lines; the title is one line.
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in COHERENCE_MODEL_FIELDS[1:]}


# --- Goals --------------------------------------------------------------------------------------


class GoalForm(PortalModelForm):
    class Meta:
        model = Goal
        fields = list(GOAL_FIELDS)
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}
        error_messages = {"text": {"required": "Skriv målet."}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].empty_label = None


class GoalCreateForm(GoalForm):
    """A new goal also gets its number, the next free one unless the user writes another."""

    class Meta(GoalForm.Meta):
        fields = ["number", *GOAL_FIELDS]
        error_messages = {**GoalForm.Meta.error_messages, "number": {"required": "Skriv målets nummer."}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        last = Goal.objects.order_by("-number").values_list("number", flat=True).first()
        self.fields["number"].initial = (last or 0) + 1
        self.fields["number"].localize = False


class GoalTargetForm(forms.Form):
    wording = forms.CharField(
        label="Formulering",
        required=False,
        max_length=LONG_TEXT,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    value = DanishDecimalField(
        label="Målværdi",
        required=False,
        help_text="",
        widget=forms.TextInput(attrs={"class": "form-control text-end input-width-7em"}),
    )
    unit = forms.CharField(
        label="Enhed",
        required=False,
        max_length=60,
        widget=forms.TextInput(attrs={"class": "form-control input-width-7em"}),
    )
    year = year_input()

    def clean(self):
        cleaned = super().clean()
        filled = any(cleaned.get(f) not in (None, "") for f in ("value", "unit", "year"))
        if filled and not cleaned.get("wording") and "wording" not in self.errors:
            self.add_error("wording", "Skriv målsætningen med ord.")
        return cleaned


class BaseRowFormSet(PortalFormSet):
    def filled_rows(self):
        return [
            f.cleaned_data
            for f in self.forms
            if getattr(f, "cleaned_data", None)
            and not f.cleaned_data.get("DELETE")
            and self.row_is_filled(f.cleaned_data)
        ]

    def row_is_filled(self, data):
        return any(v not in (None, "") for k, v in data.items() if k != "DELETE")


GoalTargetFormSet = row_formset(GoalTargetForm, BaseRowFormSet, extra=1)


def goal_target_formset(*, data=None, goal=None):
    initial = (
        [{"wording": t.wording, "value": t.value, "unit": t.unit, "year": t.year} for t in goal.targets.all()]
        if goal
        else []
    )
    return GoalTargetFormSet(data=data, initial=initial, prefix="targets")


# --- The parts of the model --------------------------------------------------------------------------


class ValueForm(PortalModelForm):
    class Meta:
        model = Value
        fields = list(VALUE_FIELDS)
        widgets = {"statement": forms.Textarea(attrs={"rows": 3}), "therefore": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "name": {"required": "Skriv værdien."},
            "statement": {"required": "Skriv udsagnet."},
            "therefore": {"required": "Skriv „Derfor …“."},
        }


class MethodForm(PortalModelForm):
    class Meta:
        model = Method
        fields = list(METHOD_FIELDS)
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"name": {"required": "Skriv metodikkens navn."}}


class ApproachElementForm(PortalModelForm):
    class Meta:
        model = ApproachElement
        fields = list(APPROACH_FIELDS)
        widgets = {"text": forms.Textarea(attrs={"rows": 5})}
        error_messages = {"name": {"required": "Skriv forgreningens navn."}, "text": {"required": "Skriv teksten."}}


class ThemeForm(PortalModelForm):
    class Meta:
        model = Theme
        fields = list(THEME_FIELDS)
        error_messages = {"name": {"required": "Skriv temaets navn."}}


class GoalGroupForm(PortalModelForm):
    goals = ModelChoicesField(
        label="Mål",
        queryset=Goal.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Vælg mindst ét mål."},
    )

    class Meta:
        model = GoalGroup
        fields = [*GOAL_GROUP_FIELDS, "goals"]
        widgets = {"challenge": forms.Textarea(attrs={"rows": 5})}
        error_messages = {
            "name": {"required": "Giv målgrupperingen et navn."},
            "challenge": {"required": "Skriv udfordringen."},
        }


class FocusAreaForm(forms.Form):
    text = forms.CharField(
        label="Fokusområde",
        required=False,
        max_length=LONG_TEXT,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )


FocusAreaFormSet = row_formset(FocusAreaForm, BaseRowFormSet, extra=2)


def focus_area_formset(*, data=None, group=None):
    initial = [{"text": area.text} for area in group.focus_areas.all()] if group else []
    return FocusAreaFormSet(data=data, initial=initial, prefix="focus_areas")


# --- Indicators ---------------------------------------------------------------------------------


class IndicatorForm(PortalModelForm):
    baseline_value = DanishDecimalField(
        label="Baseline", required=False, help_text="Tom betyder „Data kommer“, fx 75 eller 75,5"
    )
    baseline_year = year_input("Baseline år")
    comparison_value = DanishDecimalField(
        label="Anden baseline", required=False, help_text="Fx kommunens tal til sammenligning"
    )

    class Meta:
        model = Indicator
        fields = list(INDICATOR_FIELDS)
        widgets = {"name": forms.Textarea(attrs={"rows": 2}), "description": forms.Textarea(attrs={"rows": 3})}
        labels = {"sub_goal": "Delmål i en delaftale", "goal": "Mål i Sammenhængsmodellen"}
        help_texts = {"goal": "Vælg enten et mål eller et delmål.", "sub_goal": "Vælg enten et mål eller et delmål."}
        error_messages = {"name": {"required": "Giv indikatoren et navn."}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = Goal.objects.all()
        self.fields["goal"].empty_label = "(intet mål)"
        self.fields["goal"].label_from_instance = str
        self.fields["sub_goal"].queryset = self.fields["sub_goal"].queryset.select_related("agreement")
        self.fields["sub_goal"].empty_label = "(intet delmål)"
        self.fields["sub_goal"].label_from_instance = lambda s: f"{s.agreement.name}: {s.name}"
        self.fields["direction"].choices = [("", "Ikke angivet"), *self.fields["direction"].choices[1:]]

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("goal")) == bool(cleaned.get("sub_goal")) and "goal" not in self.errors:
            self.add_error("goal", "Vælg enten et mål eller et delmål, som indikatoren måler (ikke begge).")
        unit = cleaned.get("unit", "")
        for name in ("baseline_value", "comparison_value"):
            try:
                check_percent(cleaned.get(name), unit=unit, field_label=self.fields[name].label)
            except ValidationError as error:
                self.add_error(name, error)
        return cleaned


class IndicatorTargetForm(YearRowForm):
    missing_value = "Skriv målværdien for året, eller fjern året."
    missing_year = "Skriv hvilket år målet gælder."

    value = DanishDecimalField(
        label="Målværdi",
        required=False,
        help_text="",
        widget=forms.TextInput(attrs={"class": "form-control text-end input-width-8em"}),
    )


IndicatorTargetFormSet = row_formset(IndicatorTargetForm, YearRowFormSet, extra=2)


def indicator_target_formset(*, data=None, indicator=None):
    initial = [{"year": t.year, "value": t.value} for t in indicator.targets.all()] if indicator else []
    return IndicatorTargetFormSet(data=data, initial=initial, prefix="targets")


class MeasurementForm(forms.Form):
    measured_on = date_field("Målt den")
    value = DanishDecimalField(label="Værdi", error_messages={"required": "Skriv den målte værdi."})
    source = forms.CharField(label="Kilde", max_length=300, required=False, help_text="Hvor tallet kommer fra.")
    comment = forms.CharField(
        label="Kommentar", required=False, max_length=LONG_TEXT, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measured_on"].error_messages["required"] = "Skriv hvornår værdien er målt."
        self.indicator = indicator
        self.helper = portal_helper()
        self.fields["source"].initial = indicator.data_source
        if indicator.unit:
            self.fields["value"].label = f"Værdi ({indicator.unit})"

    def clean_measured_on(self):
        measured_on = self.cleaned_data["measured_on"]
        if measured_on > timezone.localdate():
            raise ValidationError("En måling kan ikke ligge i fremtiden.")
        return measured_on

    def clean_value(self):
        value = self.cleaned_data["value"]
        check_percent(value, unit=self.indicator.unit)
        return value

    def clean(self):
        cleaned = super().clean()
        if "comment" in cleaned:
            cleaned["comment"] = cleaned["comment"].replace("\r\n", "\n").replace("\r", "\n")
        return cleaned


# --- The golden thread --------------------------------------------------------------------------


class ItemField(forms.ChoiceField):
    """An item that can work towards a goal, chosen as "app_label.model:pk"."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Projekt, program, indsats eller aktivitet")
        kwargs.setdefault("error_messages", {"required": "Vælg hvad der skal forbindes med målet."})
        super().__init__(choices=(), **kwargs)

    def valid_value(self, value):
        return True  # the choices are only a menu; to_python checks the item exists and may be linked

    def clean(self, value):
        token = super().clean(value)
        return item_from_token(token) if token else None


class GoalLinkForm(PortalForm):
    goal = forms.ModelChoiceField(
        label="Mål",
        queryset=Goal.objects.all(),
        empty_label="Vælg mål",
        error_messages={"required": "Vælg et mål.", "invalid_choice": "Vælg et mål fra listen."},
    )
    item = ItemField()

    def __init__(self, *args, goal=None, item=None, exclude_tokens=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = portal_helper()
        if goal is not None:
            self.fields["goal"].initial = goal.pk
            self.fields["goal"].widget = forms.HiddenInput()
        if item is not None:
            self.fields["item"].initial = token_for(item)
            self.fields["item"].widget = forms.HiddenInput()
        else:
            self.fields["item"].choices = [("", "Vælg …"), *item_choices(exclude=set(exclude_tokens))]
