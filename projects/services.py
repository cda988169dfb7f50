"""Writes for pool projects and their allocations: through core.services, in one transaction each."""

from django.core.exceptions import ValidationError
from django.db import transaction

from core.services import bump_version, save, sync_rows, update_versioned

from .models import Allocation, Pool, Project

PROJECT_FIELDS = ("name", "description", "status_text", "programme", "start_month", "end_month")


def _check_period(start, end):
    if start and end and end < start:
        raise ValidationError("Projektets slut skal ligge efter dets start.")


def _save_allocations(project: Project, allocations: dict[int, int], acting_user) -> bool:
    """Make the project's yearly allocations exactly `allocations` ({year: amount})."""
    return sync_rows(
        {allocation.year: allocation for allocation in project.allocations.all()},
        {year: {"amount": amount} for year, amount in sorted(allocations.items())},
        make=lambda year: Allocation(project=project, year=year),
        acting_user=acting_user,
    )


@transaction.atomic
def project_create(*, pool: Pool, data: dict, partners=(), allocations: dict[int, int], acting_user) -> Project:
    """Create a project in `pool`; its status starts at the pool scale's default value."""
    _check_period(data.get("start_month"), data.get("end_month"))
    project = Project(
        pool=pool, status=pool.status_scale.default_value, **{f: data[f] for f in PROJECT_FIELDS if f in data}
    )
    save(project, acting_user=acting_user)
    if partners:
        project.partners.set(partners)
    _save_allocations(project, allocations, acting_user)
    return project


@transaction.atomic
def project_update(
    *, project: Project, data: dict, partners=(), allocations: dict[int, int], expected_version: int, acting_user
) -> Project:
    """Save a project's fields, partners and allocations, refusing if somebody saved it after the user opened it."""
    _check_period(data.get("start_month"), data.get("end_month"))
    # A field the caller does not give (e.g. "programme" from older callers) stays as it is.
    fields = {name: data[name] for name in PROJECT_FIELDS if name in data}
    locked = update_versioned(
        Project,
        pk=project.pk,
        expected_version=expected_version,
        data=fields,
        m2m={"partners": partners},
        acting_user=acting_user,
    )
    if _save_allocations(locked, allocations, acting_user) and locked.version == expected_version:
        bump_version(locked)
    return locked
