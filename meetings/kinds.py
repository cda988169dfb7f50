"""What each kind of bilag holds, and how its data is gathered from the live database.

A builder returns plain JSON-serialisable data (the snapshot). The same template renders
that data for the HTML preview, the PDF, and later re-renders of an issued version, so an
issued bilag never depends on rows that may change afterwards.
"""

from dataclasses import dataclass
from typing import Callable

from django import forms

from core.forms import AmountField
from core import formats
from core.formats import kr

from .choices import BilagKind


def frozen_status(value) -> dict:
    return {"label": value.label, "meaning": value.meaning, "shape": value.shape, "tone": value.tone}


@dataclass(frozen=True)
class Kind:
    key: str
    template: str
    form_class: type[forms.Form]
    build: Callable[[dict], dict]
    landscape: bool = False


REGISTRY: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    REGISTRY[kind.key] = kind
    return kind


def kind_for(key: str) -> Kind:
    return REGISTRY[key]


# --- 1. Overbliksark over projekter i en pulje ---------------------------------------------


class OverviewSheetForm(forms.Form):
    pool = forms.ModelChoiceField(label="Pulje", queryset=None, empty_label=None)
    year = forms.IntegerField(label="År", min_value=2000, max_value=2100, localize=False,
                              error_messages={"invalid": "Skriv året med fire cifre, fx 2019."})
    threshold = AmountField(label="Beløbsgrænse (kr.)", help_text="Projekter med budget på mindst dette beløb, fx 500.000")

    def __init__(self, *args, **kwargs):
        from projects.models import Pool

        super().__init__(*args, **kwargs)
        self.fields["pool"].queryset = Pool.objects.all()

    def parameters(self) -> dict:
        data = self.cleaned_data
        return {"pool": data["pool"].pk, "year": data["year"], "threshold": data["threshold"]}


def build_overview_sheet(parameters: dict) -> dict:
    from projects.models import Pool, Project, SubProject
    from django.db.models import Prefetch

    pool = Pool.objects.get(pk=parameters["pool"])
    year, threshold = parameters["year"], parameters["threshold"]
    projects = (
        Project.objects.filter(pool=pool)
        .with_allocated(year)
        .filter(allocated__gte=threshold)
        .select_related("status")
        .prefetch_related(Prefetch("subprojects", queryset=SubProject.objects.order_by("order", "id")))
    )
    rows = [
        {
            "id": project.pk,
            "name": project.name,
            "description": project.description,
            "status_text": project.status_text,
            "status": frozen_status(project.status),
            "subprojects": [
                {"name": sub.name, "description": sub.description, "status_text": sub.status_text}
                for sub in project.subprojects.all()
            ],
            "amount": project.allocated,
        }
        for project in projects
    ]
    return {
        "title": f"Overbliksark over projekter i {pool.name} med budget på {kr(threshold)} og derover",
        "pool": pool.name,
        "year": year,
        "threshold": threshold,
        "rows": rows,
        "total": sum(row["amount"] for row in rows),
        "covers": {_label(Project): [row["id"] for row in rows]},
    }


def _label(model) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


register(Kind(BilagKind.OVERVIEW_SHEET, "meetings/bilag/overview_sheet.html", OverviewSheetForm,
              build_overview_sheet, landscape=True))


# --- 2. Status på indsatser (Lys i øjnene) -------------------------------------------------


class InitiativeStatusForm(forms.Form):
    plan = forms.ModelChoiceField(label="Plan", queryset=None, empty_label=None)

    def __init__(self, *args, **kwargs):
        from initiatives.models import Plan

        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = Plan.objects.all()

    def parameters(self) -> dict:
        return {"plan": self.cleaned_data["plan"].pk}


