"""{% panels object "slot" %}: the parts other apps contribute to a page (core.registry.Panel)."""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from core.registry import panels_for

register = template.Library()


@register.simple_tag(takes_context=True)
def panels(context, obj, slot):
    """Every panel registered for `obj`'s kind and `slot`, in order; "" where none is."""
    request = context.get("request")
    parts = []
    for panel in panels_for(type(obj), slot):
        data = {"can_edit": context.get("can_edit", False), **panel.context(request, obj, context)}
        parts.append(render_to_string(panel.template, data, request=request))
    return mark_safe("".join(parts))  # nosec B308 B703 - each part is a template rendered with autoescape
