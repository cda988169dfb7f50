from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from statuses.choices import Shape

register = template.Library()

# Constant SVG, never user input. Each shape fills a 16×16 box; the label beside it carries the meaning.
_SHAPES = {
    Shape.CIRCLE: mark_safe('<circle cx="8" cy="8" r="6.5"/>'),
    Shape.TRIANGLE: mark_safe('<path d="M8 1.5 15 14.5H1z"/>'),
    Shape.SQUARE: mark_safe('<rect x="2" y="2" width="12" height="12"/>'),
    Shape.DIAMOND: mark_safe('<path d="M8 .8 15.2 8 8 15.2.8 8z"/>'),
    Shape.CHECK: mark_safe('<path class="stroke" d="M2 8.5 6.2 12.5 14 3.5"/>'),
    Shape.RING: mark_safe('<circle class="stroke" cx="8" cy="8" r="5.5"/>'),
}


def shape_svg(shape: str):
    return format_html(
        '<svg class="status__shape" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">'
        "{}</svg>",
        _SHAPES.get(shape, _SHAPES[Shape.RING]),
    )


@register.simple_tag
def status_badge(value):
    """A status as shape + text label, its defined meaning shown on hover and keyboard focus."""
    if value is None:
        return format_html('<span class="status status--grey">{}<span>Ikke oplyst</span></span>', shape_svg(Shape.RING))
    return format_html(
        '<span class="status status--{}" tabindex="0">{}<span class="status__label">{}</span>'
        '<span class="status__meaning" role="tooltip"><span class="visually-hidden">: </span>{}</span></span>',
        value.tone,
        shape_svg(value.shape),
        value.label,
        value.meaning,
    )


@register.filter
def status_url_name(item) -> str:
    """The URL name of an item's status-change view: "<app>:<model>_status"."""
    return f"{item._meta.app_label}:{item._meta.model_name}_status"
