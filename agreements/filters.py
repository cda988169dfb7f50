import django_filters
from django import forms
from django.db.models import Q

from core.filters import PortalFilterSet
from statuses.models import StatusValue

from .models import Activity, Agreement


class AgreementFilterSet(PortalFilterSet):
    q = django_filters.CharFilter(label="Fritekst", method="search", widget=forms.TextInput(attrs={"type": "search"}))

    class Meta:
        model = Agreement
        fields = ["q"]

    def search(self, queryset, name, value):
        terms = Q()
        for word in value.split():
            terms &= Q(title__icontains=word) | Q(name__icontains=word) | Q(activities__name__icontains=word)
        return queryset.filter(pk__in=Agreement.objects.filter(terms).values("pk"))


class ActivityFilterSet(PortalFilterSet):
    q = django_filters.CharFilter(label="Fritekst", method="search", widget=forms.TextInput(attrs={"type": "search"}))
    agreement = django_filters.ModelChoiceFilter(
        label="Delaftale", queryset=Agreement.objects.only("pk", "name", "title"), empty_label="Alle delaftaler"
    )
    status = django_filters.ModelChoiceFilter(
        label="Status",
        queryset=StatusValue.objects.filter(scale__in=Agreement.objects.values("status_scale")).select_related("scale"),
        empty_label="Alle",
    )

    class Meta:
        model = Activity
        fields = ["q", "agreement", "status"]

    def search(self, queryset, name, value):
        terms = Q()
        for word in value.split():
            terms &= (
                Q(name__icontains=word)
                | Q(other_names__icontains=word)
                | Q(purpose__icontains=word)
                | Q(target_groups__icontains=word)
                | Q(content__icontains=word)
                | Q(practice__icontains=word)
            )
        return queryset.filter(terms)
