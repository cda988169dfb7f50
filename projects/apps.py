from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = "Projekter"
    seed_fixtures = [
        ("pool_projects_2019.json", "projects.Project", ("projects.Project", "projects.Allocation", "projects.SubProject")),
    ]
    menu_items = [("Projekter", "projects:project_list")]
