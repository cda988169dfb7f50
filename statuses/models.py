import operator
from functools import reduce

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from core.fields import LongTextField
from core.history import HistoricalRecords
from core.models import Named

from .choices import SHAPE_TONE, Shape, Tone


class StatusScaleQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class StatusScale(Named):
    """A set of statuses with defined meanings, such as Lys i øjnene's Grøn / Gul / Rød."""

    slug = models.SlugField("kode", unique=True)
    name = models.CharField("navn", max_length=200)
    description = LongTextField("beskrivelse", blank=True)

    version = models.PositiveIntegerField("version", default=1)  # of the edit form (core.services)
    objects = StatusScaleQuerySet.as_manager()
    history = HistoricalRecords(verbose_name="statusskalahistorik")

    class Meta:
        verbose_name = "statusskala"
        verbose_name_plural = "statusskalaer"
        ordering = ["name"]

    def natural_key(self):
        return (self.slug,)

    @property
    def default_value(self):
        return self.values.get(is_default=True)


class StatusValueQuerySet(models.QuerySet):
    def get_by_natural_key(self, scale_slug, slug):
        return self.get(scale__slug=scale_slug, slug=slug)


class StatusValue(models.Model):
    scale = models.ForeignKey(StatusScale, on_delete=models.CASCADE, related_name="values", verbose_name="skala")
    slug = models.SlugField("kode")
    label = models.CharField("betegnelse", max_length=100)
    meaning = LongTextField("betydning")
    shape = models.CharField("form", max_length=20, choices=Shape.choices)
    tone = models.CharField("farve", max_length=20, choices=Tone.choices)
    order = models.PositiveSmallIntegerField("rækkefølge", default=0)
    is_default = models.BooleanField("startværdi", default=False)

    version = models.PositiveIntegerField("version", default=1)  # of the edit form (core.services)
    objects = StatusValueQuerySet.as_manager()
    history = HistoricalRecords(verbose_name="statusværdihistorik")

    class Meta:
        verbose_name = "statusværdi"
        verbose_name_plural = "statusværdier"
        ordering = ["scale", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["scale", "slug"],
                name="status_value_unique_slug",
                violation_error_message="Skalaen har allerede en værdi med den kode.",
            ),
            models.UniqueConstraint(
                fields=["scale", "label"],
                name="status_value_unique_label",
                violation_error_message="Skalaen har allerede en værdi med den betegnelse.",
            ),
            models.UniqueConstraint(
                fields=["scale"],
                condition=Q(is_default=True),
                name="status_value_one_default_per_scale",
                violation_error_message="En skala kan kun have én startværdi.",
            ),
            models.CheckConstraint(
                condition=reduce(operator.or_, (Q(shape=shape, tone=tone) for shape, tone in SHAPE_TONE.items())),
                name="status_value_shape_has_one_tone",
                violation_error_message="Formen hører til én farve på alle skalaer: "
                + ", ".join(f"{shape.label.lower()} er {tone.label.lower()}" for shape, tone in SHAPE_TONE.items())
                + ".",
            ),
        ]

    def __str__(self):
        return self.label

    def frozen(self) -> dict:
        """The status as an issued bilag keeps it: it reads the same whatever the scale becomes."""
        return {"label": self.label, "meaning": self.meaning, "shape": self.shape, "tone": self.tone}

    def natural_key(self):
        return (self.scale.slug, self.slug)

    natural_key.dependencies = ["statuses.statusscale"]


class StatusChangeQuerySet(models.QuerySet):
    def for_item(self, item):
        return self.filter(content_type=ContentType.objects.get_for_model(item), object_id=item.pk).select_related(
            "old_value", "new_value", "changed_by"
        )


class StatusChange(models.Model):
    """One change of an item's status: who, when, old → new and why. Never edited afterwards."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    old_value = models.ForeignKey(
        StatusValue, on_delete=models.PROTECT, related_name="+", null=True, verbose_name="fra"
    )
    new_value = models.ForeignKey(StatusValue, on_delete=models.PROTECT, related_name="+", verbose_name="til")
    reason = LongTextField("begrundelse", max_length=4000)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="ændret af"
    )
    changed_at = models.DateTimeField("tidspunkt")

    objects = StatusChangeQuerySet.as_manager()

    class Meta:
        verbose_name = "statusændring"
        verbose_name_plural = "statusændringer"
        ordering = ["-changed_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "-changed_at"], name="status_change_item_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason=""),
                name="status_change_reason_required",
                violation_error_message="Skriv en begrundelse for statusændringen.",
            )
        ]

    def __str__(self):
        return f"{self.old_value or '–'} → {self.new_value}"


class StatusTrackedModel(models.Model):
    """An item with a status on a scale, its change history and an edit version.

    `version` grows with every saved change so that two people editing at once are told.
    """

    status = models.ForeignKey(StatusValue, on_delete=models.PROTECT, related_name="+", verbose_name="status")
    status_changed_at = models.DateTimeField("status ændret", null=True, blank=True)
    version = models.PositiveIntegerField("version", default=1)

    class Meta:
        abstract = True

    def status_history(self):
        return StatusChange.objects.for_item(self)
