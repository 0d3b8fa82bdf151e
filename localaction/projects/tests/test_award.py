"""Awarding a proposal creates (or links) its project and records the award in
the finance app's project funds, in one transaction: a refusal anywhere leaves
neither the project nor the award."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from localaction.finance.funds import parts_in_year
from localaction.finance.models import ProjectFund
from localaction.projects import services
from localaction.projects.models import Project, Proposal

D = datetime.date


def test_an_award_the_finance_app_refuses_leaves_nothing_written(built, cast, monkeypatch):
    def refuse(**_):
        raise ValidationError({"amount": "refused by finance"})

    monkeypatch.setattr(services, "record_project_fund", refuse)
    with pytest.raises(ValidationError):
        services.proposal_award(
            proposal=built.proposal, by=cast.staff,
            starts_on=D(2026, 10, 1), ends_on=D(2029, 9, 30),
        )  # fmt: skip
    built.proposal.refresh_from_db()
    assert built.proposal.status == "submitted" and built.proposal.project is None
    assert Project.objects.count() == 1 and not ProjectFund.objects.exists()


def test_an_award_creates_the_project_and_records_the_project_fund(built, cast):
    proposal = services.proposal_award(
        proposal=built.proposal, by=cast.staff, kind="research",
        starts_on=D(2026, 10, 1), ends_on=D(2029, 9, 30), decided_on=D(2026, 9, 1),
    )  # fmt: skip
    project = proposal.project
    assert project.title == "Urban adaptation in coastal cities"
    assert project.lead_office == cast.europe_office and project.budget == proposal.amount
    fund = ProjectFund.objects.get(office=cast.europe_office)
    assert proposal.fund == fund and fund.reference == f"proposal-{proposal.pk}"
    assert fund.amount == proposal.amount and fund.funder == "Adaptation Fund"
    assert (fund.starts_on, fund.ends_on) == (D(2026, 10, 1), D(2029, 9, 30))
    # What the finance budget comparison counts, year by year, adds up to the award.
    parts = [part.amount.amount for year in range(2026, 2030)
             for part in parts_in_year(cast.europe_office, year)]  # fmt: skip
    assert len(parts) == 4 and sum(parts) == proposal.amount.amount


def test_a_proposal_is_awarded_once(built, cast):
    services.proposal_award(proposal=built.proposal, by=cast.staff, project=built.project)
    with pytest.raises(ValidationError) as refused:
        services.proposal_award(proposal=built.proposal, by=cast.staff, project=built.project)
    assert "status" in refused.value.message_dict
    assert ProjectFund.objects.count() == 1


def test_awarding_links_an_existing_project_the_person_leads(built, cast):
    services.proposal_award(
        proposal=built.proposal, by=cast.staff, project=built.project, decided_on=D(2026, 9, 1)
    )
    built.proposal.refresh_from_db()
    assert built.proposal.project == built.project and built.proposal.status == "awarded"
    assert built.proposal.fund.starts_on == built.project.starts_on


def test_another_offices_project_is_not_linked(built, cast):
    other = Project.objects.create(
        title="Africa's own", slug="africas-own", kind="research", funder="X",
        starts_on=D(2026, 1, 1), ends_on=D(2027, 1, 1), lead_office=cast.africa_office,
    )  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        services.proposal_award(proposal=built.proposal, by=cast.staff, project=other)
    assert "project" in refused.value.message_dict


def test_the_award_page_creates_the_project(client_as, built, cast):
    url = reverse("projects:proposal-decide", args=[built.proposal.pk, "award"])
    client_as("staff").post(
        url, {"kind": "research", "starts_on": "2026-10-01", "ends_on": "2029-09-30",
              "decided_on": "2026-09-01"},
    )  # fmt: skip
    proposal = Proposal.objects.get(pk=built.proposal.pk)
    assert proposal.status == "awarded"
    assert proposal.project.lead_office == cast.europe_office
    assert proposal.project.budget == proposal.amount and proposal.fund is not None
    assert client_as("other_staff").post(url, {}).status_code == 404


def test_a_funder_awards_less_than_asked(built, cast):
    requested = built.proposal.amount
    awarded = requested.amount - 50_000
    proposal = services.proposal_award(
        proposal=built.proposal, by=cast.staff, amount=awarded,
        starts_on=D(2026, 10, 1), ends_on=D(2029, 9, 30),
    )  # fmt: skip
    assert proposal.amount == requested  # what was asked stays on record
    assert proposal.fund.amount.amount == awarded
    assert proposal.fund.amount.currency == requested.currency
    assert proposal.project.budget == proposal.fund.amount
    parts = [part.amount.amount for year in range(2026, 2030)
             for part in parts_in_year(cast.europe_office, year)]  # fmt: skip
    assert sum(parts) == awarded
    # The pipeline's awarded line counts the award, not the request.
    (line,) = [line for line in services.pipeline_of(cast.europe_office).lines
               if line.status == "awarded"]  # fmt: skip
    assert line.amounts == {str(requested.currency): awarded}


@pytest.mark.parametrize(
    "amount", ["0", "-1", "0.001", "NaN", "Infinity", "1000000000000", "1E+400"]
)
def test_an_award_of_no_real_amount_is_refused_and_nothing_written(built, cast, amount):
    from decimal import Decimal

    with pytest.raises(ValidationError) as refused:
        services.proposal_award(
            proposal=built.proposal, by=cast.staff, amount=Decimal(amount),
            starts_on=D(2026, 10, 1), ends_on=D(2029, 9, 30),
        )  # fmt: skip
    assert "amount" in refused.value.message_dict
    built.proposal.refresh_from_db()
    assert built.proposal.status == "submitted"
    assert Project.objects.count() == 1 and not ProjectFund.objects.exists()


def test_the_award_page_and_api_take_the_amount_awarded(client_as, built, cast):
    url = reverse("projects:proposal-decide", args=[built.proposal.pk, "award"])
    response = client_as("staff").post(
        url, {"kind": "research", "starts_on": "2026-10-01", "ends_on": "2029-09-30",
              "amount": "abc"},
    )  # fmt: skip
    assert Proposal.objects.get(pk=built.proposal.pk).status == "submitted"
    assert response.status_code in (200, 302, 400)
    api = client_as("staff").post(
        f"/api/projects/proposals/{built.proposal.pk}/award/",
        {"project": built.project.slug, "amount": "1000.50"},
        content_type="application/json",
    )
    assert api.status_code == 200, api.content
    assert api.json()["awarded"]["amount"] == "1000.50"
    assert api.json()["amount"]["amount"] == f"{built.proposal.amount.amount:.2f}"
    page = client_as("staff").get(reverse("projects:proposal", args=[built.proposal.pk]))
    assert "Amount awarded" in page.text
