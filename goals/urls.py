from django.urls import path

from . import views

app_name = "goals"
urlpatterns = [
    path("", views.CoherenceModelView.as_view(), name="model"),
    path("<int:pk>/", views.GoalDetailView.as_view(), name="goal_detail"),
    path("<int:pk>/rediger/", views.GoalUpdateView.as_view(), name="goal_edit"),
    path("<int:pk>/forbindelser/", views.GoalLinksView.as_view(), name="goal_links"),
    path("forbindelser/ny/", views.LinkCreateView.as_view(), name="link_add"),
    path("forbindelser/fjern/", views.LinkDeleteView.as_view(), name="link_delete"),
    path("indikatorer/", views.IndicatorListView.as_view(), name="indicator_list"),
    path("indikatorer/ny/", views.IndicatorCreateView.as_view(), name="indicator_add"),
    path("indikatorer/<int:pk>/", views.IndicatorDetailView.as_view(), name="indicator_detail"),
    path("indikatorer/<int:pk>/rediger/", views.IndicatorUpdateView.as_view(), name="indicator_edit"),
    path("indikatorer/<int:pk>/maaling/", views.MeasurementCreateView.as_view(), name="measurement_add"),
]
