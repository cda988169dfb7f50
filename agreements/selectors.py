"""Reads of delaftaler and their activities that pages, the overview and bilag share (ADR 0013)."""

from decimal import Decimal

from django.db.models import Count, QuerySet, Sum

from .models import Agreement


def total_hours(activities) -> Decimal:
    """The activities' hours per week added up: a delaftale's total is computed, never typed.
    A queryset is summed by the database; activities a page has read already cost no query."""
    if isinstance(activities, QuerySet):
        return activities.aggregate(total=Sum("hours_per_week"))["total"] or Decimal(0)
    return sum((activity.hours_per_week for activity in activities), Decimal(0))


def agreement_rows():
    """Delaftaler with `total_hours` and `activity_count`, in the order they take effect."""
    return Agreement.objects.annotate(
        total_hours=Sum("activities__hours_per_week"), activity_count=Count("activities")
    ).order_by("valid_from", "id")
