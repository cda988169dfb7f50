"""Long work off the request: tasks on a background worker (django-tasks, ADR 0020).

A task is a module-level function decorated with `task` (`<app>/tasks.py`); a view enqueues it with
`enqueue_once` and sends the browser to a progress page that reads `job_state(task, job_id)` on every
poll. The job lives in the task backend's store — a row of the database queue by default
(django_tasks_db, worker `manage.py db_worker`), so any app server behind a load balancer answers the
poll. The tests use the ImmediateBackend, which runs the task inside `enqueue` and keeps no results.

This module is the one place that names the task library: Django 6 ships the same API as
`django.tasks`, and moving there changes these imports only.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus, task  # noqa: F401 - `task` is re-exported for <app>/tasks.py
from django_tasks.exceptions import TaskResultDoesNotExist, TaskResultMismatch

from .pdf import TIMEOUT_SECONDS

# A job that has run this long has lost its worker (killed, machine gone): the longest task is a bilag
# render, which core.pdf stops after TIMEOUT_SECONDS. Such a job may be started again.
LOST_AFTER = datetime.timedelta(seconds=TIMEOUT_SECONDS + 60)
# A job still waiting after this long suggests that no worker is running.
WAITING_LONG = datetime.timedelta(seconds=60)

WAITING, RUNNING, DONE, FAILED, LOST = "waiting", "running", "done", "failed", "lost"


@dataclass(frozen=True)
class JobState:
    id: str
    state: str  # waiting | running | done | failed | lost
    kwargs: dict
    value: Any = None  # the task's return value once done
    since: datetime.datetime | None = None  # enqueued (waiting) or started (running)

    @property
    def finished(self) -> bool:
        return self.state in (DONE, FAILED, LOST)

    @property
    def waiting_long(self) -> bool:
        return self.state == WAITING and self.since is not None and timezone.now() - self.since > WAITING_LONG


def state_of(result) -> JobState:
    """The state of a django-tasks TaskResult as the progress pages show it."""
    status, now = result.status, timezone.now()
    if status == TaskResultStatus.SUCCESSFUL:
        return JobState(result.id, DONE, result.kwargs, value=result.return_value)
    if status == TaskResultStatus.FAILED:
        return JobState(result.id, FAILED, result.kwargs)
    if status == TaskResultStatus.RUNNING:
        started = result.started_at
        state = LOST if started is not None and now - started > LOST_AFTER else RUNNING
        return JobState(result.id, state, result.kwargs, since=started)
    return JobState(result.id, WAITING, result.kwargs, since=result.enqueued_at)


def job_state(task_, job_id: str) -> JobState | None:
    """The job `job_id` of `task_`, or None if there is no such job (or it is another task's)."""
    if not task_.get_backend().supports_get_result:  # the ImmediateBackend keeps no results
        return None
    try:
        return state_of(task_.get_result(str(job_id)))
    except (TaskResultDoesNotExist, TaskResultMismatch):
        return None


def _database_queue(task_) -> bool:
    from django_tasks_db import DatabaseBackend

    return isinstance(task_.get_backend(), DatabaseBackend)


def _pending(task_, same: dict):
    """A job of `task_` with these keyword arguments that has not finished and has not lost its worker."""
    from django_tasks_db.models import DBTaskResult

    jobs = DBTaskResult.objects.filter(
        task_path=task_.module_path,
        status__in=(TaskResultStatus.READY, TaskResultStatus.RUNNING),
        **{f"args_kwargs__kwargs__{key}": value for key, value in same.items()},
    ).exclude(status=TaskResultStatus.RUNNING, started_at__lt=timezone.now() - LOST_AFTER)
    found = jobs.order_by("enqueued_at").first()
    return found.task_result if found is not None else None


def enqueue_once(task_, *, lock, same: tuple[str, ...], **kwargs):
    """Enqueue `task_(**kwargs)` unless a job with the same values of the `same` arguments is waiting or
    running; then that job is returned (a double click follows the job the first click started).

    `lock` is the row the job is about: it is locked while looking, so two requests cannot both miss the
    other's job. The job's row is written in the same transaction and a worker sees it at commit.
    With a backend that keeps no list of its jobs (the tests' ImmediateBackend, Redis) the task is simply
    enqueued, and the task itself must refuse to do the same work twice."""
    if not _database_queue(task_):
        return task_.enqueue(**kwargs)
    with transaction.atomic():
        type(lock)._base_manager.select_for_update().filter(pk=lock.pk).first()
        return _pending(task_, {key: kwargs[key] for key in same}) or task_.enqueue(**kwargs)
