import django_tables2 as tables
from django.template.loader import render_to_string
from django.utils.html import format_html

from core.tables import BaseTable

from core.formats import long_date
from core.formats import measure as with_unit

HIDE_BELOW_LARGE = {cell: {"class": "d-none d-lg-table-cell"} for cell in ("th", "td")}


def baseline_text(indicator):
    if indicator.baseline_value is None:
        return "Data kommer"
    year = f" ({indicator.baseline_year})" if indicator.baseline_year else ""
    return with_unit(indicator.baseline_value, indicator.unit) + year


def latest_text(indicator):
    latest = indicator.latest_measurement
    if latest is None:
        return "Data kommer"
    return f"{with_unit(latest.value, indicator.unit)} ({long_date(latest.measured_on)})"


def target_text(indicator):
    target = indicator.current_target
    if target is None:
        return "Intet mål"
    return f"{with_unit(target.value, indicator.unit)} i {target.year}"


def measures_text(indicator):
    if indicator.goal_id:
        return indicator.goal.label
    return f"{indicator.sub_goal.agreement.name}: {indicator.sub_goal.name}"


class IndicatorTable(BaseTable):
    """Indicators with baseline → latest measurement → target and their data-quality flags."""

    select_related = ("goal", "sub_goal__agreement")
    prefetch_related = ("measurements", "targets")

    name = tables.Column(verbose_name="Indikator", linkify=True, attrs={"td": {"class": "fw-semibold"}})
    measures = tables.Column(verbose_name="Måler", accessor="pk", orderable=False, attrs=HIDE_BELOW_LARGE)
    baseline = tables.Column(verbose_name="Baseline", accessor="baseline_value", attrs={"td": {"class": "text-nowrap"}})
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

    def render_quality(self, record):
        return render_to_string("goals/_quality_flags.html", {"indicator": record})

    def value_quality(self, record):
        return ", ".join(flag.label for flag in record.quality_flags()) or "Ingen mangler"
