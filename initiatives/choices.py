from django.db import models


class AreaKind(models.TextChoices):
    """Lys i øjnene has one cross-cutting area and then the professional areas ("Indsatser på fagområder")."""

    CROSS_CUTTING = "tvaergaaende", "Tværgående"
    SUBJECT = "fagomraade", "Fagområde"
