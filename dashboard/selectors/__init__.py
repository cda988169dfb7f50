"""Read-only figures for the committee's overview, one module a part. Each costs a fixed number of
queries whatever the size of the data."""

from dataclasses import dataclass

from .base import _read_rows, items
from .changes import MAX_CHANGED_ITEMS, changes_since, last_meeting
from .goals import GoalLine, goals_overview
from .money import MoneyOverview, _money_overview, _money_parts, money_per_year_and_source
from .status import (
    STALE_AFTER_DAYS,
    CountTable,
    StatusSource,
    _cutoff,
    _flag_parts,
    _indicator_flags,
    _status_part,
    _status_tables,
    indicator_flag_counts,
    sources,
    stale_counts,
    stale_items,
    status_counts,
)

__all__ = [
    "MAX_CHANGED_ITEMS",
    "STALE_AFTER_DAYS",
    "CountTable",
    "GoalLine",
    "MoneyOverview",
    "OverviewNumbers",
    "StatusSource",
    "changes_since",
    "goals_overview",
    "indicator_flag_counts",
    "items",
    "last_meeting",
    "money_per_year_and_source",
    "overview_numbers",
    "sources",
    "stale_counts",
    "stale_items",
    "status_counts",
]


@dataclass
class OverviewNumbers:
    tables: list  # a CountTable per source
    money: "MoneyOverview"
    indicator_flags: list | None  # today only


def overview_numbers(*, moment=None, days: int = STALE_AFTER_DAYS) -> OverviewNumbers:
    """Every count and sum of the overview: the status counts of all sources with how many need
    attention, money per year and source, and (today only: they describe today's indicators) the
    indicators' data-quality flags. Two queries: the counts and sums, and the status values."""
    cutoff = _cutoff(moment, days)
    parts = [_status_part(source, moment, cutoff) for source in sources()] + _money_parts(moment)
    if moment is None:
        parts += _flag_parts()
    rows = _read_rows(parts)
    return OverviewNumbers(
        tables=_status_tables(sources(), rows),
        money=_money_overview(rows),
        indicator_flags=_indicator_flags(rows) if moment is None else None,
    )
