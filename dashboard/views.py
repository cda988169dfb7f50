from django.views.generic import TemplateView

from .services import SOURCES, changes_since, last_meeting, status_counts


class DashboardView(TemplateView):
    """The committee's overview at a glance: statuses per group and what changed since the last meeting."""

    template_name = "dashboard/dashboard.html"

    def get_context_data(self, **kwargs):
        meeting = last_meeting()
        return super().get_context_data(
            tables=[status_counts(source) for source in SOURCES],
            meeting=meeting,
            changes=changes_since(meeting),
            **kwargs,
        )
