"""Bar charts for the overview, drawn on the server: no JavaScript, so the same chart can go into a PDF.

A chart's words and numbers are HTML text, never text inside a scaled SVG: a chart shrunk to a phone's
width would shrink its SVG text below a readable size (about 5 px at 390 px), while HTML text keeps the
page's size and wraps. Only each bar is an SVG, stretched to its share of the row. Every bar carries its
value as text and, for statuses, the status's shape and label, so nothing is told by colour alone; the
numbers also stand in a table one step away ("Vis som tabel").
"""

from dataclasses import dataclass, field

from core.formats import kr

from .selectors.base import _linker

# The bars' paint as SVG attributes: WeasyPrint (the overview's PDF) applies no page CSS to inline SVG.
# The same colours as static/css/portal.css gives the tones on screen.
TONE_FILL = {"green": "#0a6b2d", "yellow": "#b58900", "red": "#b3131b", "blue": "#0b5394", "grey": "#6c757d"}
DEFAULT_FILL = "#2f5f8a"


@dataclass
class Bar:
    label: str
    value: float
    value_text: str
    url: str = ""  # the list behind the number
    status: object = None  # a StatusValue, drawn as its badge (shape + label) instead of the label
    tone: str = ""
    percent: str = "0"  # the bar's length as a share of the longest bar's

    @property
    def fill(self) -> str:
        return TONE_FILL.get(self.tone, DEFAULT_FILL)

    @property
    def spoken(self) -> str:
        """What a link on the number says: the number alone would be read as "6, link"."""
        return f"{self.value_text}: {self.label}"


@dataclass
class BarChart:
    key: str
    title: str
    description: str = ""
    bars: list = field(default_factory=list)


def _layout(chart: BarChart) -> BarChart:
    top = max((bar.value for bar in chart.bars), default=0) or 1
    for bar in chart.bars:
        # A bar never vanishes: the smallest still shows where it starts.
        bar.percent = f"{max(bar.value / top * 100, 0.75):.1f}"
    return chart


def status_chart(table) -> BarChart | None:
    """How many items are in each status, across all groups of one kind of item (statuses no item has
    are left out, as in the table)."""
    lines = table.by_status
    if not lines:
        return None
    link = _linker(table.source.list_url)
    params = table.params
    chart = BarChart(key=f"status-{table.source.key}", title=f"{table.source.title} fordelt på status")
    for value, _cells, total in lines:
        chart.bars.append(
            Bar(value.label, total, str(total), url=link(status=value.pk, **params), status=value, tone=value.tone)
        )
    chart.description = f"{table.total} i alt."
    return _layout(chart)


def money_chart(overview) -> BarChart | None:
    """Money per budget year, one bar per year and state (disponeret, bevilget): states are never
    added together. Amounts given for a whole period are left out and said so."""
    chart = BarChart(key="penge", title="Penge pr. budgetår")
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
    if without_year:
        chart.description = (
            f"Desuden {' og '.join(without_year)} givet for en periode uden fordeling på år; "
            "de er ikke med i diagrammet."
        )
    return _layout(chart)
