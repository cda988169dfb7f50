from django.urls import path

from . import views
from .kinds import SHEETS

app_name = "spreadsheets"
urlpatterns = [
    # One address per importable list, named by its slug: spreadsheets:projekter → /regneark/projekter/
    *[path(f"{slug}/", views.ImportView.as_view(sheet_class=sheet), name=slug) for slug, sheet in SHEETS.items()],
    path("<uuid:pk>/", views.BatchView.as_view(), name="batch"),
]
