from django.db.models import Prefetch
from django.utils.functional import cached_property
from django.views.generic import CreateView, DetailView, UpdateView

from core.forms import year_or_none
from core.timetravel import TimeTravelDetailMixin, TimeTravelListMixin
from core.views import Formset, ListPageView, ObjectFormView
from statuses.views import StatusChangeView

from .filters import ProjectFilterSet
from .forms import ProjectForm, allocation_formset
from .models import Project, SubProject
from .selectors import allocated_total, project_rows
from .services import PROJECT_FIELDS, project_create, project_update
from .tables import ProjectTable


class ProjectListView(TimeTravelListMixin, ListPageView):
    queryset = Project.objects.all()
    filterset_class = ProjectFilterSet
    table_class = ProjectTable
    export_name = "projekter"
    title = "Projekter"
    add_url_name, add_label = "projects:project_add", "Nyt projekt"

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
