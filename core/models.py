from django.db import models


class DataVersion(models.Model):
    """One row counting saved changes to the portal's data: the key of every cache that must never
    be stale (core/versions.py, ADR 0012)."""

    number = models.BigIntegerField("nummer", default=0)

    class Meta:
        verbose_name = "dataversion"
        verbose_name_plural = "dataversioner"
