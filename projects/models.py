from django.db import models
from django.db.models import F, OuterRef, Q, Subquery, Sum

from core import formats
from core.fields import FIRST_YEAR, LAST_YEAR, AmountField, LongTextField, MonthField, YearField
from core.history import HistoricalRecords
from core.models import Archivable, Named, NaturallyNamed
from core.querysets import NaturalNameQuerySet, current_manager
from core.urlpaths import pk_url
from statuses.models import StatusScale, StatusTrackedModel


class Partner(NaturallyNamed, Archivable):
    """An organisation a project works with, such as Aalborg Universitet."""

    name = models.CharField("navn", max_length=200, unique=True)
    version = models.PositiveIntegerField("version", default=1)  # of the edit form (core.services)
    objects = current_manager(NaturalNameQuerySet)
    history = HistoricalRecords(verbose_name="samarbejdspartnerhistorik")

    class Meta:
        verbose_name = "samarbejdspartner"
        verbose_name_plural = "samarbejdspartnere"
        ordering = ["name"]


class Pool(NaturallyNamed, Archivable):
    """A pool of money projects are funded from, such as the 0,35 %-pool."""

    name = models.CharField("navn", max_length=200, unique=True)
    description = LongTextField("beskrivelse", blank=True)
    status_scale = models.ForeignKey(
        StatusScale, on_delete=models.PROTECT, related_name="+", verbose_name="statusskala for projekter"
    )
    version = models.PositiveIntegerField("version", default=1)  # of the edit form (core.services)
    objects = current_manager(NaturalNameQuerySet)
    history = HistoricalRecords(verbose_name="puljehistorik")

    class Meta:
        verbose_name = "pulje"
        verbose_name_plural = "puljer"
        ordering = ["name"]


class ProjectQuerySet(models.QuerySet):
    def with_allocated(self, year: int | None):
        """Annotate `allocated`: the amount allocated in `year`, or in all years when None."""
        # A subquery per row, not a join grouped over every project: the database sums only the rows a
        # page shows (a list of 25 read all 1 986 projects' allocations to sort and cut them).
        rows = Allocation.objects.filter(project_id=OuterRef("pk"), **({"year": year} if year else {}))
        total = rows.order_by().values("project_id").annotate(total=Sum("amount")).values("total")[:1]
        annotated = self.annotate(allocated=Subquery(total))
        return annotated if annotated.query.order_by else annotated.order_by("pool__name", "id")


class Project(Named, StatusTrackedModel, Archivable):
    pool = models.ForeignKey(Pool, on_delete=models.PROTECT, related_name="projects", verbose_name="pulje")
    name = models.CharField("projektnavn", max_length=300)
    description = LongTextField("projektbeskrivelse")
    status_text = LongTextField(
        "statusbeskrivelse", blank=True, help_text="Den fortællende status, som den står i overbliksarket."
    )
    partners = models.ManyToManyField(Partner, blank=True, related_name="projects", verbose_name="samarbejdspartnere")
    # The development programme a project belongs to, if any; a programme with projects cannot be deleted.
    programme = models.ForeignKey(
        "programs.Programme",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name="program",
    )
    # Periods in the source documents are given to the month, so these hold the 1st of a month.
    start_month = MonthField("start", null=True, blank=True)
    end_month = MonthField("slut", null=True, blank=True)

    objects = current_manager(ProjectQuerySet)
    history = HistoricalRecords(verbose_name="projekthistorik", m2m_fields=["partners"])

    class Meta:
        verbose_name = "projekt"
        verbose_name_plural = "projekter"
        ordering = ["pool", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_month__isnull=True) | Q(end_month__isnull=True) | Q(end_month__gte=F("start_month")),
                name="project_period_ends_after_start",
                violation_error_message="Projektets slut skal ligge efter dets start.",
            ),
            models.UniqueConstraint(
                fields=["pool", "name"],
                name="project_unique_name_in_pool",
                violation_error_message="Der findes allerede et projekt med navnet “{name}” i puljen.",
            ),
        ]

    def get_absolute_url(self):
        return pk_url("projects:project_detail", self.pk)


class SubProject(Named, Archivable):
    """A project inside a pool project, such as the two research projects in one row of the sheet."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="subprojects", verbose_name="projekt")
    name = models.CharField("navn", max_length=300)
    description = LongTextField("beskrivelse", blank=True)
    status_text = LongTextField("statusbeskrivelse", blank=True)
    partners = models.ManyToManyField(
        Partner, blank=True, related_name="subprojects", verbose_name="samarbejdspartnere"
    )
    start_month = MonthField("start", null=True, blank=True)
    end_month = MonthField("slut", null=True, blank=True)
    order = models.PositiveSmallIntegerField("rækkefølge", default=0)

    version = models.PositiveIntegerField("version", default=1)  # of the edit form (core.services)
    history = HistoricalRecords(verbose_name="delprojekthistorik", m2m_fields=["partners"])

    class Meta:
        verbose_name = "delprojekt"
        verbose_name_plural = "delprojekter"
        ordering = ["project_id", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_month__isnull=True) | Q(end_month__isnull=True) | Q(end_month__gte=F("start_month")),
                name="subproject_period_ends_after_start",
                violation_error_message="Delprojektets slut skal ligge efter dets start.",
            ),
        ]


class Allocation(models.Model):
    """Money allocated (disponeret) to a project from its pool in one year, in whole kroner."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="allocations", verbose_name="projekt")
    year = YearField("år")
    amount = AmountField("disponeret beløb")

    history = HistoricalRecords(verbose_name="bevillingshistorik")

    class Meta:
        verbose_name = "disponering"
        verbose_name_plural = "disponeringer"
        ordering = ["project_id", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "year"],
                name="allocation_one_per_project_and_year",
                violation_error_message="Der må kun være ét beløb pr. år. Læg beløbene sammen i én linje.",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_YEAR, year__lte=LAST_YEAR),
                name="allocation_year_in_range",
                violation_error_message="Året skal skrives med fire cifre og ligge mellem 2000 og 2100.",
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="allocation_amount_not_negative",
                violation_error_message="Beløbet kan ikke være negativt.",
            ),
        ]

    def __str__(self):
        return f"{self.project} {self.year}: {formats.kr(self.amount)}"

    def change_label(self) -> str:
        """What the allocation is called under its project."""
        return formats.year(self.year)
