"""The demo's results: indicators of real goals of the Cape Town Plan, both
computed and reported, some reported values approved and one awaiting
approval, one past review, and a dashboard showing green, amber and red."""

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from localaction.results.dashboard import adopted_plan, dashboard
from localaction.results.models import Indicator, Review, Value
from localaction.results.status import Status

pytestmark = pytest.mark.django_db


def test_the_demo_shows_a_mix_of_statuses():
    out = StringIO()
    call_command("demo", "--members", "250", "--seed", "7", stdout=out)
    assert f"{Indicator.objects.count()} indicators of the plan" in out.getvalue()

    sources = set(Indicator.objects.values_list("source", flat=True))
    assert sources == {"computed", "reported"}
    reported = Value.objects.filter(source="reported")
    assert reported.filter(status="approved").count() == 3
    (waiting,) = reported.filter(status="submitted")
    assert waiting.entered_by.username == "staff"
    for value in reported.filter(status="approved"):
        assert value.decided_by != value.entered_by
    # Past periods of computed indicators are closed with their value recorded.
    recorded = Value.objects.filter(source="computed")
    assert recorded.exists()
    assert all(value.measure_words and value.period.is_closed for value in recorded)

    (review,) = Review.objects.all()
    assert review.entries.count() == Indicator.objects.count()

    shown = dashboard(adopted_plan(), charts=False)
    statuses = {row.reading.status for goal in shown.goals for row in goal.rows}
    assert {Status.GREEN, Status.AMBER, Status.RED, Status.GREY} <= statuses
    rows = [row for goal in shown.goals for row in goal.rows]
    assert any(row.changed for row in rows)  # what changed since the review

    client = Client()
    client.force_login(User.objects.get(username="staff"))
    assert client.get("/plan/dashboard/").status_code == 200
    assert client.get(f"/plan/indicators/{waiting.indicator_id}/").status_code == 200
    assert client.get("/plan/results/").status_code == 200
