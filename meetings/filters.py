import django_filters

from core.filters import PortalFilterSet, YearFilter

from .models import Meeting


class MeetingFilterSet(PortalFilterSet):
    # The committees, read through the meeting's relation: meetings needs nothing of the programs app.
    committee = django_filters.ModelChoiceFilter(
        label="Udvalg",
        queryset=Meeting._meta.get_field("committee").related_model.objects.all(),
        empty_label="Alle udvalg",
    )
    year = YearFilter(label="År", field_name="date", lookup_expr="year")

    class Meta:
        model = Meeting
        fields = ["committee", "year"]
