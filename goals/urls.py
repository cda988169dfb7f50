from django.urls import path

from core.urls import object_urls

from . import views

app_name = "goals"
urlpatterns = [
    path("", views.CoherenceModelView.as_view(), name="model"),
    path("<int:pk>/tekster/", views.CoherenceModelUpdateView.as_view(), name="model_edit"),
    *object_urls("goal", add=views.GoalCreateView, detail=views.GoalDetailView, edit=views.GoalUpdateView),
    *object_urls("value", prefix="vaerdier/", new="ny", add=views.ValueCreateView, edit=views.ValueUpdateView),
    *object_urls("method", prefix="metodikker/", new="ny", add=views.MethodCreateView, edit=views.MethodUpdateView),
    *object_urls(
        "approachelement",
        prefix="forgreningen/",
        new="ny",
        add=views.ApproachElementCreateView,
        edit=views.ApproachElementUpdateView,
    ),
    *object_urls("theme", prefix="temaer/", add=views.ThemeCreateView, edit=views.ThemeUpdateView),
    *object_urls(
        "goalgroup", prefix="maalgrupperinger/", new="ny", add=views.GoalGroupCreateView, edit=views.GoalGroupUpdateView
    ),
    path("<int:pk>/forbindelser/", views.GoalLinksView.as_view(), name="goal_links"),
    path("forbindelser/ny/", views.LinkCreateView.as_view(), name="link_add"),
    path("forbindelser/fjern/", views.LinkDeleteView.as_view(), name="link_delete"),
    *object_urls(
        "indicator",
        prefix="indikatorer/",
        new="ny",
        list=views.IndicatorListView,
        add=views.IndicatorCreateView,
        detail=views.IndicatorDetailView,
        edit=views.IndicatorUpdateView,
    ),
    path("indikatorer/<int:pk>/maaling/", views.MeasurementCreateView.as_view(), name="measurement_add"),
]
