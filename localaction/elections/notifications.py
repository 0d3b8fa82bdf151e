"""What the elections tell people, through the platform's notifications
(accounts/notifications.py): nominations open (the editors of the members
that may vote), a nomination to answer (the candidate), voting open and a
reminder before it closes (the voting representatives — the reminder only to
those whose member has not voted), and the results (the representatives and
the candidates).

The kinds are added to the one registry from this app's AppConfig.ready()
(`register`), as lower layers never import this one. Nothing is sent when a
ballot is cast: a notification is a timestamped row, which would tell when a
member voted.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from localaction.accounts import notifications
from localaction.accounts.notifications import NotificationKind


def _dates_in_words(facts: dict) -> None:
    """The dates among the facts (ISO) in the reader's language."""
    for key in ("closes", "nominations_close"):
        value = facts.get(key)
        if not isinstance(value, str) or not value:
            continue
        try:
            if "T" in value:
                moment = timezone.localtime(datetime.datetime.fromisoformat(value))
                facts[key] = date_format(moment, "DATETIME_FORMAT")
            else:
                facts[key] = date_format(datetime.date.fromisoformat(value))
        except ValueError:
            continue


KINDS = [
    NotificationKind(
        "election_nominations_open",
        _("Nominations open in an election my local government may vote in"),
        _("Nominations are open: %(election)s"),
        _(
            "Nominations are open for %(election)s (%(body)s) until %(closes)s. A member in "
            "good standing may nominate a person; the candidate accepts and writes a "
            "statement."
        ),
        words=_dates_in_words,
    ),
    NotificationKind(
        "election_nominated",
        _("I am nominated as a candidate in an election"),
        _("You are nominated: %(election)s"),
        _(
            "%(nominated_by)s nominated you as a candidate in %(election)s, on behalf of "
            "%(member)s. Accept with a statement to the electorate, or decline, before "
            "nominations close on %(closes)s."
        ),
        words=_dates_in_words,
    ),
    NotificationKind(
        "election_voting_open",
        _("Voting opens in an election where I cast my local government's vote"),
        _("Voting is open: %(election)s"),
        _(
            "Voting is open in %(election)s (%(body)s) until %(closes)s. As the voting "
            "representative of your local government, you cast its one vote."
        ),
        words=_dates_in_words,
    ),
    NotificationKind(
        "election_voting_reminder",
        _("A reminder before voting closes, if my local government has not voted"),
        _("Voting closes soon: %(election)s"),
        _(
            "Voting in %(election)s closes at %(closes)s and your local government has not "
            "voted yet."
        ),
        words=_dates_in_words,
    ),
    NotificationKind(
        "election_results",
        _("The results of an election I voted or stood in"),
        _("Results published: %(election)s"),
        _("The results of %(election)s (%(body)s) are published."),
    ),
]


def register() -> None:
    """Add the elections' kinds to the registry (from ElectionsConfig.ready())."""
    notifications.register(*KINDS)


def _facts(election) -> dict:
    # Dates as ISO: written in the reader's language when shown (`_dates_in_words`).
    return {
        "election": election.title,
        "body": str(election.body),
        "closes": election.voting_closes_at.isoformat(),
    }


def nominations_open(election, recipients) -> None:
    facts = _facts(election) | {"closes": election.nominations_close_on.isoformat()}
    notifications.notify(
        "election_nominations_open",
        recipients=recipients,
        params=facts,
        url=election.get_absolute_url(),
    )


def nominated(candidate) -> None:
    election = candidate.election
    notifications.notify(
        "election_nominated",
        recipients=[candidate.person],
        params=_facts(election)
        | {
            "closes": election.nominations_close_on.isoformat(),
            "nominated_by": candidate.nominated_by.name,
            "member": candidate.local_government.name,
        },
        url=election.get_absolute_url(),
    )


def voting_open(election, recipients) -> None:
    notifications.notify(
        "election_voting_open",
        recipients=recipients,
        params=_facts(election),
        url=election.get_absolute_url(),
    )


def voting_reminder(election, recipients) -> None:
    notifications.notify(
        "election_voting_reminder",
        recipients=recipients,
        params=_facts(election),
        url=election.get_absolute_url(),
    )


def results_published(election, recipients) -> None:
    notifications.notify(
        "election_results",
        recipients=recipients,
        params=_facts(election),
        url=election.get_absolute_url(),
    )
