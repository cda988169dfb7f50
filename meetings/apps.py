from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = "Møder"
    # (fixture in fixtures/, "app.Model" empty until loaded, models whose history gets a first row)
    seed_fixtures = []
    # (menu label, URL name) for the main menu
    menu_items = [("Møder og bilag", "meetings:meeting_list")]

    def ready(self):
        from core.registry import register, register_event, register_usage_check

        from .models import Bilag, BilagVersion, Meeting
        from .selectors import issued_bilag_using

        register(Meeting, list_url="meetings:meeting_list")
        register(Bilag, parent="meeting")
        register(BilagVersion, parent="bilag")

        register_usage_check(issued_bilag_using)
        register_event(
            BilagVersion,
            action="Udstedt",
            when="issued_at",
            user="issued_by",
            item="bilag",
            describe=lambda version: f"Version {version.number}" + (f": {version.note}" if version.note else ""),
        )