def build_initiative_status(parameters: dict) -> dict:
    from initiatives.models import Initiative, Plan

    plan = Plan.objects.select_related("status_scale").get(pk=parameters["plan"])
    initiatives = (
        Initiative.objects.filter(area__plan=plan).select_related("area", "theme", "status").in_report_order()
    )
    areas: list[dict] = []
    for initiative in initiatives:
        if not areas or areas[-1]["name"] != initiative.area.name:
            areas.append({"name": initiative.area.name, "themes": []})
        themes = areas[-1]["themes"]
        if not themes or themes[-1]["name"] != initiative.theme.name:
            themes.append({"name": initiative.theme.name, "initiatives": []})
        themes[-1]["initiatives"].append({"text": initiative.text, "status": frozen_status(initiative.status)})
    counts: dict[str, int] = {}
    for initiative in initiatives:
        counts[initiative.status.label] = counts.get(initiative.status.label, 0) + 1
    return {
        "title": plan.title,
        "intro": plan.intro,
        "scale": [{**frozen_status(value), "count": counts.get(value.label, 0)} for value in plan.status_scale.values.all()],
        "areas": areas,
        "covers": {_label(Initiative): [initiative.pk for initiative in initiatives]},
    }


register(Kind(BilagKind.INITIATIVE_STATUS, "meetings/bilag/initiative_status.html", InitiativeStatusForm,
              build_initiative_status))


# --- 3. Budgetforslag -----------------------------------------------------------------------


class BudgetProposalForm(forms.Form):
    proposal = forms.ModelChoiceField(label="Budgetforslag", queryset=None, empty_label=None)

    def __init__(self, *args, **kwargs):
        from programs.models import BudgetProposal

        super().__init__(*args, **kwargs)
        self.fields["proposal"].queryset = BudgetProposal.objects.order_by("-date", "title")

    def parameters(self) -> dict:
        return {"proposal": self.cleaned_data["proposal"].pk}


def build_budget_proposal(parameters: dict) -> dict:
    from programs.models import BudgetProposal

    proposal = (
        BudgetProposal.objects.select_related("committee", "status", "programme")
        .prefetch_related("economy_lines")
        .get(pk=parameters["proposal"])
    )
    economy = proposal.economy()
    return {
        "title": proposal.title,
        "date": proposal.date.isoformat(),
        "committee": proposal.committee.name,
        "programme": proposal.programme.name if proposal.programme else None,
        "period_text": proposal.period_text,
        "background": proposal.background,
        "description": proposal.description,
        "status": frozen_status(proposal.status),
        "economy": {
            "years": economy.years,
            "rows": [{"label": row.label, "cells": row.cells, "is_net": row.is_net} for row in economy.rows],
        },
        "covers": {_label(BudgetProposal): [proposal.pk]},
    }


register(Kind(BilagKind.BUDGET_PROPOSAL, "meetings/bilag/budget_proposal.html", BudgetProposalForm,
              build_budget_proposal))


# --- 4. Delaftale ---------------------------------------------------------------------------


class AgreementForm(forms.Form):
    agreement = forms.ModelChoiceField(label="Delaftale", queryset=None, empty_label=None)

    def __init__(self, *args, **kwargs):
        from agreements.models import Agreement

        super().__init__(*args, **kwargs)
        self.fields["agreement"].queryset = Agreement.objects.all()

    def parameters(self) -> dict:
        return {"agreement": self.cleaned_data["agreement"].pk}


def _measure(value, unit) -> str | None:
    """"92 %", as every page shows it; None where the source has no value yet ("Data kommer")."""
    return None if value is None else formats.measure(value, unit)


