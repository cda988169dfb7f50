"""Reads about an item's life (issue 22, ADR 0018): whether it can be deleted or only archived, what a
deletion takes with it, and the archived items "Vis arkiverede" lists. They serve every registered kind
alike, from the model's own relations: nothing here knows a domain app."""

from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.text import capfirst

from . import formats, registry
from .timetravel import is_archivable


def named(item) -> str:
    """ "Projekt „Læseløft“": the kind and the item, as a refusal names it."""
    return f"{capfirst(item._meta.verbose_name)} „{formats.text(item, 80)}“"


def _count(number: int, model) -> str:
    return formats.count(number, str(model._meta.verbose_name), str(model._meta.verbose_name_plural))


def _part_of(relation) -> bool:
    """Rows that are part of the item (its allocations, its targets) go with it when it is deleted."""
    return not relation.many_to_many and relation.on_delete is models.CASCADE


def _reverse_relations(model):
    return [
        relation
        for relation in model._meta.related_objects
        if not relation.related_model.__name__.startswith("Historical")
    ]


def _rows(relation, item):
    """The rows of another model that point at `item` through `relation`, archived ones included."""
    return relation.related_model._base_manager.filter(**{relation.field.name: item})


def _generic_references(item) -> list[tuple[type, int]]:
    """Rows that point at `item` by content type and id: its status changes, its links to goals."""
    content_type = ContentType.objects.get_for_model(type(item), for_concrete_model=False)
    found = []
    for model in apps.get_models():
        for field in model._meta.private_fields:
            if isinstance(field, GenericForeignKey):
                number = model._base_manager.filter(**{field.ct_field: content_type, field.fk_field: item.pk}).count()
                if number:
                    found.append((model, number))
    return found


def deletion_blockers(item) -> list[str]:
    """Why `item` may only be archived, in Danish; empty when it may be deleted.

    Deleting is for mistakes: an item with no history beyond its creation, used by no other item and
    by no issued bilag. Anything else history needs, so it is archived."""
    reasons = []
    this = named(item)
    if item.history.count() > 1:
        reasons.append(f"{this} er ændret, siden det blev oprettet, og ændringerne skal kunne ses i historikken.")
    for model, number in _generic_references(item):
        reasons.append(f"{this} har {_count(number, model)}.")
    for relation in _reverse_relations(type(item)):
        if _part_of(relation):
            continue
        number = _rows(relation, item).count()
        if number:
            reasons.append(f"{this} bruges af {_count(number, relation.related_model)}.")
    for check in registry.usage_checks():
        reasons.extend(check(item))
    return reasons


def deletion_consequences(item) -> list[str]:
    """What a deletion takes with it: the item and the rows that are part of it."""
    lines = [named(item)]
    for relation in _reverse_relations(type(item)):
        if _part_of(relation):
            number = _rows(relation, item).count()
            if number:
                lines.append(f"{capfirst(_count(number, relation.related_model))}, der hører til")
    return lines


@dataclass
class ArchivedKind:
    entry: registry.ModelEntry
    items: list


def archivable_entries() -> list[registry.ModelEntry]:
    return [entry for entry in registry.entries() if is_archivable(entry.model)]


def archived_items(*, label: str = "") -> list[ArchivedKind]:
    """The archived items, newest first, per kind (all kinds, or the one `label` names)."""
    kinds = []
    for entry in archivable_entries():
        if label and entry.label != label:
            continue
        rows = list(entry.model.everything.filter(archived_at__isnull=False).order_by("-archived_at"))
        if rows or label:
            kinds.append(ArchivedKind(entry, rows))
    return kinds


def archived_count(model) -> int:
    return model.everything.filter(archived_at__isnull=False).count() if is_archivable(model) else 0
