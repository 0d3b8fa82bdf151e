"""The radar chart of an assessment's scores by section, drawn on the server
with the platform's chart helper (localaction/charts.py: its style, and its
SVG made accessible with a title and a description). Pages show the same
figures in a table beside it."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib
from matplotlib.figure import Figure

from localaction import charts

LABEL_WIDTH = 14


@dataclass(frozen=True)
class Polygon:
    """One series of shares (0–100 %, None where a section has no score)."""

    label: str
    values: Sequence[float | None]


def radar_chart(
    axes_labels: Sequence[str],
    polygons: Sequence[Polygon],
    *,
    title: str,
    description: str,
    chart_id: str,
) -> str:
    """Shares of the maximum (0–100 %) on one spoke per section, one polygon per
    series (this assessment, the previous one, the network's median …), as an
    inline SVG. A section without a score is drawn at 0 and named in the table."""
    if len(axes_labels) < 3:
        raise ValueError("a radar chart needs three axes or more")
    for polygon in polygons:
        if len(polygon.values) != len(axes_labels):
            raise ValueError("one value per axis")
    angles = [2 * math.pi * index / len(axes_labels) for index in range(len(axes_labels))]
    with matplotlib.rc_context({**charts._STYLE, "svg.hashsalt": chart_id}):
        figure = Figure(figsize=(charts.WIDTH_INCHES, charts.WIDTH_INCHES), layout="constrained")
        axes = figure.add_subplot(projection="polar")
        axes.set_theta_offset(math.pi / 2)
        axes.set_theta_direction(-1)
        axes.set_ylim(0, 100)
        axes.set_yticks([25, 50, 75, 100], labels=["25 %", "50 %", "75 %", "100 %"], fontsize=8)
        axes.set_xticks(
            angles, labels=[textwrap.fill(label, LABEL_WIDTH) for label in axes_labels], fontsize=8
        )
        axes.grid(color=charts.LINE, linewidth=0.6)
        axes.spines["polar"].set_color(charts.LINE)
        for index, polygon in enumerate(polygons):
            colour = charts.SERIES_COLOURS[index % len(charts.SERIES_COLOURS)]
            values = [value or 0.0 for value in polygon.values]
            closed_angles = [*angles, angles[0]]
            closed_values = [*values, values[0]]
            axes.plot(
                closed_angles,
                closed_values,
                color=colour,
                linewidth=1.6,
                linestyle=("-", "--", ":", "-.")[index % 4],
                marker=charts.MARKERS[index % len(charts.MARKERS)],
                markersize=4,
                label=polygon.label,
            )
            if index == 0:
                axes.fill(closed_angles, closed_values, color=colour, alpha=0.15)
        if len(polygons) > 1:
            axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.06), ncol=2, frameon=False)
        return charts._svg(figure, title=title, description=description, chart_id=chart_id)
