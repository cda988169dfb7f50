"""The budget proposal as the committee's appendix (seed 000). Registered in ProgramsConfig.ready()."""

from django import forms

from .models import BudgetProposal


class BudgetProposalForm(forms.Form):
    proposal = forms.ModelChoiceField(
        label="Budgetforslag", queryset=BudgetProposal.objects.order_by("-date", "title"), empty_label=None
    )

    def parameters(self) -> dict:
        return {"proposal": self.cleaned_data["proposal"].pk}


def build_budget_proposal(parameters: dict) -> dict:
    proposal = (
        BudgetProposal.objects.select_related("committee", "status", "programme")
        .prefetch_related("economy_lines")
        .get(pk=parameters["proposal"])
    )
    economy = proposal.economy()  # the table its page shows
    return {
        "title": proposal.title,
        "short_title": f"Budgetforslag {proposal.title}",
        "date": proposal.date.isoformat(),
        "committee": proposal.committee.name,
        "programme": proposal.programme.name if proposal.programme else None,
        "period_text": proposal.period_text,
        "background": proposal.background,
        "description": proposal.description,
        "status": proposal.status.frozen(),
        "economy": {
            "years": economy.years,
            "rows": [{"label": row.label, "cells": row.cells, "is_net": row.is_net} for row in economy.rows],
        },
        "covers": {"programs.budgetproposal": [proposal.pk]},
    }
