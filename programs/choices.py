from django.db import models

# The status scale of budget proposals is data (fixtures/programme_000.json); code only needs its
# key to start new proposals at the scale's default value.
PROPOSAL_SCALE = "budgetforslag"
# A proposal at this value is adopted money; at the next it brings none, and the programme's money
# table leaves it out; at any other it is proposed money, not decided yet (core.choices.MoneyState).
PROPOSAL_ADOPTED = "vedtaget"
PROPOSAL_NOT_ADOPTED = "ikke-vedtaget"

# Amounts in a proposal's economy table are in thousands of kroner, as in the budget documents.
THOUSANDS = 1000


class LineKind(models.TextChoices):
    """A line of a proposal's operating (drift) economy. Netto is computed, never a line."""

    EXPENSE = "udgifter", "Udgifter"
    FINANCING = "finansiering", "Finansiering"
