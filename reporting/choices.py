from django.db import models


class Frequency(models.TextChoices):
    """How often an item's owner reports on it."""

    MEETING = "moede", "Til hvert udvalgsmøde"
    MONTHLY = "maaned", "Hver måned"
    QUARTERLY = "kvartal", "Hvert kvartal"
    HALF_YEARLY = "halvaar", "Hvert halve år"
    YEARLY = "aar", "En gang om året"


class ReportState(models.TextChoices):
    """Where one item's report stands in a round. Shown as text and a shape, never colour alone."""

    PENDING = "afventer", "Mangler"
    SUBMITTED = "indsendt", "Indsendt"
    RETURNED = "returneret", "Sendt retur"
    APPROVED = "godkendt", "Godkendt"


# The shape and tone shown with each state, from the status badges' shapes (statuses.choices): text and
# shape carry the meaning, the colour only repeats it.
STATE_SHAPE = {
    ReportState.PENDING: ("ring", "grey"),
    ReportState.SUBMITTED: ("diamond", "blue"),
    ReportState.RETURNED: ("triangle", "yellow"),
    ReportState.APPROVED: ("check", "green"),
}


class Reminder(models.TextChoices):
    """The reminders a round sends; each at most once per person and round."""

    BEFORE = "foer", "Påmindelse før fristen"
    ON_THE_DAY = "paa-dagen", "Påmindelse på dagen"
    AFTER = "efter", "Påmindelse efter fristen"
    DIGEST = "oversigt", "Oversigt over det, der mangler"
