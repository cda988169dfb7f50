"""The admin every app registers its models with: the same history and versions as the portal's pages."""

from simple_history.admin import SimpleHistoryAdmin


class PortalAdmin(SimpleHistoryAdmin):
    """An admin edit is recorded like a portal edit: a save that changes nothing writes no history row
    (the audit trail has no empty changes), and a versioned row gets a new version, so that a form
    opened in the portal before cannot save over the administrator's change."""

    def save_model(self, request, obj, form, change):
        if change and not form.has_changed():
            return
        if change and hasattr(obj, "version"):
            obj.version += 1
        super().save_model(request, obj, form, change)
