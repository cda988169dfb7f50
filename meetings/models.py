from django.conf import settings
from django.db import models
from django.db.models import Q

from core.fields import LongTextField
from core.history import HistoricalRecords
from core.urlpaths import pk_url


def genitive(name: str) -> str:
    """ "Børne- og Ungdomsudvalget" → "Børne- og Ungdomsudvalgets"."""
    return name if name.endswith("s") else f"{name}s"


class MeetingQuerySet(models.QuerySet):
    def previous_to(self, meeting):
        return self.filter(committee_id=meeting.committee_id, date__lt=meeting.date).order_by("-date").first()


class Meeting(models.Model):
    committee = models.ForeignKey(
        "programs.Committee", on_delete=models.PROTECT, related_name="meetings", verbose_name="udvalg"
    )
    date = models.DateField("dato")
    title = models.CharField("titel", max_length=200, blank=True)
    version = models.PositiveIntegerField("version", default=1)

    objects = MeetingQuerySet.as_manager()
    history = HistoricalRecords(verbose_name="mødehistorik")

    class Meta:
        verbose_name = "møde"
        verbose_name_plural = "møder"
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "date"],
                name="meeting_one_per_committee_and_day",
                violation_error_message="{committee} har allerede et møde den {day}.",
            )
        ]

    def __str__(self):
        from django.utils.formats import date_format

        return f"{genitive(self.committee.name)} møde den {date_format(self.date)}"

    def get_absolute_url(self):
        return pk_url("meetings:meeting_detail", self.pk)

    @property
    def day(self) -> str:
        """ "26. marts 2019": the meeting's date in the rule's message."""
        from core.formats import long_date

        return long_date(self.date)


class Bilag(models.Model):
    """An appendix to a meeting: a kind of document, its parameters, and its issued versions."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="bilag", verbose_name="møde")
    number = models.PositiveSmallIntegerField("nummer")
    kind = models.CharField(
        "slags", max_length=40, help_text="En slags bilag, som en app har registreret (core.registry)."
    )
    title = models.CharField(
        "titel",
        max_length=200,
        blank=True,
        help_text="Den korte titel, som mødets bilagsliste og filnavnet viser, fx „Overbliksark 0,35% puljen“.",
    )
    parameters = models.JSONField("indstillinger", default=dict, blank=True)
    include_changes = models.BooleanField("medtag ændringer siden sidste møde", default=False)
    version = models.PositiveIntegerField("version", default=1)  # of the draft's settings
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("oprettet", auto_now_add=True)
    history = HistoricalRecords(verbose_name="bilagshistorik")

    class Meta:
        verbose_name = "bilag"
        verbose_name_plural = "bilag"
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "number"],
                name="bilag_number_unique_in_meeting",
                violation_error_message="Mødet har allerede et bilag med det nummer.",
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="bilag_number_from_one",
                violation_error_message="Bilagsnummeret skal være 1 eller derover.",
            ),
        ]

    def __str__(self):
        return f"Bilag {self.number}"

    def get_absolute_url(self):
        return pk_url("meetings:bilag_preview", self.pk)

    @property
    def display_title(self) -> str:
        return self.title or self.kind_label

    @property
    def kind_label(self) -> str:
        from core.registry import bilag_kind

        kind = bilag_kind(self.kind)
        return kind.label if kind else self.kind


class BilagVersion(models.Model):
    """An issued bilag: the PDF, the data it was made from and its checksum. Never changed."""

    bilag = models.ForeignKey(Bilag, on_delete=models.PROTECT, related_name="versions", verbose_name="bilag")
    number = models.PositiveSmallIntegerField("version")
    snapshot = models.JSONField("data")
    pdf = models.BinaryField("PDF")
    sha256 = models.CharField("SHA-256", max_length=64)
    note = LongTextField("note", blank=True, max_length=2000)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="udstedt af"
    )
    issued_at = models.DateTimeField("udstedt")

    class Meta:
        verbose_name = "udstedt version"
        verbose_name_plural = "udstedte versioner"
        ordering = ["bilag", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["bilag", "number"],
                name="bilag_version_unique",
                violation_error_message="Bilaget blev udstedt af en anden samtidig. Genindlæs siden.",
            ),
            # A correction must say why; the first issue needs no note.
            models.CheckConstraint(
                condition=Q(number=1) | ~Q(note=""),
                name="bilag_correction_has_note",
                violation_error_message="Skriv en note om, hvad den rettede version ændrer.",
            ),
        ]

    def __str__(self):
        return f"{self.bilag} version {self.number}"
