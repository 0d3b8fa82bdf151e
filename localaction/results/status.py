"""The traffic light of an indicator: its value against the straight line
from its baseline to its target, on a given day.

One pure function, `status_on`, decides it for every door (dashboard, PDF,
API, reviews). Arithmetic is exact (fractions of the floats given), so a
value exactly on the line or exactly at the tolerance is judged as written
here, not as rounding happens to fall.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from fractions import Fraction

from django.db import models
from django.utils.translation import gettext_lazy as _

#: How far behind the line (a share of the baseline–target distance) is still amber.
TOLERANCE = Fraction(1, 10)


class Status(models.TextChoices):
    GREEN = "green", _("On track")
    AMBER = "amber", _("Slightly behind")
    RED = "red", _("Behind")
    GREY = "grey", _("No value")


@dataclass(frozen=True)
class Trajectory:
    """The straight line from (`baseline_on`, `baseline`) to (`target_on`, `target`);
    `increase` says which way is progress."""

    baseline: float
    baseline_on: datetime.date
    target: float
    target_on: datetime.date
    increase: bool

    def expected(self, on: datetime.date) -> Fraction:
        """The value on the line on day `on`: the baseline before the baseline's
        day, the target from the target's day on."""
        baseline, target = Fraction(self.baseline), Fraction(self.target)
        if on <= self.baseline_on:
            return baseline
        if on >= self.target_on:
            return target
        elapsed = Fraction((on - self.baseline_on).days, (self.target_on - self.baseline_on).days)
        return baseline + (target - baseline) * elapsed


def status_on(
    trajectory: Trajectory,
    value: float | None,
    on: datetime.date,
    *,
    tolerance: Fraction = TOLERANCE,
) -> Status:
    """Green on or ahead of the line on day `on`; amber behind it by at most
    `tolerance` of the baseline–target distance; red further behind; grey
    without a value."""
    if value is None:
        return Status.GREY
    sign = 1 if trajectory.increase else -1
    behind = (trajectory.expected(on) - Fraction(value)) * sign
    if behind <= 0:
        return Status.GREEN
    distance = abs(Fraction(trajectory.target) - Fraction(trajectory.baseline))
    if behind <= tolerance * distance:
        return Status.AMBER
    return Status.RED
