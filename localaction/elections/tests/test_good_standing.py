"""Good standing comes from the dues (finance/standing.py): a member with an
invoice unpaid past its grace period neither nominates nor votes."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from localaction.elections import services
from localaction.elections.models import Candidate, Election, Elector
from localaction.elections.tests.conftest import candidates_of
from localaction.finance.tests.receivables import invoice, pay

pytestmark = pytest.mark.django_db

GRACE_DAYS = 90  # the example schedule's (finance/tests/test_standing.py)


def _unpaid(member, office, *, due_days_ago: int):
    today = timezone.localdate()
    return invoice(
        member,
        office=office,
        year=today.year,
        total="450.00",
        due_on=today - datetime.timedelta(days=due_days_ago),
    )


def test_a_member_with_dues_unpaid_past_grace_cannot_nominate(cast, world, make_election):
    election = make_election(Election.Phase.NOMINATIONS)
    # Nominated two days ago, the day nominations closed: the day after grace.
    _unpaid(world.bonn, cast.europe_office, due_days_ago=GRACE_DAYS + 3)

    with pytest.raises(ValidationError) as refused:
        services.nominate(
            election,
            nominated_by=world.bonn,
            person=world.bonn_editor,
            local_government=world.bonn,
            by=world.bonn_editor,
            on=timezone.localdate() - datetime.timedelta(days=2),
        )

    assert refused.value.messages == [
        "Bonn is not in good standing: it has dues unpaid past the grace period. Once they "
        "are paid, it may nominate."
    ]
    assert not Candidate.objects.filter(election=election).exists()


def test_a_member_within_its_grace_period_still_nominates(cast, world, make_election):
    election = make_election(Election.Phase.NOMINATIONS)
    # Grace ends on the due date plus 90 days: on the last of them, still in good standing.
    _unpaid(world.bonn, cast.europe_office, due_days_ago=GRACE_DAYS + 2)
    on = timezone.localdate() - datetime.timedelta(days=2)

    candidate = services.nominate(
        election,
        nominated_by=world.bonn,
        person=world.bonn_editor,
        local_government=world.bonn,
        by=world.bonn_editor,
        on=on,
    )

    assert candidate.status == Candidate.Status.NOMINATED


def test_a_member_with_dues_unpaid_past_grace_is_left_out_of_the_electorate(
    cast, world, make_election
):
    election = make_election(Election.Phase.CANDIDATES)
    _unpaid(world.bonn, cast.europe_office, due_days_ago=GRACE_DAYS + 1)

    election = services.move_election(election, to=Election.Phase.VOTING, by=cast.secretariat)

    frozen = Elector.objects.filter(election=election).values_list(
        "local_government__code", flat=True
    )
    assert list(frozen) == ["de-freiburg"]
    pk = candidates_of(election)["de-bonn"].pk
    with pytest.raises(ValidationError, match="Bonn is not in the electorate"):
        services.cast_ballot(
            election, local_government=world.bonn, ranking=[pk], by=world.bonn_editor
        )


def test_paying_later_does_not_reopen_a_frozen_electorate(cast, world, make_election):
    invoice_ = _unpaid(world.bonn, cast.europe_office, due_days_ago=GRACE_DAYS + 1)
    election = make_election(Election.Phase.CANDIDATES)
    election = services.move_election(election, to=Election.Phase.VOTING, by=cast.secretariat)

    pay(invoice_, "450.00", on=timezone.localdate(), by=cast.secretariat)

    assert not election.electors.filter(local_government=world.bonn).exists()
    assert services.eligible_electorate(election).filter(pk=world.bonn.pk).exists()
