"""An item's way out and back on its page: "Arkivér" and "Slet" for editors, and the notice on an archived
item's page with its reason and "Gendan" (core.views.ArchiveView and friends)."""

from django import template

from core import views
from core.timetravel import is_archivable

register = template.Library()


@register.simple_tag
def item_url(item):
    return views.item_url(item)


@register.simple_tag
def lifecycle_url(item, action):
    return views.lifecycle_url(item, action)


@register.inclusion_tag("core/_lifecycle.html", takes_context=True)
def lifecycle(context, item):
    """The archived notice and, for editors looking at today, the buttons; nothing for other kinds."""
    request = context.get("request")
    shown = is_archivable(type(item))
    return {
        "item": item,
        "shown": shown,
        "can_edit": shown and context.get("can_edit", False) and getattr(request, "as_of", None) is None,
    }
