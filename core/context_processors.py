from .roles import is_editor


def roles(request):
    """Lets templates hide controls a user may not use; the server enforces the same rule."""
    user = getattr(request, "user", None)
    return {"can_edit": bool(user and is_editor(user))}


def menu(request):
    """The main menu: each app's AppConfig.menu_items, in INSTALLED_APPS order."""
    from django.apps import apps
    from django.urls import reverse

    items = []
    configs = sorted(apps.get_app_configs(), key=lambda config: getattr(config, "menu_position", 0))
    for config in configs:
        for label, url_name in getattr(config, "menu_items", ()):
            items.append({"label": label, "url": reverse(url_name), "active": False})
    # Only the longest matching entry is current ("Budgetforslag" under "Programmer").
    matches = [item for item in items if request.path.startswith(item["url"])]
    if matches:
        max(matches, key=lambda item: len(item["url"]))["active"] = True
    return {"menu": items}
