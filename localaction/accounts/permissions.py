"""Who may manage a team: the people who hold roles in an organisation, and
the invitations to join it. Pages and services ask these functions; nothing
else decides.

- The editors of a local government manage its editors and viewers.
- Office staff manage the staff of their own office.
- Office staff whose office covers a local government manage its team too:
  they support the members there (and set a team up where nobody is left).
- The secretariat manages every team.

Viewers and everyone else manage nothing.
"""

from __future__ import annotations

from localaction.accounts.access import access_of
from localaction.network.models import LocalGovernment, Office
from localaction.network.permissions import is_covered_by


def can_manage_team(user, organisation: LocalGovernment | Office) -> bool:
    """Whether the person invites, removes and changes the roles of `organisation`'s people."""
    access = access_of(user)
    if isinstance(organisation, Office):
        return access.is_secretariat or organisation.pk in access.offices
    return organisation.pk in access.editor_of or is_covered_by(user, organisation)


def can_remove_last_editor(user, local_government: LocalGovernment) -> bool:
    """Only the offices covering a local government (and the secretariat) may leave
    it without an editor — when its last editor has left the city, say. Its own
    editors may not: nobody there could manage the team afterwards."""
    return is_covered_by(user, local_government)
