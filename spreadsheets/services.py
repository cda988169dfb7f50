"""Staging and confirming an import batch (ADR 0022). The pages and the background worker call these."""

import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .kinds import sheet_for
from .models import ImportBatch
from .reading import SheetFileError, read_table
from .staging import ApplyRefused, apply, changed_since, map_headers, stage

# Files up to this size are read while the page waits; larger ones on the background worker (ADR 0020).
INLINE_BYTES = 512 * 1024
# As many new and changed rows are saved while the page waits; more on the background worker.
INLINE_ROWS = 300
# Staged imports nobody confirmed are removed after this many days.
KEEP_DAYS = 7


def batch_create(*, kind: str, file_name: str, content: bytes, acting_user) -> ImportBatch:
    """Keep the upload in the database, where any app server and the worker find it."""
    ImportBatch.objects.filter(created_at__lt=timezone.now() - timezone.timedelta(days=KEEP_DAYS)).exclude(
        state=ImportBatch.APPLIED
    ).delete()
    return ImportBatch.objects.create(kind=kind, file_name=file_name[:255], content=content, created_by=acting_user)


def _progress(batch_id):
    def report(done, total):
        ImportBatch.objects.filter(pk=batch_id).update(done_rows=done, total_rows=total, updated_at=timezone.now())

    return report


def batch_stage(batch_id) -> ImportBatch:
    """Read the batch's file and compare every row with what is stored: the preview. Writes only the batch."""
    batch = ImportBatch.objects.get(pk=batch_id)
    ImportBatch.objects.filter(pk=batch.pk).update(state=ImportBatch.STAGING, done_rows=0, updated_at=timezone.now())
    sheet = sheet_for(batch.kind)()
    try:
        table = read_table(bytes(batch.content or b""))
    except SheetFileError as error:
        batch.state, batch.errors, batch.rows, batch.headers = ImportBatch.FAILED, [error.message], [], []
        batch.save(update_fields=["state", "errors", "rows", "headers", "updated_at"])
        return batch
    ImportBatch.objects.filter(pk=batch.pk).update(total_rows=len(table.rows))
    staged = stage(sheet, table, progress=_progress(batch.pk))
    batch.headers, batch.rows, batch.errors = staged.headers, staged.rows, staged.errors
    batch.total_rows = batch.done_rows = len(table.rows)
    batch.state = ImportBatch.FAILED if staged.errors else ImportBatch.STAGED
    batch.refused = ""
    batch.save()
    return batch


def preview_token(batch) -> str:
    """What the confirm button carries: the preview the user saw. A new preview of the batch changes it."""
    seen = f"{batch.pk}:{batch.updated_at.isoformat() if batch.updated_at else ''}:{len(batch.rows)}"
    return hashlib.sha256(seen.encode()).hexdigest()[:16]


def to_apply(batch) -> int:
    return sum(1 for row in batch.rows if row["state"] in ("new", "changed"))


def check_confirmable(batch):
    """Raise ValidationError with a Danish reason if the batch cannot be confirmed as it stands."""
    if batch.state != ImportBatch.STAGED:
        raise ValidationError("Importen kan ikke bekræftes nu. Se dens side for, hvor langt den er.")
    if batch.errors or any(row["state"] == "error" for row in batch.rows):
        raise ValidationError(
            "Regnearket har fejl. Ret dem, og upload filen igen: intet gemmes, før alle rækker kan gemmes."
        )
    if not to_apply(batch):
        raise ValidationError("Der er ingen ændringer at gemme: regnearket er det samme som portalens data.")


def _sheet(batch):
    sheet = sheet_for(batch.kind)()
    map_headers(sheet, batch.headers)  # the same columns (years) as at the preview
    return sheet


def batch_apply(batch_id, *, acting_user) -> ImportBatch:
    """Confirm: refuse if the data changed since the preview, else every new and changed row in one
    transaction through the app's services. A refusal is kept on the batch (`refused`); nothing is written."""
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch_id)
        if batch.state not in (ImportBatch.STAGED, ImportBatch.APPLYING):
            return batch  # a second click: the first one saved it (or the batch is not ready)
        sheet = _sheet(batch)
        try:
            moved = changed_since(sheet, batch.rows)
            if moved:
                raise ApplyRefused(
                    "Data er ændret i portalen siden forhåndsvisningen, så den passer ikke længere. Intet er gemt. "
                    "Lav forhåndsvisningen igen: " + "; ".join(moved[:10]) + (" …" if len(moved) > 10 else "") + "."
                )
            with transaction.atomic():
                receipt = apply(sheet, batch.rows, acting_user=acting_user)
        except ApplyRefused as refusal:
            batch.state, batch.refused = ImportBatch.STAGED, refusal.message
            batch.save(update_fields=["state", "refused", "updated_at"])
            return batch
        batch.state, batch.receipt, batch.refused = ImportBatch.APPLIED, receipt, ""
        batch.applied_by, batch.applied_at = acting_user, timezone.now()
        batch.content = None  # the file has done its work; the receipt stays
        batch.save()
        return batch
