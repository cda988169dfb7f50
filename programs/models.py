import re
from dataclasses import dataclass

from django.db import models
from django.db.models import F, Q, Sum, Value
from django.db.models.functions import Coalesce

from core import formats
from core.choices import MoneyState
from core.fields import FIRST_YEAR, LAST_YEAR, AmountField, LongTextField, MonthField, YearField
from core.history import HistoricalRecords
from core.models import Archivable, NaturallyNamed
from core.querysets import NaturalNameQuerySet, current_manager
from core.urlpaths import pk_url
from statuses.models import StatusTrackedModel

from .choices import PROPOSAL_ADOPTED, PROPOSAL_NOT_ADOPTED, LineKind


class Committee(NaturallyNamed):
    """A political committee, such as Børne- og Ungdomsudvalget."""

    name = models.CharField("navn", max_length=200)
    history = HistoricalRecords(verbose_name="udvalgshistorik")

    class Meta:
        verbose_name = "udvalg"
        verbose_name_plural = "udvalg"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name"],
                name="committee_unique_name",
                violation_error_message="Der findes allerede et udvalg med navnet “{name}”.",
            )
        ]


class ProgrammeQuerySet(NaturalNameQuerySet):
    def with_counts(self):
        annotated = self.annotate(
            proposal_count=models.Count("proposals", distinct=True),
            project_count=models.Count("projects", distinct=True),
        )
        # GROUP BY queries ignore Meta.ordering, so the order is made explicit.
        return annotated if annotated.query.order_by else annotated.order_by("name", "id")


class Programme(NaturallyNamed, Archivable):
    """A development programme (udviklingsprogram), such as "Sammen om børn og unge – et fælles ansvar"."""

    name = models.CharField("navn", max_length=300)
    purpose = LongTextField("formål", blank=True, help_text="Den indledende sætning om, hvad programmet skal.")
    aims = LongTextField("programmets mål", blank=True, help_text="Ét mål pr. linje.")
    description = LongTextField("beskrivelse", blank=True)
    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, null=True, blank=True, related_name="programmes", verbose_name="udvalg"
    )
    scope = LongTextField("omfang", blank=True, help_text="Hvem programmet omfatter.")
    # Periods are given to the month in the documents; these hold the 1st of a month.
    start_month = MonthField("start", null=True, blank=True)
    end_month = MonthField("slut", null=True, blank=True)
    version = models.PositiveIntegerField("version", default=1)

    objects = current_manager(ProgrammeQuerySet)
    history = HistoricalRecords(verbose_name="programhistorik")

    class Meta:
        verbose_name = "udviklingsprogram"
        verbose_name_plural = "udviklingsprogrammer"
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["name"],
                name="programme_unique_name",
                violation_error_message="Der findes allerede et program med navnet “{name}”.",
            ),
            models.CheckConstraint(
                condition=Q(start_month__isnull=True) | Q(end_month__isnull=True) | Q(end_month__gte=F("start_month")),
                name="programme_period_ends_after_start",
                violation_error_message="Programmets slut skal ligge efter dets start.",
            ),
        ]

    def get_absolute_url(self):
        return pk_url("programs:programme_detail", self.pk)

    @property
    def aim_list(self) -> list[str]:
        return [line.strip() for line in self.aims.splitlines() if line.strip()]


class Partnership(models.Model):
    """A partnership the programme works in, such as the one with VIA on the schools."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="partnerships", verbose_name="program"
    )
    partner = models.CharField("samarbejdspartner", max_length=200)
    area = models.CharField("område", max_length=200, blank=True)
    purpose = LongTextField("formål", blank=True)
    start = models.CharField("opstart", max_length=300, blank=True)
    duration = models.CharField("varighed", max_length=300, blank=True)
    description = LongTextField("beskrivelse", blank=True, help_text="Partnerskabet, som det er beskrevet i kilden.")
    version = models.PositiveIntegerField("version", default=1)

    history = HistoricalRecords(verbose_name="partnerskabshistorik")

    class Meta:
        verbose_name = "partnerskab"
        verbose_name_plural = "partnerskaber"
        ordering = ["programme_id", "partner", "id"]

    def __str__(self):
        return f"Partnerskab med {self.partner}"

    def get_absolute_url(self):
        return pk_url("programs:programme_detail", self.programme_id) + "#partnerskaber"


class Funding(models.Model):
    """Money for a programme from one source, such as 7,5 mio. kr. from Poul Due Jensen Fonden, in kr."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="fundings", verbose_name="program")
    source = models.CharField("kilde", max_length=300)
    purpose = LongTextField("formål", blank=True)
    amount = AmountField("beløb")
    # The budget year the amount belongs to, when the source gives one; otherwise the amount is
    # for its period as a whole and is shown as not split by year.
    year = YearField("budgetår", null=True, blank=True)
    start_date = models.DateField("periodens start", null=True, blank=True)
    end_date = models.DateField("periodens slut", null=True, blank=True)
    version = models.PositiveIntegerField("version", default=1)

    history = HistoricalRecords(verbose_name="finansieringshistorik")

    class Meta:
        verbose_name = "finansiering"
        verbose_name_plural = "finansieringer"
        # NULLs sort differently on SQLite and PostgreSQL; amounts without a year come last on both.
        ordering = ["programme_id", F("year").asc(nulls_last=True), F("start_date").asc(nulls_last=True), "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_date__isnull=True) | Q(end_date__isnull=True) | Q(end_date__gt=F("start_date")),
                name="funding_period_ends_after_start",
                violation_error_message="Finansieringens periode skal slutte efter, at den starter.",
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="funding_amount_not_negative",
                violation_error_message="Finansieringens beløb kan ikke være negativt.",
            ),
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=FIRST_YEAR, year__lte=LAST_YEAR),
                name="funding_year_in_range",
                violation_error_message="Budgetåret skal skrives med fire cifre, fx 2025.",
            ),
        ]

    def __str__(self):
        return f"{self.source}: {formats.kr(self.amount)}"

    def get_absolute_url(self):
        return pk_url("programs:programme_detail", self.programme_id) + "#finansiering"

    def change_label(self) -> str:
        return self.source


