import django_tables2 as tables
from django.template.loader import render_to_string

from core.roles import can_edit


class StatusColumn(tables.Column):
    """The status as label + shape; staff also get the inline "Skift status" control."""

    def __init__(self, **kwargs):
        kwargs.setdefault("order_by", ("status__order",))
        super().__init__(accessor="status", verbose_name="Status", **kwargs)

    def render(self, record, table):
        # Without request=: the context processors would run again for every row.
        return render_to_string(
            "statuses/_status_cell.html",
            {"item": record, "request": table.request, "can_edit": can_edit(table.request) if table.request else False},
        )

    def value(self, record):
        return record.status.label
