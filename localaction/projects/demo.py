"""The demo's projects: four of the Agency's projects — an ecoBUDGET pilot in
three European cities, a research project on urban adaptation with African
cities, a development project for an open GHG inventory tool, and a completed
procurement pilot — with their offices, pilot members, teams across offices
(the demo's `staff`, `secretariat` and a `researcher` of the African office),
work packages, deliverables (some late), and the methods and tools they
produced, linked to a live publication when the knowledge base has one; and six
funding proposals of the European office, in every status, the awarded ones
through the same service as the pages (so the finance app's project funds
record them).

Dates are relative to today, so that some deliverables are always late.
Deterministic for a seed.
"""

from __future__ import annotations

import datetime
import random

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from djmoney.money import Money

from localaction.accounts.models import Role
from localaction.campaigns.models import Campaign
from localaction.knowledge.models import Publication
from localaction.network.demo import DemoLogin, Progress, no_progress
from localaction.network.models import LocalGovernment, Office
from localaction.projects import services
from localaction.projects.models import (
    Deliverable,
    Output,
    Project,
    Proposal,
    TeamMember,
    WorkPackage,
)

DEMO_PASSWORD = "localaction"


def _office(code: str) -> Office:
    if code == "world-secretariat":
        return Office.objects.world_secretariat()
    return (
        Office.objects.filter(code=code).first()
        or Office.objects.exclude(kind=Office.Kind.WORLD).order_by("code").first()
        or Office.objects.world_secretariat()
    )


def _members(rng: random.Random, region: str, count: int) -> list[LocalGovernment]:
    towns = list(
        LocalGovernment.objects.filter(country__region__code=region, is_published=True).order_by(
            "-population", "code"
        )[:20]
    )
    return sorted(rng.sample(towns, min(count, len(towns))), key=lambda lg: lg.code)


def _researcher() -> User:
    researcher = User.objects.filter(username="researcher").first()
    if researcher is None:
        researcher = User.objects.create_user(
            "researcher",
            "researcher@example.org",
            DEMO_PASSWORD,
            first_name="Amina",
            last_name="Odhiambo",
        )
        Role.objects.create(user=researcher, kind=Role.Kind.STAFF, office=_office("africa"))
    return researcher


# (title, slug, kind, funder, budget, currency, start (days from today), years,
#  status, lead office, other offices, pilot region and count, instruments, campaigns,
#  public, summary)
PROJECTS = [
    (
        "ecoBUDGET pilot in three cities", "ecobudget-pilot", Project.Kind.PILOT,
        "European Commission (LIFE programme)", "480000.00", "EUR", -540, 3,
        Project.Status.RUNNING, "europe", ["world-secretariat"], ("europe", 3), ["ecobudget"],
        [], True,
        "Three member cities run a full ecoBUDGET cycle — an environmental master budget, "
        "a mid-year check and a budget balance adopted by their councils — to show the "
        "method works in mid-sized cities.",
    ),
    (
        "Urban adaptation in African secondary cities", "urban-adaptation-africa",
        Project.Kind.RESEARCH, "International Development Research Centre", "350000.00", "USD",
        -300, 3, Project.Status.RUNNING, "africa", ["europe"], ("africa", 4),
        ["resilience"], [], True,
        "Research with four secondary cities on climate risks, adaptation options and what "
        "it takes to finance them, feeding a resilience scorecard adapted to their size.",
    ),
    (
        "An open GHG inventory tool", "open-ghg-tool", Project.Kind.DEVELOPMENT,
        "Climate foundation", "150000.00", "EUR", -200, 2, Project.Status.RUNNING,
        "world-secretariat", ["europe"], ("europe", 0), ["ghg-inventory", "targets"],
        ["ccp"], False,
        "A spreadsheet-free tool for GPC BASIC inventories that members can run offline.",
    ),
    (
        "Sustainable procurement pilot", "procurement-pilot", Project.Kind.PILOT,
        "National environment ministry", "90000.00", "EUR", -1100, 2,
        Project.Status.COMPLETED, "europe", [], ("europe", 3), ["procurement"], [], True,
        "Five product groups bought to green criteria in three cities, with the savings and "
        "emissions avoided measured.",
    ),
]  # fmt: skip

