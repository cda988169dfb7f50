from django.db import models

from .querysets import NaturalNameQuerySet


class DataVersion(models.Model):
    """One row counting saved changes to the portal's data: the key of every cache that must never
    be stale (core/versions.py, ADR 0012)."""

    number = models.BigIntegerField("nummer", default=0)

    class Meta:
        verbose_name = "dataversion"
        verbose_name_plural = "dataversioner"

    def __str__(self):
        return f"Dataversion {self.number}"


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
