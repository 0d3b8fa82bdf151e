"""The Local Agenda methodology's milestones recognised from an agenda's records,
in each of the four campaigns that run it (campaigns.services.milestone_states)."""

from __future__ import annotations

from datetime import date

import pytest

from localaction.campaigns.models import Action, Campaign, Milestone
from localaction.campaigns.recognition import Facts
from localaction.campaigns.services import milestone_states
from localaction.sustainability.agendas import recognition, services
from localaction.sustainability.agendas.models import LocalAgenda
from localaction.sustainability.tests.agendas.conftest import (
    LOCAL_AGENDA_CAMPAIGNS,
    indicator_target,
    join,
)

ACHIEVED = ("achieved", "verified")


def _reached(participation) -> dict[str, bool]:
    states = milestone_states([participation])[participation.pk]
    return {state.milestone.name: state.status in ACHIEVED for state in states}


def test_the_seeded_milestones_name_the_agendas_rules(db):
    rules = dict(
        Milestone.objects.filter(methodology__code="local-agenda").values_list(
            "name", "recognised_from"
        )
    )
    assert rules == {
        "Baseline review": "agenda_baseline",
        "Target setting": "campaign_target",
        "Council commitment": "agenda_council",
        "Implementation and monitoring": "actions_under_way",
        "Evaluation and reporting": "agenda_evaluation",
    }


@pytest.mark.parametrize("code", LOCAL_AGENDA_CAMPAIGNS)
def test_each_campaigns_milestones_are_recognised_from_the_agenda(cast, code):
    campaign = Campaign.objects.get(code=code)
    participation = join(cast.freiburg, campaign)
    assert not any(_reached(participation).values())

    agenda = services.agenda_create(
        local_government=cast.freiburg,
        campaign=campaign,
        title=f"Freiburg {campaign.name}",
        started_on=date(2021, 4, 1),
    )
    services.agenda_update(agenda=agenda, baseline_on=date(2021, 9, 1))
    # A review without its forum is not yet the milestone.
    assert not _reached(participation)["Baseline review"]
    services.stakeholder_save(agenda=agenda, name="Youth council", kind="youth")
    assert _reached(participation)["Baseline review"]

    assert not _reached(participation)["Council commitment"]
    services.agenda_update(agenda=agenda, council_on=date(2022, 3, 15))
    assert _reached(participation)["Council commitment"]

    target = indicator_target(cast.freiburg, campaign, adopted_on=date(2022, 3, 15))
    services.agenda_set_targets(agenda=agenda, targets=[target])
    action = Action.objects.create(
        local_government=cast.freiburg,
        campaign=campaign,
        title="School gardens",
        status=Action.Status.IN_PROGRESS,
    )
    services.agenda_set_actions(agenda=agenda, actions=[action])

    report = {
        "agenda": agenda,
        "period_start": date(2022, 1, 1),
        "period_end": date(2023, 12, 31),
        "findings": "On track.",
        "indicators": [target],
    }
    services.monitoring_add(**report)  # monitoring, not yet an evaluation
    assert not _reached(participation)["Evaluation and reporting"]
    services.monitoring_add(**report, is_evaluation=True, reported_on=date(2024, 2, 1))

    assert _reached(participation) == dict.fromkeys(
        [
            "Baseline review",
            "Target setting",
            "Council commitment",
            "Implementation and monitoring",
            "Evaluation and reporting",
        ],
        True,
    )
    states = milestone_states([participation])[participation.pk]
    council = next(s for s in states if s.milestone.name == "Council commitment")
    assert council.recognised and council.evidence == agenda


def test_an_agenda_proves_its_own_campaign_only(cast, full_agenda):
    peace = Campaign.objects.get(code="peaceful-communities")
    other = join(cast.freiburg, peace)
    assert not any(_reached(other).values())


def test_the_rules_read_every_member_at_once(cast, full_agenda, django_assert_num_queries):
    ids = [cast.freiburg.pk, cast.nairobi.pk]
    with django_assert_num_queries(1):
        found = recognition.council_proofs(ids)
    assert found == {(cast.freiburg.pk, full_agenda.campaign_id): (LocalAgenda, full_agenda.pk)}
    facts = Facts(ids)
    for code in (recognition.BASELINE, recognition.COUNCIL, recognition.EVALUATION):
        assert facts.proof(code, cast.freiburg.pk, full_agenda.campaign_id) == (
            LocalAgenda,
            full_agenda.pk,
        )
        assert facts.proof(code, cast.nairobi.pk, full_agenda.campaign_id) is None


def test_the_data_migration_goes_back_to_by_hand_and_leaves_other_choices(db):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("localaction.sustainability.migrations.0011_agendas_data")
    local_agenda = Milestone.objects.filter(methodology__code="local-agenda")
    local_agenda.filter(name="Council commitment").update(recognised_from="campaign_target")

    migration.by_hand(apps, None)
    assert dict(local_agenda.values_list("name", "recognised_from")) == {
        "Baseline review": "",
        "Target setting": "campaign_target",
        "Council commitment": "campaign_target",  # someone's choice, left alone
        "Implementation and monitoring": "actions_under_way",
        "Evaluation and reporting": "",
    }
    migration.recognise(apps, None)
    assert local_agenda.get(name="Baseline review").recognised_from == "agenda_baseline"
    # A milestone someone set otherwise keeps its rule.
    assert local_agenda.get(name="Council commitment").recognised_from == "campaign_target"


def test_a_closed_scorecard_is_the_resilience_agendas_baseline_review(cast):
    # The issue: the resilience scorecard's results feed the resilience local
    # agenda's milestones. A member without an agenda's review has its baseline
    # review in its closed scorecard, for the resilience campaign only.
    from localaction.sustainability.assessments.models import Questionnaire
    from localaction.sustainability.resilience.scorecards import assessment_record

    resilience = join(cast.freiburg, Campaign.objects.get(code="resilient-communities"))
    peace = join(cast.freiburg, Campaign.objects.get(code="peaceful-communities"))
    assert not _reached(resilience)["Baseline review"]
    questionnaire = Questionnaire.objects.latest_versions().get(code="resilience-preliminary")
    assessment_record(
        local_government=cast.freiburg,
        code="resilience-preliminary",
        title="Scorecard 2024",
        assessed_on=date(2024, 5, 1),
        answers={q.code: 2 for q in questionnaire.questions.filter(kind="scale")},
        publish=False,
    )
    assert _reached(resilience)["Baseline review"]
    assert not _reached(peace)["Baseline review"]
