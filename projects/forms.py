from django import forms

from core.forms import AmountField, ModelChoicesField, PortalModelForm, YearRowForm, YearRowFormSet, row_formset
from programs.models import Programme
from statuses.models import StatusScale

from .models import Partner, Pool, Project, SubProject
from .services import PARTNER_FIELDS, POOL_FIELDS, PROJECT_FIELDS, SUB_PROJECT_FIELDS


class ProjectForm(PortalModelForm):
    pool = forms.ModelChoiceField(label="Pulje", queryset=Pool.objects.all(), empty_label=None)
    programme = forms.ModelChoiceField(
        label="Program", queryset=Programme.objects.all(), required=False, empty_label="Intet program"
    )
    partners = ModelChoicesField(
        label="Samarbejdspartnere",
        queryset=Partner.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Project
        fields = ["pool", *PROJECT_FIELDS, "partners"]
        widgets = {"description": forms.Textarea(attrs={"rows": 8}), "status_text": forms.Textarea(attrs={"rows": 6})}
        error_messages = {
            "name": {"required": "Giv projektet et navn."},
            "description": {"required": "Beskriv projektet."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # A project stays in its pool; moving money between pools is a decision of its own.
            del self.fields["pool"]
        elif Pool.objects.count() == 1:
            self.fields["pool"].initial = Pool.objects.get()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_month"), cleaned.get("end_month")
        if start and end and end < start:
            self.add_error("end_month", "Slut skal ligge efter start.")
        return cleaned


class AllocationForm(YearRowForm):
    value_fields = ("amount",)
    missing_value = "Skriv beløbet for året, eller fjern året."
    missing_year = "Skriv hvilket år beløbet gælder."

    amount = AmountField(
        label="Disponeret (kr.)",
        unit="kr.",
        required=False,
        help_text="",
        widget=forms.TextInput(attrs={"class": "form-control text-end input-width-12em"}),
    )


class AllocationFormSet(YearRowFormSet):
    year_twice = "Året {year} står flere gange. Læg beløbene sammen i én linje."


AllocationFormSet = row_formset(AllocationForm, AllocationFormSet, extra=2)


def allocation_formset(*, data=None, project=None):
    initial = [{"year": a.year, "amount": a.amount} for a in project.allocations.all()] if project else []
    return AllocationFormSet(data=data, initial=initial, prefix="allocations")


class PoolForm(PortalModelForm):
    status_scale = forms.ModelChoiceField(
        label="Statusskala for projekter",
        queryset=StatusScale.objects.filter(values__is_default=True).distinct(),
        empty_label=None,
        help_text="Puljens projekter får deres status på denne skala. Den kan ikke ændres bagefter.",
        error_messages={"invalid_choice": "Vælg en statusskala fra listen."},
    )

    class Meta:
        model = Pool
        fields = [*POOL_FIELDS, "status_scale"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        error_messages = {"name": {"required": "Giv puljen et navn."}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # The pool's projects have their statuses on its scale.
            del self.fields["status_scale"]


class PartnerForm(PortalModelForm):
    class Meta:
        model = Partner
        fields = list(PARTNER_FIELDS)
        error_messages = {"name": {"required": "Skriv samarbejdspartnerens navn."}}


class SubProjectForm(PortalModelForm):
    partners = ModelChoicesField(
        label="Samarbejdspartnere",
        queryset=Partner.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = SubProject
        fields = [*SUB_PROJECT_FIELDS, "partners"]
        widgets = {"description": forms.Textarea(attrs={"rows": 6}), "status_text": forms.Textarea(attrs={"rows": 4})}
        error_messages = {"name": {"required": "Giv delprojektet et navn."}}

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_month"), cleaned.get("end_month")
        if start and end and end < start:
            self.add_error("end_month", "Slut skal ligge efter start.")
        return cleaned
