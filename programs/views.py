"""Views for programmes, budget proposals, funding and partnerships: declarations on top of core/."""

from django.db.models import Prefetch
from django.views.generic import CreateView, DetailView, UpdateView

from core.timetravel import TimeTravelDetailMixin, TimeTravelListMixin
from core.views import Formset, ListPageView, ObjectFormView
from statuses.views import StatusChangeView

from .filters import ProgrammeFilterSet, ProposalFilterSet
from .forms import FundingForm, PartnershipForm, ProgrammeForm, ProposalForm, economy_formset
from .models import BudgetProposal, Funding, Partnership, Programme
from .selectors import programme_money, proposal_rows
from .services import (
    FUNDING_FIELDS,
    PARTNERSHIP_FIELDS,
    PROGRAMME_FIELDS,
    PROPOSAL_FIELDS,
    funding_create,
    funding_update,
    partnership_create,
    partnership_update,
    programme_create,
    programme_update,
    proposal_create,
    proposal_update,
)
from .tables import ProgrammeTable, ProposalTable


def _fields(form, names):
    return {name: form.cleaned_data[name] for name in names}


# --- Programmes --------------------------------------------------------------------------------


class ProgrammeListView(ListPageView):
    queryset = Programme.objects.with_counts()
    filterset_class = ProgrammeFilterSet
    table_class = ProgrammeTable
    export_name = "programmer"
    title = "Programmer"
    add_url_name, add_label = "programs:programme_add", "Nyt program"


class ProgrammeDetailView(DetailView):
    queryset = Programme.everything.select_related("committee").prefetch_related(
        "fundings",
        "partnerships",
        Prefetch(
            "proposals",
            queryset=BudgetProposal.objects.select_related("status", "committee").prefetch_related("economy_lines"),
        ),
    )
    template_name = "programs/programme_detail.html"
    context_object_name = "programme"

    def get_context_data(self, **kwargs):
        programme = self.object
        return super().get_context_data(
            money=programme_money(programme.fundings.all(), programme.proposals.all()),
            # The projects app points at programmes (Project.programme); this app reads them through
            # the relation and needs nothing of that app.
            projects=programme.projects.select_related("status", "pool").order_by("name", "id"),
            **kwargs,
        )


class ProgrammeFormView(ObjectFormView):
    model = Programme
    form_class = ProgrammeForm
    new_label = "Nyt program"
    list_url_name, list_label = "programs:programme_list", "Programmer"
    form_width = "col-lg-9"


class ProgrammeCreateView(ProgrammeFormView, CreateView):
    success_message = "Programmet er oprettet."

    def perform(self, form):
        return programme_create(data=_fields(form, PROGRAMME_FIELDS), acting_user=self.request.user)


class ProgrammeUpdateView(ProgrammeFormView, UpdateView):
    success_message = "Programmet er gemt."

    def perform(self, form):
        return programme_update(
            programme=self.object,
            data=_fields(form, PROGRAMME_FIELDS),
            expected_version=form.expected_version,
            acting_user=self.request.user,
        )


# --- Budget proposals --------------------------------------------------------------------------


class ProposalListView(TimeTravelListMixin, ListPageView):
    queryset = BudgetProposal.objects.all()
    filterset_class = ProposalFilterSet
    table_class = ProposalTable
    export_name = "budgetforslag"
    import_slug, import_label = "oekonomi", "Importér økonomi"  # spreadsheets, ADR 0022
    title = "Budgetforslag"
    add_url_name, add_label = "programs:proposal_add", "Nyt budgetforslag"
    intro = (
        "Beløb i budgetforslag står i 1.000 kr., som i budgetdokumenterne: 4.000 betyder 4 mio. kr. "
        "Netto er udgifter minus finansiering."
    )

    def rows(self, moment):
        return proposal_rows(moment=moment)


class ProposalDetailView(TimeTravelDetailMixin, DetailView):
    queryset = BudgetProposal.everything.select_related("status__scale", "committee", "programme").prefetch_related(
        "economy_lines"
    )
    template_name = "programs/proposal_detail.html"
    context_object_name = "proposal"
    history_relations = ("economy_lines",)
    history_prefetch = ("status__scale", "committee", "programme")

    def get_context_data(self, **kwargs):
        economy = self.object.economy()
        return super().get_context_data(
            economy=economy,
            period_differs=self.object.period_differs(economy),
            history=self.status_history(),
            **kwargs,
        )


