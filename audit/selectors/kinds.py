"""Kinds of item in the audit trail: every registered model with a stored history (core.registry)."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.text import capfirst

from core.registry import entries
from statuses.models import StatusTrackedModel

# Fields that name an item, in the order they are tried; a model without one is found by its parent's.
NAME_FIELDS = ("name", "title", "text", "wording")
# Where the rule above would miss what the item is called.
SEARCH_OVERRIDES = {
    "programs.funding": ("source", "programme__name"),
    "programs.partnership": ("partner", "programme__name"),
}


# --- Kinds of item ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    """A model whose edits are stored (it has a simple-history `history`)."""

    model: type

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    @property
    def name(self) -> str:
        return capfirst(self.model._meta.verbose_name)

    @property
    def history(self):
        return getattr(self.model, self.model._meta.simple_history_manager_attribute).model

    @property
    def status_tracked(self) -> bool:
        return issubclass(self.model, StatusTrackedModel)

    def search_lookups(self) -> tuple[str, ...]:
        """Lookups (valid on both the model and its history) that hold the item's name."""
        if self.label in SEARCH_OVERRIDES:
            return SEARCH_OVERRIDES[self.label]
        own = _name_fields(self.model)
        if own:
            return own
        parents = []
        for fk in self.model._meta.concrete_fields:
            if fk.many_to_one and fk.related_model is not ContentType:
                parents += [f"{fk.name}__{name}" for name in _name_fields(fk.related_model)]
        return tuple(parents)


def _name_fields(model) -> tuple[str, ...]:
    names = {f.name for f in model._meta.concrete_fields if isinstance(f, (models.CharField, models.TextField))}
    return tuple(name for name in NAME_FIELDS if name in names)


def kinds() -> list[Kind]:
    """Every registered model with a stored history (core.registry), by its Danish name."""
    found = [entry.model for entry in entries() if getattr(entry.model._meta, "simple_history_manager_attribute", None)]
    return sorted((Kind(model) for model in found), key=lambda kind: str(kind.name))


def kind_choices() -> list[tuple[str, str]]:
    return [(kind.label, kind.name) for kind in kinds()]
