"""Status på indsatser (seed 004) as the committee's appendix. Registered in InitiativesConfig.ready()."""

from collections import Counter

from django import forms

from .models import Plan
from .selectors import by_area_and_theme, plan_initiatives


class InitiativeStatusForm(forms.Form):
    plan = forms.ModelChoiceField(label="Plan", queryset=Plan.objects.all(), empty_label=None)

    def parameters(self) -> dict:
        return {"plan": self.cleaned_data["plan"].pk}


def build_initiative_status(parameters: dict) -> dict:
    """The plan's initiatives grouped as the status report page groups them (initiatives.selectors)."""
    plan = Plan.objects.select_related("status_scale").get(pk=parameters["plan"])
    initiatives = list(plan_initiatives(plan))
    areas = [
        {
            "name": area["area"].name,
            "themes": [
                {
                    "name": theme["theme"].name,
                    "initiatives": [{"text": i.text, "status": i.status.frozen()} for i in theme["rows"]],
                }
                for theme in area["themes"]
            ],
        }
        for area in by_area_and_theme(initiatives)
    ]
    counts = Counter(initiative.status_id for initiative in initiatives)
    return {
        "title": plan.title,
        "short_title": f"Status {plan.name}",
        "intro": plan.intro,
        "source_note": plan.source_note,  # e.g. that the source's colours are not known
        "scale": [{**value.frozen(), "count": counts.get(value.pk, 0)} for value in plan.status_scale.values.all()],
        "areas": areas,
        "covers": {"initiatives.initiative": [initiative.pk for initiative in initiatives]},
    }
