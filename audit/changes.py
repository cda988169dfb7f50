"""Ændringer siden sidste møde: what changed in the items the committee follows, item by item.

Read from the audit trail (audit.selectors) restricted to the followed kinds of core.registry: new and
removed items, status changes with their reason, changed fields old → new, and rows that are part of
an item (an allocation, a measurement, a target) under that item. The overview and the bilag that
carries the changes both call `committee_changes`, and get the same plain data: JSON that an issued
bilag can keep as it is.
"""

import datetime
from dataclasses import dataclass

from django.apps import apps
from django.utils import timezone
from django.utils.text import capfirst

from core.formats import EMPTY
from core.models import Archivable
from core.registry import followed

from .choices import Action
from .selectors import AuditFilters, AuditLog, build_entries

ARCHIVED = capfirst(Archivable._meta.get_field("archived_at").verbose_name)  # the change an archiving makes
MAX_ENTRIES = 2000  # changes read for one list; the overview shows the newest items of them


@dataclass
class CommitteeChanges:
    items: list[dict]  # newest change first; see `_item`
    total_items: int  # all items with a change, also those `limit` left out
    truncated: bool = False  # more changes than MAX_ENTRIES: the oldest are not listed


def _status(value) -> dict | None:
    if value is None:
        return None
    return {"label": value.label, "meaning": value.meaning, "shape": value.shape, "tone": value.tone}


def _changes(field_changes) -> list[dict]:
    return [{"label": c.label, "before": c.before, "after": c.after} for c in field_changes]


def _event(entry) -> dict | None:
    """One change as the committee reads it, or None where nothing they see changed."""
    row = f"{entry.kind_name} {entry.row_label}".strip() if entry.row_label else ""
    event = {
        "when": entry.when.isoformat(),
        "who": entry.user_label,
        "changes": [],
        "reason": "",
        "old_status": None,
        "new_status": None,
    }
    if entry.action == Action.STATUS:
        return {
            **event,
            "what": "Status ændret",
            "reason": entry.reason,
            "old_status": _status(entry.old_status),
            "new_status": _status(entry.new_status),
        }
    if entry.action == Action.CHANGED:
        if not entry.changes:
            return None  # only book-keeping moved
        what = f"{row} ændret" if row else "Ændret"
        archived = next((c for c in entry.changes if c.label == ARCHIVED), None)
        if archived is not None:  # core.models.Archivable: retired, or back again
            what = f"{row} {'gendannet' if archived.after == EMPTY else 'arkiveret'}".strip().capitalize()
        return {**event, "what": what, "changes": _changes(entry.changes)}
    if entry.action == Action.CREATED:
        return {**event, "what": f"{row} tilføjet" if row else "Ny", "changes": _changes(entry.summary)}
    return {**event, "what": f"{row} fjernet" if row else "Fjernet", "changes": _changes(entry.summary)}


def committee_changes(
    *,
    after: datetime.datetime | None,
    until: datetime.datetime | None = None,
    scope: dict | None = None,
    limit: int | None = None,
) -> CommitteeChanges:
    """Every change after `after` (all, if None) up to `until` (now, if None) to the items the committee
    follows, grouped by item with the newest first; `scope` ({model label: pks}) keeps only those items,
    `limit` only the newest that many items.

    One query finds which items changed (the newest MAX_ENTRIES rows of the trail, each with the item it
    belongs to); only the rows of the items shown are then read in full (audit.selectors.build_entries)."""
    labels = tuple(entry.label for entry in followed())
    filters = AuditFilters(
        after=after,
        until=until,
        kinds=labels,
        scope=tuple((label, tuple(pks)) for label, pks in (scope or {}).items()),
    )
    log = AuditLog(filters)
    rows = log.rows(0, MAX_ENTRIES, followed=True)
    keys: dict[tuple, None] = {}
    for row in rows:  # newest first
        keys.setdefault((row["followed_ct"], row["followed_pk"]), None)
    shown = set(list(keys)[:limit] if limit else keys)
    entries = build_entries([row for row in rows if (row["followed_ct"], row["followed_pk"]) in shown], log.kind_by_ct)
    grouped: dict[tuple, dict] = {}
    for entry in entries:  # newest first
        if entry.followed_key is None:
            continue
        event = _event(entry)
        if event is None:
            continue
        item = grouped.get(entry.followed_key)
        if item is None:
            item = grouped[entry.followed_key] = {
                "kind": _kind_name(entry.followed_key[0]),
                "label": entry.followed_label,
                "url": entry.followed_url,
                "events": [],
            }
        item["events"].append(event)
    items = list(grouped.values())
    for item in items:
        item["events"].reverse()  # oldest first under each item: read as a story
    return CommitteeChanges(items=items, total_items=len(keys), truncated=len(rows) == MAX_ENTRIES)


def _kind_name(label: str) -> str:
    return capfirst(apps.get_model(label)._meta.verbose_name)


def end_of(day: datetime.date) -> datetime.datetime:
    """The end of a meeting's day: changes after it came after the meeting."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))
