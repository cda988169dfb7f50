"""Sammenhængsmodellen, goals with their golden thread, indicators and measurements."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.generic import CreateView, DetailView, FormView, TemplateView, UpdateView

from core.views import Formset, ListPageView, ObjectFormView, ServiceFormMixin, WriteAccessMixin

from .charts import indicator_chart
from .filters import IndicatorFilterSet
from .forms import (
    ApproachElementForm,
    CoherenceModelTextsForm,
    GoalCreateForm,
    GoalForm,
    GoalGroupForm,
    GoalLinkForm,
    IndicatorForm,
    MeasurementForm,
    MethodForm,
    ThemeForm,
    ValueForm,
    focus_area_formset,
    goal_target_formset,
    indicator_target_formset,
)
from .links import group_by_kind, item_from_token, panel_context, resolve_links, token_for
from .models import ApproachElement, CoherenceModel, Goal, GoalGroup, Indicator, Measurement, Method, Theme, Value
from .selectors import coherence_model, goal_for_page, goal_groups, golden_thread, with_readings
from .services import (
    APPROACH_FIELDS,
    COHERENCE_MODEL_FIELDS,
    GOAL_FIELDS,
    GOAL_GROUP_FIELDS,
    INDICATOR_FIELDS,
    METHOD_FIELDS,
    THEME_FIELDS,
    VALUE_FIELDS,
    approach_element_create,
    approach_element_update,
    coherence_model_update,
    goal_create,
    goal_group_create,
    goal_group_update,
    goal_link,
    goal_unlink,
    goal_update,
    indicator_create,
    indicator_update,
    measurement_add,
    method_create,
    method_update,
    theme_create,
    theme_update,
    value_create,
    value_update,
)
from .tables import IndicatorTable


class CoherenceModelView(TemplateView):
    """The whole model as one page a politician can read: Rødder, Stammen, Forgreningen, Bladene."""

    template_name = "goals/model.html"

    def get_context_data(self, **kwargs):
        model = coherence_model()
        return super().get_context_data(coherence_model=model, **kwargs)


class CoherenceModelUpdateView(ObjectFormView, UpdateView):
    """An editor edits the notat's texts: its title and the introduction to each section."""

    model = CoherenceModel
    form_class = CoherenceModelTextsForm
    list_url_name, list_label = "goals:model", "Sammenhængsmodellen"
    edit_heading = "Redigér Sammenhængsmodellens tekster"
    success_message = "Sammenhængsmodellens tekster er gemt."

    @property
    def breadcrumbs(self):
        return [(reverse("goals:model"), "Sammenhængsmodellen")]  # the model's page is the list

    def perform(self, form):
        return coherence_model_update(
            model=self.object,
            expected_version=form.expected_version,
            acting_user=self.request.user,
            **{f: form.cleaned_data[f] for f in COHERENCE_MODEL_FIELDS},
        )


class GoalDetailView(DetailView):
    """A goal and its golden thread: everything that works towards it."""

    model = Goal
    template_name = "goals/goal_detail.html"

    def get_object(self, queryset=None):
        goal = goal_for_page(self.kwargs["pk"])
        if goal is None:
            raise Http404("Målet findes ikke.")
        return goal

    def get_context_data(self, **kwargs):
        goal = self.object
        return super().get_context_data(
            targets=list(goal.targets.all()), groups=goal_groups(goal), thread=golden_thread(goal), **kwargs
        )


GOAL_TARGETS = Formset(
    "targets",
    "Målsætninger",
    "Kun hvor målet giver en målværdi. Tal skrives med komma som decimaltegn, fx 92 eller 87,5. "
    "Sæt kryds i „Fjern“ for at slette en målsætning.",
    lambda data, instance: goal_target_formset(data=data, goal=instance),
)


class GoalCreateView(ObjectFormView, CreateView):
    """A new numbered goal (et blad); ?theme=<pk> preselects its theme."""

    model = Goal
    form_class = GoalCreateForm
    new_label = "Nyt mål"
    list_url_name, list_label = "goals:model", "Sammenhængsmodellen"
    success_message = "Målet er oprettet."
    formsets = (GOAL_TARGETS,)

    def get_initial(self):
        theme = self.request.GET.get("theme", "")
        return {"theme": theme} if theme.isdigit() else {}

    def perform(self, form):
        return goal_create(
            number=form.cleaned_data["number"],
            data={f: form.cleaned_data[f] for f in GOAL_FIELDS},
            targets=self.formsets_bound["targets"].filled_rows(),
            acting_user=self.request.user,
        )


