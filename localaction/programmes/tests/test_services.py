"""The rules of a work programme, as every door meets them: what an activity
serves, when it runs and what funds it; approval by the Executive Committee;
approved versions fixed, revisions copied, versions compared."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from djmoney.money import Money

from localaction.finance.models import Budget, BudgetLine, ExpenseCategory, Flow
from localaction.programmes import services
from localaction.programmes.models import Activity, Allocation, WorkProgramme
from localaction.programmes.tests.conftest import YEAR
from localaction.strategy import services as strategy_services


def _refusal(call) -> dict:
    with pytest.raises(ValidationError) as refused:
        call()
    return (
        refused.value.message_dict
        if hasattr(refused.value, "error_dict")
        else {None: refused.value.messages}
    )


def test_one_programme_per_office_and_year(cast, programme):
    refusal = _refusal(
        lambda: services.create_programme(office=cast.europe_office, year=YEAR, by=cast.staff)
    )
    assert "already has a work programme for 2026" in refusal["year"][0]
    assert WorkProgramme.objects.filter(office=cast.europe_office, year=YEAR).count() == 1
    other = services.create_programme(office=cast.europe_office, year=YEAR + 1, by=cast.staff)
    assert other.version == 1 and other.is_draft


@pytest.mark.parametrize("who", ["editor", "other_staff", "colleague"])
def test_only_the_office_and_the_secretariat_draft(cast, who):
    with pytest.raises(PermissionDenied):
        services.create_programme(office=cast.europe_office, year=YEAR, by=getattr(cast, who))
    assert services.create_programme(office=cast.europe_office, year=YEAR, by=cast.secretariat)


def test_an_activity_serves_at_least_one_goal(programme, add):
    refusal = _refusal(lambda: add(programme, goals=[]))
    assert "at least one goal" in refusal["goals"][0]
    assert not Activity.objects.exists()


def test_an_activity_serves_goals_of_the_adopted_plan(cast, programme, add, goals):
    draft = strategy_services.draft_next_plan(
        goals[0].area.plan, by=cast.secretariat, title="Next plan", first_year=2013, last_year=2018
    )
    drafted_goal = draft.areas.get(number=goals[0].area.number).goals.get(letter=goals[0].letter)
    refusal = _refusal(lambda: add(programme, goals=[goals[0], drafted_goal]))
    assert refusal["goals"] == [
        f"Goal {drafted_goal.reference} is of Next plan, which is draft: an activity serves "
        "goals of the adopted strategic plan."
    ]
    assert not Activity.objects.exists()


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "field"),
    [
        (datetime.date(YEAR - 1, 12, 1), datetime.date(YEAR, 2, 1), "starts_on"),
        (datetime.date(YEAR, 12, 1), datetime.date(YEAR + 1, 1, 15), "ends_on"),
        (datetime.date(YEAR, 5, 1), datetime.date(YEAR, 4, 1), "ends_on"),
    ],
)
def test_an_activity_runs_within_the_year(programme, add, starts_on, ends_on, field):
    refusal = _refusal(lambda: add(programme, starts_on=starts_on, ends_on=ends_on))
    assert list(refusal) == [field]
    assert not Activity.objects.exists()


def test_funding_comes_from_the_office_budget_of_the_year(cast, programme, add, travel):
    other_office = Budget.objects.create(office=cast.africa_office, year=YEAR, currency="KES")
    other_year = Budget.objects.create(office=cast.europe_office, year=YEAR + 1, currency="EUR")
    for budget in (other_office, other_year):
        line = BudgetLine.objects.create(
            budget=budget,
            flow=Flow.EXPENSE,
            expense_category=ExpenseCategory.TRAVEL,
            amount=Money(1000, budget.currency),
        )
        refusal = _refusal(lambda line=line: add(programme, funding=[(line, Decimal(10))]))
        assert f"a line of the budget {budget.year} of {budget.office}" in refusal["funding"][0]
    assert not Activity.objects.exists() and not Allocation.objects.exists()
    activity = add(programme, funding=[(travel, Decimal("2500.00"))])
    assert activity.allocations.get().amount == Money("2500.00", "EUR")


def test_a_line_gives_no_more_than_it_holds(programme, add, travel, events):
    first = add(programme, funding=[(travel, Decimal("6000")), (events, Decimal("5000"))])
    refusal = _refusal(
        lambda: add(programme, title="Second", funding=[(travel, Decimal("4000.01"))])
    )
    assert refusal["funding"] == [
        "Travel holds €10,000.00, of which other activities of this programme already take "
        "€6,000.00: €4,000.01 is more than the €4,000.00 left."
    ]
    assert Activity.objects.count() == 1
    second = add(programme, title="Second", funding=[(travel, Decimal("4000"))])
    # Changing the first activity counts the others', not its own, amount.
    services.save_activity(
        programme,
        by=programme.created_by,
        activity=first,
        title=first.title,
        goals=first.goals.all(),
        office=first.office,
        starts_on=first.starts_on,
        ends_on=first.ends_on,
        funding=[(travel, Decimal("6000")), (events, Decimal("5000"))],
    )
    refusal = _refusal(
        lambda: services.save_activity(
            programme,
            by=programme.created_by,
            activity=second,
            title=second.title,
            goals=second.goals.all(),
            office=second.office,
            starts_on=second.starts_on,
            ends_on=second.ends_on,
            funding=[(travel, Decimal("4500"))],
        )
    )
    assert "€4,500.00 is more than the €4,000.00 left" in refusal["funding"][0]
    amounts = [(a.budget_line_id, a.amount.amount) for a in Allocation.objects.all()]
    taken = sum(amount for line, amount in amounts if line == travel.pk)
    assert taken == Decimal("10000") == services.funding_of_line(travel, programme)
    assert taken <= travel.amount.amount


def test_approval_by_an_adopted_decision_of_the_executive_committee(cast, programme, add, decide):
    add(programme)
    council = decide("COUNCIL")
    rejected = decide("EXCOM", outcome="rejected")
    for decision, words in [
        (None, "Name the decision"),
        (council, "a work programme is approved by the Executive Committee"),
        (rejected, "was rejected: it approves nothing"),
    ]:
        refusal = _refusal(
            lambda decision=decision: services.approve_programme(
                programme, decision=decision, by=cast.staff
            )
        )
        assert words in " ".join(refusal[None])
        programme.refresh_from_db()
        assert programme.is_draft and programme.approved_by is None
    decision = decide()
    services.approve_programme(programme, decision=decision, by=cast.staff)
    programme.refresh_from_db()
    assert programme.status == WorkProgramme.Status.APPROVED
    assert programme.approved_by == decision and programme.approved_at


def test_an_empty_programme_is_not_approved(cast, programme, decide):
    refusal = _refusal(
        lambda: services.approve_programme(programme, decision=decide(), by=cast.staff)
    )
    assert "has no activities yet" in refusal[None][0]


def test_an_approved_version_is_fixed(cast, programme, add, decide):
    activity = add(programme)
    services.approve_programme(programme, decision=decide(), by=cast.staff)
    for call in [
        lambda: add(programme, title="Late"),
        lambda: services.delete_activity(activity, by=cast.staff),
        lambda: services.change_programme(programme, by=cast.staff, summary="New"),
        lambda: services.save_activity(
            programme,
            by=cast.staff,
            activity=activity,
            title="Renamed",
            goals=activity.goals.all(),
            office=activity.office,
            starts_on=activity.starts_on,
            ends_on=activity.ends_on,
        ),
    ]:
        assert "it is fixed. Draft a revision" in _refusal(call)[None][0]
    activity.refresh_from_db()
    assert activity.title == "Regional workshop" and programme.activities.count() == 1
    # Whether it is public is not its content: that changes.
    services.publish_programme(programme, by=cast.staff, is_public=True)
    assert WorkProgramme.objects.get(pk=programme.pk).is_public


def test_a_revision_copies_the_approved_version_and_supersedes_it(
    cast, programme, add, decide, goals, travel
):
    first = add(programme, goals=goals[:2], funding=[(travel, Decimal("3000"))])
    first.people.add(cast.staff)
    add(programme, title="Second")
    approval = decide()
    services.approve_programme(programme, decision=approval, by=cast.staff)
    revision = services.revise_programme(programme, by=cast.staff)
    assert (revision.version, revision.previous, revision.is_draft) == (2, programme, True)
    old, new = list(programme.ordered_activities()), list(revision.ordered_activities())
    assert [a.number for a in new] == [a.number for a in old] == [1, 2]
    assert {g.pk for g in new[0].goals.all()} == {g.pk for g in goals[:2]}
    assert list(new[0].people.all()) == [cast.staff]
    assert new[0].allocations.get().amount == Money(3000, "EUR")
    # The copy's funding is its own: the line is not counted twice.
    assert services.funding_of_line(travel, revision) == Decimal(3000)
    assert (
        "being drafted already"
        in _refusal(lambda: services.revise_programme(programme, by=cast.staff))[None][0]
    )
    assert (
        "only the approved version is revised"
        in _refusal(lambda: services.revise_programme(revision, by=cast.staff))[None][0]
    )
    assert "approved version 1 already" in " ".join(
        _refusal(lambda: services.approve_programme(revision, decision=approval, by=cast.staff))[
            None
        ]
    )
    services.approve_programme(revision, decision=decide(), by=cast.secretariat)
    programme.refresh_from_db()
    assert programme.status == WorkProgramme.Status.SUPERSEDED
    assert WorkProgramme.objects.get(pk=revision.pk).status == WorkProgramme.Status.APPROVED
    assert WorkProgramme.objects.filter(office=cast.europe_office, year=YEAR).count() == 2
    # Every state is in the audit trail: drafted, approved, superseded.
    assert [h.status for h in programme.history.order_by("history_date")] == [
        "draft",
        "approved",
        "superseded",
    ]
    # Public or private, the programme is so in every version.
    services.publish_programme(programme, by=cast.staff, is_public=True)
    assert set(
        WorkProgramme.objects.filter(office=cast.europe_office, year=YEAR).values_list(
            "is_public", flat=True
        )
    ) == {True}
    third = services.revise_programme(revision, by=cast.staff)
    assert third.is_public
    assert third.version == 3 and third.previous == WorkProgramme.objects.get(pk=revision.pk)


def test_compare_says_what_changed(cast, programme, add, decide, goals, travel):
    kept = add(programme, title="Kept")
    changed = add(programme, title="Workshop", funding=[(travel, Decimal(1000))])
    removed = add(programme, title="Dropped")
    services.approve_programme(programme, decision=decide(), by=cast.staff)
    revision = services.revise_programme(programme, by=cast.staff)
    copy = revision.activities.get(number=changed.number)
    services.save_activity(
        revision,
        by=cast.staff,
        activity=copy,
        title="Regional workshop",
        goals=[goals[0], goals[1]],
        office=copy.office,
        starts_on=copy.starts_on,
        ends_on=copy.ends_on,
        status=Activity.Status.POSTPONED,
        funding=[(travel, Decimal(1500))],
    )
    services.delete_activity(revision.activities.get(number=removed.number), by=cast.staff)
    added = add(revision, title="New")
    services.change_programme(revision, by=cast.staff, summary="Revised year.")
    changes = {c.number: c for c in services.compare_programmes(programme, revision)}
    assert {n: c.change for n, c in changes.items()} == {
        kept.number: "unchanged",
        changed.number: "changed",
        removed.number: "removed",
        added.number: "added",
    }
    assert added.number == 4
    assert changes[changed.number].differences == [
        "Title: “Workshop” became “Regional workshop”",
        "Status: “Planned” became “Postponed”",
        f"Goals served: added {goals[1].reference}",
        "Funding from Travel: €1,000.00 became €1,500.00",
    ]
    summary = services.compare_programmes(programme, revision, whole=False)
    assert not any("Funding" in d for c in summary for d in c.differences)
    assert services.programme_differences(programme, revision) == ["Summary: changed"]


def test_the_database_keeps_one_version_of_each_number_and_one_draft(cast, programme):
    duplicate = WorkProgramme(office=cast.europe_office, year=YEAR, version=1)
    with pytest.raises(ValidationError) as refused:
        duplicate.validate_constraints()
    assert "already has a work programme of this year and version" in str(refused.value)
    second_draft = WorkProgramme(office=cast.europe_office, year=YEAR, version=2)
    with pytest.raises(ValidationError) as refused:
        second_draft.validate_constraints()
    assert "Another version of this programme is being drafted" in str(refused.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()
    assert WorkProgramme.objects.count() == 1


def test_the_model_itself_refuses_an_activity_of_a_fixed_version(cast, programme, add, decide):
    activity = add(programme)
    services.approve_programme(programme, decision=decide(), by=cast.staff)
    activity.refresh_from_db()
    activity.title = "Changed behind the services"
    with pytest.raises(ValidationError) as refused:
        activity.full_clean()
    assert "it is fixed" in refused.value.messages[0]
