"""Teams: who holds a role in an organisation, and the invitations to join it.

An editor (or the office) invites someone by e-mail; the link in the e-mail
works once, for two weeks, and only for the person it was sent to. Every
change of a role is kept in `Role.history`, with who made it.

Who may call these functions is decided in `localaction/accounts/permissions.py`;
the rules here are the ones that hold whoever asks.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from localaction.accounts.models import Invitation, Role
from localaction.accounts.permissions import can_remove_last_editor
from localaction.accounts.tasks import send_invitation
from localaction.network.models import LocalGovernment, Office

#: How long the link in an invitation works.
INVITATION_VALID_FOR = timedelta(days=14)

Organisation = LocalGovernment | Office


class InvitationClosed(ValidationError):
    """The invitation can no longer be accepted: used, withdrawn or expired."""

    def __init__(self, message: str, *, state: str):
        super().__init__(message, code=state)
        self.state = state


# Reading


def kinds_for(organisation: Organisation) -> list[Role.Kind]:
    """The roles a person can hold in this kind of organisation."""
    if isinstance(organisation, Office):
        return [Role.Kind.STAFF, Role.Kind.FINANCE]
    return [Role.Kind.EDITOR, Role.Kind.VIEWER]


def _of(organisation: Organisation) -> dict:
    """The lookup that ties a role or an invitation to `organisation`."""
    if isinstance(organisation, Office):
        return {"office": organisation}
    return {"local_government": organisation}


def roles_in(organisation: Organisation) -> QuerySet[Role]:
    return (
        Role.objects.filter(**_of(organisation))
        .select_related("user")
        .order_by("kind", "user__username")
    )


def invitations_pending(organisation: Organisation) -> QuerySet[Invitation]:
    """Invitations sent and not yet accepted, withdrawn or expired."""
    return Invitation.objects.filter(
        **_of(organisation), accepted_at=None, withdrawn_at=None, expires_at__gt=timezone.now()
    ).select_related("invited_by")


def invitation_state(invitation: Invitation) -> str:
    """'pending', 'accepted', 'withdrawn' or 'expired'."""
    if invitation.accepted_at:
        return "accepted"
    if invitation.withdrawn_at:
        return "withdrawn"
    if invitation.expires_at <= timezone.now():
        return "expired"
    return "pending"


@dataclass(frozen=True)
class RoleChange:
    """One line of a team's history: `by` gave, changed or took away `person`'s role."""

    when: datetime
    by: object  # the User who made the change; None when made outside the web
    person: object  # the User whose role it is
    action: str  # 'given', 'changed' or 'removed'
    kind: str  # the role's display name after the change (before it, when removed)
    previous_kind: str = ""


def role_history(organisation: Organisation) -> list[RoleChange]:
    """Every change of a role in `organisation`, newest first."""
    records = (
        Role.history.filter(**_of(organisation))
        .select_related("history_user", "user")
        .order_by("history_date", "history_id")
    )
    changes = []
    kind_before: dict[int, str] = {}
    for record in records:
        kind = record.get_kind_display()
        if record.history_type == "+":
            action, previous = "given", ""
        elif record.history_type == "-":
            action, previous = "removed", ""
        else:
            action, previous = "changed", kind_before.get(record.id, "")
            if previous == kind:
                # Saved without a change of role: nothing to tell.
                continue
        kind_before[record.id] = kind
        changes.append(
            RoleChange(
                when=record.history_date,
                by=record.history_user,
                person=record.user,
                action=action,
                kind=kind,
                previous_kind=previous,
            )
        )
    changes.reverse()
    return changes


# Writing


def _check_kind(organisation: Organisation, kind: str) -> None:
    if kind not in kinds_for(organisation):
        raise ValidationError(
            _("%(organisation)s has no role “%(kind)s”.")
            % {"organisation": organisation, "kind": kind},
            code="kind",
        )


def _is_last_editor(role: Role) -> bool:
    return (
        role.kind == Role.Kind.EDITOR
        and not Role.objects.filter(
            local_government=role.local_government_id, kind=Role.Kind.EDITOR
        )
        .exclude(pk=role.pk)
        .exists()
    )


def _check_not_last_editor(role: Role, by) -> None:
    if _is_last_editor(role) and not can_remove_last_editor(by, role.local_government):
        raise ValidationError(
            _(
                "%(person)s is the last editor of %(organisation)s: give someone else "
                "the editor's role first, or ask your office."
            )
            % {"person": role.user, "organisation": role.local_government},
            code="last_editor",
        )


@transaction.atomic
def invitation_send(*, organisation: Organisation, email: str, kind: str, invited_by) -> Invitation:
    """Invite the person at `email` to take the role `kind` in `organisation`;
    the e-mail goes out in the background."""
    email = get_user_model().objects.normalize_email(email).strip()
    _check_kind(organisation, kind)
    if Role.objects.filter(**_of(organisation), user__email__iexact=email).exists():
        raise ValidationError(
            _("%(email)s already holds a role in %(organisation)s.")
            % {"email": email, "organisation": organisation},
            code="has_role",
        )
    if invitations_pending(organisation).filter(email__iexact=email).exists():
        raise ValidationError(
            _(
                "An invitation to %(email)s is already waiting for an answer; "
                "withdraw it first to send a new one."
            )
            % {"email": email},
            code="pending",
        )
    now = timezone.now()
    invitation = Invitation.objects.create(
        **_of(organisation),
        email=email,
        kind=kind,
        token=secrets.token_urlsafe(32),
        invited_by=invited_by,
        created_at=now,
        expires_at=now + INVITATION_VALID_FOR,
    )
    # Queued in this transaction: a refused request queues nothing.
    send_invitation.enqueue(invitation.pk)
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user) -> Role:
    """Give `user` the role the invitation offers; it works once, in time, for
    the person it was sent to."""
    # Locked: two tabs accepting at once give one role.
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    state = invitation_state(invitation)
    if state == "accepted":
        raise InvitationClosed(_("This invitation has already been accepted."), state=state)
    if state == "withdrawn":
        raise InvitationClosed(_("This invitation has been withdrawn."), state=state)
    if state == "expired":
        raise InvitationClosed(
            _("This invitation expired on %(date)s.")
            % {"date": date_format(timezone.localtime(invitation.expires_at), "DATE_FORMAT")},
            state=state,
        )
    if (user.email or "").strip().lower() != invitation.email.lower():
        raise ValidationError(
            _(
                "This invitation was sent to %(email)s, and you are signed in as "
                "%(username)s with another e-mail address. Sign in with the account "
                "for %(email)s, or ask for an invitation to your own address."
            )
            % {"email": invitation.email, "username": user.get_username()},
            code="wrong_person",
        )
    organisation = invitation.organisation
    if Role.objects.filter(**_of(organisation), user=user).exists():
        raise ValidationError(
            _("You already hold a role in %(organisation)s.") % {"organisation": organisation},
            code="has_role",
        )
    role = Role(user=user, kind=invitation.kind, **_of(organisation))
    role._history_user = user
    role.save()
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return role


@transaction.atomic
def invitation_accept_with_new_account(
    *, invitation: Invitation, username: str, password: str
) -> Role:
    """Create the account the invitation is for (its e-mail is the invitation's)
    and accept the invitation with it, together or not at all."""
    user = get_user_model().objects.create_user(username, invitation.email, password)
    return invitation_accept(invitation=invitation, user=user)


@transaction.atomic
def invitation_withdraw(*, invitation: Invitation, by) -> None:
    """Stop the invitation's link from working."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation_state(invitation) == "accepted":
        raise ValidationError(
            _("This invitation has already been accepted: remove the role instead."),
            code="accepted",
        )
    if invitation.withdrawn_at is None:
        invitation.withdrawn_at = timezone.now()
        invitation.save(update_fields=["withdrawn_at"])


@transaction.atomic
def role_remove(*, role: Role, by) -> None:
    """Take the role away; a local government's editors may not remove its last editor."""
    role = (
        Role.objects.select_for_update(of=("self",))
        .select_related("local_government", "user")
        .get(pk=role.pk)
    )
    if role.local_government_id:
        _check_not_last_editor(role, by)
    role._history_user = by
    role.delete()


@transaction.atomic
def role_change(*, role: Role, kind: str, by) -> Role:
    """Make the person editor or viewer; the last editor stays one unless the office decides."""
    role = (
        Role.objects.select_for_update(of=("self",))
        .select_related("local_government", "user")
        .get(pk=role.pk)
    )
    _check_kind(role.organisation, kind)
    if role.kind == kind:
        return role
    if kind != Role.Kind.EDITOR:
        _check_not_last_editor(role, by)
    role.kind = kind
    role._history_user = by
    role.save()
    return role
