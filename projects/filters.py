import django_filters
from django import forms
from django.db.models import Q

from core.filters import AmountFilter, PortalFilterSet
from programs.models import Programme
from statuses.models import StatusValue

from .models import Allocation, Partner, Pool, Project


def allocation_year_choices():
    years = Allocation.objects.values_list("year", flat=True).distinct().order_by("-year")
    return [(year, str(year)) for year in years]


class ProjectFilterSet(PortalFilterSet):
    q = django_filters.CharFilter(label="Fritekst", method="search", widget=forms.TextInput(attrs={"type": "search"}))
    year = django_filters.ChoiceFilter(
        label="År", choices=allocation_year_choices, method="filter_year", empty_label="Alle år"
    )
    status = django_filters.ModelChoiceFilter(
        label="Status",
        queryset=StatusValue.objects.filter(scale__in=Pool.objects.values("status_scale")).select_related("scale"),
        empty_label="Alle",
    )
    amount_min = AmountFilter(label="Mindst disponeret", method="filter_amount_min", help_text="kr., fx 500.000")
    pool = django_filters.ModelChoiceFilter(label="Pulje", queryset=Pool.objects.all(), empty_label="Alle puljer")
    programme = django_filters.ModelChoiceFilter(
        label="Program", queryset=Programme.objects.only("pk", "name"), empty_label="Alle programmer"
    )

    class Meta:
        model = Project
        fields = ["q", "year", "status", "amount_min", "pool", "programme"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read the years once per request, not each time the field is touched.
        self.filters["year"].extra["choices"] = allocation_year_choices()

    # The rows come from projects.selectors.project_rows(year=…), which has already given each project
    # `allocated` for the chosen year: "Disponeret" means that year's allocation, or all years' sum.

    def search(self, queryset, name, value):
        terms = Q()
        for word in value.split():
            terms &= (
                Q(name__icontains=word)
                | Q(description__icontains=word)
                | Q(status_text__icontains=word)
                | Q(partners__name__icontains=word)
                | Q(subprojects__name__icontains=word)
            )
        return queryset.filter(pk__in=Project.objects.filter(terms).values("pk"))

    def filter_year(self, queryset, name, value):
        return queryset.filter(allocated__isnull=False)

    def filter_amount_min(self, queryset, name, value):
        return queryset.filter(allocated__gte=value)


class PoolFilterSet(PortalFilterSet):
    q = django_filters.CharFilter(label="Fritekst", method="search", widget=forms.TextInput(attrs={"type": "search"}))

    class Meta:
        model = Pool
        fields = ["q"]

    def search(self, queryset, name, value):
        terms = Q()
        for word in value.split():
            terms &= Q(name__icontains=word) | Q(description__icontains=word)
        return queryset.filter(terms)


class PartnerFilterSet(PortalFilterSet):
    q = django_filters.CharFilter(label="Fritekst", method="search", widget=forms.TextInput(attrs={"type": "search"}))

    class Meta:
        model = Partner
        fields = ["q"]

    def search(self, queryset, name, value):
        terms = Q()
        for word in value.split():
            terms &= Q(name__icontains=word)
        return queryset.filter(terms)
