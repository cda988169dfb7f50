from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.views.generic import CreateView, DetailView, UpdateView

from core.forms import year_or_none
from core.timetravel import TimeTravelDetailMixin, TimeTravelListMixin
from core.views import Formset, ListPageView, ObjectFormView
from statuses.views import StatusChangeView

from .filters import PartnerFilterSet, PoolFilterSet, ProjectFilterSet
from .forms import PartnerForm, PoolForm, ProjectForm, SubProjectForm, allocation_formset
from .models import Partner, Pool, Project, SubProject
from .selectors import allocated_total, partner_rows, pool_rows, project_rows
from .services import (
    PARTNER_FIELDS,
    POOL_FIELDS,
    PROJECT_FIELDS,
    SUB_PROJECT_FIELDS,
    partner_create,
    partner_update,
    pool_create,
    pool_update,
    project_create,
    project_update,
    sub_project_create,
    sub_project_update,
)
from .sheets import ProjectSheet
from .tables import PartnerTable, PoolTable, ProjectTable


class ProjectListView(TimeTravelListMixin, ListPageView):
    queryset = Project.objects.all()
    filterset_class = ProjectFilterSet
    table_class = ProjectTable
    export_name = "projekter"
    sheet_class = ProjectSheet  # the export is the import's spreadsheet (ADR 0022)
    title = "Projekter"
    add_url_name, add_label = "projects:project_add", "Nyt projekt"
    links = (("projects:pool_list", "Puljer"), ("projects:partner_list", "Samarbejdspartnere"))

    @cached_property
    def year(self) -> int | None:
        return year_or_none(self.request.GET.get("year"))

    def rows(self, moment):
        return project_rows(year=self.year, moment=moment)

    def get_table_kwargs(self):
        # The page's own rows, filtered or not: the total is the sum of what the table lists.
        total, count = allocated_total(self.object_list)
        return {**super().get_table_kwargs(), "year": self.year, "total": total, "row_count": count}


class ProjectDetailView(TimeTravelDetailMixin, DetailView):
    queryset = Project.everything.select_related("pool", "status__scale", "programme").prefetch_related(
        "partners",
        "allocations",
        Prefetch("subprojects", queryset=SubProject.objects.prefetch_related("partners")),
    )
    template_name = "projects/project_detail.html"
    history_relations = ("allocations", "subprojects")
    history_prefetch = ("pool", "status__scale", "programme", "partners")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            history=self.status_history(),
            allocated_total=sum(a.amount for a in self.object.allocations.all()),
            **kwargs,
        )


class ProjectFormView(ObjectFormView):
    model = Project
    form_class = ProjectForm
    new_label = "Nyt projekt"
    list_url_name, list_label = "projects:project_list", "Projekter"
    form_width = "col-lg-9"
    formsets = (
        Formset(
            "allocations",
            "Disponeret pr. år",
            "Beløb i hele kroner, fx 1.500.000. Sæt kryds i „Fjern“ for at slette et år.",
            lambda data, instance: allocation_formset(data=data, project=instance),
        ),
    )

    def service_kwargs(self, form):
        return {
            "data": {f: form.cleaned_data[f] for f in PROJECT_FIELDS},
            "partners": form.cleaned_data["partners"],
            "allocations": self.formsets_bound["allocations"].as_dict(),
            "acting_user": self.request.user,
        }


class ProjectCreateView(ProjectFormView, CreateView):
    success_message = "Projektet er oprettet."

    def perform(self, form):
        return project_create(pool=form.cleaned_data["pool"], **self.service_kwargs(form))


class ProjectUpdateView(ProjectFormView, UpdateView):
    success_message = "Projektet er gemt."

    def perform(self, form):
        return project_update(project=self.object, expected_version=form.expected_version, **self.service_kwargs(form))


class ProjectStatusChangeView(StatusChangeView):
    model = Project
    table_class = ProjectTable

    def get_queryset(self):
        # The year of the list row the form was opened from ("Disponeret i 2019"); anything else: all years.
        return project_rows(year=year_or_none(self.request.GET.get("year")))


# --- Sub-projects, which are part of a project ------------------------------------------------------


