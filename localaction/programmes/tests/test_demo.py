"""The demo's work programmes: three offices' approved programmes of this
year, the World Secretariat's revised (version 2 approved, version 1
superseded), every activity serving Cape Town Plan goals within the year
and no budget line given more than it holds."""

from io import StringIO

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.utils import timezone

from localaction.finance.models import BudgetLine
from localaction.programmes import permissions
from localaction.programmes.models import Activity, Allocation, WorkProgramme

pytestmark = pytest.mark.django_db


def test_the_demo_builds_approved_programmes_one_revised():
    out = StringIO()
    call_command("demo", "--members", "250", "--seed", "7", stdout=out)
    year = timezone.localdate().year
    programmes = WorkProgramme.objects.filter(year=year)
    activities = Activity.objects.filter(programme__year=year)
    assert (
        f"3 work programmes ({programmes.count()} versions, {activities.count()} activities)"
        in out.getvalue()
    )
    assert programmes.filter(status="approved").count() == 3
    # The World Secretariat's is revised: version 2 approved by the mid-year
    # review where the demo's committee has held it, drafted otherwise.
    revision = programmes.get(version=2)
    first = revision.previous
    assert (first.version, first.office.kind) == (1, "world")
    if revision.status == "approved":
        assert first.status == "superseded"
        assert revision.approved_by != first.approved_by
        assert revision.approved_by.title.startswith("Mid-year review of the work programme")
    else:
        assert (revision.status, first.status) == ("draft", "approved")
    assert programmes.count() == 4
    for programme in programmes.exclude(status="draft"):
        assert programme.approved_by.body.code == "EXCOM"
        assert programme.approved_by.outcome == "adopted"
        assert 5 <= programme.activities.count() <= 8
    for activity in activities:
        assert activity.goals.exists()
        assert all(goal.area.plan.status == "adopted" for goal in activity.goals.all())
        assert activity.starts_on.year == activity.ends_on.year == year
    assert Allocation.objects.filter(activity__programme__year=year).exists()
    for line in BudgetLine.objects.filter(allocations__isnull=False).distinct():
        for programme in programmes:
            taken = sum(
                a.amount.amount
                for a in Allocation.objects.filter(budget_line=line, activity__programme=programme)
            )
            assert taken <= line.amount.amount
    # The World Secretariat's is public: its summary is anyone's.
    assert permissions.can_read_summary(AnonymousUser(), revision)
