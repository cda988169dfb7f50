from django.urls import path

from . import views

app_name = "meetings"
urlpatterns = [
    path("", views.MeetingListView.as_view(), name="meeting_list"),
    path("nyt/", views.MeetingCreateView.as_view(), name="meeting_add"),
    path("<int:pk>/", views.MeetingDetailView.as_view(), name="meeting_detail"),
    path("<int:pk>/bilag/nyt/", views.BilagCreateView.as_view(), name="bilag_add"),
    path("bilag/<int:pk>/", views.BilagPreviewView.as_view(), name="bilag_preview"),
    path("bilag/<int:pk>/pdf/", views.BilagPdfView.as_view(), name="bilag_pdf"),
    path("bilag/<int:pk>/udsted/", views.BilagIssueView.as_view(), name="bilag_issue"),
]
