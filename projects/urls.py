from django.urls import path

from . import views

app_name = "projects"
urlpatterns = [
    path("", views.ProjectListView.as_view(), name="project_list"),
    path("nyt/", views.ProjectCreateView.as_view(), name="project_add"),
    path("<int:pk>/", views.ProjectDetailView.as_view(), name="project_detail"),
    path("<int:pk>/rediger/", views.ProjectUpdateView.as_view(), name="project_edit"),
    path("<int:pk>/status/", views.ProjectStatusChangeView.as_view(), name="project_status"),
]
