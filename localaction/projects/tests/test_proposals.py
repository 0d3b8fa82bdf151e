"""The funding pipeline: proposals are kept by their office's staff and the
secretariat; awarding one creates (or links) the project and records the award
in the finance app's project funds, all or nothing; rejecting records the
decision; the pipeline page sums the amounts by status, the success rate and
the expected value."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from djmoney.money import Money

from localaction.projects import services
from localaction.projects.models import Project, Proposal

D = datetime.date


def _proposal(office, status, amount, currency="EUR", by=None) -> Proposal:
    proposal = Proposal.objects.create(
        title=f"{status} {amount}",
        funder="A foundation",
        office=office,
        amount=Money(amount, currency),
        submitted_on=None if status == "draft" else D(2025, 2, 1),
        decided_on=D(2025, 9, 1) if status == "rejected" else None,
        status="submitted" if status == "awarded" else status,
    )
    if status == "awarded":
        services.proposal_award(proposal=proposal, by=by, project=Project.objects.first())
    return proposal


def test_the_pipeline_sums_by_status_with_rate_and_expected_value(built, cast):
    office = cast.europe_office  # has the fixture's submitted 250,000 EUR
    _proposal(office, "awarded", "100000.00", by=cast.staff)
    _proposal(office, "rejected", "50000.00")
    _proposal(office, "rejected", "70000.00")
    _proposal(office, "submitted", "30000.00")
    _proposal(office, "submitted", "9000.00", "USD")
    _proposal(office, "draft", "5000.00")
    pipeline = services.pipeline_of(office)
    submitted = pipeline.line("submitted")
    assert submitted.count == 3
    assert submitted.amounts == {"EUR": Decimal("280000.00"), "USD": Decimal("9000.00")}
    assert pipeline.line("rejected").amounts == {"EUR": Decimal("120000.00")}
    # One awarded among three decided.
    assert pipeline.success_rate == Decimal(1) / Decimal(3)
    assert pipeline.expected == {"EUR": Decimal("93333.33"), "USD": Decimal("3000.00")}
    assert (
        sum(line.count for line in pipeline.lines) == Proposal.objects.filter(office=office).count()
    )


def test_no_decision_yet_means_no_rate(built, cast):
    pipeline = services.pipeline_of(cast.europe_office)
    assert pipeline.success_rate is None and pipeline.expected == {}


@pytest.mark.parametrize(
    "who, status",
    [("staff", 200), ("secretariat", 200), ("other_staff", 403), ("editor", 403),
     ("anonymous", 302)],
)  # fmt: skip
def test_the_pipeline_page_is_for_the_office_and_the_secretariat(client_as, built, who, status):
    response = client_as(who).get(reverse("projects:pipeline", args=["europe"]))
    assert response.status_code == status
    if status == 200:
        page = response.content.decode()
        assert "Urban adaptation in coastal cities" in page and "<svg" in page


@pytest.mark.parametrize("who, status", [("staff", 200), ("other_staff", 404), ("anonymous", 302)])
def test_a_proposal_page_is_for_its_office(client_as, built, who, status):
    assert client_as(who).get(built.proposal.get_absolute_url()).status_code == status


def test_rejecting_records_the_decision_on_the_page(client_as, built):
    url = reverse("projects:proposal-decide", args=[built.proposal.pk, "reject"])
    assert client_as("other_staff").post(url, {}).status_code == 404
    client_as("staff").post(url, {"decided_on": "2026-09-10", "note": "Not eligible."})
    built.proposal.refresh_from_db()
    assert built.proposal.status == "rejected" and built.proposal.decided_on == D(2026, 9, 10)
    assert "Not eligible." in built.proposal.note


def test_only_a_submitted_proposal_is_decided(built, cast):
    draft = _proposal(cast.europe_office, "draft", "1000.00")
    with pytest.raises(ValidationError) as refused:
        services.proposal_reject(proposal=draft, by=cast.staff)
    assert "status" in refused.value.message_dict


def test_another_office_does_not_decide(built, cast):
    with pytest.raises(PermissionDenied):
        services.proposal_reject(proposal=built.proposal, by=cast.other_staff)


def test_a_proposal_is_created_as_a_draft_for_one_of_the_persons_offices(client_as, built, cast):
    data = {"title": "Water campaign toolkit", "funder": "Water foundation",
            "office": cast.europe_office.pk, "amount_0": "40000.00", "amount_1": "EUR"}  # fmt: skip
    refused = client_as("other_staff").post(reverse("projects:proposal-create"), data)
    assert "office" in refused.context["form"].errors
    assert client_as("staff").post(reverse("projects:proposal-create"), data).status_code == 302
    assert Proposal.objects.get(title="Water campaign toolkit").status == "draft"


def test_an_award_without_the_new_projects_dates_is_refused_and_nothing_changes(built, cast):
    with pytest.raises(ValidationError) as refused:
        services.proposal_award(proposal=built.proposal, by=cast.staff)
    assert set(refused.value.message_dict) == {"starts_on", "ends_on"}
    built.proposal.refresh_from_db()
    assert built.proposal.status == "submitted" and Project.objects.count() == 1