# Per project: (work package title, start offset in months, months), deliverables
# (title, kind, due month from the start, delivered).
PLANS = {
    "ecobudget-pilot": (
        [("Environmental master budgets", 0, 14), ("Budget balance and council adoption", 12, 24)],
        [("Baseline report on the three cities", "report", 5, True),
         ("Master budget template", "method", 9, True),
         ("Mid-year environmental check", "report", 15, False),
         ("Council adoption kit", "tool", 30, False)],
    ),
    "urban-adaptation-africa": (
        [("Climate risk profiles", 0, 12), ("Adaptation finance", 10, 26)],
        [("Risk profiles of four cities", "dataset", 6, True),
         ("Peer-learning workshop in Kisumu", "event", 8, False),
         ("Scorecard for secondary cities", "method", 20, False)],
    ),
    "open-ghg-tool": (
        [("Requirements with members", 0, 6), ("The tool", 4, 20)],
        [("Requirements report", "report", 3, True),
         ("First release", "tool", 6, False),
         ("Training material", "training", 18, False)],
    ),
    "procurement-pilot": (
        [("Criteria and tenders", 0, 24)],
        [("Green criteria for five product groups", "method", 6, True),
         ("Results and savings report", "report", 22, True)],
    ),
}  # fmt: skip


def _months(day: datetime.date, months: int) -> datetime.date:
    return day + datetime.timedelta(days=round(months * 30.4))


def _build_project(rng, spec, today, people, publication) -> Project:
    (title, slug, kind, funder, budget, currency, start, years, status, lead, others,
     pilots, instruments, campaigns, public, summary) = spec  # fmt: skip
    starts_on = today + datetime.timedelta(days=start)
    ends_on = _months(starts_on, 12 * years) - datetime.timedelta(days=1)
    project = Project(
        title=title, slug=slug, kind=kind, funder=funder, budget=Money(budget, currency),
        starts_on=starts_on, ends_on=ends_on, status=status, lead_office=_office(lead),
        instruments=instruments, is_public=public, summary=summary,
    )  # fmt: skip
    project.full_clean()
    project.save()
    project.offices.set([_office(code) for code in others if _office(code) != project.lead_office])
    region, count = pilots
    if count:
        project.pilot_members.set(_members(rng, region, count))
    project.campaigns.set(Campaign.objects.filter(code__in=campaigns))
    lead_person, coordinator, researcher = people
    for person, role, discipline in (
        (lead_person, TeamMember.Role.LEAD, "Environmental management"),
        (coordinator, TeamMember.Role.COORDINATOR, "Public finance"),
        (researcher, TeamMember.Role.RESEARCHER, "Urban geography"),
    ):
        office = Role.objects.filter(user=person, office__isnull=False).first()
        if office is not None:
            TeamMember.objects.create(
                project=project, person=person, office=office.office, role=role,
                discipline=discipline,
            )  # fmt: skip
    packages_plan, deliverables_plan = PLANS[slug]
    packages = []
    for number, (package_title, offset, months) in enumerate(packages_plan, start=1):
        package = WorkPackage(
            project=project, number=number, title=package_title, lead_office=project.lead_office,
            starts_on=_months(starts_on, offset),
            ends_on=min(_months(starts_on, offset + months), ends_on),
        )  # fmt: skip
        package.full_clean()
        package.save()
        packages.append(package)
    for deliverable_title, kind_, month, delivered in deliverables_plan:
        due_on = min(_months(starts_on, month), ends_on)
        package = next((p for p in packages if p.starts_on <= due_on <= p.ends_on), None)
        done_on = None
        if delivered:
            done_on = min(due_on + datetime.timedelta(days=rng.randint(-10, 20)), today)
        deliverable = Deliverable(
            project=project, work_package=package, title=deliverable_title, kind=kind_,
            due_on=due_on,
            status=Deliverable.Status.DELIVERED if delivered
            else Deliverable.Status.IN_PROGRESS if due_on < today + datetime.timedelta(days=90)
            else Deliverable.Status.PLANNED,
            delivered_on=done_on,
            publication=publication if delivered and kind_ == "report" else None,
        )  # fmt: skip
        deliverable.full_clean()
        deliverable.save()
        if kind_ in (Deliverable.Kind.METHOD, Deliverable.Kind.TOOL) and delivered:
            output = Output.objects.create(
                project=project,
                title=deliverable_title,
                kind=Output.Kind.METHOD if kind_ == "method" else Output.Kind.TOOL,
                description=f"Produced by {title}; used by members beyond the pilot.",
                instruments=instruments,
            )
            output.campaigns.set(project.campaigns.all())
            if publication is not None:
                output.publications.add(publication)
    return project


