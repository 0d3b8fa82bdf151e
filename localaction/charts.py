"""Charts for pages and PDF reports: matplotlib drawn to SVG, inlined in the HTML.

The one chart helper of the platform. A chart is an SVG string with a
`<title>` and a `<desc>` that screen readers announce, text kept as text (not
glyph outlines) so that it scales and can be searched, and nothing fetched
from another host: no scripts, fonts or images, only the SVG namespaces. A
page shows the same figures as a table beside each chart, so the chart is
never the only way to read them.

    svg = bar_chart(["Scope 1", "Scope 2"], [120.5, 80.0], title=..., description=...,
                    unit="t CO2e", chart_id="by-scope")
    svg = line_chart([Series("Inventories", [(2010, 1e6), (2020, 8e5)], style="markers"),
                      Series("Forecast", [(2020, 8e5), (2050, 9e5)])], title=..., ...)
"""

from __future__ import annotations

import io
import re
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal
from xml.sax.saxutils import escape

import matplotlib
from django.utils.formats import number_format
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

# No display on a server: figures draw with Agg even if pyplot is imported.
matplotlib.use("Agg")

# The site's palette (static/localaction/site.css).
INK = "#1b2a2f"
MUTED = "#52626a"
LINE = "#d5dee2"
BRAND = "#0b6e4f"
NEGATIVE = "#1a759f"
# Line charts: colours told apart in print and by most colour-blind readers,
# and each series also differs in dash or marker shape.
SERIES_COLOURS = (BRAND, "#c0392b", NEGATIVE, "#7a5195", INK)
MARKERS = ("o", "D", "s", "^", "v")

WIDTH_INCHES = 5.0
BAR_INCHES = 0.42
LABEL_WIDTH = 24  # characters per line of a bar's label
TICKS = 4

_STYLE = {
    "svg.fonttype": "none",  # text stays text
    # Labels are names people type: "$" is a dollar sign, never TeX (mathtext
    # would fail on "$\\frac{1}{$" and take the page down with it).
    "text.parse_math": False,
    # Laid out with DejaVu Sans, which is wider than the page's fonts, so
    # labels still fit when the browser draws them in its own (_FONTS).
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": 10,
    "axes.edgecolor": LINE,
    "axes.labelcolor": MUTED,
    "xtick.color": MUTED,
    "ytick.color": INK,
    "text.color": INK,
}
_FONTS = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', Ubuntu"
_PROLOGUE = re.compile(r"^.*?(?=<svg\b)", re.DOTALL)
_METADATA = re.compile(r"<metadata>.*?</metadata>\s*", re.DOTALL)
# Matplotlib names its groups figure_1, axes_1 …: the same on every chart, so
# two charts on a page would repeat ids. Only hashed ids (salted per chart)
# are referenced.
_GROUP_ID = re.compile(r'<g id="[^"]*"')


def _default_format(value: float) -> str:
    """A whole number in the reader's language: 191,387,119 · 191 387 119 · 191.387.119."""
    return number_format(round(value), force_grouping=True)


def _compact(value: float) -> str:
    """Axis ticks in SI shorthand (20M, 1.5k): the bars' own labels carry the digits."""
    for size, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= size:
            return f"{value / size:g}{suffix}"
    return f"{value:g}"


def bar_chart(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    title: str,
    description: str,
    unit: str,
    chart_id: str,
    horizontal: bool = True,
    number_format: Callable[[float], str] = _default_format,
) -> str:
    """Bars of `values` (in `unit`) by `labels`, as an inline SVG string.

    Horizontal bars suit long labels (sectors); vertical ones suit years.
    `chart_id` must be unique on the page: the SVG's element ids start with it.
    Negative values (removals) are drawn in another colour, left of zero.
    """
    if len(labels) != len(values):
        raise ValueError("one label per value")
    labels = [textwrap.fill(label, LABEL_WIDTH) for label in labels]
    count = sum(max(label.count("\n") + 1, 2) for label in labels) / 2 or 1
    height = 1.0 + BAR_INCHES * count if horizontal else 3.2
    with matplotlib.rc_context({**_STYLE, "svg.hashsalt": chart_id}):
        figure = Figure(figsize=(WIDTH_INCHES, height), layout="constrained")
        axes = figure.add_subplot()
        colours = [NEGATIVE if value < 0 else BRAND for value in values]
        positions = range(len(values))
        if horizontal:
            bars = axes.barh(positions, values, color=colours, height=0.6)
            axes.set_yticks(list(positions), labels=list(labels))
            axes.invert_yaxis()  # first label on top, as in the table
            axes.set_xlabel(unit)
            _value_axis(axes.xaxis)
            axes.grid(axis="x", color=LINE, linewidth=0.6)
        else:
            bars = axes.bar(positions, values, color=colours, width=0.6)
            axes.set_xticks(list(positions), labels=list(labels))
            axes.set_ylabel(unit)
            _value_axis(axes.yaxis)
            axes.grid(axis="y", color=LINE, linewidth=0.6)
        axes.set_axisbelow(True)
        axes.bar_label(
            bars, labels=[number_format(v) for v in values], padding=3, color=MUTED, fontsize=9
        )
        if horizontal:
            axes.margins(x=0.2)
            axes.axvline(0, color=MUTED, linewidth=0.8)
        else:
            axes.margins(y=0.15)
            axes.axhline(0, color=MUTED, linewidth=0.8)
        _open_frame(axes)
        return _svg(figure, title=title, description=description, chart_id=chart_id)


@dataclass(frozen=True)
class Series:
    """One named series of a line chart: (x, y) points drawn as a solid line, a
    dashed line or markers alone."""

    name: str
    points: Sequence[tuple[float, float]]
    style: Literal["line", "dashed", "markers"] = "line"


