"""The activities of the delaftaler as a spreadsheet whose import updates their statuses, each with a reason
(statuses.sheets, ADR 0022)."""

from core.sheets import Column, HoursCell, KeyCell, TextCell
from statuses.sheets import StatusSheet, status_columns

from .models import Activity


class ActivityStatusSheet(StatusSheet):
    model = Activity
    slug = "aktiviteter"
    title = "Aktiviteter i delaftaler"
    noun = "aktivitet"
    list_url_name = "agreements:activity_list"
    permissions = ("agreements.change_activity",)
    intro = (
        "Aktiviteternes status, hver med en begrundelse. Importen skifter kun status; navn, delaftale og "
        "timer rettes på aktivitetens side."
    )
    export_related = ("agreement",)

    id = Column("Nr.", "id", KeyCell(new_label="en aktivitet"))
    name = Column("Aktivitet", "name", TextCell(), readonly=True)
    agreement = Column("Delaftale", "agreement", TextCell(), readonly=True)
    hours = Column("Timer pr. uge", "hours_per_week", HoursCell(), readonly=True)
    status, status_reason = status_columns()
