"""Boligsociale delaftaler: the agreement as one readable page, its activities and their statuses."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.views.generic import CreateView, DetailView, UpdateView

from core.timetravel import TimeTravelDetailMixin, TimeTravelListMixin
from core.views import Formset, ListPageView, ObjectFormView
from statuses.views import StatusChangeView

from .filters import ActivityFilterSet, AgreementFilterSet
from .forms import (
    ActivityForm,
    AgreementForm,
    SubGoalForm,
    municipal_target_formset,
    party_formset,
    responsible_role_formset,
)
from .models import Activity, Agreement, MunicipalTarget, SubGoal
from .selectors import agreement_rows, total_hours
from .services import (
    ACTIVITY_FIELDS,
    AGREEMENT_FIELDS,
    activity_create,
    activity_update,
    agreement_create,
    agreement_update,
    sub_goal_create,
    sub_goal_update,
)
from .sheets import ActivityStatusSheet
from .tables import ActivityTable, AgreementTable


class AgreementListView(ListPageView):
    queryset = agreement_rows()
    filterset_class = AgreementFilterSet
    table_class = AgreementTable
    export_name = "delaftaler"
    title, heading = "Delaftaler", "Boligsociale delaftaler"
    links = (("agreements:activity_list", "Alle aktiviteter"),)
    add_url_name, add_label = "agreements:agreement_add", "Ny delaftale"


class AgreementDetailView(DetailView):
    """The delaftale in the order of the document: parties, delmål and indicators, activities, targets."""

    model = Agreement
    template_name = "agreements/agreement_detail.html"

    def get_queryset(self):
        # One query per part of the document. The delmål with their indicators are the goals app's panel
        # ({% panels agreement "sub_goals" %}), which reads them itself: not read here a second time.
        return Agreement.everything.prefetch_related(
            "parties",
            "responsible_roles",
            Prefetch("activities", queryset=Activity.objects.select_related("status")),
            Prefetch("municipal_targets", queryset=MunicipalTarget.objects.select_related("goal")),
        )

    def get_context_data(self, **kwargs):
        activities = list(self.object.activities.all())
        total = total_hours(activities)
        table = ActivityTable(activities, request=self.request, total=total, orderable=False)
        return super().get_context_data(activity_table=table, total_hours=total, **kwargs)


class AgreementFormView(ObjectFormView):
    model = Agreement
    form_class = AgreementForm
    new_label, edit_heading = "Ny delaftale", "Redigér delaftale"
    list_url_name, list_label = "agreements:agreement_list", "Delaftaler"
    intro = "Delmål og aktiviteter tilføjes på delaftalens side, når den er oprettet."
    formsets = (
        Formset(
            "parties",
            "Parter",
            "Én part pr. række, med dens opgaver. Sæt kryds i „Fjern“ for at slette en part.",
            lambda data, instance: party_formset(data=data, agreement=instance),
        ),
        Formset(
            "roles",
            "Ansvarlige",
            "Én rolle pr. række. Sæt kryds i „Fjern“ for at slette en.",
            lambda data, instance: responsible_role_formset(data=data, agreement=instance),
        ),
        Formset(
            "targets",
            "Kommunale målsætninger",
            "Én målsætning pr. række; vælg målet i Sammenhængsmodellen, hvis den er et af dem.",
            lambda data, instance: municipal_target_formset(data=data, agreement=instance),
        ),
    )

    def service_kwargs(self, form):
        return {
            "data": {f: form.cleaned_data[f] for f in AGREEMENT_FIELDS},
            "parties": self.formsets_bound["parties"].filled_rows(),
            "responsible_roles": self.formsets_bound["roles"].filled_rows(),
            "municipal_targets": self.formsets_bound["targets"].filled_rows(),
            "acting_user": self.request.user,
        }


class AgreementCreateView(AgreementFormView, CreateView):
    success_message = "Delaftalen er oprettet."

    def perform(self, form):
        return agreement_create(**self.service_kwargs(form))


class AgreementUpdateView(AgreementFormView, UpdateView):
    queryset = Agreement.objects.prefetch_related("parties", "responsible_roles", "municipal_targets")
    success_message = "Delaftalen er gemt."

    def perform(self, form):
        return agreement_update(
            agreement=self.object, expected_version=form.expected_version, **self.service_kwargs(form)
        )


class ActivityListView(TimeTravelListMixin, ListPageView):
    queryset = Activity.objects.all()
    filterset_class = ActivityFilterSet
    table_class = ActivityTable
    export_name = "aktiviteter"
    sheet_class = ActivityStatusSheet  # the export is the status import's spreadsheet (ADR 0022)
    title, crumb = "Aktiviteter i delaftaler", "Aktiviteter"
    breadcrumb_links = (("agreements:agreement_list", "Delaftaler"),)

    def get_table_kwargs(self):
        # The page's own rows, filtered or not: the total is the sum of what the table lists.
        return {**super().get_table_kwargs(), "total": total_hours(self.object_list), "show_agreement": True}


class ActivityDetailView(TimeTravelDetailMixin, DetailView):
    queryset = Activity.everything.select_related("agreement", "status__scale").prefetch_related(
        Prefetch("agreement__municipal_targets", queryset=MunicipalTarget.objects.select_related("goal"))
    )
    template_name = "agreements/activity_detail.html"
    history_prefetch = (
        "status__scale",
        Prefetch("agreement__municipal_targets", queryset=MunicipalTarget.objects.select_related("goal")),
    )

    def get_context_data(self, **kwargs):
        return super().get_context_data(history=self.status_history(), **kwargs)


class AgreementChildFormView(ObjectFormView):
    """A form for something that is part of a delaftale. A new one's delaftale is the URL's pk."""

    list_url_name, list_label = "agreements:agreement_list", "Delaftaler"
    parent = "agreement"

    @cached_property
    def agreement(self):
        if self.editing:
            return self.object.agreement
        return get_object_or_404(Agreement.objects.select_related("status_scale"), pk=self.kwargs["pk"])

    @cached_property
    def parent_object(self):
        return self.agreement


class ActivityCreateView(AgreementChildFormView, CreateView):
    model = Activity
    url_model = Agreement  # the pk in the address is the delaftale's
    form_class = ActivityForm
    new_label = "Ny aktivitet"
    success_message = "Aktiviteten er oprettet."

    def perform(self, form):
        return activity_create(
            agreement=self.agreement,
            data={f: form.cleaned_data[f] for f in ACTIVITY_FIELDS},
            acting_user=self.request.user,
        )


class ActivityUpdateView(AgreementChildFormView, UpdateView):
    model = Activity
    queryset = Activity.objects.select_related("agreement")
    form_class = ActivityForm
    success_message = "Aktiviteten er gemt."

    def perform(self, form):
        return activity_update(
            activity=self.object,
            data={f: form.cleaned_data[f] for f in ACTIVITY_FIELDS},
            expected_version=form.expected_version,
            acting_user=self.request.user,
        )


class ActivityStatusChangeView(StatusChangeView):
    model = Activity
    table_class = ActivityTable

    def get_queryset(self):
        return Activity.objects.select_related("agreement")


class SubGoalCreateView(AgreementChildFormView, CreateView):
    model = SubGoal
    url_model = Agreement  # the pk in the address is the delaftale's
    form_class = SubGoalForm
    new_label = "Nyt delmål"
    form_width = "col-lg-8"
    success_message = "Delmålet er oprettet."

    def perform(self, form):
        return sub_goal_create(agreement=self.agreement, name=form.cleaned_data["name"], acting_user=self.request.user)


class SubGoalUpdateView(AgreementChildFormView, UpdateView):
    model = SubGoal
    queryset = SubGoal.objects.select_related("agreement")
    form_class = SubGoalForm
    edit_heading = "Redigér delmål"
    form_width = "col-lg-8"
    success_message = "Delmålet er gemt."

    def perform(self, form):
        return sub_goal_update(
            sub_goal=self.object,
            name=form.cleaned_data["name"],
            expected_version=form.expected_version,
            acting_user=self.request.user,
        )
