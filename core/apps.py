from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Fælles"

    def ready(self):
        from .roles import sync_roles_after_migrate

        # Roles must exist on every database, production included, so they follow migrations.
        # No sender: each app's permissions are created by its own post_migrate, so the
        # roles are brought up to date after every app's.
        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="core.sync_roles")

        from .history_until import install_after_migrate

        # The triggers that keep each history row's history_until, on every history table there is then.
        post_migrate.connect(install_after_migrate, sender=self, dispatch_uid="core.history_until")

        from django.contrib.auth.signals import user_logged_in

        from .middleware import record_login_time

        # Sessions end 12 hours after login at the latest (core.middleware.SessionLifetimeMiddleware).
        user_logged_in.connect(record_login_time, dispatch_uid="core.record_login_time")

        from django.db.models.signals import m2m_changed, post_delete, post_save

        from .versions import note_change

        # Not a domain rule: every write, the admin's and the seed's included, must give the caches
        # a new data version (core/versions.py), and only a signal sees them all.
        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(note_change, dispatch_uid=f"core.note_change.{id(signal)}")
