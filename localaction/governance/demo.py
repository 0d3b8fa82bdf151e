"""The demo network's governance: the plan's bodies (migration 0003) with
holders, a past term, an early end and vacancies; the last World Congress and
Executive Committee meetings with attendance and decisions (one public only to
members, one taken without quorum and marked so, memberships approved); and
the Charter and By-Laws with an amendment beside its first text
(`localaction demo`).

Everything goes through the same services as the pages: `fill_seat`,
`end_mandate`, `record_attendance`, `record_decision`, `approve_membership`,
`record_version`. The Charter's and By-Laws' texts are demo texts built from
the Strategic Plan's own quotations of the Charter, said as such in their labels.
Run after `network.demo.build_demo_network`, on the same database; the demo's
editor (Maria Santos) holds a Vice-Presidency on behalf of her city, so she
reads the Executive Committee's records that are not public.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.utils import timezone

from localaction.accounts.models import Role
from localaction.governance import charter, decisions, services
from localaction.governance.models import (
    Body,
    Decision,
    GoverningDocument,
    Mandate,
    Meeting,
    Seat,
)
from localaction.network.demo import Progress, no_progress
from localaction.network.models import LocalGovernment, Membership

FIRST_NAMES = [
    "Aiko", "Amina", "Ana", "Carlos", "Chen", "Daniel", "Elena", "Fatima", "Hana", "Ibrahim",
    "Ingrid", "James", "Kwame", "Laila", "Lars", "Mei", "Nadia", "Olga", "Pedro", "Priya",
    "Rafael", "Sara", "Tomás", "Yusuf", "Zanele",
]  # fmt: skip
LAST_NAMES = [
    "Abebe", "Andersen", "Costa", "Dubois", "García", "Haddad", "Ivanova", "Kim", "Kowalski",
    "Mbeki", "Müller", "Nakamura", "Nguyen", "Okoye", "Patel", "Rossi", "Silva", "Singh",
    "Tanaka", "Wang",
]  # fmt: skip

# The World Congress meets every three years; the demo's last one is the latest
# such year up to today (the plan's 2006 Council adopted it: 2006, 2009, …).
CONGRESS_EVERY = 3
FIRST_CONGRESS = 2006
PRESENT_AT_CONGRESS = 0.65
PRESENT_AT_COMMITTEE = 0.85

CHARTER_1990 = """Article 1 — Name and founding
The Association was founded by local governments as the International Council for Local \
Environmental Initiatives at the United Nations Headquarters in New York in the year 1990.

Article 1.3 — Mission
The Association's mission is to build and serve a worldwide movement of local governments \
to achieve tangible improvements in global sustainability with special focus on \
environmental conditions through cumulative local actions.

Article 2 — Governance
The Council of all full members meets every three years and elects the Executive Committee."""

CHARTER_AMENDED = """Article 1 — Name and founding
The Association was founded by local governments as the International Council for Local \
Environmental Initiatives at the United Nations Headquarters in New York in the year 1990.

Article 1.3 — Mission
The Association's mission is to build and serve a worldwide movement of local governments \
to achieve tangible improvements in global sustainability with special focus on \
environmental conditions through cumulative local actions.

Article 1.4 — Representation
The Association serves as an international representative for its members and campaign \
participants by providing advocacy before national and international governments, agencies \
and organizations and multilateral bodies.

Article 2 — Governance
The Council of all full members meets at the triennial World Congress and elects the \
Executive Committee; the members of each region elect their regional executive committee."""

BY_LAWS = """Section 1 — Quorum
The Council and the Executive Committee decide when more than half of those entitled to \
sit attend.