# (title, funder, amount, currency, status, submitted days ago)
PROPOSALS = [
    ("Water accounts for coastal cities", "Water foundation", "60000.00", "EUR", "draft", None),
    ("Local biodiversity index, second phase", "European Commission (Horizon)",
     "750000.00", "EUR", "submitted", 40),
    ("ecoBUDGET pilot in three cities", "European Commission (LIFE programme)",
     "480000.00", "EUR", "awarded", 620),
    ("Procurement criteria for food", "Food programme", "120000.00", "EUR", "rejected", 400),
    ("An open GHG inventory tool", "Climate foundation", "150000.00", "EUR", "awarded", 280),
    ("Noise maps for small towns", "National ministry", "45000.00", "EUR", "withdrawn", 90),
]  # fmt: skip


def _build_proposals(today, lead: User, projects: dict[str, Project]) -> int:
    office = _office("europe")
    for title, funder, amount, currency, status, days in PROPOSALS:
        proposal = Proposal.objects.create(
            title=title, funder=funder, office=office, amount=Money(amount, currency),
            submitted_on=today - datetime.timedelta(days=days) if days else None,
            decision_due_on=today + datetime.timedelta(days=60) if days else None,
            note=f"Prepared with the {office.name}.", created_by=lead,
        )  # fmt: skip
        if status == "draft":
            continue
        proposal.status = Proposal.Status.SUBMITTED
        proposal.save(update_fields=["status"])
        decided_on = today - datetime.timedelta(days=max(days - 80, 1))
        if status == "awarded":
            # The awards that fund the demo's projects.
            funded = next(p for p in projects.values() if p.title == title)
            services.proposal_award(
                proposal=proposal, by=lead, project=funded, decided_on=decided_on
            )
        elif status == "rejected":
            services.proposal_reject(
                proposal=proposal, by=lead, decided_on=decided_on,
                note="The funder chose projects with more partner countries.",
            )  # fmt: skip
        elif status == "withdrawn":
            services.proposal_withdraw(proposal=proposal, by=lead)
    return len(PROPOSALS)


@transaction.atomic
def build_demo_projects(*, seed: int, progress: Progress = no_progress) -> tuple[int, int, int]:
    rng = random.Random(seed)
    today = timezone.localdate()
    secretariat = User.objects.filter(username="secretariat").first()
    staff = User.objects.filter(username="staff").first() or secretariat
    researcher = _researcher()
    people = (staff or researcher, secretariat or researcher, researcher)
    publication = Publication.objects.filter(live=True).order_by("-published_on", "pk").first()
    projects = {
        spec[1]: _build_project(rng, spec, today, people, publication)
        for spec in progress(PROJECTS, "projects")
    }
    lead = secretariat or staff or researcher
    proposals = _build_proposals(today, lead, projects)
    return len(projects), Deliverable.objects.late(today).count(), proposals


def demo_part(*, seed: int, progress: Progress = no_progress) -> str:
    """`localaction demo`'s part (network.demo.register_part): what was built, in words."""
    projects, late, proposals = build_demo_projects(seed=seed, progress=progress)
    return (
        f"Projects: {projects} projects ({late} deliverables late), {proposals} funding "
        "proposals; researcher login `researcher`"
    )


def demo_logins() -> list[DemoLogin]:
    if not User.objects.filter(username="researcher").exists():
        return []
    return [DemoLogin("researcher", DEMO_PASSWORD, "researcher on the demo's projects")]
