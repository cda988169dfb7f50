"""Reads of programmes and budget proposals that pages, the overview and bilag share (ADR 0013)."""

from dataclasses import dataclass, field

from django.db.models import F, Value
from django.db.models.functions import Coalesce

from core.choices import MoneyState
from core.timetravel import child_sum_as_of, rows_as_of

from .choices import THOUSANDS, LineKind
from .models import BudgetProposal, EconomyLine


def proposal_rows(*, moment=None):
    """Budget proposals with `expenses`, `financing` and `net` over all years, in 1.000 kr.; as they
    were at `moment` (their economy lines as they were then) or now. Newest first."""
    if moment is None:
        return BudgetProposal.objects.with_totals()
    rows = (
        rows_as_of(BudgetProposal, moment)
        .annotate(
            expenses=child_sum_as_of(EconomyLine, "proposal_id", "amount", moment, kind=LineKind.EXPENSE),
            financing=child_sum_as_of(EconomyLine, "proposal_id", "amount", moment, kind=LineKind.FINANCING),
        )
        .annotate(net=Coalesce(F("expenses"), Value(0)) - Coalesce(F("financing"), Value(0)))
    )
    return rows.order_by("-date", "id")


# --- A programme's money by state, source and year ------------------------------------------------


@dataclass
class MoneyRow:
    label: str
    state: MoneyState
    cells: list  # one per year of the table, None where the source gives nothing that year
    unallocated: int | None  # an amount for a period as a whole, not split by year
    fundings: list = field(default_factory=list)
    proposal: BudgetProposal | None = None

    @property
    def total(self) -> int:
        return sum(c for c in self.cells if c is not None) + (self.unallocated or 0)


@dataclass
class MoneySection:
    """The rows of one money state, with their own totals: "I alt bevilget"."""

    state: MoneyState
    rows: list[MoneyRow]
    years: list[int]

    @property
    def label(self) -> str:
        return f"I alt {self.state.label.lower()}"

    @property
    def year_totals(self) -> list[int]:
        return [sum(row.cells[i] or 0 for row in self.rows) for i in range(len(self.years))]

    @property
    def unallocated_total(self) -> int:
        return sum(row.unallocated or 0 for row in self.rows)

    @property
    def total(self) -> int:
        return sum(row.total for row in self.rows)


# Decided money: granted by an outside source or adopted in the budget. Proposed money is not added to it.
DECIDED = (MoneyState.GRANTED, MoneyState.ADOPTED)


@dataclass
class MoneyTable:
    """A programme's money in kr. by state (sections), source (rows) and year (columns), with
    totals per state and one total of the decided money (granted and adopted), labelled as such."""

    years: list[int]
    sections: list[MoneySection]
    left_out: list = field(default_factory=list)  # proposals not adopted, named under the table

    @property
    def rows(self) -> list[MoneyRow]:
        return [row for section in self.sections for row in section.rows]

    @property
    def has_unallocated(self) -> bool:
        return any(row.unallocated is not None for row in self.rows)

    def section(self, state: MoneyState) -> MoneySection | None:
        return next((section for section in self.sections if section.state == state), None)

    @property
    def decided(self) -> list[MoneySection]:
        return [section for section in self.sections if section.state in DECIDED]

    @property
    def decided_label(self) -> str:
        return "I alt " + " og ".join(section.state.label.lower() for section in self.decided)

    @property
    def decided_year_totals(self) -> list[int]:
        return [sum(totals) for totals in zip(*(section.year_totals for section in self.decided))] or [0] * len(
            self.years
        )

    @property
    def decided_unallocated_total(self) -> int:
        return sum(section.unallocated_total for section in self.decided)

    @property
    def decided_total(self) -> int:
        return sum(section.total for section in self.decided)


def programme_money(fundings, proposals) -> MoneyTable:
    """Money by state, source and year from a programme's fundings (granted) and budget proposals
    (their net, adopted or proposed; 1.000 kr. become kr.); proposals not adopted are left out."""
    by_source: dict[str, dict] = {}
    for funding in fundings:
        entry = by_source.setdefault(funding.source, {"years": {}, "unallocated": None, "fundings": []})
        entry["fundings"].append(funding)
        if funding.year is None:
            entry["unallocated"] = (entry["unallocated"] or 0) + funding.amount
        else:
            entry["years"][funding.year] = entry["years"].get(funding.year, 0) + funding.amount

    proposal_rows_, left_out = [], []
    for proposal in proposals:
        state = proposal.money_state
        if state is None:
            left_out.append(proposal)
            continue
        economy = proposal.economy()
        proposal_rows_.append((proposal, state, dict(zip(economy.years, (n * THOUSANDS for n in economy.net.cells)))))

    years = sorted(
        {year for entry in by_source.values() for year in entry["years"]}
        | {year for _, _, amounts in proposal_rows_ for year in amounts}
    )
    rows = [
        MoneyRow(
            source,
            MoneyState.GRANTED,
            [entry["years"].get(year) for year in years],
            entry["unallocated"],
            fundings=entry["fundings"],
        )
        for source, entry in by_source.items()
    ] + [
        MoneyRow(
            f"Budgetforslag: {proposal.title}", state, [amounts.get(year) for year in years], None, proposal=proposal
        )
        for proposal, state, amounts in proposal_rows_
    ]
    sections = [
        MoneySection(state, [row for row in rows if row.state == state], years)
        for state in (MoneyState.GRANTED, MoneyState.ADOPTED, MoneyState.PROPOSED)
        if any(row.state == state for row in rows)
    ]
    return MoneyTable(years=years, sections=sections, left_out=left_out)
