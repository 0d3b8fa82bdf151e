"""The demo's consultancy on the test cast: the eight services of plan §4.4,
ten consultants, eight engagements across the statuses, two invoiced, one
with the client's feedback — all written through the services."""

import pytest

from localaction.consultancy.demo import build_demo_consultancy
from localaction.consultancy.models import Consultant, Engagement, Feedback, Service

pytestmark = pytest.mark.django_db


def test_the_demo_builds_the_catalogue_the_network_and_engagements(cast):
    services, consultants, engagements = build_demo_consultancy(seed=2007)
    assert (services, consultants, engagements) == (8, 10, 8)
    assert Service.objects.active().count() == 8
    assert Consultant.objects.filter(kind="external").count() == 4
    statuses = set(Engagement.objects.values_list("status", flat=True))
    assert statuses == set(Engagement.Status.values)
    invoiced = Engagement.objects.filter(invoice__isnull=False)
    assert invoiced.count() == 2
    for engagement in invoiced:
        assert engagement.invoice.total.amount == engagement.fee().total
    assert Feedback.objects.count() == 1
    for engagement in Engagement.objects.all():
        days = [step.on for step in engagement.steps.all()]
        assert days == sorted(days)
