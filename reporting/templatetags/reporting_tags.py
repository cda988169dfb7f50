from django import template
from django.utils.html import format_html

from statuses.templatetags.status_tags import shape_svg

from ..choices import STATE_SHAPE, ReportState

register = template.Library()


@register.simple_tag
def report_state(report, overdue=False):
    """A report's state as shape + text ("Mangler", "Sendt retur", …), with "over fristen" added in words."""
    state = ReportState(report.state)
    shape, tone = STATE_SHAPE[state]
    late = format_html(' <span class="small">(over fristen)</span>') if overdue and report.is_missing else ""
    return format_html(
        '<span class="status status--{}">{}<span class="status__label">{}</span>{}</span>',
        tone,
        shape_svg(shape, tone),
        state.label,
        late,
    )
