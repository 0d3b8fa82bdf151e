"""The reminder before voting closes: to the representatives of the members
that have not voted, once per election, by the workers' daily task or the
`election remind` command."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone, translation
from django.utils.formats import date_format

from localaction.accounts.models import Notification
from localaction.accounts.notifications import KINDS, subject_of
from localaction.elections import services
from localaction.elections.models import Election
from localaction.elections.tasks import remind_voters
from localaction.elections.tests.conftest import candidates_of

pytestmark = pytest.mark.django_db


def _reminded() -> list[str]:
    return sorted(
        Notification.objects.filter(kind="election_voting_reminder").values_list(
            "recipient__username", flat=True
        )
    )


def test_those_who_have_not_voted_are_reminded_once_before_the_close(cast, world, make_election):
    election = make_election(Election.Phase.VOTING)
    pk = candidates_of(election)["de-bonn"].pk
    services.cast_ballot(election, local_government=cast.freiburg, ranking=[pk], by=cast.editor)
    a_week_before = election.voting_closes_at - datetime.timedelta(days=7)
    a_day_before = election.voting_closes_at - datetime.timedelta(days=1)

    assert services.send_voting_reminders(now=a_week_before) == []
    assert services.send_voting_reminders(now=a_day_before) == [election]
    assert services.send_voting_reminders(now=a_day_before) == []

    # Freiburg voted: only Bonn's representative is reminded.
    assert _reminded() == ["bonn_editor"]


def test_the_daily_task_and_the_command_send_the_reminders_due(cast, world, make_election):
    election = make_election(Election.Phase.VOTING)
    Election.objects.filter(pk=election.pk).update(
        voting_closes_at=timezone.now() + datetime.timedelta(hours=12)
    )

    call_command("election", "remind")
    remind_voters.call()

    assert _reminded() == ["bonn_editor", "editor"]


def test_the_notification_reads_in_words_and_dates_in_the_readers_language(cast, make_election):
    election = make_election(Election.Phase.VOTING)

    notification = Notification.objects.get(kind="election_voting_open", recipient=cast.editor)
    kind = KINDS["election_voting_open"]
    closes = timezone.localtime(election.voting_closes_at)

    assert notification.params["closes"] == election.voting_closes_at.isoformat()
    assert subject_of(notification) == "Voting is open: Executive Committee 2027"
    assert date_format(closes, "DATETIME_FORMAT") in kind.body_for(notification.params)
    with translation.override("fr"):
        assert date_format(closes, "DATETIME_FORMAT") in kind.body_for(notification.params)
        assert election.voting_closes_at.isoformat() not in kind.body_for(notification.params)
