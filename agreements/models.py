"""Boligsociale delaftaler: parties, delmål with indicators, activities and the municipal targets they serve."""

from django.db import models
from django.db.models import F, Q

from core.fields import HoursField, LongTextField
from core.history import HistoricalRecords
from core.models import Archivable, Named
from core.querysets import current_manager
from core.urlpaths import pk_url
from statuses.models import StatusScale, StatusTrackedModel


class AgreementQuerySet(models.QuerySet):
    def get_by_natural_key(self, name):
        return self.get(name=name)


class Agreement(Archivable):
    """A delaftale under a boligsocial helhedsplan, such as "Uddannelse og livschancer"."""

    name = models.CharField("indsatsområde", max_length=200, unique=True)
    title = models.CharField("titel", max_length=300)
    initiative_name = models.CharField("boligsocial indsats, som delaftalen vedrører", max_length=300, blank=True)
    valid_from = models.DateField("gælder fra")
    valid_to = models.DateField("gælder til")
    preamble = LongTextField("indledning", blank=True)
    responsible_intro = models.CharField("overskrift for ansvarlige", max_length=300, blank=True)
    primary_municipal_partner = LongTextField("primær kommunal samarbejdspartner", blank=True)
    sub_goals_intro = LongTextField("om delmål og indikatorer", blank=True)
    activities_intro = LongTextField("om aktiviteterne", blank=True)
    staff_resources = LongTextField("medarbejderressourcer", blank=True)
    municipal_coherence = LongTextField("sammenhæng med den kommunale indsats", blank=True)
    targets_intro = LongTextField("indledning til de kommunale målsætninger", blank=True)
    targets_outro = LongTextField("opfølgning på målsætningerne", blank=True)
    revision_rule = LongTextField("revision af delaftalen", blank=True)
    revision_note = LongTextField("om reviderede aftaler", blank=True)
    status_scale = models.ForeignKey(
        StatusScale, on_delete=models.PROTECT, related_name="+", verbose_name="statusskala for aktiviteter"
    )
    version = models.PositiveIntegerField("version", default=1)

    objects = current_manager(AgreementQuerySet)
    history = HistoricalRecords(verbose_name="delaftalehistorik")

    class Meta:
        verbose_name = "delaftale"
        verbose_name_plural = "delaftaler"
        ordering = ["valid_from", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__gte=F("valid_from")),
                name="agreement_ends_after_it_starts",
                violation_error_message="Delaftalen skal slutte efter den begynder.",
            ),
        ]

    def __str__(self):
        return self.title or self.name

    def get_absolute_url(self):
        return pk_url("agreements:agreement_detail", self.pk)

    def natural_key(self):
        return (self.name,)


class Party(Named):
    """A party to the delaftale, such as Chefgruppen, and its task."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="parties", verbose_name="delaftale")
    order = models.PositiveSmallIntegerField("rækkefølge", default=0)
    name = models.CharField("part", max_length=200)
    tasks = LongTextField("opgaver", blank=True)
    history = HistoricalRecords(verbose_name="partshistorik")

    class Meta:
        verbose_name = "part"
        verbose_name_plural = "parter"
        ordering = ["agreement_id", "order", "id"]


class ResponsibleRole(models.Model):
    """A role responsible for carrying out the delaftale together with the ad hoc group."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="responsible_roles", verbose_name="delaftale"
    )
    order = models.PositiveSmallIntegerField("rækkefølge", default=0)
    title = models.CharField("ansvarlig", max_length=300)
    history = HistoricalRecords(verbose_name="ansvarlighistorik")

    class Meta:
        verbose_name = "ansvarlig"
        verbose_name_plural = "ansvarlige"
        ordering = ["agreement_id", "order", "id"]

    def __str__(self):
        return self.title


class SubGoalQuerySet(models.QuerySet):
    def get_by_natural_key(self, agreement_name, name):
        return self.get(agreement__name=agreement_name, name=name)


class SubGoal(Named, Archivable):
    """A delmål: a step on the way to the strategic agreement's goals, followed by indicators."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="sub_goals", verbose_name="delaftale"
    )
    order = models.PositiveSmallIntegerField("rækkefølge", default=0)
    name = models.CharField("delmål", max_length=300)
    version = models.PositiveIntegerField("version", default=1)

    objects = current_manager(SubGoalQuerySet)
    history = HistoricalRecords(verbose_name="delmålshistorik")

    class Meta:
        verbose_name = "delmål"
        verbose_name_plural = "delmål"
        ordering = ["agreement_id", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "name"],
                name="sub_goal_unique_name_in_agreement",
                violation_error_message="Delaftalen har allerede delmålet “{name}”.",
            )
        ]

    def natural_key(self):
        return (self.agreement.name, self.name)

    natural_key.dependencies = ["agreements.agreement"]

    def get_absolute_url(self):
        return pk_url("agreements:agreement_detail", self.agreement_id) + f"#delmaal-{self.pk}"


class Activity(Named, StatusTrackedModel, Archivable):
    """An activity (aktivitet/indsats) of the delaftale, with its schema and estimated hours per week."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.PROTECT, related_name="activities", verbose_name="delaftale"
    )
    order = models.PositiveSmallIntegerField("rækkefølge", default=0)
    name = models.CharField("aktivitetsnavn", max_length=300)
    other_names = models.CharField(
        "også kaldt", max_length=300, blank=True, help_text="Navne, aftalens oversigter bruger om samme aktivitet."
    )
    purpose = LongTextField("formål", blank=True)
    target_groups = LongTextField("målgruppe(r)", blank=True)
    content = LongTextField("indhold", blank=True)
    practice = LongTextField("praksis", blank=True)
    responsibilities = LongTextField("ansvars- og rollefordeling", blank=True)
    hours_per_week = HoursField(
        "timer pr. uge",
        max_digits=6,
        decimal_places=1,
        help_text="Estimeret timeforbrug af boligsociale ressourcer pr. uge pr. år.",
    )

    history = HistoricalRecords(verbose_name="aktivitetshistorik")

    class Meta:
        verbose_name = "aktivitet"
        verbose_name_plural = "aktiviteter"
        ordering = ["agreement", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "name"],
                name="activity_unique_name_in_agreement",
                violation_error_message="Delaftalen har allerede en aktivitet med navnet “{name}”.",
            ),
            models.CheckConstraint(
                condition=Q(hours_per_week__gte=0),
                name="activity_hours_not_negative",
                violation_error_message="Timetallet kan ikke være negativt.",
            ),
        ]

    def get_absolute_url(self):
        return pk_url("agreements:activity_detail", self.pk)


class MunicipalTarget(models.Model):
    """A municipal target the delaftale works for; where it is a goal of Sammenhængsmodellen, it says which."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="municipal_targets", verbose_name="delaftale"
    )
    order = models.PositiveSmallIntegerField("rækkefølge", default=0)
    text = LongTextField("målsætning")
    goal = models.ForeignKey(
        "goals.Goal",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="municipal_targets",
        verbose_name="mål i Sammenhængsmodellen",
    )

    history = HistoricalRecords(verbose_name="historik for kommunale målsætninger")

    class Meta:
        verbose_name = "kommunal målsætning"
        verbose_name_plural = "kommunale målsætninger"
        ordering = ["agreement_id", "order", "id"]

    def __str__(self):
        return self.text
