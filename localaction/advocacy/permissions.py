"""Who reads and keeps the association's advocacy.

- Everyone, signed in or not, reads the processes, the roles and the public
  engagements (with the figures they cite).
- The secretariat adds processes and roles.
- A role's engagements (public or not), their cited figures and the role's
  reviews are kept — and read — by the staff of the role's responsible
  office and by the secretariat.

Every door (pages, API, admin) asks these functions; none decides by itself.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from localaction.accounts.access import access_of
from localaction.advocacy.models import Engagement, Role


def can_keep_processes(user) -> bool:
    """Add processes and the association's roles in them."""
    return access_of(user).is_secretariat


def can_keep_role(user, role: Role) -> bool:
    """Record a role's engagements, cite figures and review the role."""
    access = access_of(user)
    return access.is_secretariat or role.office_id in access.offices


def can_keep_any_role(user) -> bool:
    access = access_of(user)
    return access.is_secretariat or access.is_office_staff


def can_read_engagement(user, engagement: Engagement) -> bool:
    return engagement.public or can_keep_role(user, engagement.role)


def engagements_readable_by(user, engagements: QuerySet) -> QuerySet:
    """Those of `engagements` the person reads, as one query."""
    access = access_of(user)
    if access.is_secretariat:
        return engagements
    return engagements.filter(Q(public=True) | Q(role__office__in=access.offices))


def roles_kept_by(user, roles: QuerySet) -> QuerySet:
    access = access_of(user)
    if access.is_secretariat:
        return roles
    return roles.filter(office__in=access.offices)
