from django import forms

from core.forms import (
    AmountField,
    ConfirmLargeAmountsFormSetMixin,
    ConfirmLargeAmountsMixin,
    PortalModelForm,
    ThousandsAmountField,
    YearField,
    YearRowForm,
    YearRowFormSet,
    date_field,
    row_formset,
)

from .choices import LineKind
from .models import BudgetProposal, Committee, Funding, Partnership, Programme
from .services import FUNDING_FIELDS, PARTNERSHIP_FIELDS, PROGRAMME_FIELDS, PROPOSAL_FIELDS


class ProgrammeForm(PortalModelForm):
    committee = forms.ModelChoiceField(
        label="Udvalg", queryset=Committee.objects.all(), required=False, empty_label="Ikke oplyst"
    )

    class Meta:
        model = Programme
        fields = list(PROGRAMME_FIELDS)
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 2}),
            "aims": forms.Textarea(attrs={"rows": 5}),
            "description": forms.Textarea(attrs={"rows": 5}),
            "scope": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {"aims": "Programmets mål (ét pr. linje)"}
        error_messages = {"name": {"required": "Giv programmet et navn."}}

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_month"), cleaned.get("end_month")
        if start and end and end < start:
            self.add_error("end_month", "Slut skal ligge efter start.")
        return cleaned


class ProposalForm(PortalModelForm):
    date = date_field("Dato")
    committee = forms.ModelChoiceField(
        label="Udvalg",
        queryset=Committee.objects.all(),
        empty_label=None,
        error_messages={"required": "Vælg udvalget."},
    )
    programme = forms.ModelChoiceField(
        label="Program", queryset=Programme.objects.all(), required=False, empty_label="Intet program"
    )

    class Meta:
        model = BudgetProposal
        fields = list(PROPOSAL_FIELDS)
        widgets = {"background": forms.Textarea(attrs={"rows": 8}), "description": forms.Textarea(attrs={"rows": 10})}
        labels = {
            "title": "Titel",
            "period_text": "Periode i teksten",
            "background": "Baggrund og formål",
            "description": "Beskrivelse",
        }
        error_messages = {"title": {"required": "Giv budgetforslaget en titel."}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].error_messages["required"] = "Angiv forslagets dato."


class FundingForm(PortalModelForm):
    programme = forms.ModelChoiceField(label="Program", queryset=Programme.objects.all(), empty_label=None)
    amount = AmountField(
        label="Beløb (kr.)",
        unit="kr.",
        help_text="I hele kroner, fx 7.500.000",
        error_messages={"required": "Skriv beløbet i kroner."},
    )
    year = YearField(
        label="Budgetår",
        required=False,
        help_text="Året beløbet hører til, hvis kilden giver ét år. Tomt: beløbet gælder perioden som helhed.",
    )
    start_date = date_field("Periodens start", required=False)
    end_date = date_field("Periodens slut", required=False)

    class Meta:
        model = Funding
        fields = list(FUNDING_FIELDS)
        widgets = {"purpose": forms.Textarea(attrs={"rows": 3})}
        labels = {"source": "Kilde", "purpose": "Formål"}
        help_texts = {"source": "Fx Poul Due Jensen Fonden."}
        error_messages = {"source": {"required": "Skriv, hvor pengene kommer fra."}}

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end <= start:
            self.add_error("end_date", "Periodens slut skal ligge efter dens start.")
        return cleaned


class PartnershipForm(PortalModelForm):
    programme = forms.ModelChoiceField(label="Program", queryset=Programme.objects.all(), empty_label=None)

    class Meta:
        model = Partnership
        fields = list(PARTNERSHIP_FIELDS)
        widgets = {"purpose": forms.Textarea(attrs={"rows": 2}), "description": forms.Textarea(attrs={"rows": 5})}
        labels = {
            "partner": "Samarbejdspartner",
            "area": "Område",
            "purpose": "Formål",
            "start": "Opstart",
            "duration": "Varighed",
            "description": "Beskrivelse",
        }
        error_messages = {"partner": {"required": "Skriv samarbejdspartnerens navn."}}


# --- The economy table: one row per year, amounts in 1.000 kr. ------------------------------------


def _amount_in_thousands(label):
    return ThousandsAmountField(
        label=f"{label} (1.000 kr.)",
        required=False,
        help_text="",
        widget=forms.TextInput(attrs={"class": "form-control text-end input-width-9em"}),
    )


class EconomyYearForm(ConfirmLargeAmountsMixin, YearRowForm):
    """A column of the seed's economy table: one year's Udgifter and Finansiering. Netto is computed."""

    value_fields = ("expenses", "financing")
    missing_value = "Skriv udgifter eller finansiering for året, eller fjern året."
    missing_year = "Skriv hvilket år beløbet gælder."

    expenses = _amount_in_thousands("Udgifter")
    financing = _amount_in_thousands("Finansiering")


class BaseEconomyFormSet(ConfirmLargeAmountsFormSetMixin, YearRowFormSet):
    year_twice = "Året {year} står flere gange. Skriv årets beløb i én række."

    def as_lines(self) -> list[tuple[int, str, int]]:
        """(year, kind, amount in 1.000 kr.) for each filled cell."""
        lines = []
        for row in self.kept_rows():
            if not row.get("year"):
                continue
            for name, kind in (("expenses", LineKind.EXPENSE), ("financing", LineKind.FINANCING)):
                if row.get(name) is not None:
                    lines.append((row["year"], kind.value, row[name]))
        return lines


EconomyFormSet = row_formset(EconomyYearForm, BaseEconomyFormSet, extra=2)


def economy_formset(*, data=None, proposal=None):
    by_year: dict[int, dict] = {}
    if proposal is not None:
        for line in proposal.economy_lines.all():
            row = by_year.setdefault(line.year, {"year": line.year})
            row["expenses" if line.kind == LineKind.EXPENSE else "financing"] = line.amount
    formset = EconomyFormSet(data=data, initial=[by_year[y] for y in sorted(by_year)], prefix="economy")
    if proposal is None:
        formset.extra = 4  # a budget proposal usually covers four budget years
    return formset
