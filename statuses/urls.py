from django.urls import path

from .views import StatusScaleListView

app_name = "statuses"
urlpatterns = [
    path("skalaer/", StatusScaleListView.as_view(), name="scale_list"),
]
