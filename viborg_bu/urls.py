from django.contrib import admin
from django.urls import include, path

from core.oidc import PortalLoginView, PortalLogoutView, oidc_urls
from core.urls import lifecycle_urls
from core.views import AccessibilityStatementView, HelpView, session_keepalive
from dashboard.views import DashboardView

admin.site.site_header = "Viborg Kommune · Børn & Unge"
admin.site.site_title = "viborg_bu administration"

urlpatterns = [
    path("", DashboardView.as_view(), name="home"),
    path("overblik/", include("dashboard.urls")),
    path("login/", PortalLoginView.as_view(), name="login"),
    path("logout/", PortalLogoutView.as_view(), name="logout"),
    path("oidc/", include(oidc_urls())),
    path("projekter/", include("projects.urls")),
    path("programmer/", include("programs.urls")),
    path("maal/", include("goals.urls")),
    path("delaftaler/", include("agreements.urls")),
    path("indsatser/", include("initiatives.urls")),
    path("moeder/", include("meetings.urls")),
    path("status/", include("statuses.urls")),
    path("rapportering/", include("reporting.urls")),
    path("revision/", include("audit.urls")),
    path("arkiv/", include((lifecycle_urls(), "archive"))),
    path("soeg/", include("search.urls")),
    path("regneark/", include("spreadsheets.urls")),
    path("hjaelp/", HelpView.as_view(), name="help"),
    path("session/forlaeng/", session_keepalive, name="session_keepalive"),
    path("was", AccessibilityStatementView.as_view(), name="accessibility_statement"),
    path("admin/", admin.site.urls),
]
