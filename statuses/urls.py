from django.urls import path

from core.urls import object_urls

from . import views

app_name = "statuses"
urlpatterns = [
    *object_urls(
        "scale",
        prefix="skalaer/",
        new="ny",
        list=views.StatusScaleListView,
        add=views.ScaleCreateView,
        edit=views.ScaleUpdateView,
    ),
    path("skalaer/<int:pk>/vaerdier/ny/", views.StatusValueCreateView.as_view(), name="value_add"),
    path("vaerdier/<int:pk>/rediger/", views.StatusValueUpdateView.as_view(), name="value_edit"),
]
