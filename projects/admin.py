from django.contrib import admin

from core.admin import PortalAdmin

from .models import Allocation, Partner, Pool, Project, SubProject


class AllocationInline(admin.TabularInline):
    model = Allocation
    extra = 0


class SubProjectInline(admin.StackedInline):
    model = SubProject
    extra = 0
    filter_horizontal = ("partners",)


@admin.register(Project)
class ProjectAdmin(PortalAdmin):
    list_display = ("name", "pool", "status", "version")
    list_filter = ("pool", "status")
    list_select_related = ("pool", "status")
    search_fields = ("name", "description")
    filter_horizontal = ("partners",)
    inlines = [AllocationInline, SubProjectInline]
    readonly_fields = ("status", "status_changed_at", "version")


admin.site.register(Pool, PortalAdmin)
admin.site.register(Partner, PortalAdmin)
