from django.apps import AppConfig


class GoalsConfig(AppConfig):
    name = "goals"
    verbose_name = "Mål"
    # (fixture in fixtures/, "app.Model" empty until loaded, models whose history gets a first row)
    seed_fixtures = [
        ("sammenhaengsmodellen.json", "goals.Goal", ("goals.Goal", "goals.GoalTarget")),
    ]
    # (menu label, URL name) for the main menu. One entry: the shared header has room for few, and the
    # indicators and delaftaler are reached from the model and goal pages.
    menu_items = [("Mål", "goals:model")]
