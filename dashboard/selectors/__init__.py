"""Read-only figures for the committee's overview, one module a part. Each costs a fixed number of
queries whatever the size of the data."""

import functools
from dataclasses import dataclass

from django.apps import apps
from django.utils import timezone

from .base import _compiled, _read_compiled, items
from .brief import FILTER_FIELDS, NO_FILTER, OverviewFilter, StatusGroup, first_screen
from .changes import (
    MAX_CHANGED_ITEMS,
    change_summary,
    changes_between,
    changes_since,
    filter_scope,
    held_meetings,
    last_meeting,
    meeting_calendar,
    next_meeting,
)
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
    "compare_meetings",
    "FILTER_FIELDS",
    "NO_FILTER",
    "OverviewFilter",
    "StatusGroup",
    "first_screen",
    "MAX_CHANGED_ITEMS",
    "STALE_AFTER_DAYS",
    "CountTable",
    "GoalLine",
    "MoneyOverview",
    "OverviewNumbers",
    "StatusSource",
    "change_summary",
    "changes_between",
    "changes_since",
    "filter_scope",
    "held_meetings",
    "next_meeting",
    "goals_overview",
    "indicator_flag_counts",
    "items",
    "last_meeting",
    "meeting_calendar",
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


from .compare import compare_meetings  # noqa: E402  (uses overview_numbers below)


def overview_numbers(
    *, moment=None, days: int = STALE_AFTER_DAYS, chosen: OverviewFilter = NO_FILTER
) -> OverviewNumbers:
    """Every count and sum of the overview: the status counts of all sources with how many need
    attention, money per year and source, and (today only: they describe today's indicators) the
    indicators' data-quality flags. Two queries: the counts and sums, and the status values.

    Narrowed to a pool, programme or area (`chosen`), only the kinds that have one are counted."""
    shown = [source for source in sources() if chosen.applies_to(apps.get_model(source.model))]
    rows = _read_compiled(_numbers_query(moment, days, chosen, None if moment else timezone.localdate()))
    return OverviewNumbers(
        tables=_status_tables(shown, rows, params=chosen.chosen),
        money=_money_overview(rows, chosen.chosen),
        indicator_flags=_indicator_flags(rows) if moment is None else None,
    )


@functools.lru_cache(maxsize=32)
def _numbers_query(moment, days: int, chosen: OverviewFilter, today):
    """overview_numbers' query, built and compiled once per moment (or day), period and filter: it names
    no rows, only those values, and building and compiling its dozen parts took as long as the database
    takes to answer it (13.5 ms against 13 ms, make bench's data; ADR 0024)."""
    cutoff = _cutoff(moment, days, today)
    shown = [source for source in sources() if chosen.applies_to(apps.get_model(source.model))]
    parts = [_status_part(source, moment, cutoff, chosen.lookups(apps.get_model(source.model))) for source in shown]
    parts += _money_parts(moment, chosen)
    if moment is None:
        parts += _flag_parts()  # their "stale" is counted from `today` too (goals.filters.with_quality_flag)
    return _compiled(parts)
