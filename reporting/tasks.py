"""Reminders of reporting rounds, sent by the background worker (core.jobs, ADR 0020)."""

from core.jobs import task

from .models import ReportingRound
from .services import reminders_send


@task()
def send_round_reminders(round_id: int) -> int:
    """The reminders due now for one round. Safe to run again: a sent reminder is never sent twice."""
    round_ = ReportingRound.objects.filter(pk=round_id).first()
    return reminders_send(round_=round_) if round_ is not None else 0
