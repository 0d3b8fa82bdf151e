"""Writes to local agendas and what they refuse."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from localaction.campaigns.models import Action, Campaign
from localaction.core.quantities import DESCRIPTION_LENGTH
from localaction.sustainability.agendas import services
from localaction.sustainability.agendas.models import LocalAgenda
from localaction.sustainability.tests.agendas.conftest import indicator_target, join


def test_an_agenda_belongs_to_a_campaign_of_the_local_agenda_methodology(cast):
    ccp = Campaign.objects.get(code="ccp")
    join(cast.freiburg, ccp)
    with pytest.raises(ValidationError) as refused:
        services.agenda_create(
            local_government=cast.freiburg, campaign=ccp, title="X", started_on=date(2022, 1, 1)
        )
    assert "Local Agenda process" in str(refused.value.message_dict["campaign"])
    assert not LocalAgenda.objects.exists()


def test_an_agenda_needs_the_member_to_take_part_in_the_campaign(cast, la21):
    with pytest.raises(ValidationError) as refused:
        services.agenda_create(
            local_government=cast.freiburg, campaign=la21, title="X", started_on=date(2022, 1, 1)
        )
    assert "does not take part" in str(refused.value.message_dict["campaign"])


def test_an_agenda_cannot_start_in_the_future(cast, la21, participation):
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        services.agenda_create(
            local_government=cast.freiburg, campaign=la21, title="X", started_on=tomorrow
        )
    assert "started_on" in refused.value.message_dict


@pytest.mark.parametrize("field", ["baseline_on", "vision_adopted_on", "council_on"])
def test_what_happened_is_not_dated_in_the_future(agenda, field):
    with pytest.raises(ValidationError) as refused:
        services.agenda_update(agenda=agenda, **{field: timezone.localdate() + timedelta(days=1)})
    assert "future" in str(refused.value.message_dict[field])
    agenda.refresh_from_db()
    assert getattr(agenda, field) is None


def test_the_council_cannot_adopt_before_the_agenda_started(agenda):
    with pytest.raises(ValidationError) as refused:
        services.agenda_update(agenda=agenda, council_on=date(2020, 1, 1))
    assert "council_on" in refused.value.message_dict


def test_huge_text_is_refused(agenda):
    with pytest.raises(ValidationError) as refused:
        services.agenda_update(agenda=agenda, vision="x" * (DESCRIPTION_LENGTH + 1))
    assert "vision" in refused.value.message_dict
    agenda.refresh_from_db()
    assert agenda.vision == ""


def test_another_members_target_is_refused(cast, agenda, target):
    theirs = indicator_target(cast.nairobi, agenda.campaign, title="Nairobi water")
    with pytest.raises(ValidationError) as refused:
        services.agenda_set_targets(agenda=agenda, targets=[target, theirs])
    assert refused.value.message_dict["targets"][0].endswith(f"not: #{theirs.pk}.")
    assert not agenda.targets.exists()


def test_a_target_of_another_campaign_is_refused(cast, agenda):
    other = indicator_target(cast.freiburg, Campaign.objects.get(code="viable-economies"))
    with pytest.raises(ValidationError):
        services.agenda_set_targets(agenda=agenda, targets=[other])


def test_another_members_action_is_refused(cast, agenda, action):
    theirs = Action.objects.create(local_government=cast.nairobi, title="Nairobi boreholes")
    with pytest.raises(ValidationError) as refused:
        services.agenda_set_actions(agenda=agenda, actions=[action, theirs])
    assert f"#{theirs.pk}" in str(refused.value.message_dict["actions"])
    assert not agenda.actions.exists()


def test_an_action_for_every_campaign_may_join_the_programme(cast, agenda):
    general = Action.objects.create(local_government=cast.freiburg, title="Energy advice")
    services.agenda_set_actions(agenda=agenda, actions=[general])
    assert list(agenda.actions.all()) == [general]


def test_a_report_reviews_only_the_agendas_targets(cast, agenda, target):
    unlinked = indicator_target(cast.freiburg, agenda.campaign, title="Green space")
    services.agenda_set_targets(agenda=agenda, targets=[target])
    with pytest.raises(ValidationError) as refused:
        services.monitoring_add(
            agenda=agenda,
            period_start=date(2022, 1, 1),
            period_end=date(2022, 12, 31),
            findings="…",
            indicators=[unlinked],
        )
    assert f"#{unlinked.pk}" in str(refused.value.message_dict["indicators"])


def test_an_evaluation_report_says_when_it_was_reported(agenda):
    with pytest.raises(ValidationError) as refused:
        services.monitoring_add(
            agenda=agenda,
            period_start=date(2022, 1, 1),
            period_end=date(2022, 12, 31),
            findings="…",
            is_evaluation=True,
        )
    assert "reported_on" in refused.value.message_dict


def test_a_period_ends_after_it_starts(agenda):
    with pytest.raises(ValidationError) as refused:
        services.monitoring_add(
            agenda=agenda, period_start=date(2022, 6, 1), period_end=date(2022, 1, 1), findings="…"
        )
    assert "period_end" in refused.value.message_dict


def test_a_meeting_of_a_million_and_one_is_refused(agenda):
    with pytest.raises(ValidationError) as refused:
        services.meeting_add(agenda=agenda, held_on=date(2022, 1, 1), participants=1_000_001)
    assert "participants" in refused.value.message_dict


def test_an_issue_is_raised_by_stakeholders_of_the_agendas_forum(cast, agenda, la21):
    other_agenda = LocalAgenda.objects.create(
        local_government=cast.nairobi, campaign=la21, title="Nairobi", started_on=date(2022, 1, 1)
    )
    stranger = services.stakeholder_save(agenda=other_agenda, name="Kibera group", kind="community")
    with pytest.raises(ValidationError) as refused:
        services.priority_add(agenda=agenda, title="Water", raised_by=[stranger])
    assert f"#{stranger.pk}" in str(refused.value.message_dict["raised_by"])
    assert not agenda.priorities.exists()


def test_priorities_keep_their_ranks_when_added_moved_and_removed(agenda):
    water = services.priority_add(agenda=agenda, title="Water")
    housing = services.priority_add(agenda=agenda, title="Housing")
    first = services.priority_add(agenda=agenda, title="Jobs", position=1)

    def ranks():
        return list(agenda.priorities.order_by("position").values_list("title", "position"))

    assert ranks() == [("Jobs", 1), ("Water", 2), ("Housing", 3)]
    services.priority_move(priority=housing, up=True)
    assert ranks() == [("Jobs", 1), ("Housing", 2), ("Water", 3)]
    services.priority_remove(priority=first)
    assert ranks() == [("Housing", 1), ("Water", 2)]
    water.refresh_from_db()
    services.priority_move(priority=water, up=False)  # already last: stays
    assert ranks() == [("Housing", 1), ("Water", 2)]


def test_one_agenda_per_member_and_campaign(cast, agenda, la21):
    with pytest.raises(ValidationError):
        services.agenda_create(
            local_government=cast.freiburg,
            campaign=la21,
            title="Again",
            started_on=date(2022, 1, 1),
        )
