"""Teams: invitations (sent, accepted once, in time, by the right person),
roles removed and changed, who may manage which team, and the roles' history."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from localaction.accounts.models import Invitation, Role
from localaction.accounts.permissions import can_manage_team
from localaction.accounts.tasks import send_invitation
from localaction.accounts.teams import (
    INVITATION_VALID_FOR,
    InvitationClosed,
    invitation_accept,
    invitation_accept_with_new_account,
    invitation_send,
    invitation_withdraw,
    role_change,
    role_history,
    role_remove,
)

pytestmark = pytest.mark.django_db


def invite(cast, email="new@example.org", kind=Role.Kind.VIEWER, organisation=None, by=None):
    return invitation_send(
        organisation=organisation or cast.freiburg,
        email=email,
        kind=kind,
        invited_by=by or cast.editor,
    )


def newcomer(email="new@example.org"):
    return User.objects.create_user("newcomer", email, "a-long-test-password")


# Sending


def test_an_invitation_is_emailed_with_its_link_organisation_role_inviter_and_expiry(
    cast, settings
):
    settings.SITE_URL = "https://localaction.example.org"
    cast.editor.first_name, cast.editor.last_name = "Eva", "Editor"
    cast.editor.save()
    invitation = invite(cast, kind=Role.Kind.EDITOR)

    assert len(invitation.token) >= 32
    assert invitation.expires_at - invitation.created_at == INVITATION_VALID_FOR == timedelta(14)
    [message] = mail.outbox
    assert message.to == ["new@example.org"]
    assert "Freiburg im Breisgau" in message.subject
    assert f"https://localaction.example.org/accounts/invitations/{invitation.token}/" in (
        message.body
    )
    assert "Freiburg im Breisgau" in message.body
    assert "Editor" in message.body
    assert "Eva Editor" in message.body
    expiry = timezone.localtime(invitation.expires_at)
    assert str(expiry.year) in message.body and str(expiry.day) in message.body


def test_an_office_invites_staff(cast):
    invitation = invite(cast, kind=Role.Kind.STAFF, organisation=cast.europe_office, by=cast.staff)
    assert invitation.office == cast.europe_office
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    "organisation, kind",
    [("freiburg", Role.Kind.STAFF), ("europe_office", Role.Kind.EDITOR)],
)
def test_a_role_that_does_not_fit_the_organisation_is_refused(cast, organisation, kind):
    with pytest.raises(ValidationError):
        invite(cast, kind=kind, organisation=getattr(cast, organisation))
    assert Invitation.objects.count() == 0
    assert mail.outbox == []


def test_someone_who_already_holds_a_role_there_is_not_invited(cast):
    with pytest.raises(ValidationError, match="already holds a role"):
        invite(cast, email="COLLEAGUE@example.org", kind=Role.Kind.EDITOR)
    assert Invitation.objects.count() == 0


def test_a_second_invitation_waits_for_the_first_to_be_withdrawn(cast):
    first = invite(cast)
    with pytest.raises(ValidationError, match="already waiting"):
        invite(cast)
    invitation_withdraw(invitation=first, by=cast.editor)
    invite(cast)
    assert Invitation.objects.count() == 2


def test_a_withdrawn_invitation_is_not_emailed_when_its_turn_comes(cast):
    invitation = invite(cast)
    invitation_withdraw(invitation=invitation, by=cast.editor)
    mail.outbox.clear()
    send_invitation.call(invitation.pk)
    assert mail.outbox == []


# Accepting


def test_accepting_gives_the_role_once_and_records_who(cast):
    invitation = invite(cast, kind=Role.Kind.EDITOR)
    user = newcomer()

    role = invitation_accept(invitation=invitation, user=user)

    assert (role.user, role.kind, role.local_government) == (user, "editor", cast.freiburg)
    invitation.refresh_from_db()
    assert invitation.accepted_by == user and invitation.accepted_at is not None
    assert role.history.get().history_user == user


def test_an_invitation_works_once(cast):
    invitation = invite(cast)
    invitation_accept(invitation=invitation, user=newcomer())
    with pytest.raises(InvitationClosed, match="already been accepted") as refused:
        invitation_accept(invitation=invitation, user=User.objects.get(username="newcomer"))
    assert refused.value.state == "accepted"
    assert Role.objects.filter(user__username="newcomer").count() == 1


def test_an_expired_invitation_is_refused(cast):
    invitation = invite(cast)
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    with pytest.raises(InvitationClosed, match="expired") as refused:
        invitation_accept(invitation=invitation, user=newcomer())
    assert refused.value.state == "expired"
    assert not Role.objects.filter(user__username="newcomer").exists()


def test_a_withdrawn_invitation_is_refused(cast):
    invitation = invite(cast)
    invitation_withdraw(invitation=invitation, by=cast.editor)
    with pytest.raises(InvitationClosed, match="withdrawn") as refused:
        invitation_accept(invitation=invitation, user=newcomer())
    assert refused.value.state == "withdrawn"
    assert not Role.objects.filter(user__username="newcomer").exists()


def test_only_the_person_invited_may_accept(cast):
    invitation = invite(cast)
    with pytest.raises(ValidationError, match=r"sent to new@example\.org") as refused:
        invitation_accept(invitation=invitation, user=newcomer(email="someone.else@example.org"))
    assert refused.value.code == "wrong_person"
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
    assert not Role.objects.filter(user__username="newcomer").exists()


def test_the_e_mail_address_matches_whatever_its_capitals(cast):
    invitation = invite(cast, email="New.Person@Example.org")
    role = invitation_accept(invitation=invitation, user=newcomer(email="new.person@example.org"))
    assert role.kind == Role.Kind.VIEWER


def test_an_existing_account_is_linked(cast):
    """Someone who already works elsewhere (Nairobi's editor) joins Freiburg too."""
    invitation = invite(cast, email="outsider@example.org")
    role = invitation_accept(invitation=invitation, user=cast.outsider)
    assert set(cast.outsider.roles.values_list("local_government__code", flat=True)) == {
        "ke-nairobi",
        "de-freiburg",
    }
    assert role.kind == Role.Kind.VIEWER


def test_a_new_account_is_made_with_the_invitations_address(cast):
    invitation = invite(cast)
    role = invitation_accept_with_new_account(
        invitation=invitation, username="newcomer", password="a-long-test-password"
    )
    assert role.user.email == "new@example.org"
    assert role.user.check_password("a-long-test-password")


def test_no_account_is_made_for_an_invitation_that_no_longer_works(cast):
    invitation = invite(cast)
    invitation_withdraw(invitation=invitation, by=cast.editor)
    with pytest.raises(InvitationClosed):
        invitation_accept_with_new_account(
            invitation=invitation, username="newcomer", password="a-long-test-password"
        )
    assert not User.objects.filter(username="newcomer").exists()


def test_an_accepted_invitation_cannot_be_withdrawn(cast):
    invitation = invite(cast)
    invitation_accept(invitation=invitation, user=newcomer())
    with pytest.raises(ValidationError, match="remove the role"):
        invitation_withdraw(invitation=invitation, by=cast.editor)


# Removing and changing roles


def editor_role(cast):
    return Role.objects.get(user=cast.editor)


def colleague_role(cast):
    return Role.objects.get(user=cast.colleague)


def test_an_editor_removes_a_colleague_and_history_says_who(cast):
    role_remove(role=colleague_role(cast), by=cast.editor)
    assert not Role.objects.filter(user=cast.colleague).exists()
    record = Role.history.filter(user=cast.colleague).first()
    assert (record.history_type, record.history_user) == ("-", cast.editor)


@pytest.mark.parametrize("change", ["remove", "demote"])
def test_an_editor_may_not_leave_freiburg_without_an_editor(cast, change):
    with pytest.raises(ValidationError, match="last editor"):
        if change == "remove":
            role_remove(role=editor_role(cast), by=cast.editor)
        else:
            role_change(role=editor_role(cast), kind=Role.Kind.VIEWER, by=cast.editor)
    assert editor_role(cast).kind == Role.Kind.EDITOR


@pytest.mark.parametrize("who", ["staff", "secretariat"])
def test_the_office_may_remove_the_last_editor(cast, who):
    """The city's only editor has left: the office covering it takes the role away."""
    role_remove(role=editor_role(cast), by=getattr(cast, who))
    assert not Role.objects.filter(local_government=cast.freiburg, kind="editor").exists()


def test_an_editor_steps_down_once_someone_else_edits(cast):
    role_change(role=colleague_role(cast), kind=Role.Kind.EDITOR, by=cast.editor)
    role_change(role=editor_role(cast), kind=Role.Kind.VIEWER, by=cast.editor)
    assert colleague_role(cast).kind == Role.Kind.EDITOR
    assert editor_role(cast).kind == Role.Kind.VIEWER


def test_a_local_government_has_no_staff(cast):
    with pytest.raises(ValidationError):
        role_change(role=colleague_role(cast), kind=Role.Kind.STAFF, by=cast.secretariat)
    assert colleague_role(cast).kind == Role.Kind.VIEWER


def test_the_history_tells_who_gave_changed_and_removed_each_role(cast):
    invitation = invite(cast)
    user = newcomer()
    role = invitation_accept(invitation=invitation, user=user)
    role_change(role=role, kind=Role.Kind.EDITOR, by=cast.staff)
    role_remove(role=role, by=cast.editor)

    newcomers = [change for change in role_history(cast.freiburg) if change.person == user]
    assert [(c.action, c.by, c.kind, c.previous_kind) for c in newcomers] == [
        ("removed", cast.editor, "Editor", ""),
        ("changed", cast.staff, "Editor", "Viewer"),
        ("given", user, "Viewer", ""),
    ]
    assert all(change.person != user for change in role_history(cast.nairobi))


# Who manages which team


@pytest.mark.parametrize(
    "who, freiburg, europe_office",
    [
        ("editor", True, False),
        ("colleague", False, False),  # a viewer reads, manages nothing
        ("outsider", False, False),
        ("staff", True, True),  # the European office covers Freiburg
        ("other_staff", False, False),
        ("secretariat", True, True),
        ("anonymous", False, False),
    ],
)
def test_who_manages_a_team(cast, who, freiburg, europe_office):
    user = getattr(cast, who) or AnonymousUser()
    assert can_manage_team(user, cast.freiburg) is freiburg
    assert can_manage_team(user, cast.europe_office) is europe_office
