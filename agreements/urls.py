from django.urls import path

from . import views

app_name = "agreements"
urlpatterns = [
    path("", views.AgreementListView.as_view(), name="agreement_list"),
    path("<int:pk>/", views.AgreementDetailView.as_view(), name="agreement_detail"),
    path("<int:pk>/rediger/", views.AgreementUpdateView.as_view(), name="agreement_edit"),
    path("<int:pk>/aktiviteter/ny/", views.ActivityCreateView.as_view(), name="activity_add"),
    path("<int:pk>/delmaal/nyt/", views.SubGoalCreateView.as_view(), name="subgoal_add"),
    path("delmaal/<int:pk>/rediger/", views.SubGoalUpdateView.as_view(), name="subgoal_edit"),
    path("aktiviteter/", views.ActivityListView.as_view(), name="activity_list"),
    path("aktiviteter/<int:pk>/", views.ActivityDetailView.as_view(), name="activity_detail"),
    path("aktiviteter/<int:pk>/rediger/", views.ActivityUpdateView.as_view(), name="activity_edit"),
    path("aktiviteter/<int:pk>/status/", views.ActivityStatusChangeView.as_view(), name="activity_status"),
]