class GoalUpdateView(ObjectFormView, UpdateView):
    model = Goal
    form_class = GoalForm
    list_url_name, list_label = "goals:model", "Sammenhængsmodellen"
    success_message = "Målet er gemt."
    formsets = (GOAL_TARGETS,)

    @property
    def edit_heading(self):
        return f"Redigér {self.object.label}"

    def perform(self, form):
        return goal_update(
            goal=self.object,
            data={f: form.cleaned_data[f] for f in GOAL_FIELDS},
            targets=self.formsets_bound["targets"].filled_rows(),
            expected_version=form.expected_version,
            acting_user=self.request.user,
        )


# --- The parts of the model: Rødder, Stammen, Forgreningen, themes and goal groups -------------------


class ModelPartFormView(ObjectFormView):
    """A part of Sammenhængsmodellen, shown on the model's page: the form goes back to its section."""

    list_url_name, list_label = "goals:model", "Sammenhængsmodellen"
    form_width = "col-lg-8"
    section = ""  # the anchor of the part's section on the model's page
    part_fields: tuple[str, ...] = ()

    def get_success_url(self):
        return f"{reverse('goals:model')}#{self.section}"

    def data(self, form):
        return {f: form.cleaned_data[f] for f in self.part_fields}


class ValueFormView(ModelPartFormView):
    model, form_class, part_fields, section = Value, ValueForm, VALUE_FIELDS, "roedder"
    new_label, edit_heading = "Ny værdi", "Redigér værdi"


class ValueCreateView(ValueFormView, CreateView):
    success_message = "Værdien er oprettet."

    def perform(self, form):
        return value_create(data=self.data(form), acting_user=self.request.user)


class ValueUpdateView(ValueFormView, UpdateView):
    success_message = "Værdien er gemt."

    def perform(self, form):
        return value_update(
            value=self.object,
            data=self.data(form),
            expected_version=form.expected_version,
            acting_user=self.request.user,
        )


class MethodFormView(ModelPartFormView):
    model, form_class, part_fields, section = Method, MethodForm, METHOD_FIELDS, "stammen"
    new_label, edit_heading = "Ny metodik", "Redigér metodik"


class MethodCreateView(MethodFormView, CreateView):
    success_message = "Metodikken er oprettet."

    def perform(self, form):
        return method_create(data=self.data(form), acting_user=self.request.user)


class MethodUpdateView(MethodFormView, UpdateView):
    success_message = "Metodikken er gemt."

    def perform(self, form):
        return method_update(
            method=self.object,
            data=self.data(form),
            expected_version=form.expected_version,
            acting_user=self.request.user,
        )


class ApproachElementFormView(ModelPartFormView):
    model, form_class, part_fields, section = ApproachElement, ApproachElementForm, APPROACH_FIELDS, "forgreningen"
    new_label, edit_heading = "Ny forgrening", "Redigér forgrening"


class ApproachElementCreateView(ApproachElementFormView, CreateView):
    success_message = "Forgreningen er oprettet."

    def perform(self, form):
        return approach_element_create(data=self.data(form), acting_user=self.request.user)


class ApproachElementUpdateView(ApproachElementFormView, UpdateView):
    success_message = "Forgreningen er gemt."

    def perform(self, form):
        return approach_element_update(
            element=self.object,
            data=self.data(form),
            expected_version=form.expected_version,
            acting_user=self.request.user,
        )


class ThemeFormView(ModelPartFormView):
    model, form_class, part_fields, section = Theme, ThemeForm, THEME_FIELDS, "bladene"
    new_label, edit_heading = "Nyt tema", "Redigér tema"


class ThemeCreateView(ThemeFormView, CreateView):
    success_message = "Temaet er oprettet."

    def perform(self, form):
        return theme_create(data=self.data(form), acting_user=self.request.user)


class ThemeUpdateView(ThemeFormView, UpdateView):
    success_message = "Temaet er gemt."

    def perform(self, form):
        return theme_update(
            theme=self.object,
            data=self.data(form),
            expected_version=form.expected_version,
            acting_user=self.request.user,
        )


