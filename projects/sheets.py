"""The project list as a spreadsheet that goes out and comes back (core.sheets, ADR 0022): projects with
their allocations per year ("Disponeret 2019", …) and their status, which changes only with a reason.

Each row is written through projects.services (project_create, project_update) and statuses.services
(status_change): the history, the acting user and the version check are the forms' own.
"""

import re

from django.db.models import prefetch_related_objects

from core.batching import hold_locked
from core.fields import FIRST_YEAR, LAST_YEAR, LONG_TEXT
from core.sheets import (
    KEY_CHUNK,
    AmountCell,
    ChoiceCell,
    Column,
    KeyCell,
    LabelCell,
    MonthCell,
    NamesCell,
    Sheet,
    TextCell,
)
from core.timetravel import history_records, is_history, records_to_instances, rows_as_of
from programs.models import Programme
from statuses.models import StatusValue
from statuses.sheets import REASON, apply_status, check_status

from .models import Allocation, Partner, Pool, Project
from .services import project_create, project_update

YEAR_HEADER = re.compile(r"^Disponeret (\d{4})$")


def year_field(year: int) -> str:
    return f"year_{year}"


class ProjectSheet(Sheet):
    model = Project
    slug = "projekter"
    title = "Projekter"
    noun, neuter = "projekt", True
    list_url_name = "projects:project_list"
    permissions = ("projects.add_project", "projects.change_project")
    intro = (
        "Projekterne med deres disponerede beløb pr. år. En række uden nr. bliver et nyt projekt. "
        f"En ny status kræver en begrundelse i kolonnen „{REASON}“."
    )

    id = Column("Nr.", "id", KeyCell(new_label="et nyt projekt"))
    pool = Column("Pulje", "pool", ChoiceCell(what="pulje"), stored_from="pool_id")
    name = Column("Projektnavn", "name", TextCell(required=True, max_length=300))
    description = Column("Projektbeskrivelse", "description", TextCell(required=True, max_length=LONG_TEXT))
    status_text = Column("Statusbeskrivelse", "status_text", TextCell(max_length=LONG_TEXT))
    programme = Column("Program", "programme", ChoiceCell(what="program"), stored_from="programme_id")
    partners = Column("Samarbejdspartnere", "partner_list", NamesCell(what="samarbejdspartner"))
    start_month = Column("Start", "start_month", MonthCell())
    end_month = Column("Slut", "end_month", MonthCell())
    status = Column("Status", "status", LabelCell())
    status_reason = Column(REASON, None, TextCell(max_length=2000))
    allocated = Column("Disponeret i alt", "allocated_total", AmountCell(), readonly=True)

    # Fields compared with what is stored; the reason is read only with a new status.
    NOT_COMPARED = ("id", "status_reason")

    # --- columns per year ----------------------------------------------------------------------------

    def add_year(self, year: int):
        if year_field(year) in self.fields:
            return self.fields[year_field(year)]
        column = Column(
            f"Disponeret {year}",
            None,
            AmountCell(),
            dehydrate_method=lambda project, year=year: project.allocation_by_year.get(year),
        )
        # Before "Disponeret i alt", in year order.
        fields = {name: field for name, field in self.fields.items() if name != "allocated"}
        fields[year_field(year)] = column
        years = sorted(name for name in fields if name.startswith("year_"))
        ordered = {name: field for name, field in fields.items() if not name.startswith("year_")}
        ordered.update({name: fields[name] for name in years})
        ordered["allocated"] = self.fields["allocated"]
        self.fields.clear()
        self.fields.update(ordered)
        return column

    def optional_header(self, header):
        found = YEAR_HEADER.match(header)
        if found and FIRST_YEAR <= int(found.group(1)) <= LAST_YEAR:
            return self.add_year(int(found.group(1)))
        return None

    def add_known_columns(self):
        for year in Allocation.objects.values_list("year", flat=True).distinct().order_by("year"):
            self.add_year(year)

    def years(self) -> list[int]:
        return [int(name[5:]) for name in self.fields if name.startswith("year_")]

    # --- export -------------------------------------------------------------------------------------

    def export_objects(self, rows, moment=None):
        if is_history(rows):
            projects = records_to_instances(history_records(rows))
            prefetch_related_objects(projects, "pool", "programme", "status", "partners")
            allocations = rows_as_of(Allocation, moment).filter(project_id__in=[p.pk for p in projects])
            by_project = {}
            for allocation in allocations:
                by_project.setdefault(allocation.project_id, {})[allocation.year] = allocation.amount
            for project in projects:
                project.allocation_by_year = by_project.get(project.pk, {})
        else:
            projects = list(
                rows.order_by()
                .select_related("pool", "programme", "status")
                .prefetch_related("partners", "allocations")
                if hasattr(rows, "select_related")
                else rows
            )
            order = {pk: index for index, pk in enumerate(rows.values_list("pk", flat=True))}
            projects.sort(key=lambda project: order.get(project.pk, 0))
            for project in projects:
                project.allocation_by_year = {a.year: a.amount for a in project.allocations.all()}
        for project in projects:
            project.partner_list = list(project.partners.all())
            project.allocated_total = sum(project.allocation_by_year.values())
        return projects

    def prepare_export(self, objects):
        for year in sorted({year for project in objects for year in project.allocation_by_year}):
            self.add_year(year)

    # --- import -------------------------------------------------------------------------------------

    def prepare(self):
        self.fields["pool"].widget.set_choices(dict(Pool.objects.values_list("pk", "name")))
        self.fields["programme"].widget.set_choices(dict(Programme.objects.values_list("pk", "name")))
        self.fields["partners"].widget.set_choices(dict(Partner.objects.values_list("pk", "name")))
        self.scales = dict(Pool.objects.values_list("pk", "status_scale_id"))
        self.statuses = {}  # {scale id: {label folded: value}}
        self.start_values = {}
        for value in StatusValue.objects.all():
            self.statuses.setdefault(value.scale_id, {})[value.label.strip().casefold()] = value
            if value.is_default:
                self.start_values[value.scale_id] = value

    def current(self, keys) -> dict:
        found = {}
        keys = sorted(keys)
        for start in range(0, len(keys), KEY_CHUNK):
            projects = (
                Project.objects.filter(pk__in=keys[start : start + KEY_CHUNK])
                .select_related("status")
                .prefetch_related("partners", "allocations")
            )
            for project in projects:
                project.partner_list = list(project.partners.all())
                allocations = {a.year: a.amount for a in project.allocations.all()}
                values = {
                    name: field.stored(project)
                    for name, field in self.fields.items()
                    if not field.readonly and name not in self.NOT_COMPARED and not name.startswith("year_")
                }
                for year in self.years():
                    values[year_field(year)] = allocations.get(year)
                found[project.pk] = {
                    "values": values,
                    "version": project.version,
                    "label": project.name,
                    "allocations": allocations,
                }
        return found

    def check_rows(self, rows):
        """Rules of a project across its cells, and a name once per pool across the file and the portal."""
        names = {}  # (pool, folded name) → line, for the rows of the file
        for row in rows:
            if row["errors"]:
                continue
            values, stored = row["values"], row["stored"]
            if stored is None:
                self._check_new(row)
            else:
                self._check_existing(row)
            start, end = values.get("start_month"), values.get("end_month")
            if start and end and end < start:
                row["errors"].append(("Slut", "Slut skal ligge efter start."))
            pool = values.get("pool") if stored is None else stored["values"].get("pool")
            if pool and values.get("name"):
                key = (pool, values["name"].strip().casefold())
                if key in names:
                    row["errors"].append(
                        (
                            "Projektnavn",
                            f"Navnet står også i række {names[key]} i samme pulje. Et navn må kun stå én gang.",
                        )
                    )
                names.setdefault(key, row["line"])
        self._check_names_in_portal(rows, names)

    def _check_new(self, row):
        values = row["values"]
        if values.get("pool") is None:
            row["errors"].append(("Pulje", "Skriv puljen for et nyt projekt."))
            return
        scale = self.scales[values["pool"]]
        start = self.start_values.get(scale)
        if values.get("status") and (start is None or values["status"].casefold() != start.label.casefold()):
            row["errors"].append(
                ("Status", f"Et nyt projekt starter som „{start}“. Skift status bagefter med en begrundelse.")
            )
        elif values.get("status_reason"):
            row["errors"].append((REASON, "Et nyt projekt starter uden statusændring; lad begrundelsen stå tom."))
        values["status"] = None

    def _check_existing(self, row):
        values, stored = row["values"], row["stored"]["values"]
        if values.get("pool") != stored.get("pool"):
            row["errors"].append(
                ("Pulje", "Et projekt bliver i sin pulje. Flyt pengene med en ny beslutning i stedet.")
            )
        check_status(
            row, scales=self.statuses, scale_id=self.scales.get(stored.get("pool")), stored_label=stored.get("status")
        )

    def _check_names_in_portal(self, rows, names):
        """A new or renamed project may not take the name of another project in its pool."""
        pools = {pool for pool, _ in names}
        in_file = {row["key"] for row in rows if row["key"]}
        taken = {}
        for pk, pool, name in Project.everything.filter(pool__in=pools).values_list("pk", "pool_id", "name"):
            if pk not in in_file:
                taken[(pool, name.strip().casefold())] = pk
        for row in rows:
            if row["errors"]:
                continue
            pool = row["values"].get("pool") if row["stored"] is None else row["stored"]["values"].get("pool")
            name = row["values"].get("name") or ""
            if (pool, name.strip().casefold()) in taken:
                row["errors"].append(("Projektnavn", f"Der findes allerede et projekt med navnet “{name}” i puljen."))

    # --- apply --------------------------------------------------------------------------------------

    def prepare_apply(self, rows):
        """Read and lock the rows' projects, and read their allocations, the programmes and the pools, once for
        the whole file."""
        self.programmes = Programme.objects.in_bulk()
        self.pools = Pool.objects.in_bulk()
        keys = sorted(row["key"] for row in rows if row["key"] is not None)
        self.projects = {}
        for start in range(0, len(keys), KEY_CHUNK):
            chunk = (
                Project.objects.filter(pk__in=keys[start : start + KEY_CHUNK])
                .select_for_update(of=("self",))
                .select_related("status")
                .prefetch_related("allocations")
            )
            self.projects.update({project.pk: project for project in chunk})
        hold_locked(self.projects.values())

    def _data(self, values) -> dict:
        month = self.fields["start_month"].widget.python
        return {
            "name": values["name"],
            "description": values["description"],
            "status_text": values.get("status_text") or "",
            "programme": self.programmes[values["programme"]] if values.get("programme") else None,
            "start_month": month(values.get("start_month")),
            "end_month": month(values.get("end_month")),
        }

    def apply(self, row, *, acting_user):
        """One row through the services the forms use: project_create, or project_update for what changed
        (partners and allocations only if they did) and then status_change with the row's reason."""
        values = row["values"]
        years = {int(name[5:]): amount for name, amount in values.items() if name.startswith("year_")}
        if row["key"] is None:
            return project_create(
                pool=self.pools[values["pool"]],
                data=self._data(values),
                partners=values.get("partners") or [],
                allocations={year: amount for year, amount in years.items() if amount is not None},
                acting_user=acting_user,
            )
        project = self.projects[row["key"]]
        version = row["version"]
        changed = {change[0] for change in row["changes"]}
        if changed - {"status"}:
            allocations = None
            if any(name.startswith("year_") for name in changed):
                allocations = {a.year: a.amount for a in project.allocations.all()}
                for year, amount in years.items():
                    if amount is None:
                        allocations.pop(year, None)
                    else:
                        allocations[year] = amount
            project = project_update(
                project=project,
                data=self._data(values),
                partners=(values.get("partners") or []) if "partners" in changed else None,
                allocations=allocations,
                expected_version=version,
                acting_user=acting_user,
            )
            version = project.version
        if "status" in changed:
            apply_status(project, row, scales=self.statuses, expected_version=version, acting_user=acting_user)
        return project
