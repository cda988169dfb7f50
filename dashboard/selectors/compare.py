"""Two meetings side by side: the status counts and money as they stood at the end of each meeting's
day, and every change the committee follows in between (audit.changes, as "since the last meeting")."""

from dataclasses import dataclass

from core.timetravel import end_of_day

from .changes import changes_between


@dataclass
class CountDifference:
    title: str
    lines: list  # (status value, count at the earlier meeting, at the later, difference)


def _status_differences(earlier_tables, later_tables) -> list[CountDifference]:
    before = {table.source.key: table for table in earlier_tables}
    found = []
    for table in later_tables:
        if not table.source.needs_attention:
            continue  # Lys i øjnene per theme counts the same initiatives again
        old = before.get(table.source.key)
        old_counts = {value.pk: total for value, _cells, total in old.by_status} if old else {}
        new_counts = {value.pk: total for value, _cells, total in table.by_status}
        values = {value.pk: value for value in table.values}
        if old:
            values.update({value.pk: value for value in old.values if value.pk not in values})
        lines = [
            (value, old_counts.get(pk, 0), new_counts.get(pk, 0), new_counts.get(pk, 0) - old_counts.get(pk, 0))
            for pk, value in values.items()
            if old_counts.get(pk) or new_counts.get(pk)
        ]
        found.append(CountDifference(table.source.title, lines))
    return found


@dataclass
class MeetingComparison:
    earlier: object
    later: object
    statuses: list  # CountDifference per kind of item
    money: list  # (label, sum at the earlier meeting, at the later, difference) per state of money
    changes: object  # audit.changes.CommitteeChanges


def compare_meetings(earlier, later) -> MeetingComparison:
    """The portal at the end of `earlier`'s day against the end of `later`'s day."""
    from . import overview_numbers

    if earlier.date > later.date:
        earlier, later = later, earlier
    before = overview_numbers(moment=end_of_day(earlier.date))
    after = overview_numbers(moment=end_of_day(later.date))
    old_money = {section.state: section.total for section in before.money.sections}
    money = [
        (section.label, old_money.get(section.state, 0), section.total, section.total - old_money.get(section.state, 0))
        for section in after.money.sections
    ]
    return MeetingComparison(
        earlier=earlier,
        later=later,
        statuses=_status_differences(before.tables, after.tables),
        money=money,
        changes=changes_between(earlier, later),
    )
