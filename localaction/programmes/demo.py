"""Demo work programmes: the current year's programme of the World Secretariat
and two regional offices, each approved by the Executive Committee's decision
on the work programme (from the governance demo; one is recorded only if the
demo holds none), its activities serving goals of the Cape Town Plan and
funded from the office's budget lines of the year (budgets are set through
the finance services where the office has none). The World Secretariat's
programme is revised after its approval, so it has a version 2: approved by
the committee's mid-year review where the demo has held it, drafted otherwise.

Everything goes through the same services as the pages, as the demo's
secretariat (and the demo's finance staff for budgets).
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import User
from django.db.models import Q
from django.utils import timezone

from localaction.campaigns.models import Campaign
from localaction.finance import budgets
from localaction.finance.models import Budget, ExpenseCategory, Flow
from localaction.governance import decisions
from localaction.governance.models import Body, Decision, Meeting
from localaction.network.demo import Progress, no_progress
from localaction.network.models import Office
from localaction.programmes import services
from localaction.programmes.models import Activity, WorkProgramme
from localaction.strategy.models import Goal, StrategicPlan

# (title, goals served, expense category funding it, share of the line, months, runs
# through the climate campaign)
ACTIVITIES = [
    ("Regional members' conference", ["4.2b", "2.1f"], ExpenseCategory.EVENTS, 0.5, (4, 6), False),
    (
        "Climate campaign city-to-city exchange",
        ["3.2.1a", "3.2.1c"],
        ExpenseCategory.TRAVEL,
        0.3,
        (2, 11),
        True,
    ),
    (
        "Training on ecoBUDGET for member staff",
        ["3.3.2a", "4.2a"],
        ExpenseCategory.PROJECTS,
        0.25,
        (3, 9),
        False,
    ),
    (
        "Recruit members in priority regions",
        ["2.1b", "2.1c"],
        ExpenseCategory.STAFF,
        0.1,
        (1, 12),
        False,
    ),
    (
        "Sustainable procurement guidance",
        ["3.3.3c", "3.3.3d"],
        ExpenseCategory.COMMUNICATIONS,
        0.4,
        (5, 10),
        False,
    ),
    ("Local voice at the climate talks", ["2.5b"], ExpenseCategory.TRAVEL, 0.2, (9, 12), False),
    ("Best practice case studies", ["4.1c", "4.1d"], None, 0, (6, 12), False),
]

BUDGET = {
    ExpenseCategory.STAFF: Decimal("400000"),
    ExpenseCategory.PROJECTS: Decimal("150000"),
    ExpenseCategory.EVENTS: Decimal("80000"),
    ExpenseCategory.TRAVEL: Decimal("60000"),
    ExpenseCategory.COMMUNICATIONS: Decimal("30000"),
}


@dataclass(frozen=True)
class DemoProgrammes:
    programmes: int
    versions: int
    activities: int


def build_demo_programmes(
    *, seed: int, today: datetime.date | None = None, progress: Progress = no_progress
) -> DemoProgrammes:
    """The demo offices' approved programmes of this year (none without the
    demo's secretariat or the adopted plan)."""
    today = today or timezone.localdate()
    rng = random.Random(f"programmes-{seed}")
    secretariat = User.objects.filter(username="secretariat").first()
    plan = StrategicPlan.objects.filter(status=StrategicPlan.Status.ADOPTED).first()
    if secretariat is None or plan is None:
        return DemoProgrammes(0, 0, 0)
    goals = {
        goal.reference: goal for goal in Goal.objects.filter(area__plan=plan).select_related("area")
    }
    finance = User.objects.filter(username="finance").first() or secretariat
    offices = [
        Office.objects.world_secretariat(),
        *Office.objects.filter(kind=Office.Kind.REGIONAL).order_by("code")[:2],
    ]
    campaign = Campaign.objects.order_by("code").first()
    approval = _approval(secretariat, today)
    built = []
    for office in progress(offices, "Work programmes"):
        budget = _budget(office, today.year, finance)
        programme = services.create_programme(
            office=office,
            year=today.year,
            by=secretariat,
            summary=f"The {office.name}'s work programme for {today.year}: how it implements "
            "the strategic plan this year.",
            is_public=office.kind == Office.Kind.WORLD,
        )
        chosen = rng.sample(ACTIVITIES, k=rng.randint(5, min(6, len(ACTIVITIES))))
        for title, references, category, share, months, through_campaign in chosen:
            line = budget.lines.filter(flow=Flow.EXPENSE, expense_category=category).first()
            services.save_activity(
                programme,
                by=secretariat,
                title=title,
                goals=[goals[reference] for reference in references if reference in goals],
                office=office,
                people=[secretariat] if office.kind == Office.Kind.WORLD else [],
                starts_on=datetime.date(today.year, months[0], 1),
                ends_on=datetime.date(today.year, months[1], 28),
                status=_status(months, today),
                campaign=campaign if through_campaign else None,
                funding=[(line, (line.amount.amount * Decimal(str(share))).quantize(Decimal(1)))]
                if line is not None and share
                else [],
            )
        services.approve_programme(programme, decision=approval, by=secretariat)
        built.append(programme)
    _revise(built[0], secretariat, today, goals)
    return DemoProgrammes(
        programmes=len(built),
        versions=WorkProgramme.objects.filter(year=today.year).count(),
        activities=Activity.objects.filter(programme__year=today.year).count(),
    )


