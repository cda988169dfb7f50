from django.apps import AppConfig


class StatusesConfig(AppConfig):
    name = "statuses"
    verbose_name = "Status"
    seed_fixtures = [("statuses.json", "statuses.StatusScale", ())]
    menu_items = [("Statusskalaer", "statuses:scale_list")]
    menu_position = 99  # reference material: last in the menu

    def ready(self):
        from core.registry import register

        from .models import StatusChange, StatusScale, StatusValue

        # Scales and their values are configuration: only administrators change them.
        register(StatusScale, admin_only=True)
        register(StatusValue, admin_only=True)
        register(StatusChange)
