import django_tables2 as tables
from django.template.loader import render_to_string

from core.roles import is_editor


class StatusColumn(tables.Column):
    """The status as label + shape; staff also get the inline "Skift status" control."""

    def __init__(self, **kwargs):
        kwargs.setdefault("order_by", ("status__order",))
        super().__init__(accessor="status", verbose_name="Status", **kwargs)

    def render(self, record, table):
        return render_to_string(
            "statuses/_status_cell.html",
            {"item": record, "can_edit": is_editor(table.request.user) if table.request else False},
            request=table.request,
        )

    def value(self, record):
        return record.status.label
