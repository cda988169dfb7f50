from django.contrib import admin

from core.admin import PortalAdmin

from .models import Area, Initiative, Plan, Theme


class AreaInline(admin.TabularInline):
    model = Area
    extra = 0


class ThemeInline(admin.TabularInline):
    model = Theme
    extra = 0


@admin.register(Plan)
class PlanAdmin(PortalAdmin):
    list_display = ("name", "title", "status_scale")
    list_select_related = ("status_scale",)
    inlines = [AreaInline, ThemeInline]


@admin.register(Initiative)
class InitiativeAdmin(PortalAdmin):
    list_display = ("text", "area", "theme", "status", "version")
    list_filter = ("area__plan", "area", "theme", "status")
    list_select_related = ("area", "theme", "status")
    search_fields = ("text",)
    # Status changes go through the portal's status form so that each one keeps its reason.
    readonly_fields = ("status", "status_changed_at", "version")

    def has_add_permission(self, request):
        # A new initiative needs its plan's starting status: the portal's form ("Ny indsats") sets it.
        return False