Section 2 — Decisions
Each decision is recorded with a reference that never changes, its motion, its vote or \
consensus, and its outcome."""


@dataclass(frozen=True)
class DemoGovernance:
    mandates: int
    meetings: int
    decisions: int
    congress: Meeting | None
    dues_decision: Decision | None


def build_demo_governance(
    *, seed: int, today: datetime.date | None = None, progress: Progress = no_progress
) -> DemoGovernance:
    """Fill the plan's bodies and hold their meetings up to `today`."""
    today = today or timezone.localdate()
    rng = random.Random(f"governance-{seed}")
    secretariat = User.objects.get(username="secretariat")
    full = list(
        LocalGovernment.objects.filter(
            memberships__status=Membership.Status.ACTIVE,
            memberships__type=Membership.Type.FULL,
        )
        .select_related("country")
        .order_by("code")
        .distinct()
    )
    if not full:
        return DemoGovernance(0, 0, 0, None, None)
    congress_on = _last_congress(today)
    names = _Names(rng)
    mandates = _fill_bodies(rng, names, full, congress_on, today)
    congress, dues, council_decisions = _hold_congress(rng, secretariat, full, congress_on)
    committee_meetings, committee_decisions = _hold_committee(
        rng, secretariat, congress_on, today, progress
    )
    _record_texts(secretariat, council_decisions)
    return DemoGovernance(
        mandates=mandates,
        meetings=1 + committee_meetings,
        decisions=len(council_decisions) + committee_decisions,
        congress=congress,
        dues_decision=dues,
    )


def _last_congress(today: datetime.date) -> datetime.date:
    year = today.year - (today.year - FIRST_CONGRESS) % CONGRESS_EVERY
    held = datetime.date(year, 6, 15)
    if held > today:
        held = datetime.date(year - CONGRESS_EVERY, 6, 15)
    return held


class _Names:
    """Distinct people's names, drawn the same way for the same seed."""

    def __init__(self, rng: random.Random) -> None:
        self.rng, self.used = rng, set()

    def __call__(self) -> str:
        while True:
            name = f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"
            if name not in self.used:
                self.used.add(name)
                return name


def _fill_bodies(rng, names, full, congress_on, today) -> int:
    """This term's holders from the last Congress, the last term's before it, an
    early end with its successor, and some seats left vacant."""
    count = 0
    previous_on = datetime.date(congress_on.year - CONGRESS_EVERY, 6, 15)
    editor = User.objects.filter(username="editor").first()
    editor_city = (
        Role.objects.filter(user=editor, kind=Role.Kind.EDITOR)
        .values_list("local_government", flat=True)
        .first()
        if editor
        else None
    )
    by_region: dict[int, list[LocalGovernment]] = {}
    for lg in full:
        by_region.setdefault(lg.country.region_id, []).append(lg)

    def fill(seat: Seat, lg, start, *, user=None, name=None, obtained=Mandate.Obtained.ELECTED):
        nonlocal count
        mandate = services.fill_seat(
            seat,
            holder_name=name or (user.get_full_name() if user else names()),
            holder_title=f"Mayor of {lg.name}" if lg else "",
            local_government=lg,
            starts_on=start,
            obtained=obtained,
            user=user,
        )
        count += 1
        return mandate

    def eligible(seat: Seat, pool, start):
        """A member of the pool that may hold the seat from `start` (term limits
        included), or None."""
        for lg in rng.sample(pool, len(pool)):
            if not services.seat_eligibility_problems(seat, lg, start):
                return lg
        return None

    excom = Body.objects.get(code="EXCOM")
    editor_seated = False
    for seat in excom.seats.select_related("region").order_by("order"):
        pool = by_region.get(seat.region_id, []) if seat.region_id else full
        if not pool or (seat.region_id and rng.random() < 0.2):
            continue  # a vacancy: no member there, or the seat waits for a by-election
        if lg := eligible(seat, pool, previous_on):
            fill(seat, lg, previous_on)
        if seat.title == "Vice-President" and editor_city and not editor_seated:
            city = LocalGovernment.objects.get(pk=editor_city)
            if not services.seat_eligibility_problems(seat, city, congress_on):
                fill(seat, city, congress_on, user=editor)
                editor_seated = True
                continue
        if (lg := eligible(seat, pool, congress_on)) is None:
            continue
        holder = fill(seat, lg, congress_on)
        resigned = congress_on + datetime.timedelta(days=400)
        if seat.title == "Treasurer" and resigned <= today:
            services.end_mandate(holder, on=resigned, reason=Mandate.EndReason.RESIGNATION)
            if successor := eligible(seat, pool, resigned):
                fill(seat, successor, resigned, obtained=Mandate.Obtained.APPOINTED)
    for committee in Body.objects.filter(kind=Body.Kind.REGIONAL_EXECUTIVE_COMMITTEE):
        pool = by_region.get(committee.region_id, [])
        for seat in committee.seats.order_by("order"):
            if pool and rng.random() < 0.7 and (lg := eligible(seat, pool, congress_on)):
                fill(seat, lg, congress_on)
    mayors = Body.objects.get(code="WMCCC")
    for seat in mayors.seats.order_by("order"):
        if lg := eligible(seat, full, congress_on):
            fill(seat, lg, congress_on)
    advisory = Body.objects.get(code="ADVISORY")
    for seat in advisory.seats.order_by("order"):
        fill(seat, None, congress_on, obtained=Mandate.Obtained.APPOINTED)
    # Ambassadors: past members of the Executive Committee, each on a seat of their own.
    ambassadors = Body.objects.get(code="AMBASSADORS")
    past = Mandate.objects.filter(seat__body=excom).past(today).order_by("holder_name")[:3]
    for position, mandate in enumerate(past, start=1):
        seat = Seat.objects.create(body=ambassadors, title="Ambassador", order=position)
        fill(seat, None, mandate.end, name=mandate.holder_name, obtained=Mandate.Obtained.APPOINTED)
    return count


