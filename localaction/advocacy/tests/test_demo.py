"""The demo's advocacy: the plan's processes and roles, engagements with member
delegations, a statement citing the demo's published network report with the
value kept as published, and a review of the Observer role."""

from io import StringIO

import pytest
from django.core.management import call_command

from localaction.advocacy.models import CitedFigure, Engagement, Role, RoleReview
from localaction.network.models import Membership

pytestmark = pytest.mark.django_db


def test_the_demo_builds_roles_engagements_and_a_cited_statement():
    out = StringIO()
    call_command("demo", "--members", "60", "--seed", "2", stdout=out)

    assert sorted(Role.objects.values_list("process__short_name", "kind")) == [
        ("COP/CMP", "observer"),
        ("CSD", "partner"),
        ("WUF", "other"),
    ]
    assert "3 advocacy roles with 3 engagements" in out.getvalue()
    statement = Engagement.objects.get(role__kind=Role.Kind.OBSERVER)
    # Each cited figure is the published report's own value.
    cited = list(CitedFigure.objects.filter(engagement=statement).select_related("report"))
    assert {figure.key for figure in cited} == {"total_tco2e", "members_reporting"}
    for figure in cited:
        assert figure.value == figure.report.snapshot[figure.key]
    # The delegations are active members.
    delegations = statement.delegations.all()
    assert delegations.exists()
    for member in delegations:
        assert member.memberships.filter(status=Membership.Status.ACTIVE).exists()
    review = RoleReview.objects.get()
    assert review.role == statement.role
    assert review.recommendation == RoleReview.Recommendation.CONTINUE
