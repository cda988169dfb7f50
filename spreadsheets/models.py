"""A staged import, kept in the database (ADR 0022): any app server behind a load balancer, and the
background worker, read the same preview. Nothing of the portal's own data is written before confirm."""

import uuid

from django.conf import settings
from django.db import models


class ImportBatch(models.Model):
    WAITING, STAGING, STAGED, FAILED, APPLYING, APPLIED = (
        "waiting",
        "staging",
        "staged",
        "failed",
        "applying",
        "applied",
    )
    STATES = [
        (WAITING, "Venter på at blive læst"),
        (STAGING, "Læses"),
        (STAGED, "Forhåndsvist"),
        (FAILED, "Kunne ikke læses"),
        (APPLYING, "Gemmes"),
        (APPLIED, "Gemt"),
    ]

    # A random id: the address of a preview cannot be guessed from another's.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField("slags", max_length=40)  # the sheet's slug: "projekter"
    file_name = models.CharField("filnavn", max_length=255)
    content = models.BinaryField("fil", null=True, blank=True)  # the upload, until it has been read
    state = models.CharField("tilstand", max_length=10, choices=STATES, default=WAITING)
    total_rows = models.PositiveIntegerField("rækker i alt", default=0)
    done_rows = models.PositiveIntegerField("rækker læst", default=0)
    headers = models.JSONField("kolonner", default=list)
    rows = models.JSONField("rækker", default=list)  # spreadsheets.staging's staged rows
    errors = models.JSONField("fejl i filen", default=list)
    receipt = models.JSONField("kvittering", default=list)
    refused = models.TextField("afvist", blank=True)  # why the last confirm saved nothing
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="uploadet af"
    )
    created_at = models.DateTimeField("uploadet", auto_now_add=True)
    updated_at = models.DateTimeField("opdateret", auto_now=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="gemt af",
    )
    applied_at = models.DateTimeField("gemt", null=True, blank=True)

    class Meta:
        verbose_name = "import"
        verbose_name_plural = "importer"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["created_at"], name="importbatch_created")]

    def __str__(self):
        return f"Import af {self.file_name}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("spreadsheets:batch", kwargs={"pk": self.pk})

    def count(self, state: str) -> int:
        return sum(1 for row in self.rows if row["state"] == state)

    @property
    def counts(self) -> dict:
        counts = {"new": 0, "changed": 0, "unchanged": 0, "error": 0}
        for row in self.rows:
            counts[row["state"]] += 1
        return counts

    @property
    def finished_reading(self) -> bool:
        return self.state not in (self.WAITING, self.STAGING)
