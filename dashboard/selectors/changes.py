"""The last meeting and what changed since it."""

from django.utils import timezone


def last_meeting(today=None):
    """The newest meeting before `today`: its changes since are what the committee has not seen."""
    from meetings.models import Meeting

    today = today or timezone.localdate()
    return Meeting.objects.select_related("committee").filter(date__lt=today).order_by("-date").first()


MAX_CHANGED_ITEMS = 20  # items with changes on the overview; the page of changes has them all


def changes_since(meeting, *, moment=None, limit: int | None = MAX_CHANGED_ITEMS, scope: dict | None = None):
    """What changed in the items the committee follows since the end of `meeting`'s day (all
    changes, if there is no meeting), up to `moment` when looking at the past; only the items in
    `scope` ({model label: pks}) when the overview is filtered."""
    from audit.changes import committee_changes, end_of

    return committee_changes(after=end_of(meeting.date) if meeting else None, until=moment, limit=limit, scope=scope)


def changes_between(earlier, later, *, limit: int | None = None):
    """What changed between the ends of two meetings' days: the differences between the portal as it
    stood at the one and at the other."""
    from audit.changes import committee_changes, end_of

    return committee_changes(after=end_of(earlier.date), until=end_of(later.date), limit=limit)


def next_meeting(today=None):
    """The first meeting from `today` on: the one the overview prepares for."""
    from meetings.models import Meeting

    today = today or timezone.localdate()
    return Meeting.objects.select_related("committee").filter(date__gte=today).order_by("date").first()


def held_meetings(today=None) -> list:
    """Meetings held up to `today`, newest first: the days the portal can be shown as it stood."""
    from meetings.models import Meeting

    today = today or timezone.localdate()
    return list(Meeting.objects.select_related("committee").filter(date__lte=today).order_by("-date", "-pk"))


def meeting_calendar(day=None):
    """(the last meeting before `day`, the next meeting from today on, the meetings held up to today
    newest first), as last_meeting, next_meeting and held_meetings give them, from one query: a
    committee holds a dozen meetings a year."""
    from meetings.models import Meeting

    today = timezone.localdate()
    day = day or today
    meetings = list(Meeting.objects.select_related("committee").order_by("-date", "-pk"))
    last = next((m for m in meetings if m.date < day), None)
    upcoming = [m for m in meetings if m.date >= today]
    return last, (upcoming[-1] if upcoming else None), [m for m in meetings if m.date <= today]


def change_summary(changes) -> list[tuple[str, int]]:
    """How many items of each kind changed, most first: the line a politician reads before the list."""
    counts: dict[str, int] = {}
    for item in changes.items:
        counts[item["kind"]] = counts.get(item["kind"], 0) + 1
    return sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))


def filter_scope(chosen) -> dict | None:
    """The items of the kinds the committee follows that a filter keeps ({model label: pks}), for
    audit.changes.committee_changes(scope=…); None without a filter."""
    from core.registry import entries

    if not chosen.active:
        return None
    scope = {}
    for entry in entries():
        lookups = chosen.lookups(entry.model) if entry.followed else None
        if lookups is not None:
            scope[entry.label] = tuple(entry.model.objects.filter(**lookups).values_list("pk", flat=True))
    return scope
