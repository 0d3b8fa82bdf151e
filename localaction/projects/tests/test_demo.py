"""The demo's projects: four projects with work packages, deliverables (some
late), team and outputs; six proposals, one in each status and two awarded,
each award recorded in the finance app's project funds."""

import pytest
from django.utils import timezone

from localaction.projects.demo import build_demo_projects
from localaction.projects.models import Deliverable, Output, Project, Proposal

pytestmark = pytest.mark.django_db


def test_the_demo_builds_projects_and_proposals_in_every_status(cast):
    projects, late, proposals = build_demo_projects(seed=2007)
    assert projects == Project.objects.count() == 4
    assert late == Deliverable.objects.late(timezone.localdate()).count() >= 2
    assert Deliverable.objects.filter(status="delivered").exists()
    assert Output.objects.exists()
    assert proposals == Proposal.objects.count() == 6
    assert set(Proposal.objects.values_list("status", flat=True)) == set(Proposal.Status.values)
    awarded = Proposal.objects.filter(status="awarded")
    assert {p.project.slug for p in awarded} == {"ecobudget-pilot", "open-ghg-tool"}
    for project in Project.objects.all():
        for deliverable in project.deliverables.all():
            deliverable.full_clean()  # every date within its project and work package
