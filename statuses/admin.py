from django.contrib import admin

from core.admin import PortalAdmin

from .models import StatusChange, StatusScale, StatusValue


class StatusValueInline(admin.TabularInline):
    model = StatusValue
    extra = 0


@admin.register(StatusScale)
class StatusScaleAdmin(PortalAdmin):
    list_display = ("name", "slug")
    inlines = [StatusValueInline]


@admin.register(StatusChange)
class StatusChangeAdmin(admin.ModelAdmin):
    """Read-only: the history is a record, not something to edit."""

    list_display = ("changed_at", "content_type", "object_id", "old_value", "new_value", "changed_by")
    list_filter = ("content_type", "new_value__scale")
    list_select_related = ("content_type", "old_value", "new_value", "changed_by")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
