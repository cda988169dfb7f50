"""Views for programmes, budget proposals, funding and partnerships: declarations on top of core/."""

from django.db.models import Prefetch
from django.utils.functional import cached_property
from django.views.generic import CreateView, DetailView, UpdateView

from core.timetravel import TimeTravelDetailMixin, TimeTravelListMixin
from core.views import ListPageView, ServiceFormMixin, WriteAccessMixin
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
    queryset = Programme.objects.select_related("committee").prefetch_related(
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


class ProgrammeFormMixin(WriteAccessMixin, ServiceFormMixin):
    model = Programme
    form_class = ProgrammeForm
    template_name = "programs/programme_form.html"


class ProgrammeCreateView(ProgrammeFormMixin, CreateView):
    permission_required = "programs.add_programme"
    success_message = "Programmet er oprettet."

    def perform(self, form):
        return programme_create(data=_fields(form, PROGRAMME_FIELDS), acting_user=self.request.user)


class ProgrammeUpdateView(ProgrammeFormMixin, UpdateView):
    permission_required = "programs.change_programme"
    success_message = "Programmet er gemt."

    def perform(self, form):
        return programme_update(
            programme=self.object, data=_fields(form, PROGRAMME_FIELDS),
            expected_version=form.expected_version, acting_user=self.request.user,
        )


# --- Budget proposals --------------------------------------------------------------------------


class ProposalListView(TimeTravelListMixin, ListPageView):
    queryset = BudgetProposal.objects.all()
    filterset_class = ProposalFilterSet
    table_class = ProposalTable
    export_name = "budgetforslag"
    title = "Budgetforslag"
    add_url_name, add_label = "programs:proposal_add", "Nyt budgetforslag"
    intro = ("Beløb i budgetforslag står i 1.000 kr., som i budgetdokumenterne: 4.000 betyder 4 mio. kr. "
             "Netto er udgifter minus finansiering.")

    def rows(self, moment):
        return proposal_rows(moment=moment)


class ProposalDetailView(TimeTravelDetailMixin, DetailView):
    queryset = BudgetProposal.objects.select_related("status__scale", "committee", "programme").prefetch_related(
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


class ProposalFormMixin(WriteAccessMixin, ServiceFormMixin):
    model = BudgetProposal
    form_class = ProposalForm
    template_name = "programs/proposal_form.html"

    @cached_property
    def economy(self):
        data = self.request.POST if self.request.method == "POST" else None
        return economy_formset(data=data, proposal=getattr(self, "object", None))

    def get_initial(self):
        initial = super().get_initial()
        if self.request.GET.get("programme", "").isdigit():
            initial["programme"] = self.request.GET["programme"]
        return initial

    def get_context_data(self, **kwargs):
        return super().get_context_data(economy=self.economy, **kwargs)

    def form_valid(self, form):
        if not self.economy.is_valid():
            return self.form_invalid(form)
        return super().form_valid(form)

    def service_kwargs(self, form):
        return {
            "data": _fields(form, PROPOSAL_FIELDS),
            "lines": self.economy.as_lines(),
            "acting_user": self.request.user,
        }


class ProposalCreateView(ProposalFormMixin, CreateView):
    permission_required = "programs.add_budgetproposal"
    success_message = "Budgetforslaget er oprettet."

    def perform(self, form):
        return proposal_create(**self.service_kwargs(form))


class ProposalUpdateView(ProposalFormMixin, UpdateView):
    permission_required = "programs.change_budgetproposal"
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


class ProgrammeChildFormMixin(WriteAccessMixin, ServiceFormMixin):
    """Create or edit a row shown on a programme's page; ?programme=<pk> preselects the programme."""

    template_name = "programs/programme_child_form.html"

    def get_initial(self):
        initial = super().get_initial()
        if self.request.GET.get("programme", "").isdigit():
            initial["programme"] = self.request.GET["programme"]
        return initial

    def get_success_url(self):
        return self.object.get_absolute_url()


class FundingCreateView(ProgrammeChildFormMixin, CreateView):
    model = Funding
    form_class = FundingForm
    permission_required = "programs.add_funding"
    success_message = "Finansieringen er oprettet."
    extra_context = {"heading": "Ny finansiering"}

    def perform(self, form):
        return funding_create(data=_fields(form, FUNDING_FIELDS), acting_user=self.request.user)


class FundingUpdateView(ProgrammeChildFormMixin, UpdateView):
    model = Funding
    form_class = FundingForm
    permission_required = "programs.change_funding"
    success_message = "Finansieringen er gemt."
    extra_context = {"heading": "Redigér finansiering"}

    def perform(self, form):
        return funding_update(
            funding=self.object, data=_fields(form, FUNDING_FIELDS),
            expected_version=form.expected_version, acting_user=self.request.user,
        )


class PartnershipCreateView(ProgrammeChildFormMixin, CreateView):
    model = Partnership
    form_class = PartnershipForm
    permission_required = "programs.add_partnership"
    success_message = "Partnerskabet er oprettet."
    extra_context = {"heading": "Nyt partnerskab"}

    def perform(self, form):
        return partnership_create(data=_fields(form, PARTNERSHIP_FIELDS), acting_user=self.request.user)


class PartnershipUpdateView(ProgrammeChildFormMixin, UpdateView):
    model = Partnership
    form_class = PartnershipForm
    permission_required = "programs.change_partnership"
    success_message = "Partnerskabet er gemt."
    extra_context = {"heading": "Redigér partnerskab"}

    def perform(self, form):
        return partnership_update(
            partnership=self.object, data=_fields(form, PARTNERSHIP_FIELDS),
            expected_version=form.expected_version, acting_user=self.request.user,
        )
