import django_tables2 as tables
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html
from django_tables2.data import TableData

from core import formats
from core.tables import BaseTable


class AuditLogData(TableData):
    """Hands django-tables2 the lazy AuditLog as it is: paginating slices one page out of the
    database, where TableListData would first turn every row of the trail into a list."""

    def __len__(self):
        return len(self.data)

    def order_by(self, aliases):
        """The trail is always newest first. django-tables2 calls this for any ?sort=, even one that
        names no sortable column."""

    @property
    def verbose_name(self):
        return "hændelse"

    @property
    def verbose_name_plural(self):
        return "hændelser"


class AuditTable(BaseTable):
    when = tables.Column(verbose_name="Tidspunkt", attrs={"td": {"class": "text-nowrap"}})
    user_label = tables.Column(verbose_name="Hvem")
    kind_name = tables.Column(verbose_name="Slags")
    item_label = tables.Column(verbose_name="Emne")
    what = tables.Column(verbose_name="Hvad skete der", accessor="action", empty_values=())

    class Meta(BaseTable.Meta):
        orderable = False
        empty_text = "Ingen ændringer matcher filtrene."
        page_field = "side"

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(AuditLogData(data) if not isinstance(data, TableData) else data, *args, **kwargs)

    def render_when(self, value):
        moment = timezone.localtime(value)
        return format_html('<time datetime="{}">{}</time>', moment.isoformat(), formats.date_time(moment))

    def render_item_label(self, value, record):
        if record.item_url:
            return format_html('<a href="{}">{}</a>', record.item_url, value)
        if not record.item_exists:
            return format_html('{} <span class="text-body-secondary">(slettet)</span>', value)
        return value

    def render_what(self, record):
        return render_to_string("audit/_what.html", {"entry": record})
