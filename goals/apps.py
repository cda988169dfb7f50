from django.apps import AppConfig


class GoalsConfig(AppConfig):
    name = "goals"
    verbose_name = "Mål"
    # (fixture in fixtures/, "app.Model" empty until loaded, models whose history gets a first row)
    seed_fixtures = [
        # The notat is dated only by its year: its history starts on the year's first day.
        ("sammenhaengsmodellen.json", "goals.Goal", ("goals.Goal", "goals.GoalTarget"), "2019-01-01"),
    ]
    # (menu label, URL name) for the main menu; the longest matching entry is the current one.
    menu_items = [("Sammenhængsmodellen", "goals:model"), ("Indikatorer", "goals:indicator_list")]
