from django.db import models


class Action(models.TextChoices):
    """What happened to an item. The first three are django-simple-history's history_type."""

    CREATED = "+", "Oprettet"
    CHANGED = "~", "Ændret"
    DELETED = "-", "Slettet"
    STATUS = "s", "Status ændret"
