from django.urls import path

from . import views
from .kinds import SHEETS

app_name = "spreadsheets"
urlpatterns = [
    # One address per importable list, named by its slug: spreadsheets:projekter → /regneark/projekter/
    *[path(f"{slug}/", views.ImportView.as_view(sheet_class=sheet), name=slug) for slug, sheet in SHEETS.items()],
    # The download of a sheet no list exports (the measurements): the import's columns, today's data.
    *[
        path(f"{slug}/hent/", views.SheetDownloadView.as_view(sheet_class=sheet), name=f"{slug}_hent")
        for slug, sheet in SHEETS.items()
        if sheet.own_download
    ],
    path("<uuid:pk>/", views.BatchView.as_view(), name="batch"),
]
