from django.urls import path

from core.urls import object_urls

from . import views

app_name = "agreements"
urlpatterns = [
    *object_urls(
        "agreement",
        new="ny",
        list=views.AgreementListView,
        add=views.AgreementCreateView,
        detail=views.AgreementDetailView,
        edit=views.AgreementUpdateView,
    ),
    path("<int:pk>/aktiviteter/ny/", views.ActivityCreateView.as_view(), name="activity_add"),
    path("<int:pk>/delmaal/nyt/", views.SubGoalCreateView.as_view(), name="subgoal_add"),
    path("delmaal/<int:pk>/rediger/", views.SubGoalUpdateView.as_view(), name="subgoal_edit"),
    *object_urls(
        "activity",
        prefix="aktiviteter/",
        list=views.ActivityListView,
        detail=views.ActivityDetailView,
        edit=views.ActivityUpdateView,
        status=views.ActivityStatusChangeView,
    ),
]
