from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = "Programmer"
    # (fixture in fixtures/, "app.Model" empty until loaded, models whose history gets a first row)
    seed_fixtures = []
    # (menu label, URL name) for the main menu
    menu_items = []
