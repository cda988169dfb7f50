from django.urls import path

from core.urls import object_urls

from . import views

app_name = "projects"
urlpatterns = [
    *object_urls(
        "project",
        list=views.ProjectListView,
        add=views.ProjectCreateView,
        detail=views.ProjectDetailView,
        edit=views.ProjectUpdateView,
        status=views.ProjectStatusChangeView,
    ),
    path("<int:pk>/delprojekter/nyt/", views.SubProjectCreateView.as_view(), name="subproject_add"),
    path("delprojekter/<int:pk>/rediger/", views.SubProjectUpdateView.as_view(), name="subproject_edit"),
    *object_urls(
        "pool", prefix="puljer/", new="ny", list=views.PoolListView, add=views.PoolCreateView, edit=views.PoolUpdateView
    ),
    *object_urls(
        "partner",
        prefix="samarbejdspartnere/",
        new="ny",
        list=views.PartnerListView,
        add=views.PartnerCreateView,
        edit=views.PartnerUpdateView,
    ),
]
