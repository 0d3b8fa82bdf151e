"""Who may do what in an election.

- The election's administrators are the secretariat (staff of the World
  Secretariat): they prepare elections, move them from phase to phase and see
  the turnout — how many voted, never how anyone voted.
- Scrutineers, named per election, inspect its electorate and its count;
  administrators may too.
- Editors of a member nominate candidates on its behalf (the services check
  that it is in good standing) and designate its voting representative, as
  the secretariat may.
- The voting representative of a member in the electorate casts its vote.
- A candidate answers their own nomination, and may withdraw.
- Everyone reads an election once it is announced (past preparation), its
  candidate list once published, and its results and counted ballots once
  the results are published.

Every door (page, API, admin, command) asks these functions; none decides by itself.
"""

from __future__ import annotations

from localaction.accounts.access import access_of
from localaction.elections.models import Election


def administers(user, election: Election | None = None) -> bool:
    """Prepare elections, move their phases, see their turnout."""
    access = access_of(user)
    return access.is_secretariat


def scrutinises(user, election: Election) -> bool:
    """Inspect the electorate and the count of `election`."""
    if not user.is_authenticated:
        return False
    return administers(user, election) or election.scrutineers.filter(pk=user.pk).exists()


def can_read(user, election: Election) -> bool:
    """An announced election is public; a prepared one its administrators'."""
    return election.phase != Election.Phase.PREPARED or administers(user, election)


def can_read_results(user, election: Election) -> bool:
    """The count: everyone once published; scrutineers and administrators as soon
    as it is made."""
    if election.phase == Election.Phase.RESULTS:
        return True
    return election.phase == Election.Phase.COUNTING and scrutinises(user, election)


def can_nominate_for(user, local_government) -> bool:
    """Nominate on behalf of `local_government`: its editors."""
    return local_government.pk in access_of(user).editor_of


def nominating_members(user):
    """The ids of the members on whose behalf `user` may nominate."""
    return access_of(user).editor_of


def can_designate_representative(user, local_government) -> bool:
    """Designate a member's voting representative: its editors and the secretariat."""
    access = access_of(user)
    return access.is_secretariat or local_government.pk in access.editor_of
