"""A small server-side SVG chart of an indicator: baseline → measurements → target.

Only geometry is computed here; goals/_indicator_chart.html draws it. Each series has its own
marker shape and line style and every point carries its value as text, so nothing depends on colour.
"""

import calendar
import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from core.formats import decimal as format_decimal
from core.formats import long_date
from core.formats import measure as with_unit

WIDTH, HEIGHT = 560, 260
LEFT, RIGHT, TOP, BOTTOM = 52, 20, 24, 44


def _n(number: float) -> str:
    """A coordinate for SVG: a dot as decimal sign whatever the active locale."""
    return f"{number:.1f}"


# Marker outlines around (0, 0); each series has its own shape so that colour is never needed.
_MARKERS = {
    "baseline": "M-6 -6H6V6H-6Z",  # filled square
    "comparison": "M0 -7L7 6H-7Z",  # open triangle
    "measurement": "M-6 0A6 6 0 1 0 6 0A6 6 0 1 0 -6 0Z",  # filled circle
    "target": "M0 -8L8 0L0 8L-8 0Z",  # open diamond
}


@dataclass
class Point:
    kind: str  # baseline | comparison | measurement | target
    x: float
    y: float
    label: str  # the value as text, drawn beside the marker
    title: str  # the whole fact, for the marker's <title>

    @property
    def transform(self):
        return f"translate({_n(self.x)} {_n(self.y)})"

    @property
    def marker(self):
        return _MARKERS[self.kind]

    @property
    def label_x(self):
        return _n(self.x + 10)

    @property
    def label_y(self):
        return _n(self.y - 8)


@dataclass
class Chart:
    title: str
    description: str
    points: list[Point] = field(default_factory=list)
    y_ticks: list[tuple[float, str]] = field(default_factory=list)
    x_ticks: list[tuple[float, str]] = field(default_factory=list)
    actual_path: str = ""
    target_path: str = ""
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    bottom: int = HEIGHT - BOTTOM

    def of_kind(self, kind):
        return [p for p in self.points if p.kind == kind]

    @property
    def view_box(self):
        return f"0 0 {self.width} {self.height}"

    @property
    def grid(self):
        """(y, label, label_y) for each horizontal grid line, as SVG strings."""
        return [(_n(y), label, _n(y + 4)) for y, label in self.y_ticks]

    @property
    def years(self):
        return [(_n(x), label) for x, label in self.x_ticks]

    @property
    def edges(self):
        return {
            "left": _n(self.left),
            "right": _n(self.right),
            "top": _n(self.top),
            "bottom": _n(self.bottom),
            "tick_x": _n(self.left - 6),
            "year_y": _n(self.bottom + 18),
        }


def _year_position(day: datetime.date) -> float:
    days = 366 if calendar.isleap(day.year) else 365
    return day.year + (day.timetuple().tm_yday - 1) / days


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        candidate = step * magnitude
        if candidate >= value:
            return float(candidate)
    return float(10 * magnitude)


def indicator_chart(indicator) -> Chart | None:
    """The chart for an indicator, or None while there is no number to draw ("Data kommer")."""
    unit = indicator.unit
    facts = []  # (kind, x-position, value, title)
    if indicator.baseline_value is not None and indicator.baseline_year:
        area = f" ({indicator.baseline_area})" if indicator.baseline_area else ""
        facts.append(
            (
                "baseline",
                indicator.baseline_year + 0.5,
                indicator.baseline_value,
                f"Baseline {indicator.baseline_year}{area}: {with_unit(indicator.baseline_value, unit)}",
            )
        )
    if indicator.comparison_value is not None and indicator.baseline_year:
        area = indicator.comparison_area or "anden baseline"
        facts.append(
            (
                "comparison",
                indicator.baseline_year + 0.5,
                indicator.comparison_value,
                f"{area} {indicator.baseline_year}: {with_unit(indicator.comparison_value, unit)}",
            )
        )
    for measurement in indicator.measurement_list:
        facts.append(
            (
                "measurement",
                _year_position(measurement.measured_on),
                measurement.value,
                f"Måling {long_date(measurement.measured_on)}: {with_unit(measurement.value, unit)}",
            )
        )
    for target in indicator.target_list:
        facts.append(
            ("target", target.year + 0.5, target.value, f"Mål for {target.year}: {with_unit(target.value, unit)}")
        )
    if not facts:
        return None

    first_year = int(min(x for _, x, _, _ in facts))
    last_year = int(max(x for _, x, _, _ in facts))
    values = [float(v) for _, _, v, _ in facts]
    low = min(0.0, min(values))
    high = 100.0 if indicator.is_percent and max(values) <= 100 else _nice_max(max(values) * 1.1)
    if high == low:
        high = low + 1

    chart = Chart(title=f"Udvikling: {indicator.name}", description="")

    def sx(x):
        return round(chart.left + (x - first_year) / (last_year + 1 - first_year) * (chart.right - chart.left), 1)

    def sy(v):
        return round(chart.bottom - (float(v) - low) / (high - low) * (chart.bottom - chart.top), 1)

    for kind, x, value, title in facts:
        chart.points.append(Point(kind, sx(x), sy(value), with_unit(value, unit), title))

    years = list(range(first_year, last_year + 1))
    every = max(1, len(years) // 8)
    chart.x_ticks = [(sx(year + 0.5), str(year)) for year in years[::every]]
    chart.y_ticks = [
        (sy(low + (high - low) * i / 4), format_decimal(Decimal(str(round(low + (high - low) * i / 4, 2)))))
        for i in range(5)
    ]

    actual = [p for p in chart.points if p.kind in ("baseline", "measurement")]
    actual.sort(key=lambda p: p.x)
    if len(actual) > 1:
        chart.actual_path = "M" + " L".join(f"{_n(p.x)} {_n(p.y)}" for p in actual)
    targets = chart.of_kind("target")
    if targets:
        start = [actual[-1]] if actual else []
        chain = start + sorted(targets, key=lambda p: p.x)
        if len(chain) > 1:
            chart.target_path = "M" + " L".join(f"{_n(p.x)} {_n(p.y)}" for p in chain)

    chart.description = describe(indicator)
    return chart


def describe(indicator) -> str:
    """The chart in words, for <desc> and for anyone who cannot see it."""
    unit = indicator.unit
    parts = []
    if indicator.baseline_value is not None:
        year = f" i {indicator.baseline_year}" if indicator.baseline_year else ""
        parts.append(f"Baseline{year}: {with_unit(indicator.baseline_value, unit)}.")
    else:
        parts.append("Baseline: Data kommer.")
    if indicator.comparison_value is not None:
        parts.append(f"{indicator.comparison_area or 'Anden baseline'}: {with_unit(indicator.comparison_value, unit)}.")
    measurements = indicator.measurement_list
    if measurements:
        shown = measurements[-6:]
        listed = "; ".join(f"{with_unit(m.value, unit)} den {long_date(m.measured_on)}" for m in shown)
        more = f" (de seneste {len(shown)} af {len(measurements)})" if len(measurements) > len(shown) else ""
        parts.append(f"Målinger{more}: {listed}.")
    else:
        parts.append("Ingen målinger endnu.")
    targets = indicator.target_list
    if targets:
        parts.append("Mål: " + "; ".join(f"{with_unit(t.value, unit)} i {t.year}" for t in targets) + ".")
    else:
        parts.append("Intet mål fastsat.")
    return " ".join(parts)
