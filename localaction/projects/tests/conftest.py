"""A pilot project for the tests: led by the cast's European office, running
2025–2027 (not public), with Freiburg as pilot member, a researcher of the
Asian office on its team, one work package (2025-03-01 – 2026-06-30) and two
deliverables, one of them late; and a submitted proposal of the European office."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User
from djmoney.money import Money

from localaction.accounts.models import Role
from localaction.conftest import make_user
from localaction.network.models import Country, Office, Region
from localaction.projects.models import (
    Deliverable,
    Output,
    Project,
    Proposal,
    TeamMember,
    WorkPackage,
)

D = datetime.date


@dataclass
class Built:
    project: Project
    package: WorkPackage
    late: Deliverable
    upcoming: Deliverable
    public_output: Output
    internal_output: Output
    proposal: Proposal
    researcher: User


@pytest.fixture
def researcher(cast) -> User:
    asia = Office.objects.create(
        code="asia",
        name="East Asia Secretariat",
        kind=Office.Kind.REGIONAL,
        country=Country.objects.get(code="JP"),
    )
    asia.regions.add(Region.objects.get(code="east-asia"))
    return make_user("researcher", kind=Role.Kind.STAFF, office=asia)


@pytest.fixture
def built(cast, researcher) -> Built:
    project = Project.objects.create(
        title="ecoBUDGET pilot in three cities",
        slug="ecobudget-pilot",
        kind=Project.Kind.PILOT,
        summary="Three cities run a full ecoBUDGET cycle.",
        funder="European Commission (LIFE)",
        budget=Money("480000.00", "EUR"),
        starts_on=D(2025, 1, 1),
        ends_on=D(2027, 12, 31),
        status=Project.Status.RUNNING,
        lead_office=cast.europe_office,
        instruments=["ecobudget"],
    )
    project.pilot_members.add(cast.freiburg)
    TeamMember.objects.create(
        project=project,
        person=researcher,
        office=researcher.roles.get().office,
        role=TeamMember.Role.RESEARCHER,
        discipline="Environmental economics",
    )
    package = WorkPackage.objects.create(
        project=project,
        number=1,
        title="Environmental master budgets",
        lead_office=cast.europe_office,
        starts_on=D(2025, 3, 1),
        ends_on=D(2026, 6, 30),
    )
    late = Deliverable.objects.create(
        project=project,
        work_package=package,
        title="Baseline report",
        kind=Deliverable.Kind.REPORT,
        due_on=D(2025, 6, 30),
        status=Deliverable.Status.IN_PROGRESS,
    )
    upcoming = Deliverable.objects.create(
        project=project, title="Final toolkit", kind=Deliverable.Kind.TOOL, due_on=D(2027, 12, 1)
    )
    public_output = Output.objects.create(
        project=project, title="ecoBUDGET guide for small towns", kind=Output.Kind.METHOD
    )
    internal_output = Output.objects.create(
        project=project, title="Budget spreadsheet prototype", kind=Output.Kind.TOOL,
        is_public=False,
    )  # fmt: skip
    proposal = Proposal.objects.create(
        title="Urban adaptation in coastal cities",
        funder="Adaptation Fund",
        office=cast.europe_office,
        amount=Money("250000.00", "EUR"),
        submitted_on=D(2026, 3, 1),
        decision_due_on=D(2026, 9, 1),
        status=Proposal.Status.SUBMITTED,
    )
    return Built(
        project, package, late, upcoming, public_output, internal_output, proposal, researcher
    )
