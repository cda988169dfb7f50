"""Synthetic meetings (demo.scale)."""

from datetime import date, timedelta

from .base import Context, _bulk

MEETING_MONTHS = [1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12]  # no meetings in July


def create_meetings(*, ctx: Context) -> int:
    """About ten meetings a year of Børne- og Ungdomsudvalget, from the first year to this year's end."""
    from meetings.models import Meeting
    from programs.models import Committee

    rng = ctx.rng("meetings")
    committee = Committee.objects.order_by("pk").first()
    if committee is None:
        committee = Committee.objects.create(name="Børne- og Ungdomsudvalget")
    taken = set(Meeting.objects.filter(committee=committee).values_list("date", flat=True))
    days = []
    for year in range(ctx.first_day.year, ctx.today.year + 1):
        skipped = rng.choice(MEETING_MONTHS)  # one month a year without a meeting: ten in all
        for month in MEETING_MONTHS:
            if month == skipped:
                continue
            first = date(year, month, 1)
            first_tuesday = first + timedelta(days=(1 - first.weekday()) % 7)
            days.append(first_tuesday + timedelta(weeks=rng.randint(1, 3)))
    titles = {9: "Budgetmøde", 12: "Møde med temadrøftelse"}
    _bulk(
        Meeting,
        [Meeting(committee=committee, date=day, title=titles.get(day.month, "")) for day in days if day not in taken],
    )
    ctx.meetings = sorted(d for d in set(days) | taken if d < ctx.today)
    return len(days)


# --- Programmes and budget proposals ---------------------------------------------------------------
