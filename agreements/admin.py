from django.contrib import admin

from core.admin import PortalAdmin

from .models import Activity, Agreement, MunicipalTarget, Party, ResponsibleRole, SubGoal


class PartyInline(admin.StackedInline):
    model = Party
    extra = 0


class ResponsibleRoleInline(admin.TabularInline):
    model = ResponsibleRole
    extra = 0


class SubGoalInline(admin.TabularInline):
    model = SubGoal
    extra = 0


class MunicipalTargetInline(admin.TabularInline):
    model = MunicipalTarget
    extra = 0


@admin.register(Agreement)
class AgreementAdmin(PortalAdmin):
    list_display = ("title", "valid_from", "valid_to")
    inlines = [PartyInline, ResponsibleRoleInline, SubGoalInline, MunicipalTargetInline]
    readonly_fields = ("version",)


@admin.register(Activity)
class ActivityAdmin(PortalAdmin):
    list_display = ("name", "agreement", "status", "hours_per_week")
    list_select_related = ("agreement", "status")
    list_filter = ("agreement", "status")
    readonly_fields = ("status", "status_changed_at", "version")
