"""Sammenhængsmodellen as the committee's appendix (seed 002). Registered in GoalsConfig.ready()."""

from django import forms

from core import formats

from .models import CoherenceModel
from .selectors import coherence_model


class CoherenceModelForm(forms.Form):
    model = forms.ModelChoiceField(label="Model", queryset=CoherenceModel.objects.all(), empty_label=None)

    def parameters(self) -> dict:
        return {"model": self.cleaned_data["model"].pk}


def _number(value) -> str | None:
    return None if value is None else formats.decimal(value)


def build_coherence_model(parameters: dict) -> dict:
    model = coherence_model(parameters["model"])
    return {
        "title": model.document_title or model.name,
        "short_title": model.name,
        "name": model.name,
        # The notat's sections in its order, each with the introduction it gives.
        "intro": model.intro,
        "values_intro": model.values_intro,
        "values": [{"name": v.name, "statement": v.statement, "therefore": v.therefore} for v in model.values.all()],
        "methods_intro": model.methods_intro,
        "methods": [{"name": m.name, "description": m.description} for m in model.methods.all()],
        "approach_intro": model.approach_intro,
        "approach": [{"name": a.name, "text": a.text} for a in model.approach.all()],
        "goals_intro": model.goals_intro,
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
        "groups_intro": model.groups_intro,
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
        "partners_intro": model.partners_intro,
        "administrative_partners": model.administrative_partners,
        "closing": model.closing,
        "covers": {"goals.goal": [goal.pk for theme in model.themes.all() for goal in theme.goals.all()]},
    }
