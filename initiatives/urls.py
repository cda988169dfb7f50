from django.urls import path

from . import views

app_name = "initiatives"
urlpatterns = [
    path("", views.PlanStatusView.as_view(), name="status_report"),
    path("plan/<int:pk>/", views.PlanStatusView.as_view(), name="plan_detail"),
    path("liste/", views.InitiativeListView.as_view(), name="initiative_list"),
    path("ny/", views.InitiativeCreateView.as_view(), name="initiative_add"),
    path("<int:pk>/", views.InitiativeDetailView.as_view(), name="initiative_detail"),
    path("<int:pk>/rediger/", views.InitiativeUpdateView.as_view(), name="initiative_edit"),
    path("<int:pk>/status/", views.InitiativeStatusChangeView.as_view(), name="initiative_status"),
]
