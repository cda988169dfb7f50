"""Sammenhængsmodellen (the coherence model) as a tree, its indicators and the golden thread.

Rødder (values) → Stammen (methods) → Forgreningen (approach) → Bladene (numbered goals under
themes). Indicators measure a goal here or a delmål (sub-goal) in a boligsocial delaftale, and
GoalLink ties any item that works towards a goal (project, programme, initiative, activity) to it.
"""

import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from core import formats
from core.fields import FIRST_YEAR, LAST_YEAR, LongTextField, MeasureField, YearField
from core.history import HistoricalRecords
from core.models import Archivable, Named, NaturallyNamed
from core.querysets import NaturalNameQuerySet, current_manager
from core.urlpaths import pk_url

from .choices import PERCENT, STALE_AFTER_DAYS, Direction, QualityFlag


class CoherenceModel(NaturallyNamed):
    """The notat that sets out the model for Børn & Unge; its section texts are kept as written."""

    name = models.CharField("navn", max_length=200, unique=True)
    document_title = models.CharField("dokumentets titel", max_length=300, blank=True)
    intro = LongTextField("indledning", blank=True)
    values_intro = LongTextField("indledning til værdierne (Rødder)", blank=True)
    methods_intro = LongTextField("indledning til metodikkerne (Stammen)", blank=True)
    approach_intro = LongTextField("indledning til Forgreningen", blank=True)
    goals_intro = LongTextField("indledning til målene (Bladene)", blank=True)
    groups_intro = LongTextField("indledning til realiseringen af målene", blank=True)
    partners_intro = LongTextField("indledning til samarbejdspartnere", blank=True)
    administrative_partners = LongTextField("administrative samarbejdspartnere", blank=True)
    closing = LongTextField("afslutning", blank=True)
    version = models.PositiveIntegerField("version", default=1)
    history = HistoricalRecords(verbose_name="sammenhængsmodelhistorik")

    class Meta:
        verbose_name = "sammenhængsmodel"
        verbose_name_plural = "sammenhængsmodeller"
        ordering = ["id"]

    def get_absolute_url(self):
        return reverse("goals:model")


class OrderedPart(Named):
    """A part of the model shown in the notat's order."""

    coherence_model = models.ForeignKey(CoherenceModel, on_delete=models.CASCADE, verbose_name="sammenhængsmodel")
    order = models.PositiveSmallIntegerField("rækkefølge", default=0)

    class Meta:
        abstract = True
        ordering = ["coherence_model", "order", "id"]


class Value(OrderedPart, Archivable):
    """A value (Rod): a statement and the "Derfor …" that follows from it."""

    name = models.CharField("værdi", max_length=200)
    statement = LongTextField("udsagn")
    therefore = LongTextField("derfor", help_text="Begynder med „Derfor …“, som i notatet.")
    version = models.PositiveIntegerField("version", default=1)  # of the edit form (core.services)
    history = HistoricalRecords(verbose_name="værdihistorik")

    class Meta(OrderedPart.Meta):
        verbose_name = "værdi (rod)"
        verbose_name_plural = "værdier (rødder)"
        default_related_name = "values"


class Method(OrderedPart, Archivable):
    """A shared methodology (Stammen) carried over from Lys i øjnene."""

    name = models.CharField("metodik", max_length=200)
    description = LongTextField("beskrivelse", blank=True)
    version = models.PositiveIntegerField("version", default=1)  # of the edit form (core.services)
    history = HistoricalRecords(verbose_name="metodikhistorik")

    class Meta(OrderedPart.Meta):
        verbose_name = "metodik (stamme)"
        verbose_name_plural = "metodikker (stammen)"
        default_related_name = "methods"


class ApproachElement(OrderedPart):
    """One layer of Forgreningen: Tilgang, Systemer og strategier, Adfærd, Konkrete indsatser og handlinger."""

    name = models.CharField("navn", max_length=200)
    text = LongTextField("tekst")
    version = models.PositiveIntegerField("version", default=1)  # of the edit form (core.services)
    history = HistoricalRecords(verbose_name="forgreningshistorik")

    class Meta(OrderedPart.Meta):
        verbose_name = "forgrening"
        verbose_name_plural = "forgreningen"
        default_related_name = "approach"