class SubProjectFormView(ObjectFormView):
    model = SubProject
    form_class = SubProjectForm
    list_url_name, list_label = "projects:project_list", "Projekter"
    parent = "project"
    form_width = "col-lg-9"

    @cached_property
    def parent_object(self):
        if getattr(self, "object", None) is not None and self.object.pk:
            return self.object.project
        return get_object_or_404(Project, pk=self.kwargs["pk"])

    def service_kwargs(self, form):
        return {
            "data": {f: form.cleaned_data[f] for f in SUB_PROJECT_FIELDS},
            "partners": form.cleaned_data["partners"],
            "acting_user": self.request.user,
        }


class SubProjectCreateView(SubProjectFormView, CreateView):
    url_model = Project  # the pk in the address is the project's
    new_label = "Nyt delprojekt"
    success_message = "Delprojektet er oprettet."

    def perform(self, form):
        return sub_project_create(project=self.parent_object, **self.service_kwargs(form))


class SubProjectUpdateView(SubProjectFormView, UpdateView):
    queryset = SubProject.objects.select_related("project").prefetch_related("partners")
    edit_heading = "Redigér delprojekt"
    success_message = "Delprojektet er gemt."

    def perform(self, form):
        return sub_project_update(
            sub_project=self.object, expected_version=form.expected_version, **self.service_kwargs(form)
        )


# --- Pools and partners -------------------------------------------------------------------------------


class PoolListView(ListPageView):
    queryset = pool_rows()
    filterset_class = PoolFilterSet
    table_class = PoolTable
    export_name = "puljer"
    title, crumb = "Puljer", "Puljer"
    intro = "Puljerne, projekterne får penge fra. Hver pulje har sin statusskala for projekterne."
    breadcrumb_links = (("projects:project_list", "Projekter"),)
    add_url_name, add_label = "projects:pool_add", "Ny pulje"


class PoolFormView(ObjectFormView):
    model = Pool
    form_class = PoolForm
    new_label, edit_heading = "Ny pulje", "Redigér pulje"
    list_url_name, list_label = "projects:pool_list", "Puljer"
    form_width = "col-lg-8"


class PoolCreateView(PoolFormView, CreateView):
    success_message = "Puljen er oprettet."

    def perform(self, form):
        return pool_create(
            data={f: form.cleaned_data[f] for f in POOL_FIELDS},
            status_scale=form.cleaned_data["status_scale"],
            acting_user=self.request.user,
        )


class PoolUpdateView(PoolFormView, UpdateView):
    success_message = "Puljen er gemt."

    def perform(self, form):
        return pool_update(
            pool=self.object,
            data={f: form.cleaned_data[f] for f in POOL_FIELDS},
            expected_version=form.expected_version,
            acting_user=self.request.user,
        )


class PartnerListView(ListPageView):
    queryset = partner_rows()
    filterset_class = PartnerFilterSet
    table_class = PartnerTable
    export_name = "samarbejdspartnere"
    title, crumb = "Samarbejdspartnere", "Samarbejdspartnere"
    breadcrumb_links = (("projects:project_list", "Projekter"),)
    add_url_name, add_label = "projects:partner_add", "Ny samarbejdspartner"


class PartnerFormView(ObjectFormView):
    model = Partner
    form_class = PartnerForm
    new_label, edit_heading = "Ny samarbejdspartner", "Redigér samarbejdspartner"
    list_url_name, list_label = "projects:partner_list", "Samarbejdspartnere"
    form_width = "col-lg-6"


class PartnerCreateView(PartnerFormView, CreateView):
    success_message = "Samarbejdspartneren er oprettet."

    def perform(self, form):
        return partner_create(data={f: form.cleaned_data[f] for f in PARTNER_FIELDS}, acting_user=self.request.user)


class PartnerUpdateView(PartnerFormView, UpdateView):
    success_message = "Samarbejdspartneren er gemt."

    def perform(self, form):
        return partner_update(
            partner=self.object,
            data={f: form.cleaned_data[f] for f in PARTNER_FIELDS},
            expected_version=form.expected_version,
            acting_user=self.request.user,
        )
