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

        from django.contrib.auth.signals import user_logged_in

        from .middleware import record_login_time

        # Sessions end 12 hours after login at the latest (core.middleware.SessionLifetimeMiddleware).
        user_logged_in.connect(record_login_time, dispatch_uid="core.record_login_time")
