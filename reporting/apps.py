from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = "Rapportering"
    menu_items = [("Rapportering", "reporting:round_list")]
    menu_position = 90

    def ready(self):
        from core.registry import register, register_panel

        from .models import Report, ReportingRound, Responsibility
        from .selectors import responsibility_panel

        register(Responsibility)
        register(ReportingRound)
        register(Report, parent="round")

        # Each trackable item's page says who owns it and how often it is reported on.
        register_panel(
            model=lambda entry: entry.trackable,
            slot="responsibility",
            template="reporting/_responsibility_panel.html",
            context=lambda request, item, page: responsibility_panel(item),
        )
