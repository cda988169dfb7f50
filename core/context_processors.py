from .roles import is_editor


def roles(request):
    """Lets templates hide controls a user may not use; the server enforces the same rule."""
    user = getattr(request, "user", None)
    return {"can_edit": bool(user and is_editor(user))}
