from django.urls import path

from core.urls import object_urls

from . import views

app_name = "initiatives"
urlpatterns = [
    path("", views.PlanStatusView.as_view(), name="status_report"),
    path("plan/<int:pk>/", views.PlanStatusView.as_view(), name="plan_detail"),
    path("plan/<int:pk>/tekster/", views.PlanUpdateView.as_view(), name="plan_edit"),
    path("liste/", views.InitiativeListView.as_view(), name="initiative_list"),
    path("plan/<int:pk>/omraader/nyt/", views.AreaCreateView.as_view(), name="area_add"),
    path("omraader/<int:pk>/rediger/", views.AreaUpdateView.as_view(), name="area_edit"),
    path("plan/<int:pk>/temaer/nyt/", views.ThemeCreateView.as_view(), name="theme_add"),
    path("temaer/<int:pk>/rediger/", views.ThemeUpdateView.as_view(), name="theme_edit"),
    *object_urls(
        "initiative",
        new="ny",
        add=views.InitiativeCreateView,
        detail=views.InitiativeDetailView,
        edit=views.InitiativeUpdateView,
        status=views.InitiativeStatusChangeView,
    ),
]
