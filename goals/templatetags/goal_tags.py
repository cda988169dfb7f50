"""Numbers, indicator values and the goal-link panel for templates."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from core import formats

register = template.Library()

NO_DATA = formats.NO_DATA


@register.filter
def decimal(value):
    return formats.decimal(value) if value not in (None, "") else NO_DATA


register.filter("measure", formats.measure)  # {{ indicator.baseline_value|measure:indicator.unit }}


def _reading(shown: str, unknown: bool):
    return format_html('<span class="no-data">{}</span>', shown) if unknown else shown


# An indicator's baseline, latest measurement and current target, as every page shows them (goals.tables).
@register.simple_tag
def indicator_baseline(indicator):
    from goals.tables import baseline_text

    return _reading(baseline_text(indicator), indicator.baseline_value is None)


@register.simple_tag
def indicator_baseline_value(indicator):
    """The baseline without its year (a table with a column of its own for the year)."""
    return _reading(formats.measure(indicator.baseline_value, indicator.unit), indicator.baseline_value is None)


@register.simple_tag
def indicator_latest(indicator):
    from goals.tables import latest_text

    return _reading(latest_text(indicator), indicator.latest_measurement is None)


@register.simple_tag
def indicator_target(indicator):
    from goals.tables import target_text

    return _reading(target_text(indicator), indicator.current_target is None)


@register.filter
def item_token(item):
    from goals.links import token_for

    return token_for(item)


@register.simple_tag
def goal_numbers(goals):
    """ "Mål 1, 2, 4 og 5", each number a link to its goal."""
    goals = list(goals)
    if not goals:
        return ""
    links = [format_html('<a href="{}">{}</a>', g.get_absolute_url(), g.number) for g in goals]
    if len(links) == 1:
        joined = links[0]
    else:
        joined = format_html("{} og {}", format_html_join(", ", "{}", ((link,) for link in links[:-1])), links[-1])
    return format_html("Mål {}", joined)


# Constant markup, never user input.
_FLAG_ICON = mark_safe(  # nosec B308
    '<svg class="quality-flag__icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">'
    '<path d="M8 1.5 15 14.5H1z" fill="none" stroke="currentColor" stroke-width="1.6"/>'
    '<path d="M8 6v4M8 11.6v1.2" stroke="currentColor" stroke-width="1.6"/></svg>'
)


@register.simple_tag
def quality_flags(indicator, today=None):
    """The indicator's data-quality signals as icon + text (never colour alone), or a plain "OK"."""
    flags = indicator.quality_flags(today)
    if not flags:
        return format_html('<span class="quality-ok">{}</span>', "Ingen mangler")
    items = format_html_join(
        "", '<li class="quality-flag">{}<span>{}</span></li>', ((_FLAG_ICON, flag.label) for flag in flags)
    )
    return format_html('<ul class="quality-flags" aria-label="Datakvalitet">{}</ul>', items)


@register.inclusion_tag("goals/_goal_links_panel.html", takes_context=True)
def goal_links_panel(context, item, heading_level=2):
    """The goals an item works towards, with link/unlink controls for staff."""
    from goals.links import panel_context

    return panel_context(
        context.get("request"), item, heading_level=heading_level, can_edit=context.get("can_edit", False)
    )
