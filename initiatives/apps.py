from django.apps import AppConfig


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = "Indsatser"
    # (fixture in fixtures/, "app.Model" empty until loaded, models whose history gets a first row)
    # "Status på indsatser … 2014–2017" reports on a period ending in 2017: dated 1 January 2017, the
    # earliest day it can be from.
    seed_fixtures = [("lys_i_oejnene.json", "initiatives.Plan", ("initiatives.Initiative",), "2017-01-01")]
    # (menu label, URL name) for the main menu
    menu_items = [("Lys i øjnene", "initiatives:status_report")]

    def ready(self):
        from core.registry import OverviewCount, register

        from .models import Area, Initiative, Plan, Theme

        register(
            Initiative,
            followed=True,
            label_field="text",
            linkable=1,
            link_select_related=("area", "theme"),
            list_url="initiatives:initiative_list",
            trackable=True,
            overview=(
                OverviewCount("indsatser", "Indsatser", "area", "Område"),
                OverviewCount("indsatser-tema", "Indsatser pr. tema", "theme", "Tema", needs_attention=False),
            ),
        )
        register(Plan)
        register(Area)
        register(Theme)

        from core.registry import register_bilag_kind

        from .bilag import InitiativeStatusForm, build_initiative_status

        register_bilag_kind(
            key="initiative_status",
            label="Status på indsatser (Lys i øjnene)",
            form_class=InitiativeStatusForm,
            build=build_initiative_status,
            template="initiatives/bilag/initiative_status.html",
        )
