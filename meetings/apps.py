from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = "Møder"
    # (fixture in fixtures/, "app.Model" empty until loaded, models whose history gets a first row)
    seed_fixtures = []
    # (menu label, URL name) for the main menu
    menu_items = [("Møder og bilag", "meetings:meeting_list")]
