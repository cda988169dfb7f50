from django.views.generic import TemplateView

from django import forms
from django.http import Http404

from .services import (
    SOURCES,
    STALE_AFTER_DAYS,
    status_changes_since,
    indicator_flag_counts,
    last_meeting,
    stale_counts,
    stale_items,
    status_counts,
)


class PeriodForm(forms.Form):
    dage = forms.IntegerField(
        label="Ikke opdateret i mindst (dage)", min_value=1, max_value=3650, initial=STALE_AFTER_DAYS, localize=False,
        error_messages={"invalid": "Skriv et helt antal dage, fx 90.", "min_value": "Mindst 1 dag.",
                        "max_value": "Højst 3650 dage."},
    )


def period(request) -> tuple[PeriodForm, int]:
    form = PeriodForm(request.GET if "dage" in request.GET else None)
    days = form.cleaned_data["dage"] if form.is_bound and form.is_valid() else STALE_AFTER_DAYS
    return form, days


class DashboardView(TemplateView):
    """The committee's overview at a glance: statuses per group and what changed since the last meeting."""

    template_name = "dashboard/dashboard.html"

    def get_context_data(self, **kwargs):
        meeting = last_meeting()
        period_form, days = period(self.request)
        return super().get_context_data(
            tables=[status_counts(source) for source in SOURCES],
            meeting=meeting,
            changes=status_changes_since(meeting),
            period_form=period_form,
            days=days,
            stale=stale_counts(days),
            indicator_flags=indicator_flag_counts(),
            **kwargs,
        )


class AttentionView(TemplateView):
    """Items whose status has not been updated within the chosen period, one kind at a time."""

    template_name = "dashboard/attention.html"

    def get_context_data(self, **kwargs):
        period_form, days = period(self.request)
        key = self.request.GET.get("kilde", SOURCES[0].key)
        source = next((s for s in SOURCES if s.key == key), None)
        if source is None:
            raise Http404("Ukendt slags")
        return super().get_context_data(
            source=source, sources=SOURCES, days=days, period_form=period_form,
            items=stale_items(source, days).order_by("status_changed_at", "pk")[:500], **kwargs,
        )
