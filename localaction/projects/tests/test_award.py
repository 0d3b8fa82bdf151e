"""Awarding a proposal creates (or links) its project and records the award in
the finance app's project funds, in one transaction: a refusal anywhere leaves
neither the project nor the award."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

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
    assert Project.objects.count() == 1


def test_awarding_links_an_existing_project_the_person_leads(built, cast, monkeypatch):
    recorded = []
    monkeypatch.setattr(services, "record_project_fund", lambda **kw: recorded.append(kw))
    services.proposal_award(
        proposal=built.proposal, by=cast.staff, project=built.project, decided_on=D(2026, 9, 1)
    )
    built.proposal.refresh_from_db()
    assert built.proposal.project == built.project and built.proposal.status == "awarded"
    assert recorded[0]["starts_on"] == built.project.starts_on
    assert recorded[0]["reference"] == f"proposal-{built.proposal.pk}"


def test_another_offices_project_is_not_linked(built, cast, monkeypatch):
    monkeypatch.setattr(services, "record_project_fund", lambda **kw: None)
    other = Project.objects.create(
        title="Africa's own", slug="africas-own", kind="research", funder="X",
        starts_on=D(2026, 1, 1), ends_on=D(2027, 1, 1), lead_office=cast.africa_office,
    )  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        services.proposal_award(proposal=built.proposal, by=cast.staff, project=other)
    assert "project" in refused.value.message_dict


def test_the_award_page_creates_the_project(client_as, built, cast, monkeypatch):
    monkeypatch.setattr(services, "record_project_fund", lambda **kw: None)
    url = reverse("projects:proposal-decide", args=[built.proposal.pk, "award"])
    client_as("staff").post(
        url, {"kind": "research", "starts_on": "2026-10-01", "ends_on": "2029-09-30",
              "decided_on": "2026-09-01"},
    )  # fmt: skip
    proposal = Proposal.objects.get(pk=built.proposal.pk)
    assert proposal.status == "awarded"
    assert proposal.project.lead_office == cast.europe_office
    assert proposal.project.budget == proposal.amount