def _hold_congress(rng, secretariat, full, congress_on):
    """The World Congress: the Council's attendance and its decisions."""
    council = Body.objects.get(code="COUNCIL")
    congress = Meeting.objects.create(
        body=council,
        title=f"Council meeting at the World Congress {congress_on.year}",
        held_on=congress_on,
        place="World Congress",
        online_link="https://congress.example.org/council",
    )
    for lg in full:
        if rng.random() < PRESENT_AT_CONGRESS:
            decisions.record_attendance(congress, by=secretariat, local_government=lg)
    quorum = congress.quorum()
    without = not quorum.reached
    present = quorum.present
    plan = decisions.record_decision(
        congress,
        by=secretariat,
        title=f"Strategic Plan {congress_on.year + 1}–{congress_on.year + 6}",
        motion="The Council adopts the Strategic Plan, to be implemented through annual work "
        "programmes and budgets approved by the Executive Committee.",
        **_vote(present, against=1, abstaining=2),
        without_quorum=without,
        minutes="Presented by the Secretary General; adopted after debate.",
    )
    amendment = decisions.record_decision(
        congress,
        by=secretariat,
        title="Amendment of the Charter",
        motion="The Council amends Articles 1.4 and 2 of the Charter.",
        majority=Decision.Majority.TWO_THIRDS,
        **_vote(present, against=3, abstaining=2),
        without_quorum=without,
    )
    dues = decisions.record_decision(
        congress,
        by=secretariat,
        title="Membership dues",
        motion="The Council adopts the fee schedule of the membership dues.",
        method=Decision.Method.CONSENSUS,
        outcome=Decision.Outcome.ADOPTED,
        without_quorum=without,
    )
    return congress, dues, [plan, amendment, dues]


