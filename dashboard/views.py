from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.generic import TemplateView

from core.pdf import render_pdf
from core.timetravel import as_of, past_rows
from core.versions import CACHE_SECONDS, data_version
from reporting.selectors import progress_for_meeting

from .charts import money_chart, status_chart
from .forms import OverviewFilterForm, compared_meetings, meeting_options, overview_filter, period
from .selectors import (
    NO_FILTER,
    change_summary,
    changes_since,
    compare_meetings,
    filter_scope,
    first_screen,
    goals_overview,
    held_meetings,
    last_meeting,
    meeting_calendar,
    money_per_year_and_source,
    overview_numbers,
    sources,
    stale_counts,
    stale_items,
    status_counts,
)


def overview_figures(moment, days, chosen=NO_FILTER) -> dict:
    """Everything the overview shows that does not depend on who looks; a fixed number of queries."""
    meeting, upcoming, held = meeting_calendar(moment.date() if moment else None)
    numbers = overview_numbers(moment=moment, days=days, chosen=chosen)
    for table in numbers.tables:
        table.chart = status_chart(table)
    changes = changes_since(meeting, moment=moment, scope=filter_scope(chosen))
    flagged, awaiting = first_screen(numbers.tables, moment, chosen)
    return {
        "tables": numbers.tables,
        "money": numbers.money.capped(),
        "money_chart": money_chart(numbers.money),
        "goals": goals_overview(moment),
        "meeting": meeting,
        "next_meeting": None if moment else upcoming,
        # Today's reporting round for the next meeting; the past shows none (rounds keep no as-of state).
        "reporting": None if moment else progress_for_meeting(upcoming),
        "meetings": held,
        "changes": changes,
        "change_summary": change_summary(changes),
        "flagged": flagged,
        "awaiting": awaiting,
        "stale": stale_counts(numbers.tables, days),
        # Data-quality flags describe today's indicators; the past shows none rather than today's.
        "indicator_flags": numbers.indicator_flags,
        "chosen": chosen,
    }


def overview_sections(moment, day, days, filter_form=None, chosen=NO_FILTER, for_pdf=False) -> dict[str, str]:
    """The overview's sections as HTML: they look the same to everyone, so they are cached per data
    version. Any saved change, anywhere, makes a new version, so a cached overview is never stale.
    The cache holds the HTML rather than the figures: a page served from it costs one query and no
    unpickling of model instances (ADR 0011). The filter form is part of it: its choices are data too."""
    key = f"overblik:{data_version()}:{moment.isoformat() if moment else 'nu'}:{days}:{chosen.key}:{int(for_pdf)}"
    sections = None if filter_form is not None and filter_form.is_bound and filter_form.errors else cache.get(key)
    if sections is None:
        figures = overview_figures(moment, days, chosen)
        context = {
            **figures,
            "days": days,
            "time_travel_day": day,
            "filter_form": filter_form or OverviewFilterForm(),
            "meeting_options": meeting_options(figures["meetings"], day),
            "for_pdf": for_pdf,
        }
        sections = {
            name: render_to_string(f"dashboard/{template}", context)
            for name, template in [
                ("shortcuts", "_shortcuts.html"),
                ("tools", "_tools.html"),
                ("brief", "_brief.html"),
                ("attention", "_attention_counts.html"),
                ("sections", "_sections.html"),
            ]
        }
        cache.set(key, sections, CACHE_SECONDS)
    return sections


class DashboardView(TemplateView):
    """The committee's overview, built around the next meeting: what changed since the last one, what is
    red or yellow and why, what awaits a decision; then status, money and goals, each as one chart
    with its table one step away. Today or as it was at the end of a chosen day."""

    template_name = "dashboard/dashboard.html"
    for_pdf = False

    def get_context_data(self, **kwargs):
        period_form, days = period(self.request)
        filter_form, chosen = overview_filter(self.request)
        day = getattr(self.request, "time_travel_day", None)
        sections = overview_sections(as_of(self.request), day, days, filter_form, chosen, self.for_pdf)
        return super().get_context_data(
            sections=sections,
            period_form=period_form,
            days=days,
            chosen=chosen,
            time_travel_supported=True,
            for_pdf=self.for_pdf,
            **kwargs,
        )


def overview_pdf(request, render_html, days, chosen) -> HttpResponse:
    """The overview as a PDF, rendered (a few seconds) once per data version, day, period and filter:
    nothing it shows can change without a new data version (core.versions)."""
    moment = as_of(request)
    key = f"overblik-pdf:{data_version()}:{moment.isoformat() if moment else 'nu'}:{days}:{chosen.key}"
    content = cache.get(key)
    if content is None:
        content = render_pdf(render_html(), user=request.user).content
        cache.set(key, content, CACHE_SECONDS)
    day = getattr(request, "time_travel_day", None) or timezone.localdate()
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, f"overblik-{day.isoformat()}.pdf")
    response["Cache-Control"] = "private, no-store"
    return response


class DashboardPdfView(DashboardView):
    """The same overview as a PDF of at most two A4 pages (its print layout, static/css/portal.css),
    rendered by WeasyPrint (core.pdf)."""

    for_pdf = True

    def render_to_response(self, context, **response_kwargs):
        html = super().render_to_response
        return overview_pdf(
            self.request, lambda: html(context, **response_kwargs).rendered_content, context["days"], context["chosen"]
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


class CompareView(TemplateView):
    """Two meetings compared: status counts and money at each, and every change in between."""

    template_name = "dashboard/compare.html"

    def get_context_data(self, **kwargs):
        form, pair = compared_meetings(self.request, held_meetings())
        return super().get_context_data(form=form, comparison=compare_meetings(*pair) if pair else None, **kwargs)
