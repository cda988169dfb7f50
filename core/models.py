from django.db import models

from .fields import LongTextField
from .querysets import NaturalNameQuerySet, current_manager


class DataVersion(models.Model):
    """Counts of saved changes to the portal's data: "*" counts every change, and a row per app counts
    the changes to that app's tables. They are the keys of every cache that must never be stale
    (core/versions.py, ADR 0012 and 0019)."""

    name = models.CharField("område", max_length=50, unique=True, default="*")
    number = models.BigIntegerField("nummer", default=0)

    class Meta:
        verbose_name = "dataversion"
        verbose_name_plural = "dataversioner"

    def __str__(self):
        return f"Dataversion {self.name} {self.number}"


class Named(models.Model):
    """A row called by its `name` wherever it is shown."""

    class Meta:
        abstract = True

    def __str__(self):
        return self.name


class NaturallyNamed(Named):
    """A row whose unique `name` is its natural key in the fixtures of the seed documents."""

    objects = NaturalNameQuerySet.as_manager()

    class Meta:
        abstract = True

    def natural_key(self):
        return (self.name,)


class Archivable(models.Model):
    """An item that is retired rather than deleted once history needs it (issue 22, ADR 0018).

    An archived item leaves the current lists, totals, the overview and new bilag (its default
    manager is `current_manager()`); its page, the archive list ("Vis arkiverede"), time travel and
    issued bilag still show it. The history keeps when, by whom and why. A subclass that declares
    its own `objects` declares it with `current_manager(ItsQuerySet)`."""

    archived_at = models.DateTimeField("arkiveret", null=True, blank=True)
    archive_reason = LongTextField("begrundelse for arkivering", blank=True, max_length=2000)

    objects = current_manager()
    everything = models.Manager()  # noqa: DJ012 - `objects` must come first: it is the default manager

    class Meta:
        abstract = True

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None
