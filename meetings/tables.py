import django_tables2 as tables

from core.tables import BaseTable, DateColumn

from .models import Meeting


class MeetingTable(BaseTable):
    select_related = ("committee",)

    date = DateColumn(verbose_name="Dato", linkify=True)
    committee = tables.Column(verbose_name="Udvalg")
    title = tables.Column(verbose_name="Titel", default="")
    bilag_count = tables.Column(verbose_name="Bilag", attrs={"td": {"class": "text-end"}, "th": {"class": "text-end"}})

    class Meta(BaseTable.Meta):
        model = Meeting
        fields = ("date", "committee", "title", "bilag_count")
