from django import forms

from core.forms import PortalForm

from .reading import MAX_BYTES, SheetFileError, check_size


class UploadForm(PortalForm):
    file = forms.FileField(
        label="Regneark",
        help_text="En Excel-fil (.xlsx) eller CSV-fil med listens kolonner, fx den du har hentet med „Hent Excel“.",
        error_messages={
            "required": "Vælg den fil, der skal importeres.",
            "empty": "Filen er tom.",
            "invalid": "Vælg en fil at importere.",
            "missing": "Vælg den fil, der skal importeres.",
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            check_size(upload.size)  # before the file is read
        except SheetFileError as error:
            raise forms.ValidationError(error.message) from error
        return upload


class ConfirmForm(PortalForm):
    """The confirm button carries the preview the user saw (spreadsheets.services.preview_token)."""

    preview = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, token: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.token = token

    def clean_preview(self):
        if self.cleaned_data["preview"] != self.token:
            raise forms.ValidationError(
                "Forhåndsvisningen er ikke længere den, du så. Se den igennem igen, og bekræft derefter."
            )
        return self.cleaned_data["preview"]


__all__ = ["UploadForm", "ConfirmForm", "MAX_BYTES"]
