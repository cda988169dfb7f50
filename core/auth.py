from functools import cache

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.db import connection

from .roles import ADMINISTRATOR, EDITOR, OWNER, READER

ROLES = {"_role_editor": EDITOR, "_role_reader": READER, "_role_administrator": ADMINISTRATOR, "_role_owner": OWNER}


@cache
def _user_with_roles_sql(vendor: str) -> str:
    """The user and one EXISTS per role, written once: compiling the same query with the ORM on every
    request cost more than the second query it saves."""
    q = connection.ops.quote_name
    User = get_user_model()
    link = User.groups.through._meta
    exists = (
        f"EXISTS (SELECT 1 FROM {q(link.db_table)} l JOIN {q(Group._meta.db_table)} g "  # nosec B608 - names from the models
        f"ON g.{q(Group._meta.pk.column)} = l.{q(link.get_field('group').column)} "
        f"WHERE l.{q(link.get_field('user').column)} = u.{q(User._meta.pk.column)} AND g.{q('name')} = %s)"
    )
    roles = ", ".join(f"{exists} AS {q(attribute)}" for attribute in ROLES)
    return f"SELECT u.*, {roles} FROM {q(User._meta.db_table)} u WHERE u.{q(User._meta.pk.column)} = %s"  # nosec B608 - names from the models


class PortalBackend(ModelBackend):
    """Django's ModelBackend, reading the user's roles in the same query as the user: every page
    shows the role, so this saves a query on every request (core.roles.role_names).

    Password login follows LOCAL_LOGIN (ADR 0025): "on" for everyone, "administrators" only for a
    break-glass administrator (a superuser or the Administrator role), "off" for nobody."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        mode = getattr(settings, "LOCAL_LOGIN", "on")
        if mode == "off" or username is None:
            return None
        user = super().authenticate(request, username=username, password=password, **kwargs)
        break_glass = user is None or user.is_superuser or user.groups.filter(name=ADMINISTRATOR).exists()
        return user if mode == "on" or break_glass else None

    def get_user(self, user_id):
        User = get_user_model()
        sql = _user_with_roles_sql(connection.vendor)
        user = next(iter(User._default_manager.raw(sql, [*ROLES.values(), user_id])), None)
        if user is None or not self.user_can_authenticate(user):
            return None
        user._role_names = frozenset(name for attribute, name in ROLES.items() if getattr(user, attribute))
        return user