def line_chart(
    series: Sequence[Series],
    *,
    title: str,
    description: str,
    unit: str,
    chart_id: str,
    x_label: str = "",
) -> str:
    """Named series of (x, y) points (y in `unit`), as an inline SVG string.

    Made for values over years: the x axis ticks whole numbers; the y axis
    starts at zero unless a value lies below it. A legend names the series;
    `chart_id` must be unique on the page.
    """
    for one in series:
        if one.style not in ("line", "dashed", "markers"):
            raise ValueError(f"unknown style {one.style!r} of series {one.name!r}")
    with matplotlib.rc_context({**_STYLE, "svg.hashsalt": chart_id}):
        figure = Figure(figsize=(WIDTH_INCHES, 3.8), layout="constrained")
        axes = figure.add_subplot()
        lowest = 0.0
        for index, one in enumerate(series):
            if not one.points:
                continue
            xs = [x for x, _y in one.points]
            ys = [y for _x, y in one.points]
            lowest = min(lowest, *ys)
            colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
            if one.style == "markers":
                axes.plot(
                    xs,
                    ys,
                    linestyle="none",
                    marker=MARKERS[index % len(MARKERS)],
                    markersize=6,
                    color=colour,
                    label=one.name,
                )
            else:
                axes.plot(
                    xs,
                    ys,
                    linestyle="--" if one.style == "dashed" else "-",
                    linewidth=1.8,
                    color=colour,
                    label=one.name,
                )
        axes.set_ylabel(unit)
        if x_label:
            axes.set_xlabel(x_label)
        _value_axis(axes.yaxis)
        axes.xaxis.set_major_locator(MaxNLocator(6, integer=True, steps=[1, 2, 5, 10]))
        axes.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: f"{x:.0f}"))
        axes.grid(axis="y", color=LINE, linewidth=0.6)
        axes.set_axisbelow(True)
        if lowest >= 0:
            axes.set_ylim(bottom=0)
        axes.margins(x=0.04, y=0.1)
        if any(one.points for one in series):
            # Below the plot, where it never hides a point.
            figure.legend(loc="outside lower center", ncols=2, frameon=False, fontsize=9)
        _open_frame(axes)
        return _svg(figure, title=title, description=description, chart_id=chart_id)


def stacked_bar_chart(
    labels: Sequence[str],
    stacks: Sequence[tuple[str, Sequence[float]]],
    *,
    title: str,
    description: str,
    unit: str,
    chart_id: str,
) -> str:
    """Vertical bars by `labels` (years, say), each stacked from named parts:
    `stacks` are (name, one value per label) in the order drawn from the bottom,
    all zero or more, in `unit`; a legend names the parts. `chart_id` must be
    unique on the page."""
    for name, values in stacks:
        if len(values) != len(labels):
            raise ValueError(f"one value per label in {name!r}")
        if any(value < 0 for value in values):
            raise ValueError(f"the parts of a stacked bar are zero or more ({name!r})")
    with matplotlib.rc_context({**_STYLE, "svg.hashsalt": chart_id}):
        figure = Figure(figsize=(WIDTH_INCHES, 3.8), layout="constrained")
        axes = figure.add_subplot()
        positions = list(range(len(labels)))
        bottoms = [0.0] * len(labels)
        palette = (*SERIES_COLOURS, "#e9a03b", "#8aa29e")
        hatches = ("", "//", "..", "xx", "\\\\", "--", "++")
        for index, (name, values) in enumerate(stacks):
            axes.bar(
                positions,
                values,
                bottom=bottoms,
                width=0.6,
                color=palette[index % len(palette)],
                hatch=hatches[index % len(hatches)],
                edgecolor="white",
                linewidth=0.5,
                label=name,
            )
            bottoms = [bottom + value for bottom, value in zip(bottoms, values, strict=True)]
        axes.set_xticks(positions, labels=list(labels))
        axes.set_ylabel(unit)
        _value_axis(axes.yaxis)
        axes.grid(axis="y", color=LINE, linewidth=0.6)
        axes.set_axisbelow(True)
        axes.margins(y=0.1)
        if stacks:
            figure.legend(loc="outside lower center", ncols=3, frameon=False, fontsize=9)
        _open_frame(axes)
        return _svg(figure, title=title, description=description, chart_id=chart_id)


def _value_axis(axis) -> None:
    """A few ticks, in SI shorthand."""
    axis.set_major_locator(MaxNLocator(TICKS))
    axis.set_major_formatter(FuncFormatter(lambda value, _pos: _compact(value)))


def _open_frame(axes) -> None:
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)


def _svg(figure: Figure, *, title: str, description: str, chart_id: str) -> str:
    """The figure as an `<svg>` element to inline: no prologue, no metadata, labelled."""
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None}, transparent=True)
    text = _METADATA.sub("", _PROLOGUE.sub("", buffer.getvalue(), count=1))
    text = (
        _GROUP_ID.sub("<g", text)
        .replace("font-family: 'DejaVu Sans'", f"font-family: {_FONTS}")
        # An inline SVG's style sheet applies to the whole page: keep it to charts.
        .replace('<style type="text/css">*{', "<style>svg.chart *{")
    )
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    opening_end = text.index(">") + 1
    opening = text[: opening_end - 1]
    # Its natural size on wide screens, narrower on small ones, never distorted.
    return (
        f'{opening} class="chart" style="max-width: 100%; height: auto" role="img"'
        f' aria-labelledby="{title_id} {desc_id}">'
        f'<title id="{title_id}">{escape(title)}</title>'
        f'<desc id="{desc_id}">{escape(description)}</desc>'
        f"{text[opening_end:]}"
    )
