"""The rules of advocacy's writes: a cited figure keeps its published value,
an unknown figure is refused, reviews are dated and end a role only with a
decision, and only the role's office and the secretariat write."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from localaction.advocacy import services
from localaction.advocacy.models import CitedFigure, Engagement, PolicyProcess, Role, RoleReview
from localaction.governance.models import Decision
from localaction.inventories.services import inventory_move
from localaction.reports.services import network_report, parse_scope
from localaction.reports.tests.dashboard_data import FREIBURG_T, YEAR

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


# Citing figures


def test_a_cited_figure_keeps_the_published_value_after_the_data_change(
    cast, statement, publication, network
):
    cited = services.cite_figure(
        statement, publication, "total_tco2e", by=cast.staff, label="Emissions reported"
    )
    assert cited.value == pytest.approx(FREIBURG_T)
    members = services.cite_figure(statement, publication, "members_reporting", by=cast.staff)
    assert members.value == 1 and members.label == "members_reporting"

    # Nairobi's inventory is published: the network's figures change…
    inventory_move(inventory=network.nairobi, step="publish", user=cast.secretariat)
    now = network_report(parse_scope({"year": YEAR}))
    assert now.total_tco2e != pytest.approx(FREIBURG_T)
    # …the statement keeps the figures as published.
    cited.refresh_from_db()
    members.refresh_from_db()
    assert cited.value == pytest.approx(FREIBURG_T)
    assert members.value == 1
    assert cited.report == publication


def test_a_nested_figure_is_cited_by_its_path(cast, statement, publication):
    key, value = next(
        (k, v) for k, v in services.report_figures(publication) if k.startswith("by_region.")
    )
    assert services.cite_figure(statement, publication, key, by=cast.staff).value == value


@pytest.mark.parametrize("key", ["total_co2", "by_region.atlantis.tco2e", "by_region", "gwp", ""])
def test_an_unknown_figure_is_refused_and_nothing_written(cast, statement, publication, key):
    with pytest.raises(ValidationError) as refused:
        services.cite_figure(statement, publication, key, by=cast.staff)
    assert "publishes no figure" in str(refused.value)
    assert not CitedFigure.objects.exists()


@pytest.mark.parametrize("who", ["editor", "other_staff", "outsider"])
def test_only_the_roles_office_and_the_secretariat_cite(cast, statement, publication, who):
    with pytest.raises(PermissionDenied):
        services.cite_figure(statement, publication, "total_tco2e", by=getattr(cast, who))
    assert not CitedFigure.objects.exists()
    services.cite_figure(statement, publication, "total_tco2e", by=cast.secretariat)
    assert CitedFigure.objects.count() == 1


# Adding


def test_the_secretariat_adds_processes_and_roles(cast):
    process = services.add_process(by=cast.secretariat, name="Habitat", short_name="HABITAT")
    role = services.add_role(
        process,
        by=cast.secretariat,
        kind=Role.Kind.ORGANISING_PARTNER,
        since=datetime.date(2001, 6, 1),
        office=cast.africa_office,
    )
    assert role.process == process and role.review_every == 24


@pytest.mark.parametrize("who", ["staff", "editor"])
def test_no_one_else_adds_processes_or_roles(cast, process, who):
    with pytest.raises(PermissionDenied):
        services.add_process(by=getattr(cast, who), name="CSD", short_name="CSD")
    with pytest.raises(PermissionDenied):
        services.add_role(
            process,
            by=getattr(cast, who),
            kind=Role.Kind.OTHER,
            since=datetime.date(2001, 1, 1),
            office=cast.europe_office,
        )
    assert PolicyProcess.objects.count() == 1 and not Role.objects.exists()


def test_a_role_ends_after_it_starts(cast, process):
    with pytest.raises(ValidationError):
        services.add_role(
            process,
            by=cast.secretariat,
            kind=Role.Kind.OTHER,
            since=datetime.date(2001, 1, 1),
            until=datetime.date(2000, 1, 1),
            office=cast.europe_office,
        )


def test_the_office_adds_an_engagement_with_its_delegation(cast, role):
    engagement = services.add_engagement(
        role,
        by=cast.staff,
        kind=Engagement.Kind.EVENT,
        title="COP 14",
        held_on=datetime.date(2008, 12, 1),
        place="Poznań",
        delegations=[cast.freiburg],
        delegates="Dieter Salomon\n\n  Ana Lima ",
    )
    assert list(engagement.delegations.all()) == [cast.freiburg]
    assert engagement.delegate_names == ["Dieter Salomon", "Ana Lima"]
    with pytest.raises(PermissionDenied):
        services.add_engagement(
            role, by=cast.other_staff, kind="event", title="x", held_on=datetime.date(2008, 1, 1)
        )


# Reviews


def _review(role, by, **fields):
    values = {
        "reviewed_on": TODAY(),
        "benefits": "A voice for local governments in the negotiations.",
        "costs": "Two weeks of staff time a year.",
        "recommendation": RoleReview.Recommendation.CONTINUE,
        **fields,
    }
    return services.review_role(role, by=by, **values)


def test_a_review_dated_in_the_future_is_refused(cast, role):
    with pytest.raises(ValidationError) as refused:
        _review(role, cast.staff, reviewed_on=TODAY() + datetime.timedelta(days=1))
    assert "reviewed_on" in refused.value.message_dict
    assert not RoleReview.objects.exists()


def test_a_recommendation_to_end_without_a_decision_leaves_the_role(cast, role):
    _review(role, cast.staff, recommendation=RoleReview.Recommendation.END)
    role.refresh_from_db()
    assert role.until is None and role.is_current


def test_a_recommendation_to_end_with_its_decision_ends_the_role(cast, role, decide):
    decision = decide()
    _review(role, cast.staff, recommendation=RoleReview.Recommendation.END, decision=decision)
    role.refresh_from_db()
    assert role.until == decision.decided_on


def test_a_recommendation_to_continue_with_a_decision_leaves_the_role(cast, role, decide):
    _review(role, cast.secretariat, decision=decide())
    role.refresh_from_db()
    assert role.until is None


def test_a_decision_not_adopted_is_refused(cast, role, decide):
    with pytest.raises(ValidationError):
        _review(
            role,
            cast.staff,
            recommendation=RoleReview.Recommendation.END,
            decision=decide(Decision.Outcome.REJECTED),
        )
    role.refresh_from_db()
    assert role.until is None and not RoleReview.objects.exists()


@pytest.mark.parametrize("who", ["editor", "other_staff", "outsider"])
def test_only_the_roles_office_and_the_secretariat_review(cast, role, who):
    with pytest.raises(PermissionDenied):
        _review(role, getattr(cast, who))
    assert not RoleReview.objects.exists()


# Review due


def test_review_due_at_its_boundary(cast, role):
    role.review_every = 12
    role.save()
    review = _review(role, cast.staff, reviewed_on=datetime.date(2024, 3, 15))
    assert role.review_due_on() == datetime.date(2025, 3, 15)
    assert not role.review_due_as_of(datetime.date(2025, 3, 15))  # exactly its period old
    assert role.review_due_as_of(datetime.date(2025, 3, 16))  # a day older: due
    assert role.review_due  # today, long after
    review.reviewed_on = datetime.date(2024, 3, 14)
    review.save()
    assert role.review_due_as_of(datetime.date(2025, 3, 15))
    _review(role, cast.staff)  # reviewed today
    assert not role.review_due


def test_a_month_period_from_the_end_of_a_month(role):
    role.review_every = 1
    role.since = datetime.date(2025, 1, 31)
    assert role.review_due_on() == datetime.date(2025, 2, 28)
    assert not role.review_due_as_of(datetime.date(2025, 2, 28))
    assert role.review_due_as_of(datetime.date(2025, 3, 1))


def test_a_role_never_reviewed_is_due_a_period_after_it_starts(role):
    today = TODAY()
    role.review_every = 1
    role.since = today - datetime.timedelta(days=27)
    assert not role.review_due
    role.since = today - datetime.timedelta(days=40)
    assert role.review_due


def test_an_ended_role_is_never_due(role):
    role.until = TODAY() - datetime.timedelta(days=1)
    assert not role.review_due
