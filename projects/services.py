"""Writes for pool projects and their allocations: through core.services, in one transaction each."""

from django.core.exceptions import ValidationError
from django.db import transaction

from core import private_api
from core.services import bump_version, save, sync_rows, update_fields, update_versioned

from .models import Allocation, Partner, Pool, Project, SubProject

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
    *,
    project: Project,
    data: dict,
    partners=(),
    allocations: dict[int, int] | None,
    expected_version: int,
    acting_user,
) -> Project:
    """Save a project's fields, partners and allocations, refusing if somebody saved it after the user opened it.
    `partners=None` or `allocations=None` leaves them as they are (an import that did not change them)."""
    _check_period(data.get("start_month"), data.get("end_month"))
    # A field the caller does not give (e.g. "programme" from older callers) stays as it is.
    fields = {name: data[name] for name in PROJECT_FIELDS if name in data}
    locked = update_versioned(
        Project,
        pk=project.pk,
        expected_version=expected_version,
        data=fields,
        m2m={"partners": partners} if partners is not None else None,
        acting_user=acting_user,
    )
    if allocations is None:
        return locked
    if project.version == expected_version and private_api.has_prefetched(project, "allocations"):
        # Allocations change only with a new version (bump_version), so the caller's, read at the version the
        # lock just confirmed, are the stored ones: an import of 5 000 rows reads them once (issue 19).
        private_api.set_prefetched(locked, "allocations", project.allocations.all())
    if _save_allocations(locked, allocations, acting_user) and locked.version == expected_version:
        bump_version(locked)
    return locked


# --- Pools, partners and sub-projects --------------------------------------------------------------
# An edit is checked against the version the form was opened at (core.services.update_versioned).

POOL_FIELDS = ("name", "description")
PARTNER_FIELDS = ("name",)
SUB_PROJECT_FIELDS = ("name", "description", "status_text", "start_month", "end_month")


@transaction.atomic
def pool_create(*, data: dict, status_scale, acting_user) -> Pool:
    """A new pool; its projects get their statuses from `status_scale`, which must have a start value."""
    if not status_scale.values.filter(is_default=True).exists():
        raise ValidationError(f"Statusskalaen “{status_scale}” har ingen startværdi. Vælg en anden skala.")
    return save(Pool(status_scale=status_scale, **{f: data[f] for f in POOL_FIELDS}), acting_user=acting_user)


@transaction.atomic
def pool_update(*, pool: Pool, data: dict, expected_version: int, acting_user) -> Pool:
    """Rename or re-describe a pool. Its status scale stays: its projects' statuses are on it."""
    return update_fields(
        pool, fields=POOL_FIELDS, data=data, expected_version=expected_version, acting_user=acting_user
    )


@transaction.atomic
def partner_create(*, data: dict, acting_user) -> Partner:
    return save(Partner(**{f: data[f] for f in PARTNER_FIELDS}), acting_user=acting_user)


@transaction.atomic
def partner_update(*, partner: Partner, data: dict, expected_version: int, acting_user) -> Partner:
    return update_fields(
        partner, fields=PARTNER_FIELDS, data=data, expected_version=expected_version, acting_user=acting_user
    )


@transaction.atomic
def sub_project_create(*, project: Project, data: dict, partners=(), acting_user) -> SubProject:
    """A sub-project last in its project. The same name twice in a project is refused: a double click
    makes one sub-project (the project is locked while this one is added, so the second finds the first)."""
    _check_period(data.get("start_month"), data.get("end_month"))
    project = Project.objects.select_for_update().get(pk=project.pk)
    if project.subprojects.filter(name=data["name"]).exists():
        raise ValidationError(f"Projektet har allerede et delprojekt med navnet “{data['name']}”.")
    last = project.subprojects.order_by("-order").first()
    sub_project = SubProject(
        project=project, order=(last.order + 1) if last else 1, **{f: data[f] for f in SUB_PROJECT_FIELDS}
    )
    save(sub_project, acting_user=acting_user)
    if partners:
        sub_project.partners.set(partners)
    return sub_project


@transaction.atomic
def sub_project_update(
    *, sub_project: SubProject, data: dict, partners=(), expected_version: int, acting_user
) -> SubProject:
    _check_period(data.get("start_month"), data.get("end_month"))
    return update_versioned(
        SubProject,
        pk=sub_project.pk,
        expected_version=expected_version,
        data={f: data[f] for f in SUB_PROJECT_FIELDS},
        m2m={"partners": partners},
        acting_user=acting_user,
    )