class Theme(NaturallyNamed, OrderedPart):
    """A theme the numbered goals sit under, such as "Læring og uddannelse"."""

    name = models.CharField("tema", max_length=200, unique=True)
    version = models.PositiveIntegerField("version", default=1)  # of the edit form (core.services)
    history = HistoricalRecords(verbose_name="temahistorik")

    class Meta(OrderedPart.Meta):
        verbose_name = "tema i Sammenhængsmodellen"
        verbose_name_plural = "temaer"
        default_related_name = "themes"


class GoalQuerySet(models.QuerySet):
    def get_by_natural_key(self, number):
        return self.get(number=number)


class Goal(Archivable):
    """A numbered goal (et blad) from Sammenhængsmodellen, such as goal 1 on 9th-grade results."""

    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="goals", verbose_name="tema")
    number = models.PositiveSmallIntegerField("nummer", unique=True)
    text = LongTextField("mål")
    version = models.PositiveIntegerField("version", default=1)

    objects = current_manager(GoalQuerySet)
    history = HistoricalRecords(verbose_name="målhistorik")

    class Meta:
        verbose_name = "mål"
        verbose_name_plural = "mål"
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="goal_number_positive",
                violation_error_message="Målets nummer skal være 1 eller derover.",
            )
        ]

    def __str__(self):
        return f"{self.label}: {Truncator(self.text).chars(90)}"

    def get_absolute_url(self):
        return pk_url("goals:goal_detail", self.pk)

    @property
    def label(self):
        return self.label_of(self.number)

    @staticmethod
    def label_of(number) -> str:
        return f"Mål {number}"

    def natural_key(self):
        return (self.number,)


