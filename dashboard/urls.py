from django.urls import path

from . import views

app_name = "dashboard"
urlpatterns = [
    path("opmaerksomhed/", views.AttentionView.as_view(), name="attention"),
    path("status/", views.StatusBreakdownView.as_view(), name="status_breakdown"),
    path("penge/", views.MoneyView.as_view(), name="money"),
    path("aendringer/", views.ChangesView.as_view(), name="changes"),
    path("pdf/", views.DashboardPdfView.as_view(), name="pdf"),
    path("sammenlign/", views.CompareView.as_view(), name="compare"),
]