class ProposalFormView(ObjectFormView):
    model = BudgetProposal
    form_class = ProposalForm
    new_label = "Nyt budgetforslag"
    list_url_name, list_label = "programs:proposal_list", "Budgetforslag"
    form_width = "col-lg-9"
    formsets = (
        Formset(
            "economy",
            "Økonomi – drift, i 1.000 kr.",
            "Én række pr. år. Beløb i hele tusinde kroner, som i budgetdokumenterne: 4.000 betyder 4 mio. kr. "
            "Netto beregnes som udgifter minus finansiering. Sæt kryds i „Fjern“ for at slette et år.",
            lambda data, instance: economy_formset(data=data, proposal=instance),
        ),
    )

    def get_initial(self):
        initial = super().get_initial()
        if self.request.GET.get("programme", "").isdigit():
            initial["programme"] = self.request.GET["programme"]
        return initial

    def service_kwargs(self, form):
        return {
            "data": _fields(form, PROPOSAL_FIELDS),
            "lines": self.formsets_bound["economy"].as_lines(),
            "acting_user": self.request.user,
        }


class ProposalCreateView(ProposalFormView, CreateView):
    success_message = "Budgetforslaget er oprettet."

    def perform(self, form):
        return proposal_create(**self.service_kwargs(form))


class ProposalUpdateView(ProposalFormView, UpdateView):
    success_message = "Budgetforslaget er gemt."

    def perform(self, form):
        return proposal_update(
            proposal=self.object, expected_version=form.expected_version, **self.service_kwargs(form)
        )


class ProposalStatusChangeView(StatusChangeView):
    """URL name "budgetproposal_status": the status framework derives it from the model name."""

    model = BudgetProposal
    table_class = ProposalTable

    def get_queryset(self):
        return proposal_rows()


# --- Funding and partnerships, which belong to a programme ---------------------------------------


class ProgrammeChildFormView(ObjectFormView):
    """Create or edit a row shown on a programme's page; ?programme=<pk> preselects the programme."""

    list_url_name, list_label = "programs:programme_list", "Programmer"
    parent = "programme"
    form_width = "col-lg-9"

    def get_initial(self):
        initial = super().get_initial()
        if self.request.GET.get("programme", "").isdigit():
            initial["programme"] = self.request.GET["programme"]
        return initial

    def get_success_url(self):
        return self.object.get_absolute_url()


class FundingCreateView(ProgrammeChildFormView, CreateView):
    model = Funding
    form_class = FundingForm
    new_label = "Ny finansiering"
    success_message = "Finansieringen er oprettet."

    def perform(self, form):
        return funding_create(data=_fields(form, FUNDING_FIELDS), acting_user=self.request.user)


class FundingUpdateView(ProgrammeChildFormView, UpdateView):
    model = Funding
    form_class = FundingForm
    edit_heading = "Redigér finansiering"
    success_message = "Finansieringen er gemt."

    def perform(self, form):
        return funding_update(
            funding=self.object,
            data=_fields(form, FUNDING_FIELDS),
            expected_version=form.expected_version,
            acting_user=self.request.user,
        )


class PartnershipCreateView(ProgrammeChildFormView, CreateView):
    model = Partnership
    form_class = PartnershipForm
    new_label = "Nyt partnerskab"
    success_message = "Partnerskabet er oprettet."

    def perform(self, form):
        return partnership_create(data=_fields(form, PARTNERSHIP_FIELDS), acting_user=self.request.user)


class PartnershipUpdateView(ProgrammeChildFormView, UpdateView):
    model = Partnership
    form_class = PartnershipForm
    edit_heading = "Redigér partnerskab"
    success_message = "Partnerskabet er gemt."

    def perform(self, form):
        return partnership_update(
            partnership=self.object,
            data=_fields(form, PARTNERSHIP_FIELDS),
            expected_version=form.expected_version,
            acting_user=self.request.user,
        )
