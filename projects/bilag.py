"""The overbliksark (seed 001): a pool's projects with what was allocated to them in a year, from a
threshold, as the committee's appendix prints them. Registered in ProjectsConfig.ready()."""

from django import forms
from django.db.models import Prefetch

from core import formats
from core.forms import AmountField, YearField

from .models import Pool, SubProject
from .selectors import project_rows

# A row whose longest column is shorter than this many characters fits on one landscape page: it is
# kept whole (never split across pages), so its name stands beside all of its text. A longer row must
# split; the table's header repeats on the next page and the row's name heads its first part.
KEEP_WHOLE_CHARS = 1500


def _column_lengths(project, subprojects) -> tuple[int, int]:
    description = len(project.description or "") + sum(len(s.name) + len(s.description or "") for s in subprojects)
    status = len(project.status_text or "") + sum(len(s.name) + len(s.status_text or "") for s in subprojects)
    return description, status


class OverviewSheetForm(forms.Form):
    pool = forms.ModelChoiceField(label="Pulje", queryset=Pool.objects.all(), empty_label=None)
    year = YearField(label="År")
    threshold = AmountField(
        label="Beløbsgrænse (kr.)", help_text="Projekter med budget på mindst dette beløb, fx 500.000"
    )

    def parameters(self) -> dict:
        data = self.cleaned_data
        return {"pool": data["pool"].pk, "year": data["year"], "threshold": data["threshold"]}


def build_overview_sheet(parameters: dict) -> dict:
    """The projects of the pool whose allocation in the year is at least the threshold: the rows and
    the total the project list shows filtered the same way (projects.selectors.project_rows)."""
    pool = Pool.objects.get(pk=parameters["pool"])
    year, threshold = parameters["year"], parameters["threshold"]
    projects = (
        project_rows(year=year)
        .filter(pool=pool, allocated__gte=threshold)
        .select_related("status")
        .prefetch_related(Prefetch("subprojects", queryset=SubProject.objects.order_by("order", "id")))
    )
    rows = [
        {
            "id": project.pk,
            "name": project.name,
            "description": project.description,
            "status_text": project.status_text,
            "status": project.status.frozen(),
            "subprojects": [
                {"name": sub.name, "description": sub.description, "status_text": sub.status_text}
                for sub in project.subprojects.all()
            ],
            "amount": project.allocated,
            "keep_whole": max(_column_lengths(project, project.subprojects.all())) < KEEP_WHOLE_CHARS,
        }
        for project in projects
    ]
    return {
        "title": f"Overbliksark over projekter i {pool.name} med budget på {formats.kr(threshold)} og derover",
        "short_title": f"Overbliksark {pool.name}",
        "pool": pool.name,
        "year": year,
        "threshold": threshold,
        "rows": rows,
        "total": sum(row["amount"] for row in rows),
        "covers": {"projects.project": [row["id"] for row in rows]},
    }
