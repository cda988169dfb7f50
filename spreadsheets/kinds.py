"""The importable lists: each app declares its sheet (core.sheets); this app stages and applies them."""

from agreements.sheets import ActivityStatusSheet
from goals.sheets import MeasurementSheet
from initiatives.sheets import InitiativeStatusSheet
from programs.sheets import EconomySheet
from projects.sheets import ProjectSheet

SHEETS = {
    sheet.slug: sheet
    for sheet in (ProjectSheet, ActivityStatusSheet, InitiativeStatusSheet, MeasurementSheet, EconomySheet)
}


def sheet_for(slug: str):
    return SHEETS[slug]
