"""The import's pages (ADR 0022): upload → preview → confirm → receipt, for editors only.

`ImportView` (one address per importable list, /regneark/projekter/) takes the file; `BatchView`
(/regneark/<id>/) shows where the batch is: being read (with progress), its preview with "Gem ændringerne",
or the receipt. Large files are read, and many rows saved, by the background worker (spreadsheets.tasks).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import content_disposition_header
from django.views.generic import FormView

from core import exports, formats
from core.views import WriteAccessMixin

from . import reading, services, tasks
from .forms import ConfirmForm, UploadForm
from .kinds import SHEETS, sheet_for
from .models import ImportBatch

PREVIEW_ROWS = 500  # rows listed per state on the preview page; the counts cover them all
LOST_AFTER = timezone.timedelta(minutes=10)


class ImportView(WriteAccessMixin, FormView):
    """ "Importér projekter": what the file must hold, and the upload."""

    template_name = "spreadsheets/import.html"
    form_class = UploadForm
    sheet_class = None

    def get_permission_required(self):
        return self.sheet_class.permissions

    @cached_property
    def sheet(self):
        sheet = self.sheet_class()
        sheet.add_known_columns()
        return sheet

    def get(self, request, *args, **kwargs):
        export_format = request.GET.get("_export")
        if self.sheet_class.own_download and export_format in ("csv", "xlsx"):
            return sheet_download(self.sheet_class(), export_format)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        sheet = self.sheet
        columns = [
            {
                "header": field.column_name,
                "kind": KIND_WORDS.get(field.widget.kind, "tekst"),
                "required": getattr(field.widget, "required", False),
                "readonly": field.readonly,
            }
            for field in sheet.fields.values()
        ]
        return super().get_context_data(
            sheet=sheet,
            columns=columns,
            list_url=reverse(sheet.list_url_name),
            template_url=(reverse(f"spreadsheets:{sheet.slug}") if sheet.own_download else reverse(sheet.list_url_name))
            + "?_export=xlsx",
            max_size=reading.megabytes(reading.MAX_BYTES),
            max_rows=formats.integer(reading.MAX_ROWS),
            recent=ImportBatch.objects.filter(kind=sheet.slug).select_related("created_by")[:5],
            **kwargs,
        )

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        batch = services.batch_create(
            kind=self.sheet.slug, file_name=upload.name, content=upload.read(), acting_user=self.request.user
        )
        if upload.size > services.INLINE_BYTES:
            tasks.stage_job.enqueue(batch_id=str(batch.pk))
        else:
            services.batch_stage(batch.pk)
        return redirect(batch.get_absolute_url())


def sheet_download(sheet, export_format: str) -> HttpResponse:
    """A sheet's own download, for a sheet no list exports (the measurements, the economy lines): the
    import's columns with today's data, the file to fill in and import (`?_export=xlsx` or `csv` on the
    import page)."""
    columns, rows = sheet.export_table(sheet.download_rows())
    name = exports.file_name(sheet.slug, export_format)
    if export_format == "xlsx":
        about = [("Liste", sheet.title), ("Hentet", formats.date_time(timezone.now()))]
        content = exports.xlsx_bytes(columns, rows, title=sheet.title, about=about)
        response = HttpResponse(content, content_type=exports.XLSX_CONTENT_TYPE)
    else:
        response = HttpResponse(exports.csv_bytes(columns, rows), content_type=exports.CSV_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


KIND_WORDS = {
    "text": "tekst",
    "integer": "helt tal",
    "amount": "beløb i kr., fx 1.500.000",
    "decimal": "tal, fx 7,5",
    "hours": "timer, fx 7,5",
    "percent": "procent, fx 75",
    "date": "dato, fx 26-03-2019",
    "month": "måned, fx 03-2019",
}


class BatchView(WriteAccessMixin, FormView):
    """One import: its progress, its preview (and "Gem ændringerne"), or its receipt."""

    template_name = "spreadsheets/batch.html"
    form_class = ConfirmForm
    poll_seconds = 2
    model = ImportBatch

    @cached_property
    def batch(self):
        return get_object_or_404(ImportBatch.objects.select_related("created_by", "applied_by"), pk=self.kwargs["pk"])

    @cached_property
    def sheet(self):
        return sheet_for(self.batch.kind)()

    def get_permission_required(self):
        return sheet_for(self.batch.kind).permissions if self.batch.kind in SHEETS else ("spreadsheets.none",)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "token": services.preview_token(self.batch)}

    def get_initial(self):
        return {"preview": services.preview_token(self.batch)}

    @property
    def working(self) -> bool:
        return self.batch.state in (ImportBatch.WAITING, ImportBatch.STAGING, ImportBatch.APPLYING)

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if request.htmx and not self.working:
            # The poll of the progress finds the batch read (or saved): the browser loads the whole page.
            response["HX-Refresh"] = "true"
        return response

    def get_template_names(self):
        if self.request.htmx and self.working:
            return ["spreadsheets/_progress.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        batch = self.batch
        rows = {state: [] for state in ("error", "new", "changed", "unchanged")}
        for row in batch.rows:
            if len(rows[row["state"]]) < PREVIEW_ROWS:
                rows[row["state"]].append(row)
        working = self.working
        return super().get_context_data(
            batch=batch,
            sheet=self.sheet,
            counts=batch.counts,
            rows=rows,
            shown_max=PREVIEW_ROWS,
            to_apply=services.to_apply(batch),
            working=working,
            lost=working and batch.updated_at < timezone.now() - LOST_AFTER,
            poll_seconds=self.poll_seconds,
            import_url=reverse(f"spreadsheets:{batch.kind}") if batch.kind in SHEETS else "",
            list_url=reverse(self.sheet.list_url_name),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if "igen" in request.POST and self.batch.state in (ImportBatch.STAGED, ImportBatch.FAILED):
            if self.batch.content is None:
                messages.error(request, "Filen er ikke gemt længere. Upload den igen.")
                return redirect(self.batch.get_absolute_url())
            services.batch_stage(self.batch.pk)
            messages.info(request, "Forhåndsvisningen er lavet igen ud fra portalens data nu.")
            return redirect(self.batch.get_absolute_url())
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        batch = self.batch
        if batch.state == ImportBatch.APPLIED:
            return redirect(batch.get_absolute_url())  # a second click: the first one saved it
        try:
            services.check_confirmable(batch)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
            return self.form_invalid(form)
        if services.to_apply(batch) > services.INLINE_ROWS:
            ImportBatch.objects.filter(pk=batch.pk).update(state=ImportBatch.APPLYING, updated_at=timezone.now())
            tasks.apply_job.enqueue(batch_id=str(batch.pk), acting_user_id=self.request.user.pk)
            return redirect(batch.get_absolute_url())
        done = services.batch_apply(batch.pk, acting_user=self.request.user)
        if done.state == ImportBatch.APPLIED:
            messages.success(self.request, f"Importen er gemt: {receipt_words(done)}.")
        return redirect(done.get_absolute_url())


def receipt_words(batch) -> str:
    new = sum(1 for row in batch.receipt if row["state"] == "new")
    changed = sum(1 for row in batch.receipt if row["state"] == "changed")
    return f"{formats.integer(new)} nye og {formats.integer(changed)} ændrede"
