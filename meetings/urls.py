from django.urls import path

from core.urls import object_urls

from . import views

app_name = "meetings"
urlpatterns = [
    *object_urls(
        "meeting",
        list=views.MeetingListView,
        add=views.MeetingCreateView,
        detail=views.MeetingDetailView,
        edit=views.MeetingUpdateView,
    ),
    path("<int:pk>/slet/", views.MeetingDeleteView.as_view(), name="meeting_delete"),
    path("<int:pk>/bilag/nyt/", views.BilagCreateView.as_view(), name="bilag_add"),
    path("bilag/<int:pk>/", views.BilagPreviewView.as_view(), name="bilag_preview"),
    path("bilag/<int:pk>/rediger/", views.BilagUpdateView.as_view(), name="bilag_edit"),
    path("bilag/<int:pk>/slet/", views.BilagDeleteView.as_view(), name="bilag_delete"),
    path("bilag/<int:pk>/pdf/", views.BilagPdfView.as_view(), name="bilag_pdf"),
    path("bilag/<int:pk>/versioner/", views.BilagVersionsView.as_view(), name="bilag_versions"),
    path("bilag/<int:pk>/udsted/", views.BilagIssueView.as_view(), name="bilag_issue"),
    path("bilag/<int:pk>/udstedes/", views.BilagIssueProgressView.as_view(), name="bilag_issue_progress"),
    path("<int:pk>/bilag.pdf", views.MeetingPackPdfView.as_view(), name="meeting_pack_pdf"),
    path("<int:pk>/bilag.zip", views.MeetingPackZipView.as_view(), name="meeting_pack_zip"),
]
