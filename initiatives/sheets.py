"""The initiatives of Lys i øjnene as a spreadsheet whose import updates their statuses, each with a reason
(statuses.sheets, ADR 0022)."""

from core.sheets import Column, KeyCell, TextCell
from statuses.sheets import StatusSheet, status_columns

from .models import Initiative


class InitiativeStatusSheet(StatusSheet):
    model = Initiative
    slug = "indsatser"
    title = "Indsatser"
    noun = "indsats"
    list_url_name = "initiatives:initiative_list"
    permissions = ("initiatives.change_initiative",)
    intro = (
        "Indsatsernes status, hver med en begrundelse. Importen skifter kun status; teksten, området og "
        "temaet rettes på indsatsens side."
    )
    export_related = ("area", "theme")

    id = Column("Nr.", "id", KeyCell(new_label="en indsats"))
    text = Column("Indsats", "text", TextCell(), readonly=True)
    area = Column("Område", "area", TextCell(), readonly=True)
    theme = Column("Tema", "theme", TextCell(), readonly=True)
    status, status_reason = status_columns()
