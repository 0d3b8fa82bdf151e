"""The migration loads the Cape Town Plan's structure: every area and sub-area
of its table of contents, with as many lettered goals as the plan has under
each area's GOALS heading.

Source: Strategic Plan 2007–2012 (The Cape Town Plan), as approved by the
ICLEI Council in Cape Town on 3 March 2006 (seed/000_9f4a294974e18196.txt).
"""

from __future__ import annotations

import string

import pytest

from localaction.strategy.models import Goal, StrategicPlan

# The table of contents, parts 2 to 4: (number, title, goals under its GOALS heading);
# None: an area whose sub-areas carry the goals.
CONTENTS = [
    ("2.1", "Membership", 8),
    ("2.2", "Organizational Governance", 3),
    ("2.3", "Regional Development", 3),
    ("2.4", "Alliances, Partnership and Cooperation", 3),
    ("2.5", "Advocacy", 6),
    ("2.6", "Operations", 4),
    ("2.7", "Finance", 3),
    ("3.1", "Building Sustainable Communities & Cities", None),
    ("3.1.1", "Resilient Communities & Cities", 1),
    ("3.1.2", "Just, Peaceful and Secure Communities", 1),
    ("3.1.3", "Viable Local Economies", 1),
    ("3.1.4", "Eco-efficient Cities", 2),
    ("3.2", "Protecting Global Common Goods", None),
    ("3.2.1", "Cities for Climate Protection™ (CCP) Campaign", 6),
    ("3.2.2", "Water Campaign", 3),
    ("3.2.3", "Biodiversity Initiative", 1),
    ("3.3", "Participatory Governance and Sustainability Management", None),
    ("3.3.1", "Local Governance", 2),
    ("3.3.2", "Sustainability Management", 3),
    ("3.3.3", "Sustainable Procurement", 4),
    ("4.1", "Information Services", 4),
    ("4.2", "Training, Conferencing, Networking and Exchange", 4),
    ("4.3", "Research, Development & Piloting", 2),
    ("4.4", "Technical Services and Consultancy", 2),
]


def test_the_plan_is_adopted_before_the_platform(cape_town):
    assert cape_town.status == StrategicPlan.Status.ADOPTED
    assert cape_town.adopted_by is None
    assert "3 March 2006" in cape_town.adoption_note
    assert cape_town.title == "Strategic Plan 2007–2012 (Cape Town Plan)"


def test_the_three_faces(cape_town):
    assert [(part.number, part.title) for part in cape_town.parts.all()] == [
        ("2", "The Association"),
        ("3", "The Movement"),
        ("4", "The Agency"),
    ]


def test_every_area_of_the_contents_in_order(cape_town):
    assert [(area.number, area.title) for area in cape_town.ordered_areas()] == [
        (number, title) for number, title, _ in CONTENTS
    ]


@pytest.mark.parametrize(("number", "title", "goals"), CONTENTS, ids=[c[0] for c in CONTENTS])
def test_goals_per_area_as_in_the_plan(cape_town, number, title, goals):
    area = cape_town.areas.get(number=number)
    letters = list(area.goals.values_list("letter", flat=True))
    if goals is None:
        assert letters == []
        assert cape_town.areas.filter(number__startswith=f"{number}.").exists()
    else:
        assert letters == list(string.ascii_lowercase[:goals])


def test_every_goal_has_a_short_title_and_no_text_yet(cape_town):
    goals = Goal.objects.filter(area__plan=cape_town)
    assert goals.count() == sum(goals for *_, goals in CONTENTS if goals) == 66
    for goal in goals:
        assert 0 < len(goal.title.split()) <= 7, goal.reference
        assert goal.text == ""
    assert goals.get(area__number="2.1", letter="c").reference == "2.1c"
