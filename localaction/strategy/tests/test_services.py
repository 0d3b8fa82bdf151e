"""Drafting, changing, adopting and comparing plans; every refusal writes nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from localaction.governance.models import Decision
from localaction.strategy import services
from localaction.strategy.models import Area, Goal, Part, StrategicPlan


def _snapshot():
    """Everything the services write, to check that a refusal wrote nothing."""
    return (
        list(StrategicPlan.objects.values().order_by("pk")),
        list(Part.objects.values().order_by("pk")),
        list(Area.objects.values().order_by("pk")),
        list(Goal.objects.values().order_by("pk")),
    )


def test_a_draft_copies_the_plan(cast, cape_town, draft):
    assert draft.status == StrategicPlan.Status.DRAFT
    assert draft.previous == cape_town and draft.created_by == cast.secretariat
    assert [a.number for a in draft.ordered_areas()] == [
        a.number for a in cape_town.ordered_areas()
    ]
    old_goals = Goal.objects.filter(area__plan=cape_town)
    new_goals = Goal.objects.filter(area__plan=draft)
    assert sorted((g.reference, g.title) for g in new_goals) == sorted(
        (g.reference, g.title) for g in old_goals
    )
    assert all(area.part.plan_id == draft.pk for area in draft.areas.all())


@pytest.mark.parametrize("who", ["editor", "staff", "anonymous"])
def test_only_the_secretariat_drafts(cast, cape_town, who):
    before = _snapshot()
    user = getattr(cast, who) or _anonymous()
    with pytest.raises(PermissionDenied):
        services.draft_next_plan(cape_town, by=user, title="Next", first_year=2013, last_year=2018)
    assert _snapshot() == before


def test_a_draft_with_years_out_of_order_is_refused(cast, cape_town):
    before = _snapshot()
    with pytest.raises(ValidationError, match="last year comes after the first"):
        services.draft_next_plan(
            cape_town, by=cast.secretariat, title="Next", first_year=2018, last_year=2013
        )
    assert _snapshot() == before


@pytest.mark.parametrize("first_year, last_year", [(30_000, 30_005), (2013, 32_767), (-5, 2018)])
def test_a_draft_with_years_out_of_bounds_is_refused(cast, cape_town, first_year, last_year):
    before = _snapshot()
    with pytest.raises(ValidationError) as refused:
        services.draft_next_plan(
            cape_town, by=cast.secretariat, title="Next", first_year=first_year,
            last_year=last_year,
        )  # fmt: skip
    assert {"first_year", "last_year"} & set(refused.value.message_dict)
    assert _snapshot() == before


def test_a_draft_without_title_is_refused(cast, cape_town):
    before = _snapshot()
    with pytest.raises(ValidationError):
        services.draft_next_plan(
            cape_town, by=cast.secretariat, title="  ", first_year=2013, last_year=2018
        )
    assert _snapshot() == before


def test_a_drafts_texts_are_changed(cast, draft):
    goal = Goal.objects.get(area__plan=draft, area__number="2.1", letter="h")
    services.change_goal(goal, by=cast.secretariat, title="Report members' action", text="Full.")
    area = draft.areas.get(number="2.1")
    services.change_area(area, by=cast.secretariat, vision="A vision.", approach="An approach.")
    goal.refresh_from_db()
    area.refresh_from_db()
    assert (goal.title, goal.text, area.vision, area.approach) == (
        "Report members' action",
        "Full.",
        "A vision.",
        "An approach.",
    )


def test_an_adopted_plans_texts_are_fixed(cast, cape_town):
    before = _snapshot()
    goal = Goal.objects.get(area__plan=cape_town, area__number="2.1", letter="h")
    with pytest.raises(ValidationError, match="is adopted: its text is fixed"):
        services.change_goal(goal, by=cast.secretariat, title="Other", text="")
    with pytest.raises(ValidationError, match="is adopted: its text is fixed"):
        services.change_area(goal.area, by=cast.secretariat, vision="V", approach="")
    assert _snapshot() == before


def test_only_the_secretariat_changes_a_draft(cast, draft):
    before = _snapshot()
    goal = Goal.objects.filter(area__plan=draft).first()
    with pytest.raises(PermissionDenied):
        services.change_goal(goal, by=cast.staff, title="Other", text="")
    with pytest.raises(PermissionDenied):
        services.change_area(goal.area, by=cast.editor, vision="V", approach="")
    assert _snapshot() == before


def test_a_goal_needs_a_title(cast, draft):
    before = _snapshot()
    goal = Goal.objects.filter(area__plan=draft).first()
    with pytest.raises(ValidationError):
        services.change_goal(goal, by=cast.secretariat, title="", text="")
    assert _snapshot() == before


@pytest.mark.parametrize("body", ["EXCOM", "COUNCIL"])
def test_adoption_supersedes_the_plan_before(cast, cape_town, draft, decide, body):
    decision = decide(body)
    services.adopt_plan(draft, decision=decision, by=cast.secretariat)
    draft.refresh_from_db()
    cape_town.refresh_from_db()
    assert draft.status == StrategicPlan.Status.ADOPTED
    assert draft.adopted_by == decision and draft.adopted_at is not None
    assert cape_town.status == StrategicPlan.Status.SUPERSEDED


def test_only_the_secretariat_adopts(cast, draft, decide):
    decision = decide("EXCOM")
    before = _snapshot()
    with pytest.raises(PermissionDenied):
        services.adopt_plan(draft, decision=decision, by=cast.staff)
    assert _snapshot() == before


def test_a_rejected_decision_adopts_nothing(cast, draft, decide):
    decision = decide("EXCOM", Decision.Outcome.REJECTED)
    before = _snapshot()
    with pytest.raises(ValidationError, match="was rejected"):
        services.adopt_plan(draft, decision=decision, by=cast.secretariat)
    assert _snapshot() == before


def test_a_decision_of_another_body_is_refused(cast, draft, decide):
    decision = decide("REC-EUR")
    before = _snapshot()
    with pytest.raises(ValidationError, match="the Executive Committee or the Council"):
        services.adopt_plan(draft, decision=decision, by=cast.secretariat)
    assert _snapshot() == before


def test_an_adoption_names_its_decision(cast, draft):
    before = _snapshot()
    with pytest.raises(ValidationError, match="Name the decision"):
        services.adopt_plan(draft, decision=None, by=cast.secretariat)
    assert _snapshot() == before


def test_an_adopted_plan_is_not_adopted_again(cast, cape_town, decide):
    decision = decide("COUNCIL")
    before = _snapshot()
    with pytest.raises(ValidationError, match="only a draft is adopted"):
        services.adopt_plan(cape_town, decision=decision, by=cast.secretariat)
    assert _snapshot() == before


def test_an_area_without_goals_is_named(cast, draft, decide):
    draft.areas.get(number="3.2.3").goals.all().delete()
    decision = decide("EXCOM")
    before = _snapshot()
    with pytest.raises(ValidationError) as refusal:
        services.adopt_plan(draft, decision=decision, by=cast.secretariat)
    assert refusal.value.messages == [
        "Area 3.2.3 Biodiversity Initiative has no goals: give it at least one."
    ]
    assert _snapshot() == before


def test_areas_carrying_their_goals_in_sub_areas_are_not_without_goals(cape_town):
    assert services.areas_without_goals(cape_town) == []


def test_a_plan_beside_itself_is_unchanged(cape_town, draft):
    changes = services.compare_plans(cape_town, draft)
    assert len(changes) == 24
    assert {c.change for c in changes} == {services.UNCHANGED}
    assert {g.change for c in changes for g in c.goals} == {services.UNCHANGED}
    assert sum(len(c.goals) for c in changes) == 66


def test_the_comparison_says_what_changed(cast, cape_town, draft):
    area = draft.areas.get(number="2.1")
    services.change_area(area, by=cast.secretariat, vision="A new vision.", approach="")
    goal = Goal.objects.get(area__plan=draft, area__number="2.2", letter="a")
    services.change_goal(goal, by=cast.secretariat, title=goal.title, text="Now with a text.")
    Goal.objects.get(area__plan=draft, area__number="2.3", letter="c").delete()
    Goal.objects.create(area=draft.areas.get(number="2.3"), letter="d", title="A new goal")
    draft.areas.get(number="4.4").delete()
    Area.objects.create(part=draft.parts.get(number="4"), number="4.5", title="New services")

    changes = {c.number: c for c in services.compare_plans(cape_town, draft)}
    assert changes["2.1"].change == services.CHANGED
    assert changes["2.2"].change == services.UNCHANGED
    goals = {g.reference: g.change for c in changes.values() for g in c.goals}
    assert goals["2.2a"] == services.CHANGED
    assert goals["2.2b"] == services.UNCHANGED
    assert goals["2.3c"] == services.REMOVED
    assert goals["2.3d"] == services.ADDED
    assert changes["4.4"].change == services.REMOVED and changes["4.4"].new is None
    assert {g.change for g in changes["4.4"].goals} == {services.REMOVED}
    assert changes["4.5"].change == services.ADDED and changes["4.5"].old is None
    assert list(changes)[-2:] == ["4.4", "4.5"]


def _anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()
