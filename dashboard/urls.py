from django.urls import path

from . import views

app_name = "dashboard"
urlpatterns = [
    path("opmaerksomhed/", views.AttentionView.as_view(), name="attention"),
]
