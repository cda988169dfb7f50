"""The boligsocial delaftale as the committee's appendix (seed 003). Registered in AgreementsConfig.ready().

Its delmål's indicators are read through the relation (`sub_goals__indicators`), so that this app needs
nothing of the goals app that measures them."""

from django import forms
from django.db.models import Prefetch

from core import formats

from .models import Activity, Agreement
from .selectors import total_hours


class AgreementForm(forms.Form):
    agreement = forms.ModelChoiceField(label="Delaftale", queryset=Agreement.objects.all(), empty_label=None)

    def parameters(self) -> dict:
        return {"agreement": self.cleaned_data["agreement"].pk}


def _measure(value, unit) -> str | None:
    """ "92 %", as every page shows it; None where the source has no value yet ("Data kommer")."""
    return None if value is None else formats.measure(value, unit)


def _number(value) -> str | None:
    return None if value is None else formats.decimal(value)


def build_agreement(parameters: dict) -> dict:
    agreement = Agreement.objects.prefetch_related(
        "parties",
        "responsible_roles",
        "sub_goals__indicators",
        Prefetch("activities", queryset=Activity.objects.select_related("status").order_by("order", "id")),
        "municipal_targets__goal",
    ).get(pk=parameters["agreement"])
    activities = list(agreement.activities.all())
    indicators = [indicator for sub in agreement.sub_goals.all() for indicator in sub.indicators.all()]
    return {
        "title": agreement.title,
        "short_title": f"Delaftale {agreement.name}",
        "name": agreement.name,
        # The source's sections in its order: preamble, the indsats and period, parties and responsible
        # roles, the primary municipal partner, delmål, activities and staff resources, the municipal
        # coherence and targets, revision, and the activities' schemas.
        "preamble": agreement.preamble,
        "initiative_name": agreement.initiative_name,
        "valid_from": agreement.valid_from.isoformat(),
        "valid_to": agreement.valid_to.isoformat(),
        "parties": [{"name": p.name, "tasks": p.tasks} for p in agreement.parties.all()],
        "responsible_intro": agreement.responsible_intro,
        "responsible_roles": [r.title for r in agreement.responsible_roles.all()],
        "primary_municipal_partner": agreement.primary_municipal_partner,
        "sub_goals_intro": agreement.sub_goals_intro,
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
                "name": a.name,
                "purpose": a.purpose,
                "target_groups": a.target_groups,
                "content": a.content,
                "practice": a.practice,
                "responsibilities": a.responsibilities,
                "hours_per_week": _number(a.hours_per_week),
                "status": a.status.frozen(),
            }
            for a in activities
        ],
        "activities_intro": agreement.activities_intro,
        "staff_resources": agreement.staff_resources,
        "hours_total": _number(total_hours(activities)) if activities else None,
        "municipal_coherence": agreement.municipal_coherence,
        "targets_intro": agreement.targets_intro,
        "municipal_targets": [
            {"text": t.text, "goal": t.goal.number if t.goal else None} for t in agreement.municipal_targets.all()
        ],
        "targets_outro": agreement.targets_outro,
        "revision_note": agreement.revision_note,
        "revision_rule": agreement.revision_rule,
        "covers": {
            "agreements.agreement": [agreement.pk],
            "agreements.activity": [a.pk for a in activities],
            **({indicators[0]._meta.label_lower: [ind.pk for ind in indicators]} if indicators else {}),
        },
    }
