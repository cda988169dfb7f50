from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Søgning"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from .index import on_delete, on_save, watched_models

        # Every write, the services', the admin's and a fixture's, reaches the index the way every write
        # reaches core.versions: only a signal sees them all (ADR 0023). Only the models the index reads
        # are listened to, so that other writes (sessions, the index's own rows) cost nothing.
        for label in watched_models():
            model = self.apps.get_model(label)
            post_save.connect(on_save, sender=model, dispatch_uid=f"search.on_save.{label}")
            post_delete.connect(on_delete, sender=model, dispatch_uid=f"search.on_delete.{label}")

        from django.db.models.signals import post_migrate

        from .index import build_if_empty

        # A database that had data before the search came (an upgrade) gets its index at its next migrate.
        post_migrate.connect(build_if_empty, sender=self, dispatch_uid="search.build_if_empty")
