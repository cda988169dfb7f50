"""The golden thread: which kinds of item can work towards a goal, and reading them back.

Goals do not import the apps whose items link to them: a kind is an entry of core.registry that its
own app declared `linkable`, with what to read along with it and the money it brings (a project's
allocations, summed by the database). Adding a linkable kind is one declaration in its app.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import Sum

from core import registry


@dataclass(frozen=True)
class LinkKind:
    entry: registry.ModelEntry

    @property
    def model(self):
        return self.entry.model

    @property
    def model_label(self) -> str:
        return self.entry.label

    @property
    def plural(self) -> str:
        return self.entry.link_heading or self.entry.plural.capitalize()

    @property
    def singular(self) -> str:
        return self.entry.name

    @property
    def has_money(self) -> bool:
        return self.entry.link_money is not None

    @property
    def money_label(self) -> str:
        return self.entry.link_money[1] if self.entry.link_money else ""

    def queryset(self):
        """The items of this kind as a goal's page shows them: with their status and, where the kind
        brings money, its sum as `linked_money` (one query whatever the number of items)."""
        queryset = self.model._default_manager.all()
        select = list(self.entry.link_select_related)
        if _has_status(self.model) and "status" not in select:
            select.append("status")
        queryset = queryset.select_related(*select)
        if self.entry.link_money:
            queryset = queryset.annotate(linked_money=Sum(self.entry.link_money[0]))
        return queryset

    def money_for(self, item):
        if not self.entry.link_money:
            return None
        return getattr(item, "linked_money", None) or 0


def _has_status(model):
    try:
        return isinstance(model._meta.get_field("status"), models.ForeignKey)
    except FieldDoesNotExist:
        return False


def available_kinds() -> list[LinkKind]:
    return [LinkKind(entry) for entry in registry.linkable()]


def kind_for_model(model) -> LinkKind | None:
    entry = registry.entry_for(model)
    return LinkKind(entry) if entry is not None and entry.linkable else None


def token_for(item) -> str:
    return f"{item._meta.label_lower}:{item.pk}"


def item_from_token(token: str):
    """The item a form names as "app_label.model:pk", if it is of a kind that can be linked."""
    label, _, pk = (token or "").partition(":")
    kind = next((k for k in available_kinds() if k.model_label == label), None)
    if kind is None or not (pk.isascii() and pk.isdigit()) or len(pk) > 18:
        raise ValidationError("Det valgte kan ikke forbindes med et mål.")
    item = kind.model._default_manager.filter(pk=int(pk)).first()
    if item is None:
        raise ValidationError("Det valgte findes ikke længere.")
    return item


def item_choices(exclude=frozenset()):
    """Every linkable item, grouped by kind, for a select: one query per kind."""
    groups = []
    for kind in available_kinds():
        options = [
            (token_for(item), str(item)) for item in kind.model._default_manager.all() if token_for(item) not in exclude
        ]
        if options:
            groups.append((kind.plural, options))
    return groups


@dataclass
class LinkedItem:
    link: object
    item: object
    kind: LinkKind
    money: int | None = None

    @property
    def status(self):
        return getattr(self.item, "status", None) if _has_status(type(self.item)) else None


@dataclass
class KindGroup:
    kind: LinkKind
    rows: list[LinkedItem] = field(default_factory=list)

    @property
    def money_total(self):
        if not self.kind.has_money:
            return None
        amounts = [row.money for row in self.rows if row.money is not None]
        return sum(amounts) if amounts else None


def resolve_links(links) -> list[LinkedItem]:
    """The items behind goal links, read with one query per kind (not per link)."""
    ids_by_type = defaultdict(set)
    for link in links:
        ids_by_type[link.content_type_id].add(link.object_id)
    found = {}
    for content_type_id, ids in ids_by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        kind = kind_for_model(model) if model else None
        if kind is None:
            continue  # a kind that is no longer linkable (its app removed the model)
        for item in kind.queryset().filter(pk__in=ids):
            found[(content_type_id, item.pk)] = (item, kind)
    resolved = []
    for link in links:
        hit = found.get((link.content_type_id, link.object_id))
        if hit is None:
            continue  # the item was deleted; its link shows nothing rather than failing
        item, kind = hit
        resolved.append(LinkedItem(link=link, item=item, kind=kind, money=kind.money_for(item)))
    return resolved


def group_by_kind(linked: list[LinkedItem]) -> list[KindGroup]:
    groups = {kind.model_label: KindGroup(kind) for kind in available_kinds()}
    for row in linked:
        groups[row.kind.model_label].rows.append(row)
    return list(groups.values())


def panel_context(request, item, *, heading_level=2, can_edit=False, next_url=None, error=None, announcement=None):
    """What the item-side panel (goals/_goal_links.html) shows: the goals `item` works towards."""
    from .models import Goal, GoalLink

    linkable = kind_for_model(type(item)) is not None
    links = list(GoalLink.objects.for_item(item).select_related("goal"))
    linked_ids = {link.goal_id for link in links}
    return {
        "item": item,
        "token": token_for(item),
        "links": links,
        "linkable": linkable,
        "can_edit": can_edit and linkable,
        "goals": list(Goal.objects.all()) if can_edit and linkable else [],
        "linked_goal_ids": linked_ids,
        "panel_id": f"maal-{item._meta.app_label}-{item._meta.model_name}-{item.pk}",
        "heading_tag": f"h{heading_level}",
        "next": next_url or (request.get_full_path() if request is not None else ""),
        "error": error,
        "announcement": announcement,
        "request": request,
    }
