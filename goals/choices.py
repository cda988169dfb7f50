from django.db import models

# A measurement this old (in days) no longer tells the committee where an indicator stands.
STALE_AFTER_DAYS = 365

PERCENT = "%"


class Direction(models.TextChoices):
    """Which way an indicator should move; blank where the source does not say."""

    HIGHER = "higher", "Højere er bedre"
    LOWER = "lower", "Lavere er bedre"


class QualityFlag(models.TextChoices):
    """Data-quality signals shown on every indicator."""

    NO_BASELINE = "no_baseline", "Ingen baseline"
    NO_SOURCE = "no_source", "Ingen datakilde"
    NO_MEASUREMENT = "no_measurement", "Ingen måling endnu"
    STALE = "stale", "Ingen måling i over et år"
