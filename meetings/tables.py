import django_tables2 as tables

from core.tables import BaseTable

from .models import Meeting


class MeetingTable(BaseTable):
    select_related = ("committee",)

    date = tables.DateColumn(verbose_name="Dato", format="j. F Y", linkify=True)
    committee = tables.Column(verbose_name="Udvalg")
    title = tables.Column(verbose_name="Titel", default="")
    bilag_count = tables.Column(verbose_name="Bilag", attrs={"td": {"class": "text-end"}, "th": {"class": "text-end"}})

    class Meta(BaseTable.Meta):
        model = Meeting
        fields = ("date", "committee", "title", "bilag_count")