def _status(months: tuple[int, int], today: datetime.date) -> str:
    if today.month > months[1]:
        return Activity.Status.COMPLETED
    if today.month >= months[0]:
        return Activity.Status.UNDER_WAY
    return Activity.Status.PLANNED


def _work_programme_decisions():
    """The Executive Committee's adopted decisions on the work programme (the
    governance demo's: the year's programme in December, its review in June)."""
    return (
        Decision.objects.filter(
            body__code="EXCOM",
            outcome=Decision.Outcome.ADOPTED,
        )
        .filter(
            Q(title__startswith="Work programme and budget")
            | Q(title__startswith="Mid-year review of the work programme")
        )
        .order_by("decided_on", "pk")
    )


def _approval(secretariat, today: datetime.date) -> Decision:
    """The decision on this year's programme, else the latest on a programme;
    one is recorded only when the demo holds none (so the governance demo's
    figures stay its own)."""
    decisions_taken = _work_programme_decisions()
    found = (
        decisions_taken.filter(title=f"Work programme and budget {today.year}").first()
        or decisions_taken.filter(decided_on__lte=today).last()
    )
    if found is not None:
        return found
    meeting = Meeting.objects.create(
        body=Body.objects.get(code="EXCOM"),
        title="Executive Committee",
        held_on=today,
        place="Bonn",
    )
    return decisions.record_decision(
        meeting,
        by=secretariat,
        title=f"Work programme and budget {today.year}",
        motion="The Executive Committee approves the annual work programme and budget.",
        method=Decision.Method.CONSENSUS,
        outcome=Decision.Outcome.ADOPTED,
        without_quorum=True,
    )


def _budget(office: Office, year: int, by) -> Budget:
    budget = Budget.objects.filter(office=office, year=year).first()
    if budget is None:
        budget = budgets.budget_create(office=office, year=year, currency="EUR", by=by)
        scale = Decimal(1) if office.kind == Office.Kind.WORLD else Decimal("0.4")
        budgets.budget_set_lines(
            budget,
            amounts={
                (Flow.EXPENSE, category): (amount * scale).quantize(Decimal(1))
                for category, amount in BUDGET.items()
            },
            by=by,
        )
    return budget


def _revise(programme: WorkProgramme, secretariat, today: datetime.date, goals) -> None:
    """Version 2: one activity postponed, one added."""
    revision = services.revise_programme(programme, by=secretariat)
    last = revision.ordered_activities().last()
    services.save_activity(
        revision,
        by=secretariat,
        activity=last,
        title=last.title,
        description=last.description,
        goals=list(last.goals.all()),
        office=last.office,
        people=list(last.people.all()),
        starts_on=last.starts_on,
        ends_on=datetime.date(today.year, 12, 31),
        status=Activity.Status.POSTPONED,
        campaign=last.campaign,
        funding=[(a.budget_line, a.amount.amount) for a in last.allocations.all()],
    )
    services.save_activity(
        revision,
        by=secretariat,
        title="Financially stable regional offices",
        goals=[goals[reference] for reference in ("2.6a", "2.3b") if reference in goals],
        office=programme.office,
        starts_on=datetime.date(today.year, 7, 1),
        ends_on=datetime.date(today.year, 12, 31),
    )
    # Approved by the committee's next decision on the programme where the demo
    # has one; otherwise the revision waits for its next meeting, drafted.
    review = (
        _work_programme_decisions()
        .filter(decided_on__gte=programme.approved_by.decided_on, title__endswith=str(today.year))
        .exclude(pk=programme.approved_by_id)
        .first()
    )
    if review is not None:
        services.approve_programme(revision, decision=review, by=secretariat)


def demo_part(*, seed: int, progress: Progress = no_progress) -> str:
    """`localaction demo`'s part (network.demo.register_part), after governance
    and finance: what was built, in words."""
    built = build_demo_programmes(seed=seed, progress=progress)
    return (
        f"{built.programmes} work programmes ({built.versions} versions, "
        f"{built.activities} activities)"
    )
