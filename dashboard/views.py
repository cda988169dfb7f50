from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404
from django.template.loader import render_to_string
from django.views.generic import TemplateView

from core.timetravel import as_of, past_rows
from core.versions import CACHE_SECONDS, data_version

from .charts import money_chart, status_chart
from .forms import period
from .selectors import (
    changes_since,
    goals_overview,
    last_meeting,
    money_per_year_and_source,
    overview_numbers,
    sources,
    stale_counts,
    stale_items,
    status_counts,
)


def overview_figures(moment, days) -> dict:
    """Everything the overview shows that does not depend on who looks; a fixed number of queries."""
    meeting = last_meeting(moment.date() if moment else None)
    numbers = overview_numbers(moment=moment, days=days)
    for table in numbers.tables:
        table.chart = status_chart(table)
    return {
        "tables": numbers.tables,
        "money": numbers.money.capped(),
        "money_chart": money_chart(numbers.money),
        "goals": goals_overview(moment),
        "meeting": meeting,
        "changes": changes_since(meeting, moment=moment),
        "stale": stale_counts(numbers.tables, days),
        # Data-quality flags describe today's indicators; the past shows none rather than today's.
        "indicator_flags": numbers.indicator_flags,
    }


def overview_sections(moment, day, days) -> dict[str, str]:
    """The overview's sections as HTML: they look the same to everyone, so they are cached per data
    version. Any saved change, anywhere, makes a new version, so a cached overview is never stale.
    The cache holds the HTML rather than the figures: a page served from it costs one query and no
    unpickling of model instances (ADR 0011)."""
    key = f"overblik:{data_version()}:{moment.isoformat() if moment else 'nu'}:{days}"
    sections = cache.get(key)
    if sections is None:
        context = {**overview_figures(moment, days), "days": days, "time_travel_day": day}
        sections = {
            name: render_to_string(f"dashboard/{template}", context)
            for name, template in [
                ("shortcuts", "_shortcuts.html"),
                ("attention", "_attention_counts.html"),
                ("sections", "_sections.html"),
            ]
        }
        cache.set(key, sections, CACHE_SECONDS)
    return sections


class DashboardView(TemplateView):
    """The committee's overview at a glance, today or as it was at the end of a chosen day."""

    template_name = "dashboard/dashboard.html"

    def get_context_data(self, **kwargs):
        period_form, days = period(self.request)
        sections = overview_sections(as_of(self.request), getattr(self.request, "time_travel_day", None), days)
        return super().get_context_data(
            sections=sections,
            period_form=period_form,
            days=days,
            time_travel_supported=True,
            **kwargs,
        )


def _source(request):
    available = sources()
    key = request.GET.get("kilde", available[0].key)
    source = next((s for s in available if s.key == key), None)
    if source is None:
        raise Http404("Ukendt slags")
    return source


class StatusBreakdownView(TemplateView):
    """Every group of one kind of item with its count per status: what the overview sums as "Øvrige"."""

    template_name = "dashboard/status_breakdown.html"

    def get_context_data(self, **kwargs):
        source = _source(self.request)
        table = status_counts(source, as_of(self.request), all_groups=True)
        return super().get_context_data(
            source=source, sources=sources(), table=table, time_travel_supported=True, **kwargs
        )


class MoneyView(TemplateView):
    """Money per year from every source, not only the largest ones the overview shows."""

    template_name = "dashboard/money.html"

    def get_context_data(self, **kwargs):
        money = money_per_year_and_source(as_of(self.request))
        return super().get_context_data(
            money=money, money_chart=money_chart(money), time_travel_supported=True, **kwargs
        )


class ChangesView(TemplateView):
    """Every item the committee follows that changed since the last meeting, with all its changes."""

    template_name = "dashboard/changes.html"

    def get_context_data(self, **kwargs):
        moment = as_of(self.request)
        meeting = last_meeting(moment.date() if moment else None)
        return super().get_context_data(
            meeting=meeting,
            changes=changes_since(meeting, moment=moment, limit=None),
            time_travel_supported=True,
            **kwargs,
        )


class AttentionView(TemplateView):
    """Items whose status has not been updated within the chosen period, one kind at a time, paged."""

    template_name = "dashboard/attention.html"
    per_page = 50

    def get_context_data(self, **kwargs):
        period_form, days = period(self.request)
        source = _source(self.request)
        moment = as_of(self.request)
        stale = stale_items(source, days, moment).order_by("status_changed_at", "id" if moment else "pk")
        page = Paginator(stale, self.per_page).get_page(self.request.GET.get("side"))
        page.object_list = (
            past_rows(page.object_list, "status") if moment else page.object_list.select_related("status")
        )
        return super().get_context_data(
            source=source,
            sources=[s for s in sources() if s.needs_attention],
            days=days,
            days_text=str(days),
            period_form=period_form,
            page=page,
            items=page.object_list,
            time_travel_supported=True,
            **kwargs,
        )
