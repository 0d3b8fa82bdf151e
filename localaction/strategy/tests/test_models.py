"""Numbers and letters are checked with messages a person can act on."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from localaction.strategy.models import Area, Goal


@pytest.mark.parametrize("number", ["2.1", "3.1.2", "2.10"])
def test_an_area_number_of_its_part(draft, number):
    area = Area(part=draft.parts.get(number=number[0]), number=number, title="Area")
    area.plan = draft
    area.full_clean(validate_constraints=False)


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("3.1", "An area of part 2 has a number starting with “2.”, such as 2.1."),
        ("2", "An area's number is its part's number and one or more numbers after dots"),
        ("2.1a", "An area's number is its part's number and one or more numbers after dots"),
    ],
)
def test_a_wrong_area_number_is_refused(draft, number, message):
    area = Area(part=draft.parts.get(number="2"), number=number, title="Area")
    area.plan = draft
    with pytest.raises(ValidationError) as refusal:
        area.full_clean(validate_constraints=False)
    assert any(text.startswith(message) for text in refusal.value.message_dict["number"])


def test_an_area_number_is_unique_in_the_plan(draft):
    area = Area(part=draft.parts.get(number="2"), number="2.1", title="Again")
    area.plan = draft
    with pytest.raises(ValidationError, match="already has an area of this number"):
        area.full_clean()


@pytest.mark.parametrize("letter", ["A", "1", "ab", "é"])
def test_a_goal_letter_is_one_lowercase_letter(draft, letter):
    goal = Goal(area=draft.areas.get(number="2.2"), letter=letter, title="Goal")
    with pytest.raises(ValidationError) as refusal:
        goal.full_clean()
    assert (
        "A goal's letter is one lowercase letter, such as c."
        in (refusal.value.message_dict["letter"])
    )


def test_a_goal_letter_is_unique_in_its_area(draft):
    goal = Goal(area=draft.areas.get(number="2.2"), letter="a", title="Again")
    with pytest.raises(ValidationError, match="already has a goal of this letter"):
        goal.full_clean()


def test_a_goal_reference(cape_town):
    goal = Goal.objects.get(area__plan=cape_town, area__number="3.1.2", letter="a")
    assert goal.reference == "3.1.2a"
    assert str(goal).startswith("3.1.2a ")
