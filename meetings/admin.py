from django.contrib import admin

from core.admin import PortalAdmin

from .models import Bilag, BilagVersion, Meeting


@admin.register(Meeting)
class MeetingAdmin(PortalAdmin):
    list_display = ("date", "committee", "title")
    list_select_related = ("committee",)


@admin.register(Bilag)
class BilagAdmin(PortalAdmin):
    list_display = ("meeting", "number", "kind")
    list_select_related = ("meeting__committee",)


@admin.register(BilagVersion)
class BilagVersionAdmin(admin.ModelAdmin):
    """Read-only: an issued bilag never changes."""

    list_display = ("bilag", "number", "issued_at", "issued_by", "sha256")
    exclude = ("pdf", "snapshot")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
