"""The demo drafts the next strategic plan from the adopted one, with a changed
area and goal that the comparison of the two plans shows; it stays a draft."""

from io import StringIO

import pytest
from django.core.management import call_command

from localaction.strategy.models import StrategicPlan
from localaction.strategy.services import CHANGED, UNCHANGED, compare_plans

pytestmark = pytest.mark.django_db


def test_the_demo_drafts_the_next_plan_with_two_changes():
    out = StringIO()
    call_command("demo", "--members", "60", "--seed", "2", stdout=out)

    adopted = StrategicPlan.objects.get(status=StrategicPlan.Status.ADOPTED)
    draft = StrategicPlan.objects.get(status=StrategicPlan.Status.DRAFT)
    assert draft.previous == adopted
    assert draft.first_year == adopted.last_year + 1
    assert f"the next strategic plan drafted ({draft.title})" in out.getvalue()
    # Every area and goal copied; one area's approach and one goal's title changed.
    assert draft.areas.count() == adopted.areas.count()
    compared = compare_plans(adopted, draft)
    areas = [area for area in compared if area.change != UNCHANGED]
    goals = [goal for area in compared for goal in area.goals if goal.change != UNCHANGED]
    assert [area.change for area in areas] == [CHANGED]
    assert [goal.change for goal in goals] == [CHANGED]
    assert goals[0].new.title == "Members report their emissions every year"
