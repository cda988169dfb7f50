from django.apps import AppConfig


class GoalsConfig(AppConfig):
    name = "goals"
    verbose_name = "Mål"
    # (fixture in fixtures/, "app.Model" empty until loaded, models whose history gets a first row)
    seed_fixtures = []
    # (menu label, URL name) for the main menu
    menu_items = []
