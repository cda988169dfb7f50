import django_tables2 as tables

from core import formats
from core.tables import BaseTable, DateColumn

from .models import ReportingRound


class RoundTable(BaseTable):
    title = tables.Column(verbose_name="Runde", linkify=True)
    meeting = tables.Column(verbose_name="Møde", default="Intet møde")
    due_date = DateColumn(verbose_name="Frist")
    closed_at = tables.Column(verbose_name="Tilstand", empty_values=())

    class Meta(BaseTable.Meta):
        model = ReportingRound
        fields = ("title", "meeting", "due_date", "closed_at")
        orderable = False

    def render_meeting(self, value):
        return formats.long_date(value.date)

    def render_closed_at(self, record):
        return f"Lukket {formats.long_date(record.closed_at.date())}" if record.closed_at else "Åben"
