"""The demo's governance: the plan's bodies filled, the Congress and the
Executive Committee's meetings held, all through the services; the demo's
editor sits on the Executive Committee and reads what is not public."""

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from localaction.finance.models import FeeSchedule
from localaction.governance import permissions
from localaction.governance.models import Body, Decision, DocumentVersion, Mandate

pytestmark = pytest.mark.django_db


def test_the_demo_fills_the_bodies_and_holds_their_meetings():
    out = StringIO()
    call_command("demo", "--members", "60", "--seed", "2", stdout=out)

    excom = Body.objects.get(code="EXCOM")
    assert excom.current_mandates().exists()
    assert Mandate.objects.filter(seat__body=excom).past().exists()
    assert (
        Mandate.objects.filter(end_reason="resignation").exists()
        or (timezone.localdate() - excom.meetings.order_by("held_on").first().held_on).days < 400
    )
    decisions = Decision.objects.all()
    assert decisions.filter(body__code="COUNCIL").exists()
    assert decisions.filter(is_public=False).exists()
    assert f"{decisions.count()} decisions" in out.getvalue()
    # References run without gaps per body and year.
    for body_id, year in decisions.values_list("body", "year").distinct():
        numbers = sorted(decisions.filter(body=body_id, year=year).values_list("number", flat=True))
        assert numbers == list(range(1, len(numbers) + 1))
    schedule = FeeSchedule.objects.get(year=timezone.localdate().year, office=None)
    assert schedule.decision.title == "Membership dues"
    assert DocumentVersion.objects.filter(document__code="charter").count() >= 1

    editor = User.objects.get(username="editor")
    assert permissions.sits_on(editor, excom)
    private = decisions.filter(is_public=False).first()
    client = Client()
    assert client.get(private.get_absolute_url()).status_code == 404
    client.force_login(editor)
    assert client.get(private.get_absolute_url()).status_code == 200