class GoalTarget(models.Model):
    """A target a goal gives: value, unit and year where the notat states them, and its wording."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="targets", verbose_name="mål")
    order = models.PositiveSmallIntegerField("rækkefølge", default=0)
    wording = LongTextField("formulering", help_text="Målsætningen med notatets ord.")
    value = MeasureField("målværdi", max_digits=12, decimal_places=2, null=True, blank=True)
    unit = models.CharField("enhed", max_length=60, blank=True, help_text="Fx % eller % færre.")
    year = YearField("år", null=True, blank=True)

    history = HistoricalRecords(verbose_name="historik for målsætninger")

    class Meta:
        verbose_name = "målsætning"
        verbose_name_plural = "målsætninger"
        ordering = ["goal_id", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=FIRST_YEAR, year__lte=LAST_YEAR),
                name="goal_target_year_in_range",
                violation_error_message="Året skal skrives med fire cifre og ligge mellem 2000 og 2100.",
            ),
        ]

    def __str__(self):
        return self.wording


class GoalGroup(NaturallyNamed, OrderedPart, Archivable):
    """Goals the committee grouped together, with their challenge (udfordring) and focus areas."""

    name = models.CharField("navn", max_length=200, unique=True)
    title = models.CharField(
        "titel i notatets tabel", max_length=300, blank=True, help_text="Hvis tabellen bruger en længere titel."
    )
    goals = models.ManyToManyField(Goal, related_name="groups", verbose_name="mål")
    challenge = LongTextField("udfordring")
    partner_committee = models.CharField(
        "politisk samarbejdspartner",
        max_length=200,
        blank=True,
        help_text="Det udvalg, Børne- og Ungdomsudvalget vil i dialog med.",
    )
    version = models.PositiveIntegerField("version", default=1)  # of the edit form (core.services)
    objects = current_manager(NaturalNameQuerySet)
    history = HistoricalRecords(verbose_name="målgrupperingshistorik", m2m_fields=["goals"])

    class Meta(OrderedPart.Meta):
        verbose_name = "målgruppering"
        verbose_name_plural = "målgrupperinger"
        default_related_name = "groups"


class FocusArea(models.Model):
    """A possible special focus area for Børn & Unge within a goal group."""

    group = models.ForeignKey(
        GoalGroup, on_delete=models.CASCADE, related_name="focus_areas", verbose_name="målgruppering"
    )
    order = models.PositiveSmallIntegerField("rækkefølge", default=0)
    text = LongTextField("fokusområde")
    history = HistoricalRecords(verbose_name="fokusområdehistorik")

    class Meta:
        verbose_name = "fokusområde"
        verbose_name_plural = "fokusområder"
        ordering = ["group_id", "order", "id"]

    def __str__(self):
        return Truncator(self.text).chars(80)


# --- Indicators -------------------------------------------------------------------------------


# Where a list that needs only each indicator's newest measurement reads it (Prefetch(..., to_attr=NEWEST)).
NEWEST = "newest_measurements"


class Indicator(Archivable):
    """A variable that shows whether a goal or a delmål is reached.

    It measures exactly one of: a goal of Sammenhængsmodellen, or a delmål of a boligsocial
    delaftale. An empty baseline value is "Data kommer" in the source: no value yet, never 0.
    """

    goal = models.ForeignKey(
        Goal, on_delete=models.PROTECT, null=True, blank=True, related_name="indicators", verbose_name="mål"
    )
    sub_goal = models.ForeignKey(
        "agreements.SubGoal",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name="delmål",
    )
    order = models.PositiveSmallIntegerField("rækkefølge", default=0)
    name = models.CharField("indikator", max_length=500)
    description = LongTextField("beskrivelse", blank=True)
    unit = models.CharField("enhed", max_length=30, blank=True, help_text="Fx % for en andel.")
    direction = models.CharField("retning", max_length=10, choices=Direction.choices, blank=True)
    baseline_value = MeasureField("baseline", max_digits=12, decimal_places=2, null=True, blank=True)
    baseline_year = YearField("baseline år", null=True, blank=True)
    baseline_area = models.CharField(
        "baseline gælder", max_length=200, blank=True, help_text="Det område eller den målgruppe, baseline beskriver."
    )
    comparison_value = MeasureField("anden baseline", max_digits=12, decimal_places=2, null=True, blank=True)
    comparison_area = models.CharField(
        "anden baseline gælder", max_length=200, blank=True, help_text="Fx Viborg Kommune."
    )
    data_source = models.CharField("datakilde", max_length=300, blank=True)
    version = models.PositiveIntegerField("version", default=1)

    history = HistoricalRecords(verbose_name="indikatorhistorik")

    class Meta:
        verbose_name = "indikator"
        verbose_name_plural = "indikatorer"
        # Goals first, in number order, then delaftaler; the same on SQLite and PostgreSQL.
        ordering = [
            F("goal__number").asc(nulls_last=True),
            F("sub_goal__agreement_id").asc(nulls_last=True),
            F("sub_goal__order").asc(nulls_last=True),
            "order",
            "id",
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(goal__isnull=False, sub_goal__isnull=True) | Q(goal__isnull=True, sub_goal__isnull=False),
                name="indicator_measures_a_goal_or_a_sub_goal",
                violation_error_message="En indikator måler enten et mål eller et delmål (ikke begge).",
            ),
            models.CheckConstraint(
                condition=Q(baseline_year__isnull=True)
                | Q(baseline_year__gte=FIRST_YEAR, baseline_year__lte=LAST_YEAR),
                name="indicator_baseline_year_in_range",
                violation_error_message="Baseline-året skal skrives med fire cifre og ligge mellem 2000 og 2100.",
            ),
        ]

    def __str__(self):
        return Truncator(self.name).chars(120)

    def get_absolute_url(self):
        return pk_url("goals:indicator_detail", self.pk)

    @property
    def measures(self):
        """The goal or delmål this indicator measures."""
        return self.goal if self.goal_id else self.sub_goal

    @property
    def is_percent(self):
        return self.unit.strip() == PERCENT

    # Read from prefetched rows where a page prefetched them, so a table costs no query per row.
    @property
    def measurement_list(self):
        return sorted(self.measurements.all(), key=lambda m: (m.measured_on, m.pk))

    @property
    def target_list(self):
        return sorted(self.targets.all(), key=lambda t: t.year)

    @property
    def latest_measurement(self):
        if NEWEST in self.__dict__:  # read alone, as the indicator list reads it (goals.tables.IndicatorTable)
            return next(iter(self.__dict__[NEWEST]), None)
        measurements = self.measurement_list
        return measurements[-1] if measurements else None

    @property
    def current_target(self):
        """The first target not yet passed, else the last one."""
        targets = self.target_list
        this_year = timezone.localdate().year
        upcoming = [t for t in targets if t.year >= this_year]
        return upcoming[0] if upcoming else (targets[-1] if targets else None)

    def quality_flags(self, today: datetime.date | None = None) -> list[QualityFlag]:
        today = today or timezone.localdate()
        flags = []
        if self.baseline_value is None:
            flags.append(QualityFlag.NO_BASELINE)
        if not self.data_source.strip():
            flags.append(QualityFlag.NO_SOURCE)
        latest = self.latest_measurement
        if latest is None:
            flags.append(QualityFlag.NO_MEASUREMENT)
        elif (today - latest.measured_on).days > STALE_AFTER_DAYS:
            flags.append(QualityFlag.STALE)
        return flags


class IndicatorTarget(models.Model):
    """The value an indicator should reach in a year."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets", verbose_name="indikator")
    year = YearField("år")
    value = MeasureField("målværdi", max_digits=12, decimal_places=2, unit_from="indicator.unit")

    history = HistoricalRecords(verbose_name="historik for indikatormål")

    class Meta:
        verbose_name = "indikatormål"
        verbose_name_plural = "indikatormål"
        ordering = ["indicator_id", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year"],
                name="indicator_target_one_per_year",
                violation_error_message="Der må kun være ét mål pr. år for indikatoren.",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_YEAR, year__lte=LAST_YEAR),
                name="indicator_target_year_in_range",
                violation_error_message="Året skal skrives med fire cifre og ligge mellem 2000 og 2100.",
            ),
        ]

    def __str__(self):
        return f"{self.indicator} {self.year}: {formats.measure(self.value, self.indicator.unit)}"

    def change_label(self) -> str:
        return formats.year(self.year)


