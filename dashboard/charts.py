"""Server-side SVG bar charts for the overview: no JavaScript, so the same chart can go into a bilag.

Only geometry is computed here; dashboard/_bar_chart.html draws it. Every bar carries its value as
text and, for statuses, the status's shape and label, so nothing is told by colour alone. Each
chart has a title and a description, and the page shows the same numbers in a table.
"""

from dataclasses import dataclass, field

from django.utils.text import Truncator

from core.formats import kr
from statuses.templatetags.status_tags import shape_svg

ROW_HEIGHT, LABEL_WIDTH, BAR_WIDTH, VALUE_WIDTH = 30, 280, 300, 150  # room for "1.142.700.000 kr."


def _n(number: float) -> str:
    return f"{number:.1f}"


@dataclass
class Bar:
    label: str
    value: float
    value_text: str
    y: float = 0
    width: float = 0
    shape: str = ""  # an SVG shape (status bars) drawn before the label
    tone: str = ""

    @property
    def geometry(self):
        return {
            "y": _n(self.y + 6),
            "width": _n(max(self.width, 1.5)),
            "text_y": _n(self.y + ROW_HEIGHT / 2 + 5),
            "value_x": _n(LABEL_WIDTH + self.width + 8),
            "shape_y": _n(self.y + 7),
        }


@dataclass
class BarChart:
    key: str
    title: str
    description: str
    bars: list = field(default_factory=list)
    label_width: int = LABEL_WIDTH
    width: int = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH

    @property
    def height(self):
        return len(self.bars) * ROW_HEIGHT + 8

    @property
    def view_box(self):
        return f"0 0 {self.width} {self.height}"

    @property
    def label_x(self):
        return self.label_width - 8


def _layout(chart: BarChart) -> BarChart:
    top = max((bar.value for bar in chart.bars), default=0) or 1
    for i, bar in enumerate(chart.bars):
        bar.y = i * ROW_HEIGHT
        bar.width = round(bar.value / top * BAR_WIDTH, 1)
    return chart


def status_chart(table) -> BarChart | None:
    """How many items are in each status, across all groups of one kind of item."""
    if not table.rows:
        return None
    chart = BarChart(key=f"status-{table.source.key}", title=f"{table.source.title} fordelt på status", description="")
    for value, _cells, total in table.by_status:
        chart.bars.append(
            Bar(Truncator(value.label).chars(38), total, str(total), shape=shape_svg(value.shape), tone=value.tone)
        )
    chart.description = (
        f"{table.total} i alt: " + "; ".join(f"{bar.label} {bar.value_text}" for bar in chart.bars) + "."
    )
    return _layout(chart)


def money_chart(overview) -> BarChart | None:
    """Money per budget year, one bar per year and state (disponeret, bevilget): states are never
    added together. Amounts given for a whole period are left out and said so."""
    chart = BarChart(key="penge", title="Penge pr. budgetår", description="")
    without_year = []
    for section in overview.sections:
        for year, total in zip(section.years, section.year_totals):
            if year is None:
                if total:
                    without_year.append(f"{kr(total)} {section.state.label.lower()}")
            elif total:
                chart.bars.append(Bar(f"{year} {section.state.label.lower()}", total, kr(total)))
    if not chart.bars:
        return None
    chart.description = "; ".join(f"{bar.label}: {bar.value_text}" for bar in chart.bars)  # amounts end in "kr."
    if without_year:
        chart.description += (
            f" Desuden {' og '.join(without_year)} givet for en periode uden fordeling på år; "
            "de er ikke med i diagrammet."
        )
    return _layout(chart)
