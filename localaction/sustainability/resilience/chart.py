"""The hazard profile drawn as a 5 × 5 risk matrix (likelihood up, impact
across), each cell coloured by its risk band and showing how many hazards
it holds. Drawn by matplotlib to SVG through the platform's chart helper
(localaction.charts), which labels it for screen readers; the page shows
the same matrix as a table."""

from __future__ import annotations

import matplotlib
from django.utils.translation import gettext as _
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from localaction import charts
from localaction.core import risk as method

BAND_COLOURS = {
    "low": "#cfe8d8",
    "medium": "#f6e3a1",
    "high": "#f2b27a",
    "very_high": "#e06c5a",
}


def risk_matrix(matrix: method.Matrix, *, title: str, chart_id: str) -> str:
    figure = Figure(figsize=(5.0, 4.4))
    with matplotlib.rc_context({**charts._STYLE, "svg.hashsalt": chart_id}):
        axes = figure.add_axes((0.16, 0.14, 0.8, 0.78))
        for likelihood in method.LEVELS:
            for impact in method.LEVELS:
                score = likelihood * impact
                axes.add_patch(
                    Rectangle(
                        (impact - 0.5, likelihood - 0.5),
                        1,
                        1,
                        facecolor=BAND_COLOURS[method.band(score)],
                        edgecolor="white",
                        linewidth=2,
                    )
                )
                count = len(matrix.hazards_at(likelihood, impact))
                label = f"{count}" if count else ""
                axes.text(
                    impact,
                    likelihood + 0.22,
                    str(score),
                    ha="center",
                    fontsize=7,
                    color=charts.MUTED,
                )
                if label:
                    axes.text(
                        impact,
                        likelihood - 0.12,
                        label,
                        ha="center",
                        va="center",
                        fontsize=13,
                        fontweight="bold",
                    )
        axes.set_xlim(0.5, 5.5)
        axes.set_ylim(0.5, 5.5)
        axes.set_xticks(method.LEVELS)
        axes.set_yticks(method.LEVELS)
        axes.set_xlabel(_("Impact (1 minimal – 5 catastrophic)"))
        axes.set_ylabel(_("Likelihood (1 rare – 5 almost certain)"))
        for side in axes.spines.values():
            side.set_visible(False)
        axes.tick_params(length=0)
        counts = matrix.by_band()
        description = _(
            "%(total)s hazards rated: %(very_high)s very high, %(high)s high, %(medium)s medium "
            "and %(low)s low risks. Each cell shows its risk (likelihood × impact) and the "
            "number of hazards in it."
        ) % {"total": matrix.count(), **counts}
        return charts._svg(figure, title=title, description=description, chart_id=chart_id)
