"""Reads of initiatives that the status report page, the lists, the overview and the bilag share."""

from core.timetravel import past_rows, rows_as_of

from .choices import AreaKind
from .models import REPORT_ORDER, Initiative


def plan_initiatives(plan, *, moment=None, select_related=("area", "theme", "status")):
    """The plan's initiatives in the status report's order (area, theme, place in the document); as they
    were at `moment` (read from the history) or now."""
    if moment is None:
        return Initiative.objects.filter(area__plan=plan).select_related(*select_related).order_by(*REPORT_ORDER)
    return past_rows(rows_as_of(Initiative, moment).filter(area__plan=plan).order_by(*REPORT_ORDER), *select_related)


def by_area_and_theme(rows, initiative=lambda row: row):
    """Rows in report order as areas → themes → rows, with each area's heading level.

    The cross-cutting area is a top-level section; the professional areas sit under the document's
    "Indsatser på fagområder" heading, one level down. `initiative(row)` gives a row's initiative (a
    table row's record, or the row itself)."""
    areas = []
    for row in rows:
        item = initiative(row)
        if not areas or areas[-1]["area"].pk != item.area_id:
            subject = item.area.kind == AreaKind.SUBJECT
            first_subject = subject and not any(a["area"].kind == AreaKind.SUBJECT for a in areas)
            areas.append(
                {"area": item.area, "level": 3 if subject else 2, "subject_heading_before": first_subject, "themes": []}
            )
        themes = areas[-1]["themes"]
        if not themes or themes[-1]["theme"].pk != item.theme_id:
            themes.append({"theme": item.theme, "heading_id": f"tema-{item.area_id}-{item.theme_id}", "rows": []})
        themes[-1]["rows"].append(row)
    return areas
