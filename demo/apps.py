from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data: the seed documents as fixtures (each app declares its own) and synthetic data at
    scale (`seed_demo --scale N`). The top of the portal: it may use every app, and no app uses it."""

    name = "demo"
    verbose_name = "Demodata"
