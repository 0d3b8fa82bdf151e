"""Demo results: indicators of several goals of the Cape Town Plan, computed
from the demo network and reported by its offices, so that the dashboard
shows a mix of green, amber, red and grey.

Built on the demo network (`localaction demo` builds it last, as the part
this app registers): yearly periods from two years ago to three
years ahead, the past ones closed (computed values recorded as they stood),
reported values entered by the European office's staff and approved by the
World Secretariat — one awaiting approval — and one review of three months
ago, after which a value was approved, so "what changed since" shows.

Each computed indicator's baseline and target are drawn around the value
the platform computes today, by the status the demo wants it to show.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from localaction.network.demo import Progress, no_progress
from localaction.network.models import Office
from localaction.results import services
from localaction.results.models import Indicator, Period, Value
from localaction.results.services import Span
from localaction.strategy.models import Goal, StrategicPlan

EVIDENCE = "https://www.example.org/local-action/evidence/"

# Where the value stands against the line today, as a share of the distance
# from baseline to target (below 0: ahead; up to 0.1: amber; beyond: red).
GREEN, AMBER, RED = -0.05, 0.05, 0.3

# code, goal, name, unit, measure, direction, where it stands, public
COMPUTED = [
    ("active-members", "2.1a", "Active members", "members", "active_members",
     "increase", GREEN, True),
    ("members-reporting", "2.1h", "Members reporting GHG inventories", "members",
     "members_reporting_inventories", "increase", AMBER, True),
    ("ccp-milestone-3", "3.2.1a", "Cities for Climate Protection participants at milestone 3",
     "participants", "ccp_milestone_3", "increase", RED, True),
    ("partnerships-active", "2.4c", "Partnership agreements in force", "agreements",
     "partnerships_active", "increase", GREEN, False),
]  # fmt: skip

# code, goal, name, unit, office (None: World Secretariat), baseline, target, direction, public
REPORTED = [
    ("people-trained", "4.2a", "People trained in local sustainability management", "people",
     "europe", 200.0, 1200.0, "increase", True),
    ("offices-balanced", "2.6a", "Regional offices with a balanced budget", "offices",
     "europe", 3.0, 9.0, "increase", False),
    ("website-visits", "4.1b", "Visits to the website a month", "visits",
     None, 20_000.0, 60_000.0, "increase", False),
]  # fmt: skip


@dataclass(frozen=True)
class DemoResults:
    indicators: int
    values: int
    reviews: int


def _goal(plan: StrategicPlan, reference: str) -> Goal:
    number, letter = reference[:-1], reference[-1]
    return Goal.objects.get(area__plan=plan, area__number=number, letter=letter)


def _years(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    return datetime.date(today.year - 2, 1, 1), datetime.date(today.year + 3, 12, 31)


def _periods(indicator: Indicator, today: datetime.date) -> list[Period]:
    return [
        Period.objects.create(
            indicator=indicator,
            label=str(year),
            starts_on=datetime.date(year, 1, 1),
            ends_on=datetime.date(year, 12, 31),
        )
        for year in range(today.year - 2, today.year + 4)
    ]


def _around(value: float, share: float, elapsed: float, increase: bool) -> tuple[float, float]:
    """A baseline and target such that `value` stands `share` of their distance
    behind the straight line `elapsed` of the way along it."""
    distance = max(abs(value) * 0.5, 2.0)
    if increase and value > 0 and share < elapsed:
        # A count's baseline is not below zero.
        distance = min(distance, value / (elapsed - share))
    if value <= 0:
        return 0.0, 2.0
    sign = 1 if increase else -1
    baseline = value + sign * (share - elapsed) * distance
    # Whole numbers where rounding moves the line by at most a fortieth of the
    # distance (the status stays the one asked for); hundredths otherwise.
    digits = 0 if distance >= 20 else 2
    return round(baseline, digits), round(baseline + sign * distance, digits)


@transaction.atomic
def build_demo_results(
    *, seed: int, progress: Progress = no_progress, today: datetime.date | None = None
) -> DemoResults:
    """The demo's indicators, values and review (none without the adopted plan
    and the demo's secretariat and European staff)."""
    today = today or timezone.localdate()
    rng = random.Random(f"results-{seed}")
    plan = StrategicPlan.objects.filter(status=StrategicPlan.Status.ADOPTED).first()
    secretariat = User.objects.filter(username="secretariat").first()
    staff = User.objects.filter(username="staff").first()
    if plan is None or secretariat is None or staff is None:
        return DemoResults(0, 0, 0)
    baseline_on, target_on = _years(today)
    elapsed = (today - baseline_on).days / (target_on - baseline_on).days
    indicators = []
    for order, (code, goal, name, unit, measure, direction, share, public) in enumerate(
        progress(COMPUTED, "Results: computed indicators")
    ):
        draft = Indicator(
            goal=_goal(plan, goal),
            code=code,
            name=name,
            unit=unit,
            source=Indicator.Source.COMPUTED,
            measure=measure,
            direction=direction,
            baseline_on=baseline_on,
            target_on=target_on,
            is_public=public,
            order=order,
        )
        value = draft.get_measure()(Span(datetime.date(today.year, 1, 1), today)) or 0.0
        draft.baseline, draft.target = _around(value, share, elapsed, direction == "increase")
        draft.full_clean()
        draft.save()
        _periods(draft, today)
        for period in draft.periods.filter(ends_on__lt=today):
            services.period_close(period=period, by=secretariat)
        indicators.append(draft)
    offices = {office.code: office for office in Office.objects.all()}
    reported = {}
    for order, (code, goal, name, unit, office, baseline, target, direction, public) in enumerate(
        progress(REPORTED, "Results: reported indicators")
    ):
        made = Indicator(
            goal=_goal(plan, goal),
            code=code,
            name=name,
            unit=unit,
            source=Indicator.Source.REPORTED,
            office=offices.get(office) if office else None,
            direction=direction,
            baseline=baseline,
            baseline_on=baseline_on,
            target=target,
            target_on=target_on,
            is_public=public,
            order=order,
        )
        made.full_clean()
        made.save()
        _periods(made, today)
        reported[code] = made
        indicators.append(made)

    def period_of(indicator: Indicator, year: int) -> Period:
        return indicator.periods.get(starts_on__year=year)

    def enter(indicator: Indicator, year: int, value: float, comment: str) -> Value:
        return services.value_enter(
            indicator=indicator,
            period=period_of(indicator, year),
            value=round(value),
            by=staff,
            comment=comment,
            evidence_url=f"{EVIDENCE}{indicator.code}-{year}",
            submit=True,
        )

    values = 0
    # Last year's values, approved before the review.
    trained, balanced = reported["people-trained"], reported["offices-balanced"]
    for indicator, share in ((trained, 0.35), (balanced, 0.1)):
        last_year = today.year - 1
        expected = float(indicator.trajectory.expected(datetime.date(last_year, 12, 31)))
        distance = indicator.target - indicator.baseline
        value = expected - share * distance + rng.uniform(-0.01, 0.01) * distance
        approved = enter(indicator, last_year, value, "From the offices' annual reports.")
        services.value_approve(value=approved, by=secretariat)
        values += 1
    for period in (period_of(trained, today.year - 2), period_of(balanced, today.year - 2)):
        services.period_close(period=period, by=secretariat)
    review = services.review_record(
        plan=plan,
        held_on=today - datetime.timedelta(days=90),
        by=secretariat,
        note="Executive Committee: mid-term review of the plan's results.",
    )
    # Since the review: this year's training figures approved (ahead of the line),
    # and the offices' figure submitted, awaiting the secretariat's approval.
    expected = float(trained.trajectory.expected(today))
    this_year = enter(
        trained,
        today.year,
        expected + 0.04 * (trained.target - trained.baseline),
        "Courses of the training centre and the regional offices, to date.",
    )
    services.value_approve(value=this_year, by=secretariat)
    enter(balanced, today.year, balanced.baseline + 1, "Budgets adopted so far this year.")
    values += 2
    return DemoResults(len(indicators), values, 1 if review else 0)


def demo_part(*, seed: int, progress: Progress = no_progress) -> str:
    """`localaction demo`'s part (network.demo.register_part), last: what was built."""
    built = build_demo_results(seed=seed, progress=progress)
    return (
        f"{built.indicators} indicators of the plan with {built.values} reported values "
        f"and {built.reviews} review"
    )
