"""The demo's regional development: the priority regions' targets, a pipeline
in every status across three offices with overdue next steps, and the
offices' arrangements, all shown to the demo's staff."""

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from localaction.development.models import (
    MembershipTarget,
    OfficeArrangement,
    OfficeContract,
    PriorityRegion,
    Prospect,
)
from localaction.network.models import Membership, Office

pytestmark = pytest.mark.django_db


def test_the_demo_builds_a_pipeline_targets_and_arrangements():
    out = StringIO()
    call_command("demo", "--members", "300", "--seed", "2", stdout=out)

    prospects = Prospect.objects.all()
    assert prospects.count() == 30
    assert f"{prospects.count()} prospects" in out.getvalue()
    assert set(prospects.values_list("status", flat=True)) == set(Prospect.Status.values)
    assert prospects.values("office").distinct().count() == 3
    assert prospects.overdue().exists()
    for prospect in prospects.filter(status="joined"):
        assert prospect.local_government.memberships.filter(status="active").exists()
    for prospect in prospects.exclude(status="joined"):
        assert not prospect.local_government.memberships.filter(
            status=Membership.Status.ACTIVE
        ).exists()
    for prospect in prospects:
        assert prospect.changes.first().status == "identified"
        assert prospect.contacts.exists()

    for region in PriorityRegion.objects.all():
        years = set(region.targets.values_list("year", flat=True))
        assert set(range(2007, 2013)) <= years and max(years) > 2012
    assert MembershipTarget.objects.filter(members__lt=0).count() == 0
    offices = Office.objects.exclude(kind=Office.Kind.WORLD)
    assert OfficeArrangement.objects.count() == offices.count()
    assert OfficeContract.objects.count() == offices.count()

    # The demo's staff work at the European secretariat, which keeps a pipeline.
    staff = Client()
    staff.force_login(User.objects.get(username="staff"))
    assert "Europe" in staff.get(reverse("development:conversion")).text
    assert "next steps overdue" in staff.get(reverse("network:work")).text or not (
        prospects.overdue().filter(office__code="europe").exists()
    )
    page = staff.get(Office.objects.get(code="europe").get_absolute_url()).text
    assert "Host and arrangements" in page and "prospects in the pipeline" in page
    assert (
        "Host and arrangements"
        in Client().get(Office.objects.get(code="europe").get_absolute_url()).text
    )
