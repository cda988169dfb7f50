import functools

from django.conf import settings

from .roles import OWNER, can_edit, is_administrator, is_editor, role_names


def roles(request):
    """Lets templates hide controls a user may not use; the server enforces the same rule."""
    if getattr(request, "user", None) is None:
        return {"can_edit": False}
    return {
        "can_edit": can_edit(request),
        "is_editor": is_editor(request.user),
        "is_owner": lambda: OWNER in role_names(request.user),
        # A callable, so that the template asks (and queries) only where it shows the audit link.
        "is_administrator": lambda: is_administrator(request.user),
        "time_travel_day": getattr(request, "time_travel_day", None),
        "time_travel_form": getattr(request, "time_travel_form", None),
        # Seconds after this page loaded when the session may end for want of use (core.middleware):
        # the page warns two minutes before and offers to stay signed in.
        "session_idle_seconds": settings.SESSION_COOKIE_AGE - settings.SESSION_REFRESH_INTERVAL,
    }


@functools.cache
def _menu_entries() -> tuple[tuple[str, str], ...]:
    """(label, url) for each app's AppConfig.menu_items, in menu order; URLs do not change at run time."""
    from django.apps import apps
    from django.urls import reverse

    configs = sorted(apps.get_app_configs(), key=lambda config: getattr(config, "menu_position", 0))
    return tuple(
        (label, reverse(url_name)) for config in configs for label, url_name in getattr(config, "menu_items", ())
    )


def menu(request):
    """The main menu; only the longest matching entry is current ("Budgetforslag" under "Programmer")."""
    items = [{"label": label, "url": url, "active": False} for label, url in _menu_entries()]
    matches = [item for item in items if request.path.startswith(item["url"])]
    if matches:
        max(matches, key=lambda item: len(item["url"]))["active"] = True
    return {"menu": items}
