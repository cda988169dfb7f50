import django_tables2 as tables

from core import formats
from core.formats import long_date
from core.tables import BaseTable, HoursColumn
from statuses.tables import StatusColumn

from .models import Activity, Agreement


class ActivityTable(BaseTable):
    """A delaftale's activities with status and hours; staff change a status in the row."""

    select_related = ("status", "agreement")

    name = tables.Column(verbose_name="Aktivitet", linkify=True, attrs={"td": {"class": "fw-semibold"}}, footer="I alt")
    agreement = tables.Column(verbose_name="Delaftale", linkify=True, visible=False)
    status = StatusColumn()
    hours_per_week = HoursColumn(
        verbose_name="Timer pr. uge", footer=lambda table: formats.hours(table.total) if table.total is not None else ""
    )

    class Meta(BaseTable.Meta):
        model = Activity
        fields = ("name", "agreement", "status", "hours_per_week")
        empty_text = "Ingen aktiviteter."

    def __init__(self, *args, total=None, show_agreement=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.total = total
        if show_agreement:
            self.columns.show("agreement")


class AgreementTable(BaseTable):
    title = tables.Column(verbose_name="Delaftale", linkify=True, attrs={"td": {"class": "fw-semibold"}})
    period = tables.Column(
        verbose_name="Gælder", accessor="valid_from", order_by=("valid_from",), attrs={"td": {"class": "text-nowrap"}}
    )
    activity_count = tables.Column(
        verbose_name="Aktiviteter", attrs={"td": {"class": "text-end"}, "th": {"class": "text-end"}}
    )
    total_hours = HoursColumn(verbose_name="Timer pr. uge i alt")

    class Meta(BaseTable.Meta):
        model = Agreement
        fields = ("title", "period", "activity_count", "total_hours")
        empty_text = "Ingen delaftaler matcher filtrene."

    def render_period(self, record):
        return f"{long_date(record.valid_from)} – {long_date(record.valid_to)}"

    def value_period(self, record):
        return self.render_period(record)
