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
