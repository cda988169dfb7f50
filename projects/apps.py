from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = "Projekter"
    seed_fixtures = [
        # The overview sheet was the appendix to the committee meeting of 26 March 2019.
        (
            "pool_projects_2019.json",
            "projects.Project",
            ("projects.Project", "projects.Allocation", "projects.SubProject"),
            "2019-03-26",
        ),
    ]
    menu_items = [("Projekter", "projects:project_list")]

    def ready(self):
        from core.registry import OverviewCount, register

        from .models import Allocation, Partner, Pool, Project, SubProject

        register(
            Project,
            followed=True,
            linkable=2,
            link_select_related=("pool",),
            link_money=("allocations__amount", "Disponeret i alt"),
            list_url="projects:project_list",
            trackable=True,
            overview=(OverviewCount("projekter", "Projekter", "pool", "Pulje"),),
        )
        register(Pool)
        register(Partner)
        register(Allocation, parent="project", summary=("amount",))
        register(SubProject, parent="project")

        from core.registry import register_bilag_kind

        from .bilag import OverviewSheetForm, build_overview_sheet

        register_bilag_kind(
            key="overview_sheet",
            label="Overbliksark over projekter i en pulje",
            form_class=OverviewSheetForm,
            build=build_overview_sheet,
            template="projects/bilag/overview_sheet.html",
            landscape=True,
        )
