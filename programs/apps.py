from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = "Programmer"
    # (fixture in fixtures/, "app.Model" empty until loaded, models whose history gets a first row).
    # The file also holds the "Budgetforslag" status scale and the committee: it is seed 000's data.
    seed_fixtures = [
        (
            "programme_000.json",
            "programs.Programme",
            (
                "programs.Programme",
                "programs.Partnership",
                "programs.Funding",
                "programs.BudgetProposal",
                "programs.EconomyLine",
            ),
            "2025-08-01",  # the budget proposal's date
        ),
    ]
    # (menu label, URL name) for the main menu
    menu_items = [("Programmer", "programs:programme_list"), ("Budgetforslag", "programs:proposal_list")]

    def ready(self):
        from core.registry import OverviewCount, register

        from .models import BudgetProposal, Committee, EconomyLine, Funding, Partnership, Programme

        register(Programme, followed=True, linkable=3, list_url="programs:programme_list", trackable=True)
        register(Funding, parent="programme", summary=("amount", "year"))
        register(Partnership, parent="programme")
        register(
            BudgetProposal,
            followed=True,
            label_field="title",
            list_url="programs:proposal_list",
            trackable=True,
            overview=(OverviewCount("budgetforslag", "Budgetforslag", "programme", "Program", "Uden program"),),
        )
        register(Committee)
        register(EconomyLine, parent="proposal", summary=("amount",))

        from core.registry import register_bilag_kind

        from .bilag import BudgetProposalForm, build_budget_proposal

        register_bilag_kind(
            key="budget_proposal",
            label="Budgetforslag",
            form_class=BudgetProposalForm,
            build=build_budget_proposal,
            template="programs/bilag/budget_proposal.html",
        )