def build_agreement(parameters: dict) -> dict:
    from django.db.models import Prefetch

    from agreements.models import Activity, Agreement, SubGoal
    from agreements.selectors import total_hours
    from goals.models import Indicator

    agreement = Agreement.objects.prefetch_related(
        "parties", "responsible_roles",
        Prefetch("sub_goals", queryset=SubGoal.objects.prefetch_related(
            Prefetch("indicators", queryset=Indicator.objects.order_by("order", "id")))),
        Prefetch("activities", queryset=Activity.objects.select_related("status").order_by("order", "id")),
        "municipal_targets__goal",
    ).get(pk=parameters["agreement"])
    activities = list(agreement.activities.all())
    return {
        "title": agreement.title,
        "name": agreement.name,
        "valid_from": agreement.valid_from.isoformat(),
        "valid_to": agreement.valid_to.isoformat(),
        "parties": [{"name": p.name, "tasks": p.tasks} for p in agreement.parties.all()],
        "responsible_roles": [r.title for r in agreement.responsible_roles.all()],
        "sub_goals": [
            {
                "name": sub.name,
                "indicators": [
                    {
                        "name": ind.name,
                        "baseline": _measure(ind.baseline_value, ind.unit),
                        "baseline_area": ind.baseline_area,
                        "comparison": _measure(ind.comparison_value, ind.unit),
                        "comparison_area": ind.comparison_area,
                        "baseline_year": ind.baseline_year,
                        "source": ind.data_source,
                    }
                    for ind in sub.indicators.all()
                ],
            }
            for sub in agreement.sub_goals.all()
        ],
        "activities": [
            {
                "name": a.name, "purpose": a.purpose, "target_groups": a.target_groups, "content": a.content,
                "practice": a.practice, "responsibilities": a.responsibilities,
                "hours_per_week": _number(a.hours_per_week), "status": frozen_status(a.status),
            }
            for a in activities
        ],
        "hours_total": _number(total_hours(activities)) if activities else None,
        "municipal_targets": [
            {"text": t.text, "goal": t.goal.number if t.goal else None} for t in agreement.municipal_targets.all()
        ],
        "covers": {
            _label(Agreement): [agreement.pk],
            _label(Activity): [a.pk for a in activities],
            _label(Indicator): [ind.pk for sub in agreement.sub_goals.all() for ind in sub.indicators.all()],
        },
    }


register(Kind(BilagKind.AGREEMENT, "meetings/bilag/agreement.html", AgreementForm, build_agreement))


# --- 5. Sammenhængsmodellen -----------------------------------------------------------------


class CoherenceModelForm(forms.Form):
    model = forms.ModelChoiceField(label="Model", queryset=None, empty_label=None)

    def __init__(self, *args, **kwargs):
        from goals.models import CoherenceModel

        super().__init__(*args, **kwargs)
        self.fields["model"].queryset = CoherenceModel.objects.all()

    def parameters(self) -> dict:
        return {"model": self.cleaned_data["model"].pk}


def _number(value) -> str | None:
    """A Decimal as the committee writes it: 92, 92,5, 1.234.567,25."""
    return None if value is None else formats.decimal(value)


def build_coherence_model(parameters: dict) -> dict:
    from django.db.models import Prefetch

    from goals.models import CoherenceModel, Goal, GoalGroup, Theme

    model = CoherenceModel.objects.prefetch_related(
        "values", "methods", "approach",
        Prefetch("themes", queryset=Theme.objects.prefetch_related(
            Prefetch("goals", queryset=Goal.objects.prefetch_related("targets")))),
        Prefetch("groups", queryset=GoalGroup.objects.prefetch_related("goals", "focus_areas")),
    ).get(pk=parameters["model"])
    return {
        "title": model.document_title or model.name,
        "name": model.name,
        "intro": model.intro,
        "values": [{"name": v.name, "statement": v.statement, "therefore": v.therefore} for v in model.values.all()],
        "methods": [{"name": m.name, "description": m.description} for m in model.methods.all()],
        "approach": [{"name": a.name, "text": a.text} for a in model.approach.all()],
        "themes": [
            {
                "name": theme.name,
                "goals": [
                    {
                        "number": goal.number,
                        "text": goal.text,
                        "targets": [
                            {"wording": t.wording, "value": _number(t.value), "unit": t.unit, "year": t.year}
                            for t in goal.targets.all()
                        ],
                    }
                    for goal in theme.goals.all()
                ],
            }
            for theme in model.themes.all()
        ],
        "groups": [
            {
                "name": group.name,
                "title": group.title,
                "challenge": group.challenge,
                "partner_committee": group.partner_committee,
                "goals": [goal.number for goal in group.goals.all()],
                "focus_areas": [area.text for area in group.focus_areas.all()],
            }
            for group in model.groups.all()
        ],
        "covers": {_label(Goal): [goal.pk for theme in model.themes.all() for goal in theme.goals.all()]},
    }


register(Kind(BilagKind.COHERENCE_MODEL, "meetings/bilag/coherence_model.html", CoherenceModelForm,
              build_coherence_model))
