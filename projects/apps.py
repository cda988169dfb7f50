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
        from core.registry import register

        from .models import Allocation, Project, SubProject

        register(Project, followed=True)
        register(Allocation, parent="project", summary=("amount",))
        register(SubProject, parent="project")