def _hold_committee(rng, secretariat, congress_on, today, progress) -> tuple[int, int]:
    """Two Executive Committee meetings a year since the Congress: attendance,
    the work programme and budget, memberships approved; one online meeting
    without quorum whose decision says so; one decision public only to members."""
    excom = Body.objects.get(code="EXCOM")
    dates = []
    day = congress_on + datetime.timedelta(days=1)
    while day <= today:
        dates.append(day)
        day = day + datetime.timedelta(days=182)
    recorded = 0
    waiting = list(
        Membership.objects.filter(
            status__in=[Membership.Status.APPROVED, Membership.Status.ACTIVE],
            approval_decision__isnull=True,
        ).order_by("applied_on", "pk")
    )
    for number, held_on in enumerate(progress(dates, "Executive Committee meetings"), start=1):
        online = number % 4 == 0
        meeting = Meeting.objects.create(
            body=excom,
            title=f"Executive Committee, meeting {number}",
            held_on=held_on,
            place="" if online else "Bonn",
            online_link="https://meet.example.org/excom" if online else "",
        )
        item = meeting.agenda_items.create(number=1, title="Work programme and budget")
        meeting.agenda_items.create(number=2, title="Admission of members")
        staffing = meeting.agenda_items.create(number=3, title="Staffing", is_public=False)
        share = 0.3 if online else PRESENT_AT_COMMITTEE
        for mandate in excom.current_mandates(held_on):
            present = rng.random() < share
            decisions.record_attendance(
                meeting,
                by=secretariat,
                mandate=mandate,
                present=present,
                excused=not present and rng.random() < 0.5,
            )
        quorum = meeting.quorum()
        without = not quorum.reached
        present = quorum.present
        decisions.record_decision(
            meeting,
            by=secretariat,
            agenda_item=item,
            # December: next year's programme; June: this year's, reviewed.
            title=f"Work programme and budget {held_on.year + 1}"
            if held_on.month > 6
            else f"Mid-year review of the work programme {held_on.year}",
            motion="The Executive Committee approves the annual work programme and budget."
            if held_on.month > 6
            else "The Executive Committee approves the mid-year review of the work programme.",
            **_vote(present, against=0, abstaining=1),
            without_quorum=without,
        )
        recorded += 1
        admitted = [m for m in waiting if m.applied_on <= held_on][:3]
        if admitted and not without:
            approval = decisions.record_decision(
                meeting,
                by=secretariat,
                title="Admission of members",
                motion="The Executive Committee approves the memberships of "
                + ", ".join(m.local_government.name for m in admitted)
                + ".",
                method=Decision.Method.CONSENSUS,
                outcome=Decision.Outcome.ADOPTED,
            )
            recorded += 1
            for membership in admitted:
                decisions.approve_membership(membership, approval, by=secretariat)
                waiting.remove(membership)
        if number == 1:
            decisions.record_decision(
                meeting,
                by=secretariat,
                agenda_item=staffing,
                title="Contract of the Secretary General",
                motion="The Executive Committee extends the contract of the Secretary General.",
                method=Decision.Method.CONSENSUS,
                outcome=Decision.Outcome.ADOPTED,
                is_public=False,
                without_quorum=without,
            )
            recorded += 1
    return len(dates), recorded


def _vote(present: int, *, against: int, abstaining: int) -> dict:
    """A vote of those present: the rest of them for (never more votes than present)."""
    against = min(against, present)
    abstaining = min(abstaining, present - against)
    return {
        "method": Decision.Method.VOTE,
        "votes_for": present - against - abstaining,
        "votes_against": against,
        "abstentions": abstaining,
    }


def _record_texts(secretariat, council_decisions) -> None:
    amendment = council_decisions[1]
    charter_document = GoverningDocument.objects.get(code="charter")
    charter.record_version(
        charter_document,
        label="As founded, 1990 (demo text)",
        text=CHARTER_1990,
        in_force_from=datetime.date(1990, 9, 8),
        decision=None,
        by=secretariat,
    )
    if amendment.outcome == Decision.Outcome.ADOPTED:
        charter.record_version(
            charter_document,
            label=f"As amended by the Council, {amendment.decided_on.year} (demo text)",
            text=CHARTER_AMENDED,
            in_force_from=amendment.decided_on + datetime.timedelta(days=1),
            decision=amendment,
            summary="Representation (Article 1.4); regional executive committees (Article 2).",
            by=secretariat,
        )
    charter.record_version(
        GoverningDocument.objects.get(code="by-laws"),
        label="As adopted, 1991 (demo text)",
        text=BY_LAWS,
        in_force_from=datetime.date(1991, 1, 1),
        decision=None,
        by=secretariat,
    )


def demo_part(*, seed: int, progress: Progress = no_progress) -> str:
    """`localaction demo`'s part (network.demo.register_part): what was built, in words."""
    built = build_demo_governance(seed=seed, progress=progress)
    return (
        f"{built.mandates} mandates on the governing bodies, {built.meetings} meetings and "
        f"{built.decisions} decisions"
    )
