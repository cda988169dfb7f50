"""The last meeting and what changed since it."""

from django.utils import timezone


def last_meeting(today=None):
    """The newest meeting before `today`: its changes since are what the committee has not seen."""
    from meetings.models import Meeting

    today = today or timezone.localdate()
    return Meeting.objects.select_related("committee").filter(date__lt=today).order_by("-date").first()


MAX_CHANGED_ITEMS = 20  # items with changes on the overview; the page of changes has them all


def changes_since(meeting, *, moment=None, limit: int | None = MAX_CHANGED_ITEMS):
    """What changed in the items the committee follows since the end of `meeting`'s day (all
    changes, if there is no meeting), up to `moment` when looking at the past."""
    from audit.changes import committee_changes, end_of

    return committee_changes(after=end_of(meeting.date) if meeting else None, until=moment, limit=limit)
