"""The plan's dashboard as data: every goal with indicators, each indicator's
value and status today beside those of the last review, and its trend chart.
The page, the public summary and the PDF report all read it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from localaction.charts import Series, line_chart
from localaction.results import services
from localaction.results.models import Indicator, Review, ReviewEntry
from localaction.results.status import Status
from localaction.strategy.models import Goal, StrategicPlan

#: The site's badge classes (static/localaction/site.css) for each status.
BADGES = {
    Status.GREEN: "on_track",
    Status.AMBER: "warning",
    Status.RED: "off_track",
    Status.GREY: "not_started",
}


def _year(day: datetime.date) -> float:
    """A day as a fractional year: the chart's x axis."""
    start = datetime.date(day.year, 1, 1)
    return day.year + (day - start).days / 365.25


@dataclass
class Row:
    indicator: Indicator
    reading: services.Reading
    expected: float
    at_review: ReviewEntry | None
    chart: str = ""
    history: list = field(default_factory=list)

    @property
    def badge(self) -> str:
        return BADGES[Status(self.reading.status)]

    @property
    def review_badge(self) -> str:
        return BADGES[Status(self.at_review.status)] if self.at_review else ""

    @property
    def changed(self) -> bool:
        return self.at_review is not None and self.at_review.status != self.reading.status


@dataclass
class GoalRows:
    goal: Goal
    rows: list[Row]

    @property
    def status(self) -> Status:
        """The goal's status: its worst indicator's with a value (grey without any)."""
        found = {row.reading.status for row in self.rows}
        for status in (Status.RED, Status.AMBER, Status.GREEN):
            if status in found:
                return status
        return Status.GREY

    @property
    def badge(self) -> str:
        return BADGES[self.status]


@dataclass
class Dashboard:
    plan: StrategicPlan | None
    on: datetime.date
    goals: list[GoalRows]
    review: Review | None

    def counts(self) -> dict[str, int]:
        counted = dict.fromkeys(Status.values, 0)
        for goal in self.goals:
            for row in goal.rows:
                counted[row.reading.status] += 1
        return counted


def adopted_plan() -> StrategicPlan | None:
    return StrategicPlan.objects.filter(status=StrategicPlan.Status.ADOPTED).first()


def chart_of(indicator: Indicator, history) -> str:
    today = timezone.localdate()
    # A running period's value is as of today: drawn there, not at its end.
    values = [(_year(min(period.ends_on, today)), value) for period, value in history]
    trajectory = [
        (_year(indicator.baseline_on), indicator.baseline),
        (_year(indicator.target_on), indicator.target),
    ]
    return line_chart(
        [
            Series(_("Values"), values, style="line" if len(values) > 1 else "markers"),
            Series(_("From baseline to target"), trajectory, style="dashed"),
        ],
        title=_("%(indicator)s by period") % {"indicator": indicator.name},
        description=_(
            "The indicator's value at the end of each period, beside the straight line "
            "from its baseline to its target."
        ),
        unit=indicator.unit,
        chart_id=f"indicator-{indicator.pk}",
    )


def dashboard(
    plan: StrategicPlan | None, *, public_only: bool = False, charts: bool = True
) -> Dashboard:
    """The plan's goals that have indicators (public ones only for the public)."""
    today = timezone.localdate()
    if plan is None:
        return Dashboard(None, today, [], None)
    review = services.last_review(plan)
    entries = (
        {entry.indicator_id: entry for entry in review.entries.all()} if review is not None else {}
    )
    indicators = Indicator.objects.of_plan(plan).select_related("goal__area", "region", "office")
    if public_only:
        indicators = indicators.public()
    by_goal: dict[int, GoalRows] = {}
    for indicator in indicators:
        reading = services.reading_of(indicator, today)
        row = Row(
            indicator,
            reading,
            float(indicator.trajectory.expected(today)),
            entries.get(indicator.pk),
        )
        if charts:
            row.history = services.history_of(indicator)
            row.chart = chart_of(indicator, row.history)
        goal = indicator.goal
        by_goal.setdefault(goal.pk, GoalRows(goal, [])).rows.append(row)
    goals = sorted(
        by_goal.values(),
        key=lambda found: (found.goal.area.order, found.goal.area.number, found.goal.order),
    )
    return Dashboard(plan, today, goals, review)
