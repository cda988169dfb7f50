from collections import Counter

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.generic import CreateView, DetailView, UpdateView

from core.timetravel import TimeTravelDetailMixin, TimeTravelListMixin, as_of
from core.views import ListPageView, ObjectFormView
from statuses.views import StatusChangeView

from .filters import InitiativeFilterSet
from .forms import AreaForm, InitiativeForm, PlanTextsForm, ThemeForm
from .models import Area, Initiative, Plan, Theme
from .selectors import by_area_and_theme, plan_initiatives
from .services import (
    AREA_FIELDS,
    PLAN_FIELDS,
    THEME_FIELDS,
    area_create,
    area_update,
    initiative_create,
    initiative_update,
    plan_update,
    theme_create,
    theme_update,
)
from .sheets import InitiativeStatusSheet
from .tables import InitiativeTable, StatusReportTable


class PlanStatusView(DetailView):
    """The status report: the scale's meanings, counts per status, and every initiative by area and theme."""

    queryset = Plan.objects.select_related("status_scale")
    template_name = "initiatives/status_report.html"
    context_object_name = "plan"

    def get_object(self, queryset=None):
        if "pk" in self.kwargs:
            return super().get_object(queryset)
        # The menu's page: the first plan (there is one today, Lys i øjnene 2014–2017).
        return self.get_queryset().order_by("pk").first()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan = self.object
        if plan is None:
            return context
        initiatives = plan_initiatives(
            plan, moment=as_of(self.request), select_related=StatusReportTable.select_related
        )
        table = StatusReportTable(initiatives, request=self.request)
        rows = list(table.rows)
        counts = Counter(row.record.status_id for row in rows)
        values = list(plan.status_scale.values.all())
        return {
            **context,
            "table": table,
            "groups": by_area_and_theme(rows, initiative=lambda row: row.record),
            "meanings": [value for value in values if not value.is_default],
            "counts": [(value, counts.get(value.pk, 0)) for value in values],
            "total": len(rows),
            "time_travel_supported": True,
        }


class PlanUpdateView(ObjectFormView, UpdateView):
    """An editor edits the status report's own texts: its title, introduction and note on the source."""

    model = Plan
    form_class = PlanTextsForm
    edit_heading = "Redigér statusoversigtens tekster"
    success_message = "Statusoversigtens tekster er gemt."

    @property
    def breadcrumbs(self):
        return [(reverse("initiatives:plan_detail", kwargs={"pk": self.object.pk}), self.object.name)]

    def perform(self, form):
        fields = {name: form.cleaned_data[name] for name in PLAN_FIELDS}
        return plan_update(
            plan=self.object, expected_version=form.expected_version, acting_user=self.request.user, **fields
        )

    def get_success_url(self):
        return reverse("initiatives:plan_detail", kwargs={"pk": self.object.pk})


class InitiativeListView(TimeTravelListMixin, ListPageView):
    queryset = Initiative.objects.all()
    filterset_class = InitiativeFilterSet
    table_class = InitiativeTable
    export_name = "indsatser"
    sheet_class = InitiativeStatusSheet  # the export is the status import's spreadsheet (ADR 0022)
    title, crumb = "Indsatser", "Alle indsatser"
    breadcrumb_links = (("initiatives:status_report", "Lys i øjnene"),)
    add_url_name, add_label = "initiatives:initiative_add", "Ny indsats"
    table_pagination = {"per_page": 50}


class InitiativeDetailView(TimeTravelDetailMixin, DetailView):
    queryset = Initiative.everything.select_related("area__plan", "theme", "status__scale")
    template_name = "initiatives/initiative_detail.html"
    context_object_name = "initiative"
    history_prefetch = ("area__plan", "theme", "status__scale")

    def get_context_data(self, **kwargs):
        return super().get_context_data(history=self.status_history(), **kwargs)


class InitiativeFormView(ObjectFormView):
    model = Initiative
    form_class = InitiativeForm
    new_label, edit_heading = "Ny indsats", "Redigér indsats"
    list_url_name, list_label = "initiatives:status_report", "Lys i øjnene"
    intro = "En ny indsats kommer sidst under sit område og tema og starter som „Ikke vurderet“."
    form_width = "col-lg-9"

    def service_kwargs(self, form):
        return {
            "area": form.cleaned_data["area"],
            "theme": form.cleaned_data["theme"],
            "text": form.cleaned_data["text"],
            "acting_user": self.request.user,
        }


class InitiativeCreateView(InitiativeFormView, CreateView):
    success_message = "Indsatsen er oprettet."

    def perform(self, form):
        return initiative_create(**self.service_kwargs(form))


class InitiativeUpdateView(InitiativeFormView, UpdateView):
    queryset = Initiative.objects.select_related("area", "theme")
    success_message = "Indsatsen er gemt."

    def perform(self, form):
        return initiative_update(
            initiative=self.object, expected_version=form.expected_version, **self.service_kwargs(form)
        )


class InitiativeStatusChangeView(StatusChangeView):
    model = Initiative

    @property
    def table_class(self):
        # The refreshed row must match the page it replaces a row on: the list or the status report.
        current = self.request.htmx.current_url_abs_path if self.request.htmx else None
        if current and current.split("?")[0] == reverse("initiatives:initiative_list"):
            return InitiativeTable
        return StatusReportTable


# --- A plan's areas and themes, which its initiatives are grouped by ---------------------------------


class PlanPartFormView(ObjectFormView):
    """An area or a theme of a plan; a new one's plan is the address's pk. The form goes back to the plan."""

    parent = "plan"
    form_width = "col-lg-7"
    part_fields: tuple[str, ...] = ()

    @cached_property
    def parent_object(self):
        if getattr(self, "object", None) is not None and self.object.pk:
            return self.object.plan
        return get_object_or_404(Plan, pk=self.kwargs["pk"])

    def data(self, form):
        return {f: form.cleaned_data[f] for f in self.part_fields}


class AreaCreateView(PlanPartFormView, CreateView):
    model, form_class, part_fields = Area, AreaForm, AREA_FIELDS
    url_model = Plan  # the pk in the address is the plan's
    new_label = "Nyt område"
    success_message = "Området er oprettet."

    def perform(self, form):
        return area_create(plan=self.parent_object, data=self.data(form), acting_user=self.request.user)


class AreaUpdateView(PlanPartFormView, UpdateView):
    model, form_class, part_fields = Area, AreaForm, AREA_FIELDS
    queryset = Area.objects.select_related("plan")
    edit_heading = "Redigér område"
    success_message = "Området er gemt."

    def perform(self, form):
        return area_update(
            area=self.object,
            data=self.data(form),
            expected_version=form.expected_version,
            acting_user=self.request.user,
        )


class ThemeCreateView(PlanPartFormView, CreateView):
    model, form_class, part_fields = Theme, ThemeForm, THEME_FIELDS
    url_model = Plan  # the pk in the address is the plan's
    new_label = "Nyt tema"
    success_message = "Temaet er oprettet."

    def perform(self, form):
        return theme_create(plan=self.parent_object, data=self.data(form), acting_user=self.request.user)


class ThemeUpdateView(PlanPartFormView, UpdateView):
    model, form_class, part_fields = Theme, ThemeForm, THEME_FIELDS
    queryset = Theme.objects.select_related("plan")
    edit_heading = "Redigér tema"
    success_message = "Temaet er gemt."

    def perform(self, form):
        return theme_update(
            theme=self.object,
            data=self.data(form),
            expected_version=form.expected_version,
            acting_user=self.request.user,
        )
