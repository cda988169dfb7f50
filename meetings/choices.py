from django.db import models


class BilagKind(models.TextChoices):
    """The documents the committee gets as appendices; each is rebuilt from live data."""

    OVERVIEW_SHEET = "overview_sheet", "Overbliksark over projekter i en pulje"
    INITIATIVE_STATUS = "initiative_status", "Status på indsatser (Lys i øjnene)"
    BUDGET_PROPOSAL = "budget_proposal", "Budgetforslag"
    AGREEMENT = "agreement", "Delaftale"
    COHERENCE_MODEL = "coherence_model", "Sammenhængsmodellen"