class GoalGroupFormView(ModelPartFormView):
    model, form_class, part_fields, section = GoalGroup, GoalGroupForm, GOAL_GROUP_FIELDS, "realisering"
    new_label, edit_heading = "Ny målgruppering", "Redigér målgruppering"
    form_width = "col-lg-9"
    formsets = (
        Formset(
            "focus_areas",
            "Mulige særlige fokusområder i Børn og Unge",
            "Ét fokusområde pr. række. Sæt kryds i „Fjern“ for at slette et.",
            lambda data, instance: focus_area_formset(data=data, group=instance),
        ),
    )

    def service_kwargs(self, form):
        return {
            "data": self.data(form),
            "goals": form.cleaned_data["goals"],
            "focus_areas": [row["text"] for row in self.formsets_bound["focus_areas"].filled_rows()],
            "acting_user": self.request.user,
        }


class GoalGroupCreateView(GoalGroupFormView, CreateView):
    success_message = "Målgrupperingen er oprettet."

    def perform(self, form):
        return goal_group_create(**self.service_kwargs(form))


class GoalGroupUpdateView(GoalGroupFormView, UpdateView):
    queryset = GoalGroup.objects.prefetch_related("goals", "focus_areas")
    success_message = "Målgrupperingen er gemt."

    def perform(self, form):
        return goal_group_update(group=self.object, expected_version=form.expected_version, **self.service_kwargs(form))


# --- The golden thread: link and unlink from either side ----------------------------------------


def _safe_next(request, fallback):
    """Where to go back to: a path on this site, never another host nor a URL name for `redirect()` to look up."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    hosts = {request.get_host()}
    if target.startswith("/") and url_has_allowed_host_and_scheme(target, hosts, require_https=request.is_secure()):
        return target
    return fallback


class GoalLinksView(WriteAccessMixin, ServiceFormMixin, FormView):
    """From the goal's side: what works towards it, and linking or unlinking projects, programmes, …"""

    permission_required = "goals.add_goallink"
    model = Goal
    form_class = GoalLinkForm
    template_name = "goals/goal_links.html"

    @cached_property
    def goal(self):
        return get_object_or_404(Goal, pk=self.kwargs["pk"])

    @cached_property
    def linked(self):
        return resolve_links(list(self.goal.links.all()))

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "goal": self.goal,
            "exclude_tokens": [token_for(row.item) for row in self.linked],
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(goal=self.goal, groups=group_by_kind(self.linked), **kwargs)

    def perform(self, form):
        item = form.cleaned_data["item"]
        goal_link(goal=self.goal, item=item, acting_user=self.request.user)
        messages.success(self.request, f"„{item}“ er forbundet med {self.goal.label}.")
        return self.goal

    def get_success_url(self):
        return self.request.path


class LinkFormMixin(WriteAccessMixin, ServiceFormMixin, FormView):
    """Link or unlink one item and one goal; item pages post here from goals/_goal_links.html."""

    form_class = GoalLinkForm

    @cached_property
    def in_panel(self):
        return bool(self.request.htmx) and "panel" in self.request.POST

    def get_initial(self):
        return {"goal": self.request.GET.get("goal"), "item": self.request.GET.get("item")}

    def get_context_data(self, **kwargs):
        return super().get_context_data(next=_safe_next(self.request, ""), **kwargs)

    def render_panel(self, item, **extra):
        return TemplateResponse(
            self.request,
            "goals/_goal_links_panel.html",
            panel_context(
                self.request, item, can_edit=True, next_url=_safe_next(self.request, item.get_absolute_url()), **extra
            ),
        )

    def perform(self, form):
        self.goal, self.item = form.cleaned_data["goal"], form.cleaned_data["item"]
        self.change(goal=self.goal, item=self.item, acting_user=self.request.user)
        return self.goal

    def form_invalid(self, form):
        item = form.cleaned_data.get("item") if hasattr(form, "cleaned_data") else None
        if self.in_panel and item is not None:
            errors = [e for errs in form.errors.values() for e in errs]
            return self.render_panel(item, error=" ".join(errors))
        return super().form_invalid(form)

    def render_success(self):
        message = self.done_message()
        if self.in_panel:
            return self.render_panel(self.item, announcement=message)
        messages.success(self.request, message)
        return redirect(_safe_next(self.request, self.goal.get_absolute_url()))


