from django.db import models
from django.db.models import Q

from core.fields import LongTextField
from core.history import HistoricalRecords
from core.models import Archivable, Named
from core.querysets import current_manager
from core.urlpaths import pk_url
from statuses.models import StatusScale, StatusTrackedModel

from .choices import AreaKind


class PlanQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Plan(Named):
    """A policy whose initiatives get a status report, such as Lys i øjnene 2014–2017."""

    slug = models.SlugField("kode", unique=True)
    name = models.CharField("navn", max_length=200, unique=True)
    title = models.CharField("titel på statusoversigten", max_length=300)
    intro = LongTextField("indledning", blank=True)
    source_note = LongTextField(
        "note om kilden", blank=True, help_text="Fx trykfejl i kilden eller oplysninger, der gik tabt."
    )
    status_scale = models.ForeignKey(
        StatusScale, on_delete=models.PROTECT, related_name="+", verbose_name="statusskala for indsatser"
    )
    version = models.PositiveIntegerField("version", default=1)

    objects = PlanQuerySet.as_manager()
    history = HistoricalRecords(verbose_name="planhistorik")

    class Meta:
        verbose_name = "plan"
        verbose_name_plural = "planer"
        ordering = ["pk"]

    def natural_key(self):
        return (self.slug,)

    natural_key.dependencies = ["statuses.statusscale"]

    def get_absolute_url(self):
        return pk_url("initiatives:plan_detail", self.pk)


class PlanPartQuerySet(models.QuerySet):
    def get_by_natural_key(self, plan_slug, name):
        return self.get(plan__slug=plan_slug, name=name)


class Area(Named, Archivable):
    """An area of a plan, such as Dagtilbud; the plan's initiatives are grouped by it first."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="areas", verbose_name="plan")
    name = models.CharField("navn", max_length=200)
    kind = models.CharField("slags", max_length=20, choices=AreaKind.choices, default=AreaKind.SUBJECT)
    order = models.PositiveSmallIntegerField("rækkefølge", default=0)

    version = models.PositiveIntegerField("version", default=1)  # of the edit form (core.services)
    objects = current_manager(PlanPartQuerySet)
    history = HistoricalRecords(verbose_name="områdehistorik")

    class Meta:
        verbose_name = "område"
        verbose_name_plural = "områder"
        ordering = ["plan", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "name"],
                name="initiative_area_unique_name_in_plan",
                violation_error_message="Planen har allerede et område med navnet “{name}”.",
            )
        ]

    def natural_key(self):
        return (self.plan.slug, self.name)

    natural_key.dependencies = ["initiatives.plan"]


class Theme(Named, Archivable):
    """A theme of a plan, such as Fællesskaber; within an area, initiatives are grouped by it."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="themes", verbose_name="plan")
    name = models.CharField("navn", max_length=200)
    order = models.PositiveSmallIntegerField("rækkefølge", default=0)

    version = models.PositiveIntegerField("version", default=1)  # of the edit form (core.services)
    objects = current_manager(PlanPartQuerySet)
    history = HistoricalRecords(verbose_name="temahistorik")

    class Meta:
        verbose_name = "tema i Lys i øjnene"
        verbose_name_plural = "temaer"
        ordering = ["plan", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "name"],
                name="initiative_theme_unique_name_in_plan",
                violation_error_message="Planen har allerede et tema med navnet “{name}”.",
            )
        ]

    def natural_key(self):
        return (self.plan.slug, self.name)

    natural_key.dependencies = ["initiatives.plan"]


class InitiativeQuerySet(models.QuerySet):
    def in_report_order(self):
        """The status report's order: area, then theme, then the initiative's place in the document."""
        return self.order_by(*REPORT_ORDER)


REPORT_ORDER = ("area__plan_id", "area__order", "area_id", "theme__order", "theme_id", "order", "id")


class Initiative(StatusTrackedModel, Archivable):
    """One initiative (indsats) of a plan, under an area and a theme, with a status on the plan's scale."""

    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="initiatives", verbose_name="område")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="initiatives", verbose_name="tema")
    text = models.CharField("indsats", max_length=1000)
    # The place in the source document; new initiatives go last in their group.
    order = models.PositiveIntegerField("rækkefølge", default=0)

    objects = current_manager(InitiativeQuerySet)
    history = HistoricalRecords(verbose_name="indsatshistorik")

    class Meta:
        verbose_name = "indsats"
        verbose_name_plural = "indsatser"
        ordering = ["area__plan_id", "area__order", "area_id", "theme__order", "theme_id", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(text=""), name="initiative_text_required", violation_error_message="Skriv indsatsen."
            ),
            models.UniqueConstraint(
                fields=["area", "theme", "text"],
                name="initiative_unique_text_in_group",
                violation_error_message="Indsatsen står allerede under {area} · {theme}.",
            ),
        ]

    def __str__(self):
        return self.text

    def get_absolute_url(self):
        return pk_url("initiatives:initiative_detail", self.pk)
