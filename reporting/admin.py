from django.contrib import admin

from core.admin import PortalAdmin

from .models import ReminderSent, Report, ReportingRound, Responsibility


@admin.register(ReportingRound)
class ReportingRoundAdmin(PortalAdmin):
    list_display = ("title", "due_date", "meeting", "closed_at")
    readonly_fields = ("version",)


@admin.register(Report)
class ReportAdmin(PortalAdmin):
    list_display = ("item_title", "item_kind", "owner", "state", "round")
    list_filter = ("state",)
    readonly_fields = ("version",)


@admin.register(Responsibility)
class ResponsibilityAdmin(PortalAdmin):
    list_display = ("content_type", "object_id", "owner", "frequency")
    readonly_fields = ("version",)


@admin.register(ReminderSent)
class ReminderSentAdmin(admin.ModelAdmin):  # no history: a reminder row is written once
    list_display = ("round", "recipient", "kind", "sent_at")
