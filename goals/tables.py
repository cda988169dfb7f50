import django_tables2 as tables
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html

from core import formats
from core.tables import BaseTable

from .models import NEWEST, Measurement
from .templatetags.goal_tags import quality_flags

HIDE_BELOW_LARGE = {cell: {"class": "d-none d-lg-table-cell"} for cell in ("th", "td")}


# How an indicator's three figures read wherever they are shown: its list, the overview, the goal's page.
NO_MEASUREMENT = "Ingen måling endnu"
NO_TARGET = "Intet mål fastsat"


def baseline_shown(value, unit, year) -> str:
    """ "75 % (2023)"; a baseline the source promises but does not give is "Data kommer", never 0."""
    if value is None:
        return formats.NO_DATA
    return formats.measure(value, unit) + (f" ({formats.year(year)})" if year else "")


def latest_shown(value, unit, day) -> str:
    return NO_MEASUREMENT if value is None else f"{formats.measure(value, unit)} ({formats.long_date(day)})"


def target_shown(value, unit, year) -> str:
    return NO_TARGET if year is None else f"{formats.measure(value, unit)} i {formats.year(year)}"


def baseline_text(indicator):
    return baseline_shown(indicator.baseline_value, indicator.unit, indicator.baseline_year)


def latest_text(indicator):
    latest = indicator.latest_measurement
    return latest_shown(latest and latest.value, indicator.unit, latest and latest.measured_on)


def target_text(indicator):
    target = indicator.current_target
    return target_shown(target and target.value, indicator.unit, target and target.year)


def measures_text(indicator):
    if indicator.goal_id:
        return indicator.goal.label
    return f"{indicator.sub_goal.agreement.name}: {indicator.sub_goal.name}"


class IndicatorTable(BaseTable):
    """Indicators with baseline → latest measurement → target and their data-quality flags."""

    select_related = ("goal", "sub_goal__agreement")
    # Only each indicator's newest measurement: its cells and flags read no other (there are about four).
    prefetch_related = (
        Prefetch("measurements", queryset=Measurement.objects.order_by("-measured_on", "-id")[:1], to_attr=NEWEST),
        "targets",
    )

    name = tables.Column(verbose_name="Indikator", linkify=True, attrs={"td": {"class": "fw-semibold"}})
    measures = tables.Column(verbose_name="Måler", accessor="pk", orderable=False, attrs=HIDE_BELOW_LARGE)
    baseline = tables.Column(
        verbose_name="Baseline", accessor="baseline_value", empty_values=(), attrs={"td": {"class": "text-nowrap"}}
    )
    latest = tables.Column(verbose_name="Seneste måling", accessor="pk", orderable=False)
    target = tables.Column(verbose_name="Mål", accessor="pk", orderable=False, attrs={"td": {"class": "text-nowrap"}})
    quality = tables.Column(verbose_name="Datakvalitet", accessor="pk", orderable=False)
    data_source = tables.Column(verbose_name="Datakilde", visible=False)

    class Meta(BaseTable.Meta):
        fields = ("name", "measures", "baseline", "latest", "target", "quality")
        sequence = ("name", "measures", "baseline", "latest", "target", "quality", "data_source")
        empty_text = "Ingen indikatorer matcher filtrene."

    def render_measures(self, record):
        target = record.goal if record.goal_id else record.sub_goal.agreement
        url = target.get_absolute_url() if record.goal_id else record.sub_goal.get_absolute_url()
        return format_html('<a href="{}">{}</a>', url, measures_text(record))

    def value_measures(self, record):
        return measures_text(record)

    def render_baseline(self, record):
        return baseline_text(record)

    def value_baseline(self, record):
        return baseline_text(record)

    def render_latest(self, record):
        return latest_text(record)

    def value_latest(self, record):
        return latest_text(record)

    def render_target(self, record):
        return target_text(record)

    def value_target(self, record):
        return target_text(record)

    @cached_property
    def today(self):
        return timezone.localdate()

    def render_quality(self, record):
        return quality_flags(record, today=self.today)

    def value_quality(self, record):
        return ", ".join(flag.label for flag in record.quality_flags(self.today)) or "Ingen mangler"
