from collections import Counter

from django.urls import reverse
from django.views.generic import CreateView, DetailView, UpdateView

from core.timetravel import as_of, past_rows,  TimeTravelDetailMixin, TimeTravelListMixin
from core.views import ListPageView, ServiceFormMixin, WriteAccessMixin
from statuses.views import StatusChangeView

from .choices import AreaKind
from .filters import InitiativeFilterSet
from .forms import InitiativeForm
from .models import REPORT_ORDER, Initiative, Plan
from .services import initiative_create, initiative_update
from .tables import InitiativeTable, StatusReportTable


def group_rows(rows):
    """Table rows (already in report order) as areas → themes → rows, plus the heading level of each area.

    The cross-cutting area is a top-level section; the professional areas sit under the document's
    "Indsatser på fagområder" heading, one level down.
    """
    areas = []
    for row in rows:
        initiative = row.record
        if not areas or areas[-1]["area"].pk != initiative.area_id:
            subject = initiative.area.kind == AreaKind.SUBJECT
            first_subject = subject and not any(a["area"].kind == AreaKind.SUBJECT for a in areas)
            areas.append({
                "area": initiative.area,
                "level": 3 if subject else 2,
                "subject_heading_before": first_subject,
                "themes": [],
            })
        themes = areas[-1]["themes"]
        if not themes or themes[-1]["theme"].pk != initiative.theme_id:
            heading_id = f"tema-{initiative.area_id}-{initiative.theme_id}"
            themes.append({"theme": initiative.theme, "heading_id": heading_id, "rows": []})
        themes[-1]["rows"].append(row)
    return areas


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
        moment = as_of(self.request)
        if moment:
            initiatives = past_rows(
                Initiative.history.as_of(moment).filter(area__plan=plan).order_by(*REPORT_ORDER),
                *StatusReportTable.select_related,
            )
        else:
            initiatives = Initiative.objects.filter(area__plan=plan).order_by(*REPORT_ORDER)
        table = StatusReportTable(initiatives, request=self.request)
        rows = list(table.rows)
        counts = Counter(row.record.status_id for row in rows)
        values = list(plan.status_scale.values.all())
        return {
            **context,
            "table": table,
            "groups": group_rows(rows),
            "meanings": [value for value in values if not value.is_default],
            "counts": [(value, counts.get(value.pk, 0)) for value in values],
            "total": len(rows),
            "time_travel_supported": True,
        }


class InitiativeListView(TimeTravelListMixin, ListPageView):
    queryset = Initiative.objects.all()
    filterset_class = InitiativeFilterSet
    table_class = InitiativeTable
    template_name = "initiatives/initiative_list.html"
    export_name = "indsatser"
    table_pagination = {"per_page": 50}


class InitiativeDetailView(TimeTravelDetailMixin, DetailView):
    queryset = Initiative.objects.select_related("area__plan", "theme", "status__scale")
    template_name = "initiatives/initiative_detail.html"
    context_object_name = "initiative"
    history_prefetch = ("area__plan", "theme", "status__scale")

    def get_context_data(self, **kwargs):
        return super().get_context_data(history=self.status_history(), **kwargs)


class InitiativeFormMixin(WriteAccessMixin, ServiceFormMixin):
    model = Initiative
    form_class = InitiativeForm
    template_name = "initiatives/initiative_form.html"

    def service_kwargs(self, form):
        return {
            "area": form.cleaned_data["area"],
            "theme": form.cleaned_data["theme"],
            "text": form.cleaned_data["text"],
            "acting_user": self.request.user,
        }


class InitiativeCreateView(InitiativeFormMixin, CreateView):
    permission_required = "initiatives.add_initiative"
    success_message = "Indsatsen er oprettet."

    def perform(self, form):
        return initiative_create(**self.service_kwargs(form))


class InitiativeUpdateView(InitiativeFormMixin, UpdateView):
    queryset = Initiative.objects.select_related("area", "theme")
    permission_required = "initiatives.change_initiative"
    success_message = "Indsatsen er gemt."

    def perform(self, form):
        expected = form.expected_version
        return initiative_update(initiative=self.object, expected_version=expected, **self.service_kwargs(form))


class InitiativeStatusChangeView(StatusChangeView):
    model = Initiative

    @property
    def table_class(self):
        # The refreshed row must match the page it replaces a row on: the list or the status report.
        current = self.request.htmx.current_url_abs_path if self.request.htmx else None
        if current and current.split("?")[0] == reverse("initiatives:initiative_list"):
            return InitiativeTable
        return StatusReportTable
