"""A fee schedule points to the decision that adopted it (issue 13): linked
in the admin, even once the schedule is adopted and fixed, and shown with its
reference on the schedule's page and in the API."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from localaction.finance.services import adopt_schedule
from localaction.governance import decisions
from localaction.governance.models import Body, Decision, Meeting


@pytest.fixture
def council_decision(cast):
    """A decision of the Council (every full member: Freiburg, present)."""

    def decide(**fields) -> Decision:
        meeting = Meeting.objects.create(
            body=Body.objects.get(code="COUNCIL"),
            title="World Congress",
            held_on=datetime.date(2026, 11, 15),
            place="Seoul",
        )
        decisions.record_attendance(meeting, by=cast.secretariat, local_government=cast.freiburg)
        fields.setdefault("outcome", Decision.Outcome.ADOPTED)
        return decisions.record_decision(
            meeting,
            by=cast.secretariat,
            title="Membership dues 2027",
            motion="The Council adopts the fee schedule for 2027.",
            method=Decision.Method.CONSENSUS,
            **fields,
        )

    return decide


@pytest.fixture
def adopted(cast, example_schedule):
    return adopt_schedule(
        example_schedule,
        adopted_on=datetime.date(2026, 11, 15),
        adopted_by="Council",
        by=cast.secretariat,
    )


def test_an_adopted_schedule_is_linked_to_its_decision_and_shows_it(
    client_as, adopted, council_decision
):
    decision = council_decision()
    adopted.decision = decision
    adopted.full_clean()
    adopted.save()

    page = client_as("secretariat").get(f"/finance/schedules/{adopted.pk}/").content.decode()
    api = client_as("staff").get(f"/api/fee-schedules/{adopted.pk}/").json()

    assert decision.reference == "COUNCIL-2026-001"
    assert '<a href="/governance/decisions/COUNCIL-2026-001/">COUNCIL-2026-001</a>' in page
    assert api["decision"] == "COUNCIL-2026-001"


def test_a_rejected_decision_adopted_no_schedule(adopted, council_decision):
    adopted.decision = council_decision(outcome=Decision.Outcome.REJECTED)
    with pytest.raises(ValidationError) as error:
        adopted.full_clean()
    assert error.value.message_dict == {
        "decision": ["COUNCIL-2026-001 was rejected: it adopted no schedule."]
    }


def test_linking_the_decision_in_the_admin_leaves_the_fixed_terms_alone(
    client_as, adopted, council_decision
):
    decision = council_decision()
    change = client_as("secretariat").get(f"/admin/finance/feeschedule/{adopted.pk}/change/")
    assert 'name="decision"' in change.content.decode()
    assert "grace_days" not in [
        field.name for field in change.context["adminform"].form.visible_fields()
    ]
    response = client_as("secretariat").post(
        f"/admin/finance/feeschedule/{adopted.pk}/change/",
        {
            "decision": decision.pk,
            "note": "",
            "bands-TOTAL_FORMS": "0",
            "bands-INITIAL_FORMS": "0",
            "flat_fees-TOTAL_FORMS": "0",
            "flat_fees-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    adopted.refresh_from_db()
    assert adopted.decision == decision
