from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core.services import lock_for_update

from .models import Allocation, Pool, Project

PROJECT_FIELDS = ("name", "description", "status_text", "programme", "start_month", "end_month")


def _check_period(start, end):
    if start and end and end < start:
        raise ValidationError("Projektets slut skal ligge efter dets start.")


def _save_allocations(project: Project, allocations: dict[int, int]):
    """Make the project's yearly allocations exactly `allocations` ({year: amount})."""
    project.allocations.exclude(year__in=allocations).delete()
    existing = {a.year: a for a in project.allocations.all()}
    for year, amount in sorted(allocations.items()):
        allocation = existing.get(year)
        if allocation is None:
            Allocation.objects.create(project=project, year=year, amount=amount)
        elif allocation.amount != amount:
            allocation.amount = amount
            allocation.save(update_fields=["amount"])


@transaction.atomic
def project_create(*, pool: Pool, data: dict, partners=(), allocations: dict[int, int], acting_user) -> Project:
    """Create a project in `pool`; its status starts at the pool scale's default value."""
    _check_period(data.get("start_month"), data.get("end_month"))
    if Project.objects.filter(pool=pool, name=data["name"]).exists():
        raise ValidationError(f"Der findes allerede et projekt med navnet “{data['name']}” i {pool}.")
    project = Project(pool=pool, status=pool.status_scale.default_value, **{f: data[f] for f in PROJECT_FIELDS if f in data})
    project._history_user = acting_user
    project.save()
    project.partners.set(partners)
    _save_allocations(project, allocations)
    return project


@transaction.atomic
def project_update(*, project: Project, data: dict, partners=(), allocations: dict[int, int], expected_version: int, acting_user) -> Project:
    """Save a project's fields and allocations, refusing if somebody saved it after the user opened it."""
    _check_period(data.get("start_month"), data.get("end_month"))
    locked = lock_for_update(Project, pk=project.pk, expected_version=expected_version)
    # A field the caller does not give (e.g. "programme" from older callers) stays as it is.
    for field in PROJECT_FIELDS:
        if field in data:
            setattr(locked, field, data[field])
    locked.version += 1
    locked._history_user = acting_user
    try:
        with transaction.atomic():
            locked.save()
    except IntegrityError as error:
        raise ValidationError(f"Der findes allerede et projekt med navnet “{locked.name}” i puljen.") from error
    locked.partners.set(partners)
    _save_allocations(locked, allocations)
    return locked
