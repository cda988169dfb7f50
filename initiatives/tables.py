import django_tables2 as tables

from core.tables import BaseTable
from statuses.tables import StatusColumn

from .models import Initiative


class InitiativeTable(BaseTable):
    """The filterable list: every initiative with its area, theme and status."""

    select_related = ("status", "area", "theme")

    text = tables.Column(verbose_name="Indsats", linkify=True, order_by=("text",))
    area = tables.Column(verbose_name="Område", order_by=("area__order", "theme__order", "order"))
    theme = tables.Column(verbose_name="Tema", order_by=("theme__order", "area__order", "order"))
    status = StatusColumn()

    class Meta(BaseTable.Meta):
        model = Initiative
        fields = ("text", "area", "theme", "status")
        sequence = ("text", "area", "theme", "status")


class StatusReportTable(BaseTable):
    """One row per initiative on the status page, where the rows are grouped under area and theme."""

    select_related = ("status", "area", "theme")

    text = tables.Column(verbose_name="Indsats", linkify=True, orderable=False)
    # One width in every theme's table, so the status column lines up down the page.
    status = StatusColumn(orderable=False, attrs={"th": {"class": "col-status"}})

    class Meta(BaseTable.Meta):
        model = Initiative
        fields = ("text", "status")
        orderable = False
