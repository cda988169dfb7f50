from core.urls import object_urls

from . import views

app_name = "projects"
urlpatterns = object_urls(
    "project",
    list=views.ProjectListView,
    add=views.ProjectCreateView,
    detail=views.ProjectDetailView,
    edit=views.ProjectUpdateView,
    status=views.ProjectStatusChangeView,
)
