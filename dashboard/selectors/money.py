"""Money per year and source: allocated from pools and granted by outside sources, never added up."""

from dataclasses import dataclass

from django.db.models import (
    BigIntegerField,
    F,
    Sum,
    Value,
)
from django.db.models.functions import Cast

from core.choices import MoneyState

from .base import _grouped, _link, _linker, _read_rows, items

# --- Money per year and source ---------------------------------------------------------------

NO_YEAR = None


@dataclass
class MoneyRow:
    label: str
    kind: str  # "Pulje", "Ekstern finansiering", or "" for the row that sums the rest
    url: str
    cells: dict  # year (or None) -> (amount, url)

    def cell_list(self, years):
        return [self.cells.get(year, (None, None)) for year in years]

    @property
    def total(self):
        return sum(amount for amount, _ in self.cells.values())


MAX_MONEY_ROWS = 10  # sources on the overview; the rest are summed in one row and listed on their own page


@dataclass
class MoneySection:
    """The money of one state (allocated from pools, granted by outside sources) with its own totals.
    Sections are never added together: an allocation from a pool is not income (core.choices.MoneyState)."""

    state: MoneyState
    title: str
    rows: list
    years: list
    hidden: int = 0  # sources summed in the last row

    @property
    def label(self) -> str:
        return f"I alt {self.state.label.lower()}"

    @property
    def year_totals(self):
        return [sum(row.cells.get(year, (0, None))[0] or 0 for row in self.rows) for year in self.years]

    @property
    def total(self):
        return sum(row.total for row in self.rows)

    @property
    def table_rows(self):
        return [(row, row.cell_list(self.years)) for row in self.rows]

    def capped(self, limit: int) -> "MoneySection":
        if len(self.rows) <= limit:
            return self
        ranked = sorted(self.rows, key=lambda row: -row.total)
        kept = set(map(id, ranked[: limit - 1]))
        rest = MoneyRow(f"Øvrige {len(self.rows) - limit + 1} kilder", "", _link("dashboard:money"), {})
        for row in self.rows:
            if id(row) not in kept:
                for year, (amount, _url) in row.cells.items():
                    rest.cells[year] = ((rest.cells.get(year, (0, None))[0] or 0) + (amount or 0), rest.url)
        rows = [row for row in self.rows if id(row) in kept] + [rest]
        return MoneySection(self.state, self.title, rows, self.years, hidden=len(self.rows) - limit + 1)


@dataclass
class MoneyOverview:
    sections: list  # MoneySection per state that has money
    years: list  # the budget years, then None for amounts given for a whole period

    @property
    def rows(self):
        return [row for section in self.sections for row in section.rows]

    @property
    def hidden(self):
        return sum(section.hidden for section in self.sections)

    def capped(self, limit: int = MAX_MONEY_ROWS) -> "MoneyOverview":
        return MoneyOverview([section.capped(limit) for section in self.sections], self.years)


def _money_parts(moment, chosen=None) -> list:
    """Money allocated from each pool and granted by each outside source, summed per budget year.
    Narrowed to a pool, programme or area (`chosen`, selectors.brief.OverviewFilter), only the money of
    the projects or programmes in it; none where the money has no such thing (an area)."""
    from programs.models import Funding
    from projects.models import Allocation

    def total():
        return Cast(Sum("amount"), BigIntegerField())  # PostgreSQL sums bigints as numeric

    allocations = chosen.lookups(Allocation, via="project") if chosen else {}
    fundings = chosen.lookups(Funding) if chosen else {}
    parts = [
        _grouped(
            items(Allocation, moment).filter(**(allocations or {})),
            "penge:pulje",
            F("project__pool_id"),
            F("project__pool__name"),
            F("year"),
            n=total(),
            stale=Value(0),
            order_by=[F("project__pool__name").asc(), F("year").asc()],
        ),
        _grouped(
            items(Funding, moment).filter(**(fundings or {})),
            "penge:kilde",
            Value(None, output_field=BigIntegerField()),
            F("source"),
            F("year"),
            n=total(),
            stale=Value(0),
            order_by=[F("source").asc()],
        ),
    ]
    return [part for part, lookups in zip(parts, (allocations, fundings)) if lookups is not None]


def _money_overview(rows: dict, params: dict | None = None) -> MoneyOverview:
    """An outside amount given for a period rather than a year stays in its own column, never spread
    over years the source does not name. `params` (a filter) go into the links to the project lists."""
    allocated, granted = {}, {}
    projects, programme_link = _linker("projects:project_list"), _linker("programs:programme_list")

    def project_link(**chosen):
        return projects(**{**(params or {}), **chosen})

    for entry in rows.get("penge:pulje", []):
        pool_id, year = entry["group_id"], entry["key"]
        row = allocated.setdefault(pool_id, MoneyRow(entry["group_name"], "Pulje", project_link(pool=pool_id), {}))
        row.cells[year] = (entry["n"], project_link(pool=pool_id, year=year))
    for entry in rows.get("penge:kilde", []):
        url = programme_link(q=entry["group_name"])
        row = granted.setdefault(entry["group_name"], MoneyRow(entry["group_name"], "Ekstern finansiering", url, {}))
        amount, _ = row.cells.get(entry["key"], (0, None))
        row.cells[entry["key"]] = (amount + entry["n"], url)
    money = [*allocated.values(), *granted.values()]
    years = sorted({year for row in money for year in row.cells if year is not None})
    if any(NO_YEAR in row.cells for row in money):
        years.append(NO_YEAR)
    sections = [
        MoneySection(state, title, list(found.values()), years)
        for state, title, found in (
            (MoneyState.ALLOCATED, "Disponeret fra puljer", allocated),
            (MoneyState.GRANTED, "Bevilget fra eksterne kilder", granted),
        )
        if found
    ]
    return MoneyOverview(sections=sections, years=years)


def money_per_year_and_source(moment=None) -> MoneyOverview:
    """Money allocated from each pool and granted by each outside source, per budget year, in kr.
    One query."""
    return _money_overview(_read_rows(_money_parts(moment)))
