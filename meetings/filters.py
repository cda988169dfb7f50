import django_filters

from core.filters import PortalFilterSet, YearFilter

from programs.models import Committee

from .models import Meeting


class MeetingFilterSet(PortalFilterSet):
    committee = django_filters.ModelChoiceFilter(label="Udvalg", queryset=Committee.objects.all(), empty_label="Alle udvalg")
    year = YearFilter(label="År", field_name="date", lookup_expr="year")

    class Meta:
        model = Meeting
        fields = ["committee", "year"]
