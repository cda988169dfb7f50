"""The portal's roles and what each may do.

Roles are Django groups whose permissions are kept in step with the model registry after every
migration: a model registered by its app (core.registry) is read by Læser and edited by Redaktør,
unless it is registered `admin_only` (configuration only administrators change). Ansvarlig reads like
Læser and may also report on the items they own (the `submit_*` permissions, e.g. reporting rounds').
"""

from django.contrib.auth.models import Group, Permission

from . import registry

EDITOR = "Redaktør"
READER = "Læser"
ADMINISTRATOR = "Administrator"
OWNER = "Ansvarlig"


def _content_permissions():
    return Permission.objects.filter(content_type__app_label__in=registry.app_labels()).select_related("content_type")


def sync_roles():
    """Create the three groups and give them their permissions; safe to run again."""
    editor, _ = Group.objects.get_or_create(name=EDITOR)
    reader, _ = Group.objects.get_or_create(name=READER)
    administrator, _ = Group.objects.get_or_create(name=ADMINISTRATOR)
    owner, _ = Group.objects.get_or_create(name=OWNER)

    content = list(_content_permissions())
    admin_only = {(e.model._meta.app_label, e.model._meta.model_name) for e in registry.entries() if e.admin_only}
    view = [p for p in content if p.codename.startswith("view_")]
    write = [
        p
        for p in content
        if (p.content_type.app_label, p.content_type.model) not in admin_only
        and not p.codename.startswith("delete_statuschange")
        and not p.codename.startswith("change_statuschange")
    ]
    reader.permissions.set(view)
    owner.permissions.set(set(view) | {p for p in content if p.codename.startswith("submit_")})
    editor.permissions.set(set(view) | set(write))
    administrator.permissions.set(Permission.objects.all())


def sync_roles_after_migrate(**kwargs):
    sync_roles()


def role_names(user) -> frozenset[str]:
    """The user's roles (group names), read once per request: one query, not two for permissions."""
    if not user.is_authenticated:
        return frozenset()
    if not hasattr(user, "_role_names"):
        user._role_names = frozenset(user.groups.values_list("name", flat=True))
    return user._role_names


def is_editor(user) -> bool:
    """Whether edit controls show. The views themselves check the permissions the role grants."""
    return user.is_authenticated and (user.is_superuser or bool({EDITOR, ADMINISTRATOR} & role_names(user)))


def can_edit(request) -> bool:
    """Edit controls show for editors looking at today; the past is read-only."""
    return is_editor(request.user) and getattr(request, "as_of", None) is None


def is_administrator(user) -> bool:
    """A superuser or a member of the Administrator group."""
    return user.is_authenticated and (user.is_superuser or ADMINISTRATOR in role_names(user))