class LinkCreateView(LinkFormMixin):
    permission_required = "goals.add_goallink"
    template_name = "goals/link_form.html"
    change = staticmethod(goal_link)

    def done_message(self):
        return f"„{self.item}“ er forbundet med {self.goal.label}."


class LinkDeleteView(LinkFormMixin):
    permission_required = "goals.delete_goallink"
    template_name = "goals/link_confirm_delete.html"
    change = staticmethod(goal_unlink)

    def done_message(self):
        return f"Forbindelsen mellem „{self.item}“ og {self.goal.label} er fjernet."

    def get_context_data(self, **kwargs):
        form = kwargs.setdefault("form", self.get_form())
        goal = item = None
        try:
            goal = Goal.objects.filter(pk=int(form["goal"].value() or 0)).first()
            item = item_from_token(form["item"].value()) if form["item"].value() else None
        except (TypeError, ValueError, ValidationError):
            pass
        return super().get_context_data(goal=goal, item=item, **kwargs)


# --- Indicators ---------------------------------------------------------------------------------


class IndicatorListView(ListPageView):
    queryset = Indicator.objects.all()
    filterset_class = IndicatorFilterSet
    table_class = IndicatorTable
    export_name = "indikatorer"
    import_slug, import_label = "maalinger", "Importér målinger"  # spreadsheets, ADR 0022
    title = "Indikatorer"
    add_url_name, add_label = "goals:indicator_add", "Ny indikator"
    intro = (
        "Indikatorer for målene i Sammenhængsmodellen og for delmålene i de boligsociale delaftaler. "
        "„Data kommer“ betyder, at der endnu ikke er et tal."
    )


class IndicatorDetailView(DetailView):
    queryset = Indicator.everything.select_related("goal", "sub_goal__agreement").prefetch_related(
        "targets", Prefetch("measurements", queryset=Measurement.objects.select_related("entered_by"))
    )
    template_name = "goals/indicator_detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(chart=indicator_chart(self.object), **kwargs)


class IndicatorFormView(ObjectFormView):
    model = Indicator
    form_class = IndicatorForm
    new_label, edit_heading = "Ny indikator", "Redigér indikator"
    list_url_name, list_label = "goals:indicator_list", "Indikatorer"
    formsets = (
        Formset(
            "targets",
            "Mål pr. år",
            "Den værdi, indikatoren skal nå i et år, fx 85 eller 87,5. Sæt kryds i „Fjern“ for at slette et år.",
            lambda data, instance: indicator_target_formset(data=data, indicator=instance),
        ),
    )

    def data(self, form):
        return {f: form.cleaned_data.get(f) for f in INDICATOR_FIELDS}


class IndicatorCreateView(IndicatorFormView, CreateView):
    success_message = "Indikatoren er oprettet."

    def get_initial(self):
        return {"goal": self.request.GET.get("goal"), "sub_goal": self.request.GET.get("sub_goal")}

    def perform(self, form):
        return indicator_create(
            data=self.data(form), targets=self.formsets_bound["targets"].as_dict(), acting_user=self.request.user
        )


class IndicatorUpdateView(IndicatorFormView, UpdateView):
    success_message = "Indikatoren er gemt."
    queryset = Indicator.objects.prefetch_related("targets")

    def perform(self, form):
        return indicator_update(
            indicator=self.object,
            data=self.data(form),
            targets=self.formsets_bound["targets"].as_dict(),
            expected_version=form.expected_version,
            acting_user=self.request.user,
        )


class MeasurementCreateView(WriteAccessMixin, ServiceFormMixin, FormView):
    """Staff add a measured value to an indicator."""

    permission_required = "goals.add_measurement"
    model = Indicator
    form_class = MeasurementForm
    template_name = "goals/measurement_form.html"
    success_message = "Målingen er gemt."

    @cached_property
    def indicator(self):
        return get_object_or_404(with_readings(Indicator.objects.all()), pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "indicator": self.indicator}

    def get_context_data(self, **kwargs):
        return super().get_context_data(indicator=self.indicator, **kwargs)

    def perform(self, form):
        return measurement_add(indicator=self.indicator, acting_user=self.request.user, **form.cleaned_data)

    def get_success_url(self):
        return self.indicator.get_absolute_url()
