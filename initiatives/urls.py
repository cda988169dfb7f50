from django.urls import path

from core.urls import object_urls

from . import views

app_name = "initiatives"
urlpatterns = [
    path("", views.PlanStatusView.as_view(), name="status_report"),
    path("plan/<int:pk>/", views.PlanStatusView.as_view(), name="plan_detail"),
    path("plan/<int:pk>/tekster/", views.PlanUpdateView.as_view(), name="plan_edit"),
    path("liste/", views.InitiativeListView.as_view(), name="initiative_list"),
    *object_urls(
        "initiative",
        new="ny",
        add=views.InitiativeCreateView,
        detail=views.InitiativeDetailView,
        edit=views.InitiativeUpdateView,
        status=views.InitiativeStatusChangeView,
    ),
]
