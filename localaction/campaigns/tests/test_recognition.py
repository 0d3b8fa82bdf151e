"""The registry of milestone rules: an instrument registers the records that
prove a milestone, and a methodology's milestone that names the rule is
recognised from them, for its campaign or for whichever campaign."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from localaction.campaigns import recognition
from localaction.campaigns.models import Action, Campaign, Milestone, Participation
from localaction.campaigns.services import milestone_states, milestones_reached

CODE = "test_action_titled"


def actions_titled_review(ids):
    """An instrument's rule: an action titled "Review" proves the milestone, for
    its campaign when it names one, else for whichever campaign."""
    return {
        (lg, campaign): (Action, pk)
        for pk, lg, campaign in Action.objects.filter(
            local_government_id__in=ids, title="Review"
        ).values_list("pk", "local_government_id", "campaign_id")
    }


@pytest.fixture
def rule():
    recognition.register_rule(CODE, "An action titled Review", actions_titled_review)
    yield
    del recognition._RULES[CODE]


@pytest.fixture
def water(cast, rule):
    campaign = Campaign.objects.get(code="water")
    review = campaign.methodology.milestones.get(name="Review")
    review.recognised_from = CODE
    review.full_clean()
    review.save()
    return Participation.objects.create(
        campaign=campaign, local_government=cast.freiburg, joined_on=datetime.date(2015, 1, 1)
    )


def review_state(participation):
    return milestone_states([participation])[participation.pk][-1]


def test_a_registered_rule_recognises_the_milestone_that_names_it(cast, water):
    assert review_state(water).status == "not_started"
    assert milestones_reached([water])[water.pk][-1] is False
    action = Action.objects.create(local_government=cast.freiburg, title="Review")
    state = review_state(water)
    assert (state.status, state.recognised, state.evidence) == ("achieved", True, action)
    assert milestones_reached([water])[water.pk][-1] is True


def test_a_record_for_another_campaign_proves_nothing_here(cast, water):
    ccp = Campaign.objects.get(code="ccp")
    Action.objects.create(local_government=cast.freiburg, title="Review", campaign=ccp)
    assert review_state(water).status == "not_started"
    Action.objects.create(local_government=cast.freiburg, title="Review", campaign=water.campaign)
    assert review_state(water).status == "achieved"


def test_another_members_record_proves_nothing(cast, water):
    Action.objects.create(local_government=cast.hidden, title="Review")
    assert review_state(water).status == "not_started"


def test_the_rule_is_a_choice_of_the_milestone_and_unknown_codes_are_refused(db, rule):
    assert CODE in dict(recognition.choices())
    assert "" in dict(recognition.choices())  # by hand
    milestone = Milestone.objects.first()
    milestone.recognised_from = "no_such_rule"
    with pytest.raises(ValidationError, match="not a valid choice"):
        milestone.full_clean()


def test_a_milestone_whose_rule_is_gone_is_recorded_by_hand(cast, water):
    Action.objects.create(local_government=cast.freiburg, title="Review")
    del recognition._RULES[CODE]
    try:
        assert review_state(water).status == "not_started"
    finally:
        recognition.register_rule(CODE, "An action titled Review", actions_titled_review)


def test_a_code_is_registered_once_and_fits_the_field():
    with pytest.raises(ValueError, match="registered already"):
        recognition.register_rule("ghg_target", "Another", actions_titled_review)
    with pytest.raises(ValueError, match="1 to 30 characters"):
        recognition.register_rule("x" * 31, "Too long", actions_titled_review)
    with pytest.raises(ValueError, match="1 to 30 characters"):
        recognition.register_rule("", "Empty", actions_titled_review)


def test_every_rule_reads_its_records_once_for_all_members(cast, water, django_assert_num_queries):
    participations = [water]
    for lg in (cast.hidden,):
        participations.append(
            Participation.objects.create(
                campaign=water.campaign, local_government=lg, joined_on=datetime.date(2015, 1, 1)
            )
        )
    participations = list(
        Participation.objects.filter(pk__in=[p.pk for p in participations]).select_related(
            "campaign"
        )
    )
    # the milestones, the recorded progress, and one query per rule the water methodology names
    rules = {m.recognised_from for m in water.campaign.methodology.milestones.all()} - {""}
    with django_assert_num_queries(2 + len(rules)):
        milestones_reached(participations)
