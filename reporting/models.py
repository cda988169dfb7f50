"""Reporting rounds (issue 21): who owns each trackable item, and the rounds in which owners report on
their items and the secretariat approves or returns each report (ADR 0026).

An item is any kind its app registers as `trackable` (core.registry); it is referred to by content type
and id, as a status change is, so that this app needs none of the item apps' models.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone

from core import formats
from core.fields import LongTextField
from core.history import HistoricalRecords
from core.urlpaths import pk_url

from .choices import Frequency, Reminder, ReportState


class Responsibility(models.Model):
    """Who owns an item ("ansvarlig") and how often it is reported on. The history keeps every change
    of owner: who made it, when and why."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, verbose_name="slags")
    object_id = models.PositiveBigIntegerField("id")
    item = GenericForeignKey("content_type", "object_id")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="responsibilities",
        verbose_name="ansvarlig",
    )
    frequency = models.CharField("rapporteringsfrekvens", max_length=10, choices=Frequency, default=Frequency.MEETING)
    version = models.PositiveIntegerField("version", default=1)
    history = HistoricalRecords(verbose_name="ansvarshistorik")

    class Meta:
        verbose_name = "ansvar"
        verbose_name_plural = "ansvar"
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                name="responsibility_one_per_item",
                violation_error_message="Punktet har allerede en ansvarlig.",
            )
        ]

    def __str__(self):
        return f"Ansvar for {self.content_type.name} {self.object_id}"


class ReportingRoundQuerySet(models.QuerySet):
    def open(self):
        return self.filter(closed_at__isnull=True)


class ReportingRound(models.Model):
    """A round ("rapporteringsrunde"): the secretariat asks the owners of chosen items to report on
    them by a due date, usually ahead of a committee meeting."""

    title = models.CharField("titel", max_length=200)
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reporting_rounds",
        verbose_name="møde",
    )
    due_date = models.DateField("frist")
    message = LongTextField("besked til de ansvarlige", blank=True, max_length=2000)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="åbnet af"
    )
    opened_at = models.DateTimeField("åbnet", default=timezone.now)
    closed_at = models.DateTimeField("lukket", null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="lukket af",
    )
    version = models.PositiveIntegerField("version", default=1)

    objects = ReportingRoundQuerySet.as_manager()
    history = HistoricalRecords(verbose_name="rundehistorik")

    class Meta:
        verbose_name = "rapporteringsrunde"
        verbose_name_plural = "rapporteringsrunder"
        ordering = ["-due_date", "-id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return pk_url("reporting:round_detail", self.pk)

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    def is_overdue(self, today=None) -> bool:
        return self.is_open and (today or timezone.localdate()) > self.due_date

    @property
    def due(self) -> str:
        return formats.long_date(self.due_date)


class ReportQuerySet(models.QuerySet):
    def missing(self):
        """Not yet in: never sent, or sent back for another look."""
        return self.filter(state__in=(ReportState.PENDING, ReportState.RETURNED))


class Report(models.Model):
    """One item's report in a round: the owner's proposed status with a reason and, for an indicator,
    a measurement; then the secretariat's approval (which makes it the item's status) or return.

    What the item was called, which kind and where it lives are kept when the round opens, so that
    "Mine opgaver" and the round's page read one table."""

    round = models.ForeignKey(ReportingRound, on_delete=models.CASCADE, related_name="reports", verbose_name="runde")
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, verbose_name="slags")
    object_id = models.PositiveBigIntegerField("id")
    item = GenericForeignKey("content_type", "object_id")
    item_title = models.CharField("punkt", max_length=400)
    item_kind = models.CharField("slags", max_length=100)
    item_url = models.CharField("adresse", max_length=200)
    # The group the overview counts the item in (a project's pool, an activity's delaftale, an
    # initiative's area), or its kind where it has none: the round's progress "per område".
    item_area = models.CharField("område", max_length=300, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reports", verbose_name="ansvarlig"
    )
    state = models.CharField("tilstand", max_length=12, choices=ReportState, default=ReportState.PENDING)
    proposed_status = models.ForeignKey(
        "statuses.StatusValue", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="status"
    )
    text = LongTextField("begrundelse", blank=True, max_length=4000)
    measured_value = models.DecimalField("måling", max_digits=12, decimal_places=2, null=True, blank=True)
    measured_on = models.DateField("målt den", null=True, blank=True)
    submitted_at = models.DateTimeField("indsendt", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="indsendt af",
    )
    reviewed_at = models.DateTimeField("behandlet", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="behandlet af",
    )
    return_reason = LongTextField("begrundelse for retur", blank=True, max_length=2000)
    version = models.PositiveIntegerField("version", default=1)

    objects = ReportQuerySet.as_manager()
    history = HistoricalRecords(verbose_name="indberetningshistorik")

    class Meta:
        verbose_name = "indberetning"
        verbose_name_plural = "indberetninger"
        ordering = ["round", "item_kind", "item_title", "id"]
        permissions = [("submit_report", "Kan indberette på egne punkter")]
        indexes = [models.Index(fields=["owner", "state"], name="report_owner_state_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "content_type", "object_id"],
                name="report_one_per_item_and_round",
                violation_error_message="Punktet er allerede med i runden.",
            ),
            models.CheckConstraint(
                condition=~Q(state=ReportState.RETURNED) | ~Q(return_reason=""),
                name="report_returned_has_reason",
                violation_error_message="Skriv, hvorfor indberetningen sendes retur.",
            ),
        ]

    def __str__(self):
        return f"{self.item_title} ({self.round})"

    def get_absolute_url(self):
        return pk_url("reporting:report_submit", self.pk)

    def change_label(self) -> str:
        return self.item_title

    @property
    def is_missing(self) -> bool:
        return self.state in (ReportState.PENDING, ReportState.RETURNED)


class ReminderSent(models.Model):
    """A reminder e-mail, written before it is sent: the unique rule makes a second send of the same
    reminder impossible, also when a worker restarts half-way through a round's reminders."""

    round = models.ForeignKey(ReportingRound, on_delete=models.CASCADE, related_name="reminders", verbose_name="runde")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name="modtager"
    )
    kind = models.CharField("slags", max_length=12, choices=Reminder)
    sent_at = models.DateTimeField("sendt", default=timezone.now)
    items = models.PositiveIntegerField("punkter", default=0)

    class Meta:
        verbose_name = "påmindelse"
        verbose_name_plural = "påmindelser"
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "recipient", "kind"],
                name="reminder_once_per_round_person_and_kind",
                violation_error_message="Påmindelsen er allerede sendt.",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} til {self.recipient}"
