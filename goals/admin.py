from django.contrib import admin

from core.admin import PortalAdmin

from .models import (
    ApproachElement,
    CoherenceModel,
    FocusArea,
    Goal,
    GoalGroup,
    GoalLink,
    GoalTarget,
    Indicator,
    IndicatorTarget,
    Measurement,
    Method,
    Theme,
    Value,
)


class ValueInline(admin.StackedInline):
    model = Value
    extra = 0


class MethodInline(admin.TabularInline):
    model = Method
    extra = 0


class ApproachInline(admin.StackedInline):
    model = ApproachElement
    extra = 0


class ThemeInline(admin.TabularInline):
    model = Theme
    extra = 0


@admin.register(CoherenceModel)
class CoherenceModelAdmin(PortalAdmin):
    inlines = [ValueInline, MethodInline, ApproachInline, ThemeInline]


class GoalTargetInline(admin.TabularInline):
    model = GoalTarget
    extra = 0


@admin.register(Goal)
class GoalAdmin(PortalAdmin):
    list_display = ("number", "text", "theme")
    list_select_related = ("theme",)
    inlines = [GoalTargetInline]
    readonly_fields = ("version",)


class FocusAreaInline(admin.TabularInline):
    model = FocusArea
    extra = 0


@admin.register(GoalGroup)
class GoalGroupAdmin(PortalAdmin):
    list_display = ("name", "partner_committee", "order")
    filter_horizontal = ("goals",)
    inlines = [FocusAreaInline]


class IndicatorTargetInline(admin.TabularInline):
    model = IndicatorTarget
    extra = 0


class MeasurementInline(admin.TabularInline):
    model = Measurement
    extra = 0
    raw_id_fields = ("entered_by",)


@admin.register(Indicator)
class IndicatorAdmin(PortalAdmin):
    list_display = ("name", "goal", "sub_goal", "baseline_value", "baseline_year", "data_source")
    list_select_related = ("goal", "sub_goal")
    search_fields = ("name", "data_source")
    inlines = [IndicatorTargetInline, MeasurementInline]
    readonly_fields = ("version",)


@admin.register(GoalLink)
class GoalLinkAdmin(PortalAdmin):
    list_display = ("goal", "content_type", "object_id", "created_by", "created_at")
    list_select_related = ("goal", "content_type", "created_by")
    list_filter = ("goal", "content_type")
    raw_id_fields = ("created_by",)
