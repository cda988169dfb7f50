import django_filters
from django import forms
from django.db.models import Q

from core.filters import PortalFilterSet
from statuses.models import StatusValue

from .models import Area, Initiative, Plan, Theme


class InitiativeFilterSet(PortalFilterSet):
    q = django_filters.CharFilter(label="Fritekst", method="search", widget=forms.TextInput(attrs={"type": "search"}))
    area = django_filters.ModelChoiceFilter(label="Område", queryset=Area.objects.all(), empty_label="Alle områder")
    theme = django_filters.ModelChoiceFilter(label="Tema", queryset=Theme.objects.all(), empty_label="Alle temaer")
    status = django_filters.ModelChoiceFilter(
        label="Status",
        queryset=StatusValue.objects.filter(scale__in=Plan.objects.values("status_scale")),
        empty_label="Alle",
    )

    class Meta:
        model = Initiative
        fields = ["q", "area", "theme", "status"]

    def search(self, queryset, name, value):
        terms = Q()
        for word in value.split():
            terms &= Q(text__icontains=word) | Q(area__name__icontains=word) | Q(theme__name__icontains=word)
        return queryset.filter(terms)
