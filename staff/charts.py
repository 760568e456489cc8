"""Horizontal bar charts drawn on the server as inline SVG.

The geometry is computed here in whole pixels; ``staff/bar_chart.html`` only
prints it. Each chart sits next to a table holding the same figures.
"""

from dataclasses import dataclass

WIDTH = 640
LABEL_WIDTH = 200
VALUE_WIDTH = 56
ROW_HEIGHT = 24
BAR_HEIGHT = 16
PADDING = 8
LABEL_LENGTH = 28


@dataclass(frozen=True)
class Bar:
    label: str
    short_label: str
    value: int
    y: int
    width: int
    text_y: int
    value_x: int


@dataclass(frozen=True)
class BarChart:
    chart_id: str
    title: str
    description: str
    bars: list[Bar]
    width: int = WIDTH
    label_x: int = LABEL_WIDTH - PADDING
    bar_x: int = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT

    @property
    def height(self):
        return 2 * PADDING + len(self.bars) * ROW_HEIGHT


def bar_chart(items, *, chart_id, title, description):
    """Return a chart with one bar per (label, value) pair, longest bar full width."""
    items = [(str(label), value) for label, value in items]
    highest = max((value for _, value in items), default=0)
    plot_width = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    bars = []
    for index, (label, value) in enumerate(items):
        y = PADDING + index * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) // 2
        width = round(value * plot_width / highest) if highest else 0
        bars.append(
            Bar(
                label=label,
                short_label=_shorten(label),
                value=value,
                y=y,
                width=width,
                text_y=y + BAR_HEIGHT // 2,
                value_x=LABEL_WIDTH + width + PADDING // 2,
            )
        )
    return BarChart(chart_id, str(title), str(description), bars)


def _shorten(label):
    if len(label) <= LABEL_LENGTH:
        return label
    return label[: LABEL_LENGTH - 1].rstrip() + "…"
