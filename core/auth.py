from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef

from .roles import ADMINISTRATOR, EDITOR, READER

ROLES = {"_role_editor": EDITOR, "_role_reader": READER, "_role_administrator": ADMINISTRATOR}


class PortalBackend(ModelBackend):
    """Django's ModelBackend, reading the user's roles in the same query as the user: every page
    shows the role, so this saves a query on every request (core.roles.role_names)."""

    def get_user(self, user_id):
        User = get_user_model()
        roles = {attribute: Exists(Group.objects.filter(user=OuterRef("pk"), name=name))
                 for attribute, name in ROLES.items()}
        user = User._default_manager.annotate(**roles).filter(pk=user_id).first()
        if user is None or not self.user_can_authenticate(user):
            return None
        user._role_names = frozenset(name for attribute, name in ROLES.items() if getattr(user, attribute))
        return user
