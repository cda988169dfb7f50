from django.db import models


class NaturalNameQuerySet(models.QuerySet):
    """For models whose unique `name` is their natural key in fixtures."""

    def get_by_natural_key(self, name):
        # Archived rows too: a backup restored with natural keys must find every row it refers to.
        return self.model._base_manager.get(name=name)


class CurrentManager(models.Manager):
    """What is not archived (core.models.Archivable). As the default manager it keeps archived items
    out of every list, total, choice, related set and bilag at once; `everything` and the related
    object of a foreign key (the base manager) still reach them."""

    def get_queryset(self):
        return super().get_queryset().filter(archived_at__isnull=True)


def current_manager(queryset_class=models.QuerySet):
    """The default manager of an archivable model, with its own queryset's methods."""
    return CurrentManager.from_queryset(queryset_class)()
