"""The demo's technical services and consultancy: the catalogue of eight
services of plan §4.4, ten consultants (six staff of the offices, four
affiliated external experts), and eight engagements across the statuses —
two of them delivered and invoiced, one of those with the client's feedback.

Everything is written through services.py, as the pages write it, with the
steps dated in the past. A staff consultant signs in as `consultant`, the
external client who requested a service as `client`. Deterministic for a seed.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from djmoney.money import Money

from localaction.accounts.models import Role
from localaction.campaigns.models import Campaign
from localaction.consultancy import services
from localaction.consultancy.models import Consultant, Engagement, Service
from localaction.network.demo import DemoLogin, Progress, no_progress
from localaction.network.models import LocalGovernment, Office, Region

DEMO_PASSWORD = "localaction"
Status = Engagement.Status

# (slug, name, summary, instruments, campaign codes, price EUR, basis, note)
SERVICES = [
    ("energy-management", "Energy management",
     "An energy management system for municipal buildings and facilities: baseline, "
     "metering plan, savings measures and monitoring.", ["targets"], ["ccp"],
     "850", "per-day", "plus travel"),
    ("water-management", "Water management",
     "Water accounts, demand management and a water action plan for the city.",
     ["water"], ["water"], "800", "per-day", "plus travel"),
    ("environmental-management-systems", "Environmental management systems",
     "An ISO 14001 or EMAS environmental management system for the administration.",
     ["assessments"], [], "780", "per-day", ""),
    ("ecobudget-implementation", "ecoBUDGET implementation",
     "The first ecoBUDGET cycle: environmental master budget, council adoption, "
     "budget balance.", ["ecobudget"], [], "24000", "fixed", "for a first cycle"),
    ("ghg-inventories", "GHG inventories",
     "A city-wide greenhouse-gas inventory at GPC BASIC or BASIC+, verified.",
     ["ghg-inventory"], ["ccp"], "18000", "fixed", "for a city of up to 1 million people"),
    ("climate-action-plans", "Climate action plans",
     "Targets, forecasts and an action plan adopted by the council.",
     ["targets", "ghg-inventory"], ["ccp"], "900", "per-day", ""),
    ("sustainable-procurement", "Sustainable procurement",
     "A green procurement policy and criteria for the largest spending areas.",
     ["procurement"], ["procura"], "750", "per-day", ""),
    ("resilience-assessment", "Resilience assessment",
     "The Disaster Resilience Scorecard for Cities with the city's departments.",
     ["resilience"], [], "820", "per-day", "plus travel"),
]  # fmt: skip

# (name, kind, organisation, languages, rate EUR, services)
CONSULTANTS = [
    ("Maria Santos", "staff", "", ["en", "pt", "es"], "700", [0, 4, 5]),
    ("Jonas Weber", "staff", "", ["de", "en"], "750", [0, 2, 3]),
    ("Aïcha Diallo", "staff", "", ["fr", "en"], "650", [1, 4]),
    ("Kenji Sato", "staff", "", ["ja", "en"], "720", [4, 5, 7]),
    ("Lucía Herrera", "staff", "", ["es", "en"], "680", [6, 5]),
    ("Peter Mwangi", "staff", "", ["en", "sw"], "600", [1, 7]),
    ("Claire Dubois", "external", "EcoConseil Sàrl", ["fr", "en"], "900", [2, 3]),
    ("Rahul Mehta", "external", "Urban Carbon Analytics", ["en", "hi"], "820", [4, 5]),
    ("Sofia Lindqvist", "external", "Nordic Water Partners", ["sv", "en"], "950", [1]),
    ("Tom Okafor", "external", "Resilient Cities Ltd", ["en"], "880", [7, 5]),
]


def _services() -> list[Service]:
    offices = list(Office.objects.order_by("code"))
    made = []
    for index, (slug, name, summary, instruments, campaigns, price, basis, note) in enumerate(
        SERVICES
    ):
        service = Service.objects.create(
            slug=slug, name=name, summary=summary, description=summary, instruments=instruments,
            price=Money(Decimal(price), "EUR"), price_basis=basis, price_note=note,
        )  # fmt: skip
        service.campaigns.set(Campaign.objects.filter(code__in=campaigns))
        service.offices.set([offices[(index + k) % len(offices)] for k in range(3)] + [
            office for office in offices if office.kind == Office.Kind.WORLD
        ])  # fmt: skip
        made.append(service)
    return made


def _consultants(rng: random.Random, services_: list[Service]) -> list[Consultant]:
    offices = list(Office.objects.exclude(kind=Office.Kind.WORLD).order_by("code"))
    world = Office.objects.world_secretariat() or offices[0]
    regions = list(Region.objects.order_by("code"))
    made = []
    for index, (name, kind, organisation, languages, rate, expertise) in enumerate(CONSULTANTS):
        first, last = name.split(" ", 1)
        office = offices[index % len(offices)] if kind == "staff" else world
        user = None
        if kind == "staff":
            username = "consultant" if index == 0 else f"consultant{index + 1}"
            user = User.objects.create_user(
                username, f"{username}@example.org", DEMO_PASSWORD, first_name=first, last_name=last
            )
            Role.objects.create(user=user, kind=Role.Kind.STAFF, office=office)
        consultant = Consultant.objects.create(
            kind=kind, user=user, office=office, name=name,
            email=f"{first.lower()}.{last.lower().replace(' ', '')}@example.org",
            organisation=organisation, languages=languages,
            instruments=sorted({key for i in expertise for key in services_[i].instruments}),
            day_rate=Money(Decimal(rate), "EUR"),
            days_per_month=Decimal(rng.choice([8, 10, 12, 15])),
        )  # fmt: skip
        consultant.services.set([services_[i] for i in expertise])
        consultant.regions.set(rng.sample(regions, k=min(2, len(regions))))
        made.append(consultant)
    return made


def _member_with_editor(rng: random.Random, office: Office) -> tuple[LocalGovernment, User] | None:
    roles = Role.objects.filter(kind=Role.Kind.EDITOR, user__is_active=True).select_related(
        "local_government", "user"
    )
    covered = roles.filter(
        local_government__in=LocalGovernment.objects.covered_by(
            region_ids=office.regions.all(), country_codes=office.countries.all()
        )
    ).order_by("local_government__code", "user__username")
    candidates = list(covered[:20]) or list(roles.order_by("local_government__code")[:20])
    if not candidates:
        return None
    role = rng.choice(candidates)
    return role.local_government, role.user


# (service index, status, fixed fee or None for time-based, months ago it began, member?)
ENGAGEMENTS = [
    (4, Status.CLOSED, "18000", 14, True),
    (0, Status.DELIVERED, None, 8, False),
    (3, Status.IN_PROGRESS, "24000", 3, True),
    (5, Status.CONTRACT, None, 1, True),
    (1, Status.PROPOSAL, None, 0, True),
    (7, Status.REQUEST, None, 0, False),
    (6, Status.DECLINED, None, 0, True),
    (2, Status.CANCELLED, "15000", 2, True),
]
PATH = [Status.PROPOSAL, Status.CONTRACT, Status.IN_PROGRESS, Status.DELIVERED, Status.CLOSED]


def _engagement(rng, spec, services_, consultants, client_user, today) -> Engagement:
    index, status, fixed, months_ago, member = spec
    service = services_[index]
    office = service.offices.exclude(kind=Office.Kind.WORLD).order_by("code").first()
    found = _member_with_editor(rng, office) if member else None
    if found:
        lg, requester = found
        client = {"local_government": lg, "client_contact": requester.get_full_name() or
                  requester.username, "client_email": requester.email}  # fmt: skip
    else:
        requester = client_user
        client = {
            "client_name": "Lakeside Water and Energy Utility",
            "client_contact": "Grace Njoroge",
            "client_email": "grace.njoroge@example.org",
            "client_address": "12 Harbour Road\nKisumu\nKenya",
        }
    starts = today - datetime.timedelta(days=30 * months_ago + 20)
    ends = starts + datetime.timedelta(days=150)
    if status in (Status.DELIVERED, Status.CLOSED):
        ends = today - datetime.timedelta(days=20)
        starts = ends - datetime.timedelta(days=30 * months_ago)
    engagement = services.engagement_request(
        service=service, office=office, by=requester,
        request=f"We would like support with {service.name.lower()}: {service.summary}",
        on=min(starts, today) - datetime.timedelta(days=24), **client,
    )  # fmt: skip
    staff = Role.objects.filter(office=office, kind=Role.Kind.STAFF).select_related("user").first()
    by = staff.user if staff else None
    if status == Status.REQUEST:
        return engagement
    if status == Status.DECLINED:
        services.engagement_move(
            engagement=engagement, status=Status.DECLINED, by=by, note="No capacity this year."
        )
        return engagement
    engagement.scope = (
        f"{service.summary} Two workshops with the departments, a draft and a final report."
    )
    engagement.starts_on, engagement.ends_on = starts, ends
    engagement.currency = "EUR"
    if fixed:
        engagement.fee_basis = Engagement.FeeBasis.FIXED
        engagement.fixed_fee = Money(Decimal(fixed), "EUR")
    else:
        engagement.fee_basis = Engagement.FeeBasis.TIME
    engagement.save()
    team = [c for c in consultants if service in c.services.all()][:2] or consultants[:2]
    for consultant in team:
        services.team_add(
            engagement=engagement, consultant=consultant,
            planned_days=Decimal(rng.choice([6, 8, 10, 12])),
        )  # fmt: skip
    deliverable_days = [starts + (ends - starts) * k // 3 for k in (1, 2, 3)]
    for title, due in zip(
        ("Inception report", "Draft report", "Final report"), deliverable_days, strict=True
    ):
        services.deliverable_add(engagement=engagement, title=title, due_on=due)
    step_day = min(starts, today) - datetime.timedelta(days=10)
    target = status if status != Status.CANCELLED else Status.IN_PROGRESS
    for next_status in PATH[: PATH.index(target) + 1]:
        if next_status == Status.CONTRACT:
            engagement.signed_on = step_day
            engagement.contract_reference = f"CT-{today.year}-{engagement.pk:03d}"
            engagement.save(update_fields=["signed_on", "contract_reference"])
        if next_status == Status.IN_PROGRESS:
            step_day = starts
            _record_time(rng, engagement, team, by, today)
        if next_status == Status.DELIVERED:
            step_day = ends
            for deliverable in engagement.deliverables.all():
                deliverable.delivered_on = min(deliverable.due_on, today)
                deliverable.save(update_fields=["delivered_on"])
        if next_status == Status.CLOSED:
            step_day = min(ends + datetime.timedelta(days=10), today)
        services.engagement_move(
            engagement=engagement, status=next_status, by=by, on=min(step_day, today)
        )
        step_day = min(step_day + datetime.timedelta(days=7), today)
    if status == Status.CANCELLED:
        services.engagement_move(
            engagement=engagement,
            status=Status.CANCELLED,
            by=by,
            note="The council froze the budget.",
        )
    engagement.refresh_from_db()
    return engagement


def _record_time(rng, engagement, team, by, today) -> None:
    last = min(engagement.ends_on, today)
    days = (last - engagement.starts_on).days
    if days <= 0:
        return
    for consultant in team:
        planned = int(engagement.team.get(consultant=consultant).planned_days)
        dates = sorted(rng.sample(range(days + 1), k=min(planned, days + 1)))
        for offset in dates:
            services.time_record(
                engagement=engagement, consultant=consultant,
                date=engagement.starts_on + datetime.timedelta(days=offset),
                days=Decimal(rng.choice(["0.5", "0.75", "1"])), by=by,
            )  # fmt: skip


@transaction.atomic
def build_demo_consultancy(*, seed: int, progress: Progress = no_progress) -> tuple[int, int, int]:
    """(services, consultants, engagements) built."""
    rng = random.Random(seed * 31 + 14)
    today = timezone.localdate()
    services_ = _services()
    consultants = _consultants(rng, services_)
    client_user = User.objects.create_user(
        "client", "grace.njoroge@example.org", DEMO_PASSWORD,
        first_name="Grace", last_name="Njoroge",
    )  # fmt: skip
    engagements = [
        _engagement(rng, spec, services_, consultants, client_user, today)
        for spec in progress(ENGAGEMENTS, "Engagements")
    ]
    invoiced = [e for e in engagements if e.status in Engagement.INVOICEABLE]
    for engagement in invoiced:
        staff = Role.objects.filter(office=engagement.office, kind=Role.Kind.STAFF).first()
        services.engagement_invoice(
            engagement=engagement, by=staff.user if staff else None,
            issued_on=engagement.ends_on + datetime.timedelta(days=5),
        )  # fmt: skip
    closed = next(e for e in engagements if e.status == Status.CLOSED)
    services.feedback_give(
        engagement=closed, by=closed.requested_by, rating=5,
        comment="Clear method, and our staff can now update the inventory themselves.",
    )  # fmt: skip
    return len(services_), len(consultants), len(engagements)


def demo_part(*, seed: int, progress: Progress = no_progress) -> str:
    """`localaction demo`'s part (network.demo.register_part): what was built, in words."""
    made_services, consultants, engagements = build_demo_consultancy(seed=seed, progress=progress)
    return (
        f"Consultancy: {made_services} services, {consultants} consultants, {engagements} "
        "engagements (two invoiced, one with feedback); logins `consultant`, `client`"
    )


def demo_logins() -> list[DemoLogin]:
    logins = []
    if User.objects.filter(username="consultant").exists():
        logins.append(DemoLogin("consultant", DEMO_PASSWORD, "a staff consultant"))
    if User.objects.filter(username="client").exists():
        logins.append(DemoLogin("client", DEMO_PASSWORD, "an external client of the consultancy"))
    return logins
