import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode

from core.roles import can_edit

from .templatetags.status_tags import status_badge


class StatusColumn(tables.Column):
    """The status as label + shape; staff also get the inline "Skift status" control.

    Written in Python rather than through a template per cell: a cell template cost about a third of a
    100-row list (docs/benchmarks.md). The badge depends only on the status value, so a table makes each
    value's badge once."""

    def __init__(self, **kwargs):
        kwargs.setdefault("order_by", ("status__order",))
        super().__init__(accessor="status", verbose_name="Status", **kwargs)

    def render(self, record, table):
        cache = table.__dict__.setdefault("_status_cells", {})
        if "can_edit" not in cache:
            request = table.request
            cache["can_edit"] = bool(request and can_edit(request))
            year = request.GET.get("year") if request else None
            cache["query"] = f"?{urlencode({'year': year})}" if year else ""
        value = record.status
        badge = cache.get(value.pk if value is not None else None)
        if badge is None:
            badge = cache[value.pk if value is not None else None] = status_badge(value)
        if not cache["can_edit"]:
            return format_html('<div class="status-cell">{}</div>', badge)
        url = reverse(f"{record._meta.app_label}:{record._meta.model_name}_status", kwargs={"pk": record.pk})
        return format_html(
            '<div class="status-cell">{}\n<button type="button" class="btn btn-link btn-sm p-0 ms-1 '
            'status-change-link" hx-get="{}{}" hx-target="closest td" hx-swap="innerHTML" '
            'aria-label="Skift status for {}">Skift status</button></div>',
            badge,
            url,
            cache["query"],
            record,
        )

    def value(self, record):
        return record.status.label
