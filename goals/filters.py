import datetime

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from core.filters import PortalFilterSet
from core.forms import ChoicesWhenRendered

from .choices import STALE_AFTER_DAYS, QualityFlag
from .models import Goal, Indicator, Measurement


def goal_choices():
    return [("", "Alle mål"), *((pk, Goal.label_of(number)) for pk, number in Goal.objects.values_list("pk", "number"))]


def with_quality_flag(queryset, value):
    """The indicators of `queryset` with the data-quality flag `value`: what the list's filter shows and the
    overview counts (one rule, without building a filter set for each flag)."""
    stale_before = timezone.localdate() - datetime.timedelta(days=STALE_AFTER_DAYS)
    if value == QualityFlag.NO_BASELINE:
        return queryset.filter(baseline_value__isnull=True)
    if value == QualityFlag.NO_SOURCE:
        return queryset.filter(data_source="")
    # As EXISTS tests, not a join or a MAX per indicator: a probe of the measurements' index per row.
    measured = Measurement.objects.filter(indicator_id=OuterRef("pk"))
    if value == QualityFlag.NO_MEASUREMENT:
        return queryset.filter(~Exists(measured))
    if value == QualityFlag.STALE:  # measured, but the latest measurement is older than stale_before
        return queryset.filter(Exists(measured), ~Exists(measured.filter(measured_on__gte=stale_before)))
    return queryset


class IndicatorFilterSet(PortalFilterSet):
    q = django_filters.CharFilter(label="Fritekst", method="search", widget=forms.TextInput(attrs={"type": "search"}))
    goal = django_filters.ModelChoiceFilter(
        label="Mål", queryset=Goal.objects.all(), method="filter_goal", empty_label="Alle mål"
    )
    agreement = django_filters.ModelChoiceFilter(
        label="Delaftale", field_name="sub_goal__agreement", queryset=None, empty_label="Alle delaftaler"
    )
    quality = django_filters.ChoiceFilter(
        label="Datakvalitet", choices=QualityFlag.choices, method="filter_quality", empty_label="Alle"
    )

    class Meta:
        model = Indicator
        fields = ["q", "goal", "agreement", "quality"]

    def __init__(self, *args, **kwargs):
        from agreements.models import Agreement

        super().__init__(*args, **kwargs)
        # Only what an option shows (a delaftale is called by its title, else its name), not its long texts.
        self.filters["agreement"].queryset = Agreement.objects.only("pk", "name", "title")
        self.form.fields["agreement"].queryset = Agreement.objects.only("pk", "name", "title")
        self.form.fields["goal"].label_from_instance = lambda goal: goal.label
        # The 900 goals' labels need only their numbers: read as pairs, not built as Goal objects (ADR 0024).
        self.form.fields["goal"].widget.choices = ChoicesWhenRendered(goal_choices)

    def search(self, queryset, name, value):
        terms = Q()
        for word in value.split():
            terms &= Q(name__icontains=word) | Q(description__icontains=word) | Q(data_source__icontains=word)
        return queryset.filter(terms)

    def filter_goal(self, queryset, name, goal):
        # An indicator works for a goal directly, or through a delaftale whose municipal target is the goal.
        serving = Indicator.objects.filter(Q(goal=goal) | Q(sub_goal__agreement__municipal_targets__goal=goal))
        return queryset.filter(pk__in=serving.values("pk"))

    def filter_quality(self, queryset, name, value):
        return with_quality_flag(queryset, value)
