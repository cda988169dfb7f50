from django.urls import path

from . import views

app_name = "reporting"

urlpatterns = [
    path("", views.RoundListView.as_view(), name="round_list"),
    path("mine-opgaver/", views.MyTasksView.as_view(), name="my_tasks"),
    path("ny/", views.RoundCreateView.as_view(), name="round_add"),
    path("<int:pk>/", views.RoundDetailView.as_view(), name="round_detail"),
    path("<int:pk>/luk/", views.RoundCloseView.as_view(), name="round_close"),
    path("indberetning/<int:pk>/", views.ReportSubmitView.as_view(), name="report_submit"),
    path("indberetning/<int:pk>/godkend/", views.ReportApproveView.as_view(), name="report_approve"),
    path("indberetning/<int:pk>/retur/", views.ReportReturnView.as_view(), name="report_return"),
    path("ansvarlig/", views.ResponsibilityView.as_view(), name="responsibility"),
]
