from types import SimpleNamespace

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from statuses.choices import Shape, Tone

register = template.Library()

# Constant SVG, never user input. Each shape fills a 16×16 box; the label beside it carries the meaning.
# Paint is given as attributes, not CSS, so that WeasyPrint draws the same shapes in bilag: WeasyPrint
# draws an inline SVG on its own and applies no page CSS (not even `color`) to it.
_FILL = 'fill="{fill}" stroke="{stroke}"'
_LINE = 'fill="none" stroke="{stroke}" stroke-width="2.4"'
_SHAPE_MARKUP = {
    Shape.CIRCLE: f'<circle cx="8" cy="8" r="6.5" {_FILL}/>',
    Shape.TRIANGLE: f'<path d="M8 1.5 15 14.5H1z" {_FILL}/>',
    Shape.SQUARE: f'<rect x="2" y="2" width="12" height="12" {_FILL}/>',
    Shape.DIAMOND: f'<path d="M8 .8 15.2 8 8 15.2.8 8z" {_FILL}/>',
    Shape.CHECK: f'<path d="M2 8.5 6.2 12.5 14 3.5" {_LINE}/>',
    Shape.RING: f'<circle cx="8" cy="8" r="5.5" {_LINE}/>',
}
# The traffic-light colours (fill, outline), as static/css/portal.css gives the tones on screen; the
# yellow shape has a dark outline so that it stands out on white paper. Without a tone: the text colour.
_TONE_PAINT = {
    Tone.GREEN: ("#0a6b2d", "#0a6b2d"),
    Tone.YELLOW: ("#f2b800", "#7a5300"),
    Tone.RED: ("#b3131b", "#b3131b"),
    Tone.BLUE: ("#0b5394", "#0b5394"),
    Tone.GREY: ("#4d4d4d", "#4d4d4d"),
}
_TEXT_COLOUR = ("currentColor", "currentColor")
# Only the constant markup above, filled with the constant colours above, is marked safe.
_SHAPES = {
    (shape, tone): mark_safe(markup.format(fill=fill, stroke=stroke))  # nosec B308 B703
    for shape, markup in _SHAPE_MARKUP.items()
    for tone, (fill, stroke) in [*_TONE_PAINT.items(), (None, _TEXT_COLOUR)]
}


def shape_svg(shape: str, tone: str | None = None):
    """The status shape as inline SVG, in its tone's colour (or the text colour without a tone)."""
    tone = tone if tone in _TONE_PAINT else None
    return format_html(
        '<svg class="status__shape" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">'
        "{}</svg>",
        _SHAPES.get((shape, tone), _SHAPES[(Shape.RING, tone)]),
    )


@register.simple_tag
def status_badge(value):
    """A status as shape + text label. Its defined meaning is read out by screen readers after the label
    and shown on hover; a badge is no tab stop (a list of 50 initiatives would be 50 extra Tab presses),
    and the scale's page lists every meaning for whoever reads without a mouse.

    `value` is a StatusValue or its frozen form in an issued bilag (a dict with the same keys).
    """
    if isinstance(value, dict):
        value = SimpleNamespace(**value)
    if value is None:
        return format_html(
            '<span class="status status--grey">{}<span>Ikke oplyst</span></span>', shape_svg(Shape.RING, Tone.GREY)
        )
    return format_html(
        '<span class="status status--{}" title="{}">{}<span class="status__label">{}</span>'
        '<span class="visually-hidden">: {}</span></span>',
        value.tone,
        value.meaning,
        shape_svg(value.shape, value.tone),
        value.label,
        value.meaning,
    )


@register.filter
def status_url_name(item) -> str:
    """The URL name of an item's status-change view: "<app>:<model>_status"."""
    return f"{item._meta.app_label}:{item._meta.model_name}_status"
