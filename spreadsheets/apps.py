from django.apps import AppConfig


class SpreadsheetsConfig(AppConfig):
    """Staged import of the lists staff keep in spreadsheets (ADR 0022): upload → preview → confirm → receipt."""

    name = "spreadsheets"
    verbose_name = "Regneark"
