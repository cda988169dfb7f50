import django_filters
from django import forms
from django.db.models import Q

from core.filters import PortalFilterSet
from statuses.models import StatusValue

from .choices import PROPOSAL_SCALE
from .models import BudgetProposal, Committee, EconomyLine, Programme


def search_widget():
    return forms.TextInput(attrs={"type": "search"})


def economy_year_choices():
    years = EconomyLine.objects.values_list("year", flat=True).distinct().order_by("year")
    return [(year, str(year)) for year in years]


class ProgrammeFilterSet(PortalFilterSet):
    q = django_filters.CharFilter(label="Fritekst", method="search", widget=search_widget())
    committee = django_filters.ModelChoiceFilter(
        label="Udvalg", queryset=Committee.objects.all(), empty_label="Alle udvalg"
    )

    class Meta:
        model = Programme
        fields = ["q", "committee"]

    def search(self, queryset, name, value):
        terms = Q()
        for word in value.split():
            terms &= (
                Q(name__icontains=word)
                | Q(purpose__icontains=word)
                | Q(aims__icontains=word)
                | Q(description__icontains=word)
                | Q(scope__icontains=word)
                | Q(partnerships__partner__icontains=word)
                | Q(fundings__source__icontains=word)
            )
        return queryset.filter(pk__in=Programme.objects.filter(terms).values("pk"))


class ProposalFilterSet(PortalFilterSet):
    q = django_filters.CharFilter(label="Fritekst", method="search", widget=search_widget())
    year = django_filters.ChoiceFilter(
        label="År i økonomien", choices=economy_year_choices, method="filter_year", empty_label="Alle år"
    )
    status = django_filters.ModelChoiceFilter(
        label="Status",
        queryset=StatusValue.objects.filter(scale__slug=PROPOSAL_SCALE).select_related("scale"),
        empty_label="Alle",
    )
    programme = django_filters.ModelChoiceFilter(
        label="Program", queryset=Programme.objects.only("pk", "name"), empty_label="Alle programmer"
    )
    committee = django_filters.ModelChoiceFilter(
        label="Udvalg", queryset=Committee.objects.all(), empty_label="Alle udvalg"
    )

    class Meta:
        model = BudgetProposal
        fields = ["q", "year", "status", "programme", "committee"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read the years once per request, not each time the field is touched.
        self.filters["year"].extra["choices"] = economy_year_choices()

    def search(self, queryset, name, value):
        terms = Q()
        for word in value.split():
            terms &= Q(title__icontains=word) | Q(background__icontains=word) | Q(description__icontains=word)
        return queryset.filter(pk__in=BudgetProposal.objects.filter(terms).values("pk"))

    def filter_year(self, queryset, name, value):
        # A subquery, so the per-proposal totals still add up all years.
        return queryset.filter(pk__in=EconomyLine.objects.filter(year=value).values("proposal"))