class Measurement(models.Model):
    """A measured value of an indicator on a date, with where it came from and who entered it."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="measurements", verbose_name="indikator"
    )
    measured_on = models.DateField("målt den")
    value = MeasureField("værdi", max_digits=12, decimal_places=2, unit_from="indicator.unit")
    source = models.CharField("kilde", max_length=300, blank=True)
    comment = LongTextField("kommentar", blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="indtastet af"
    )
    entered_at = models.DateTimeField("indtastet", default=timezone.now)

    history = HistoricalRecords(verbose_name="målingshistorik")

    class Meta:
        verbose_name = "måling"
        verbose_name_plural = "målinger"
        ordering = ["indicator_id", "measured_on", "id"]

    def __str__(self):
        return f"{self.indicator} {formats.long_date(self.measured_on)}: {formats.measure(self.value, self.indicator.unit)}"

    def change_label(self) -> str:
        return formats.long_date(self.measured_on)


# --- The golden thread ------------------------------------------------------------------------


class GoalLinkQuerySet(models.QuerySet):
    def for_item(self, item):
        return self.filter(content_type=ContentType.objects.get_for_model(item), object_id=item.pk)


class GoalLink(models.Model):
    """An item that works towards a goal: a project, programme, initiative, delaftale activity, …

    Generic (content type + id) so that goals do not depend on the apps whose items link to them.
    """

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="links", verbose_name="mål")
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+", verbose_name="type")
    object_id = models.PositiveBigIntegerField("id")
    item = GenericForeignKey("content_type", "object_id")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="forbundet af"
    )
    created_at = models.DateTimeField("forbundet", default=timezone.now)

    objects = GoalLinkQuerySet.as_manager()
    history = HistoricalRecords(verbose_name="historik for forbindelser til mål")

    class Meta:
        verbose_name = "forbindelse til mål"
        verbose_name_plural = "forbindelser til mål"
        ordering = ["goal__number", "content_type_id", "object_id"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="goal_link_item_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["goal", "content_type", "object_id"],
                name="goal_link_once_per_item",
                violation_error_message="Det valgte er allerede forbundet med målet.",
            ),
        ]

    def __str__(self):
        return f"{self.goal.label} ← {self.change_label()}"  # "Mål 1 ← projekt „Læsecenter“", in Danish

    def change_label(self) -> str:
        item = self.item
        return (
            f"{self.content_type.name} „{item}“"
            if item is not None
            else f"{self.content_type.name} nr. {self.object_id}"
        )