class BudgetProposalQuerySet(models.QuerySet):
    def with_totals(self):
        """Annotate `expenses`, `financing` and `net` over all years, in 1.000 kr."""
        annotated = self.annotate(
            expenses=Sum("economy_lines__amount", filter=Q(economy_lines__kind=LineKind.EXPENSE)),
            financing=Sum("economy_lines__amount", filter=Q(economy_lines__kind=LineKind.FINANCING)),
        ).annotate(net=Coalesce(F("expenses"), Value(0)) - Coalesce(F("financing"), Value(0)))
        return annotated if annotated.query.order_by else annotated.order_by("-date", "id")


class BudgetProposal(StatusTrackedModel, Archivable):
    """A budget proposal (budgetforslag), such as "Investering i udviklingen af almen"."""

    title = models.CharField("titel", max_length=300)
    date = models.DateField("dato")
    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="budget_proposals", verbose_name="udvalg"
    )
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, null=True, blank=True, related_name="proposals", verbose_name="program"
    )
    # The period as the proposal's text gives it. The economy table may cover other years
    # (seed 000: the text says 2026-2030, the table has 2026–2029); both are kept as written.
    period_text = models.CharField(
        "periode i teksten", max_length=100, blank=True, help_text="Som den står i forslagets tekst, fx 2026-2030."
    )
    background = LongTextField("baggrund og formål", blank=True)
    description = LongTextField("beskrivelse", blank=True)

    objects = current_manager(BudgetProposalQuerySet)
    history = HistoricalRecords(verbose_name="budgetforslagshistorik")

    class Meta:
        verbose_name = "budgetforslag"
        verbose_name_plural = "budgetforslag"
        ordering = ["-date", "id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return pk_url("programs:proposal_detail", self.pk)

    def economy(self) -> "EconomyTable":
        """The operating economy table; reads prefetched `economy_lines`."""
        return build_economy_table(self.economy_lines.all())

    def period_differs(self, economy: "EconomyTable") -> bool:
        """Whether the period in the text ("2026-2030") spans other years than the economy table."""
        match = re.fullmatch(r"\s*(\d{4})\s*[-–]\s*(\d{4})\s*", self.period_text)
        if not match or not economy.years:
            return False
        return (int(match[1]), int(match[2])) != (economy.first_year, economy.last_year)

    @property
    def money_state(self) -> MoneyState | None:
        """Adopted money, proposed money, or none (not adopted)."""
        if self.status.slug == PROPOSAL_ADOPTED:
            return MoneyState.ADOPTED
        return None if self.status.slug == PROPOSAL_NOT_ADOPTED else MoneyState.PROPOSED


class EconomyLine(models.Model):
    """One cell of a proposal's operating (drift) economy: a year and a kind, in 1.000 kr."""

    proposal = models.ForeignKey(
        BudgetProposal, on_delete=models.CASCADE, related_name="economy_lines", verbose_name="budgetforslag"
    )
    year = YearField("år")
    kind = models.CharField("art", max_length=20, choices=LineKind.choices)
    # Signed on purpose: the named check constraint below is the one rule, with a Danish message.
    amount = AmountField("beløb", in_thousands=True)

    history = HistoricalRecords(verbose_name="økonomihistorik")

    class Meta:
        verbose_name = "økonomilinje"
        verbose_name_plural = "økonomilinjer"
        ordering = ["proposal_id", "year", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "year", "kind"],
                name="economy_line_one_per_year_and_kind",
                violation_error_message="Der må kun være én linje pr. år for udgifter og én for finansiering. Læg beløbene sammen i én linje.",
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="economy_line_amount_not_negative",
                violation_error_message="Et beløb i økonomitabellen kan ikke være negativt.",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_YEAR, year__lte=LAST_YEAR),
                name="economy_line_year_in_range",
                violation_error_message="Året i økonomitabellen skal skrives med fire cifre, fx 2026.",
            ),
        ]

    def __str__(self):
        return f"{self.proposal} {self.year} {self.get_kind_display()}: {formats.kr_thousands(self.amount)}"

    def change_label(self) -> str:
        return f"{self.get_kind_display().lower()} {formats.year(self.year)}"


# --- Computed tables (read-only; nothing here is stored) ----------------------------------------


@dataclass
class EconomyRow:
    label: str
    cells: list
    is_net: bool = False


@dataclass
class EconomyTable:
    """Udgifter, Finansiering and the computed Netto per year, in 1.000 kr."""

    years: list[int]
    rows: list[EconomyRow]

    @property
    def net(self) -> EconomyRow:
        return self.rows[-1]

    @property
    def first_year(self):
        return self.years[0] if self.years else None

    @property
    def last_year(self):
        return self.years[-1] if self.years else None


def build_economy_table(lines) -> EconomyTable:
    amounts = {(line.year, line.kind): line.amount for line in lines}
    years = sorted({year for year, _ in amounts})
    rows = [EconomyRow(kind.label, [amounts.get((year, kind.value)) for year in years]) for kind in LineKind]
    # Netto = Udgifter − Finansiering; an empty cell in a budget table means none.
    net = [
        (amounts.get((year, LineKind.EXPENSE), 0) or 0) - (amounts.get((year, LineKind.FINANCING), 0) or 0)
        for year in years
    ]
    return EconomyTable(years=years, rows=[*rows, EconomyRow("Netto", net, is_net=True)])
