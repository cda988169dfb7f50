"""The admin every app registers its models with: the same history, versions and Danish values as the
portal's own pages."""

from django.core.exceptions import FieldDoesNotExist
from django.utils.text import capfirst
from simple_history.admin import SimpleHistoryAdmin

from .fields import kind_of


def _shown(field):
    """A list column that shows a kind field the way the portal does (core.formats): 1.500.000 kr., 2026."""

    def column(obj):
        return field.format(getattr(obj, field.attname), obj)

    column.short_description = capfirst(field.verbose_name)
    column.admin_order_field = field.name
    return column


class PortalAdmin(SimpleHistoryAdmin):
    """An admin edit is recorded like a portal edit: a save that changes nothing writes no history row
    (the audit trail has no empty changes), and a versioned row gets a new version, so that a form
    opened in the portal before cannot save over the administrator's change."""

    def get_queryset(self, request):
        # Archived items too (core.models.Archivable): the admin is where everything can be found.
        manager = getattr(self.model, "everything", None)
        if manager is None:
            return super().get_queryset(request)
        ordering = self.get_ordering(request)
        return manager.order_by(*ordering) if ordering else manager.all()

    def get_readonly_fields(self, request, obj=None):
        # The edit version is the portal's to move (save_model below), never the administrator's to type.
        fields = tuple(super().get_readonly_fields(request, obj))
        has_version = any(field.name == "version" for field in self.model._meta.concrete_fields)
        return (*fields, "version") if has_version and "version" not in fields else fields

    def get_list_display(self, request):
        columns = []
        for name in super().get_list_display(request):
            try:
                field = self.model._meta.get_field(name) if isinstance(name, str) else None
            except FieldDoesNotExist:
                field = None
            columns.append(_shown(field) if field is not None and kind_of(field) else name)
        return columns

    def save_model(self, request, obj, form, change):
        if change and not form.has_changed():
            return
        if change and hasattr(obj, "version"):
            obj.version += 1
        super().save_model(request, obj, form, change)
