"""What several tests set up the same way, written once."""

import datetime

MEETING_DAY = datetime.date(2019, 3, 26)


def overview_sheet(*, acting_user, day=MEETING_DAY, include_changes=False, threshold=500_000, issue=False, note=""):
    """The committee's meeting (26 March 2019 unless `day` says otherwise) with the pool's overview sheet
    of 2019 as its bilag; with `issue`, the issued version instead of the draft."""
    from meetings.services import bilag_add, bilag_issue, meeting_create
    from programs.models import Committee
    from projects.models import Pool

    meeting = meeting_create(committee=Committee.objects.first(), date=day, acting_user=acting_user)
    bilag = bilag_add(
        meeting=meeting,
        kind="overview_sheet",
        include_changes=include_changes,
        acting_user=acting_user,
        parameters={"pool": Pool.objects.get().pk, "year": 2019, "threshold": threshold},
    )
    return bilag_issue(bilag=bilag, note=note, acting_user=acting_user) if issue else bilag


def staged_import(*, acting_user, kind="projekter", change=True):
    """A staged import (spreadsheets.ImportBatch) of today's export of a list: its preview page has the
    "Gem ændringerne" form. With `change`, the first row's status text differs, so there is one to save."""
    from core.exports import csv_bytes
    from spreadsheets.kinds import sheet_for
    from spreadsheets.services import batch_create, batch_stage

    sheet = sheet_for(kind)()
    columns, rows = sheet.export_table(sheet.model.objects.all())
    rows = [list(row) for row in rows]
    if change and rows:
        names = [column.header for column in columns]
        if "Statusbeskrivelse" in names:
            rows[0][names.index("Statusbeskrivelse")] = "Ændret i regnearket."
    batch = batch_create(kind=kind, file_name=f"{kind}.csv", content=csv_bytes(columns, rows), acting_user=acting_user)
    return batch_stage(batch.pk)


def reporting_round(*, acting_user, owner=None):
    """A reporting round of one project, owned by `owner` (the acting user if none): the pages of a round and
    its reports need one (issue 21)."""
    import datetime

    from django.utils import timezone

    from projects.models import Project
    from reporting.services import responsibility_set, round_open

    responsibility_set(
        item=Project.objects.order_by("pk").first(),
        owner=owner or acting_user,
        frequency="moede",
        acting_user=acting_user,
    )
    return round_open(
        title="Runde",
        due_date=timezone.localdate() + datetime.timedelta(days=7),
        kinds=["projects.project"],
        acting_user=acting_user,
    )[0]
