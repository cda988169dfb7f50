from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "agreements"
    verbose_name = "Delaftaler"
    # (fixture in fixtures/, "app.Model" empty until loaded, models whose history gets a first row).
    # The activity status scale comes first: the delaftale's activities start on its default value.
    # The delaftale's file also holds its indicators (goals.Indicator), which measure its delmål.
    seed_fixtures = [
        ("aktivitetsstatus.json", "agreements.Agreement", ()),
        (
            "delaftale_uddannelse_og_livschancer.json",
            "agreements.Agreement",
            (
                "agreements.Agreement",
                "agreements.SubGoal",
                "agreements.Activity",
                "agreements.MunicipalTarget",
                "goals.Indicator",
            ),
            "2025-08-01",  # the delaftale's first day
        ),
    ]
    # (menu label, URL name) for the main menu
    menu_items = [("Delaftaler", "agreements:agreement_list")]

    def ready(self):
        from core.registry import OverviewCount, register

        from .models import Activity, Agreement, MunicipalTarget, Party, ResponsibleRole, SubGoal

        register(Agreement, followed=True, list_url="agreements:agreement_list")
        register(SubGoal, parent="agreement")
        register(Party, parent="agreement")
        register(ResponsibleRole, parent="agreement")
        register(MunicipalTarget, parent="agreement")
        register(
            Activity,
            followed=True,
            linkable=4,
            link_select_related=("agreement",),
            link_heading="Enkelte aktiviteter i delaftaler",
            list_url="agreements:activity_list",
            trackable=True,
            overview=(OverviewCount("aktiviteter", "Aktiviteter i delaftaler", "agreement", "Delaftale"),),
        )

        from core.registry import register_bilag_kind

        from .bilag import AgreementForm, build_agreement

        register_bilag_kind(
            key="agreement",
            label="Delaftale",
            form_class=AgreementForm,
            build=build_agreement,
            template="agreements/bilag/agreement.html",
        )
