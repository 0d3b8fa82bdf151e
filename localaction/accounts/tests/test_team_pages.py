"""Team pages and the invitation page: who sees and changes which team, and
what the person invited meets when following the link."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from localaction.accounts.models import Invitation, Role
from localaction.accounts.teams import invitation_send
from localaction.conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db

# Who may manage each team; the rest get 403, and anonymous visitors the login page.
FREIBURG = [
    ("editor", 200),
    ("colleague", 403),
    ("outsider", 403),
    ("staff", 200),
    ("other_staff", 403),
    ("secretariat", 200),
    ("anonymous", 302),
]
EUROPE_OFFICE = [
    ("editor", 403),
    ("colleague", 403),
    ("outsider", 403),
    ("staff", 200),
    ("other_staff", 403),
    ("secretariat", 200),
    ("anonymous", 302),
]


def team_url(organisation, action="", *args):
    of = "office" if hasattr(organisation, "regions") else "local-government"
    name = f"team:{of}-{action}" if action else f"team:{of}"
    return reverse(name, args=[organisation.code, *args])


def accept_url(invitation):
    return reverse("team:accept", args=[invitation.token])


def invite(cast, email="new@example.org", kind=Role.Kind.VIEWER, organisation=None):
    return invitation_send(
        organisation=organisation or cast.freiburg,
        email=email,
        kind=kind,
        invited_by=cast.editor if organisation is None else cast.secretariat,
    )


def state():
    """Everything a team request may change."""
    return (
        sorted(Role.objects.values_list("pk", "user_id", "kind")),
        sorted(Invitation.objects.values_list("pk", "accepted_at", "withdrawn_at")),
        User.objects.count(),
        len(mail.outbox),
    )


def assert_refused(response, status, before):
    assert response.status_code == status
    if status == 302:
        assert response.url.startswith(reverse("login"))
    assert state() == before


# The team pages


@pytest.mark.parametrize("who, status", FREIBURG)
def test_freiburgs_team_page(client_as, cast, who, status):
    invite(cast)
    response = client_as(who).get(team_url(cast.freiburg))
    assert response.status_code == status
    if status == 200:
        page = response.content.decode()
        assert "colleague" in page  # the people
        assert "new@example.org" in page  # the invitation waiting
        assert 'name="email"' in page  # the invite form


@pytest.mark.parametrize("who, status", EUROPE_OFFICE)
def test_the_european_offices_team_page(client_as, cast, who, status):
    response = client_as(who).get(team_url(cast.europe_office))
    assert response.status_code == status
    if status == 200:
        assert "staff" in response.content.decode()


@pytest.mark.parametrize(
    "who, status",
    [
        ("editor", 404),
        ("outsider", 404),
        ("other_staff", 404),
        ("staff", 200),
        ("secretariat", 200),
    ],
)
def test_an_unpublished_local_governments_team_is_hidden_from_those_who_cannot_see_it(
    client_as, cast, who, status
):
    assert client_as(who).get(team_url(cast.hidden)).status_code == status


@pytest.mark.parametrize("who, status", FREIBURG)
def test_inviting_to_freiburg(client_as, cast, who, status):
    before = state()
    response = client_as(who).post(
        team_url(cast.freiburg, "invite"), {"email": "new@example.org", "kind": "editor"}
    )
    if status == 200:
        assert response.status_code == 302
        invitation = Invitation.objects.get()
        assert (invitation.email, invitation.kind, invitation.invited_by) == (
            "new@example.org",
            "editor",
            getattr(cast, who),
        )
        assert mail.outbox[0].to == ["new@example.org"]
    else:
        assert_refused(response, status, before)


@pytest.mark.parametrize("who, status", EUROPE_OFFICE)
def test_inviting_to_the_european_office(client_as, cast, who, status):
    before = state()
    response = client_as(who).post(
        team_url(cast.europe_office, "invite"), {"email": "new@example.org", "kind": "staff"}
    )
    if status == 200:
        assert response.status_code == 302
        assert Invitation.objects.get().office == cast.europe_office
    else:
        assert_refused(response, status, before)


@pytest.mark.parametrize(
    "data, error",
    [
        ({"email": "not an address", "kind": "viewer"}, "valid email"),
        ({"email": "new@example.org", "kind": "staff"}, "valid choice"),
        ({"email": "colleague@example.org", "kind": "editor"}, "already holds a role"),
    ],
)
def test_a_refused_invitation_says_why_and_sends_nothing(client_as, cast, data, error):
    before = state()
    response = client_as("editor").post(team_url(cast.freiburg, "invite"), data)
    assert response.status_code == 200
    assert error in response.content.decode()
    assert state() == before


@pytest.mark.parametrize("who, status", FREIBURG)
def test_withdrawing_an_invitation(client_as, cast, who, status):
    invitation = invite(cast)
    before = state()
    response = client_as(who).post(team_url(cast.freiburg, "invitation-withdraw", invitation.pk))
    if status == 200:
        assert response.status_code == 302
        invitation.refresh_from_db()
        assert invitation.withdrawn_at is not None
    else:
        assert_refused(response, status, before)


@pytest.mark.parametrize("who, status", FREIBURG)
def test_removing_freiburgs_viewer(client_as, cast, who, status):
    role = Role.objects.get(user=cast.colleague)
    before = state()
    response = client_as(who).post(team_url(cast.freiburg, "role-remove", role.pk))
    if status == 200:
        assert response.status_code == 302
        assert not Role.objects.filter(pk=role.pk).exists()
        assert Role.history.filter(id=role.pk).first().history_user == getattr(cast, who)
    else:
        assert_refused(response, status, before)


@pytest.mark.parametrize("who, status", FREIBURG)
def test_changing_a_role_in_freiburg(client_as, cast, who, status):
    role = Role.objects.get(user=cast.colleague)
    before = state()
    response = client_as(who).post(
        team_url(cast.freiburg, "role-change", role.pk), {"kind": "editor"}
    )
    if status == 200:
        assert response.status_code == 302
        role.refresh_from_db()
        assert role.kind == Role.Kind.EDITOR
        assert role.history.first().history_user == getattr(cast, who)
    else:
        assert_refused(response, status, before)


@pytest.mark.parametrize("who, status", EUROPE_OFFICE)
def test_removing_european_office_staff(client_as, cast, who, status):
    colleague = make_user("office_colleague", kind=Role.Kind.STAFF, office=cast.europe_office)
    role = Role.objects.get(user=colleague)
    before = state()
    response = client_as(who).post(team_url(cast.europe_office, "role-remove", role.pk))
    if status == 200:
        assert response.status_code == 302
        assert not Role.objects.filter(pk=role.pk).exists()
    else:
        assert_refused(response, status, before)


def test_a_role_of_another_team_is_not_found_through_this_one(client_as, cast):
    nairobi_editor = Role.objects.get(user=cast.outsider)
    before = state()
    response = client_as("editor").post(team_url(cast.freiburg, "role-remove", nairobi_editor.pk))
    assert_refused(response, 404, before)


def test_the_last_editor_stays_and_the_page_says_why(client_as, cast):
    role = Role.objects.get(user=cast.editor)
    before = state()
    response = client_as("editor").post(
        team_url(cast.freiburg, "role-remove", role.pk), follow=True
    )
    assert "last editor" in response.content.decode()
    assert state() == before


def test_team_changes_need_a_post_with_a_csrf_token(cast):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.editor)
    role = Role.objects.get(user=cast.colleague)
    before = state()
    assert client.get(team_url(cast.freiburg, "role-remove", role.pk)).status_code == 405
    assert client.post(team_url(cast.freiburg, "role-remove", role.pk)).status_code == 403
    assert state() == before


def test_the_team_page_shows_the_history_with_who_changed_what(client_as, cast):
    cast.editor.first_name, cast.editor.last_name = "Eva", "Editor"
    cast.editor.save()
    role = Role.objects.get(user=cast.colleague)
    client_as("editor").post(team_url(cast.freiburg, "role-change", role.pk), {"kind": "editor"})
    page = client_as("staff").get(team_url(cast.freiburg)).content.decode()
    history = page[page.index('id="history"') :]
    assert "Eva Editor" in history
    assert "colleague: Viewer → Editor" in history


@pytest.mark.parametrize(
    "who, linked",
    [("editor", True), ("colleague", False), ("staff", True), ("secretariat", True)],
)
def test_the_profile_links_to_the_team_for_those_who_manage_it(client_as, cast, who, linked):
    page = client_as(who).get(cast.freiburg.get_absolute_url()).content.decode()
    assert (team_url(cast.freiburg) in page) is linked


@pytest.mark.parametrize(
    "who, linked",
    [("editor", False), ("staff", True), ("other_staff", False), ("secretariat", True)],
)
def test_the_office_page_links_to_the_team_for_those_who_manage_it(client_as, cast, who, linked):
    page = client_as(who).get(cast.europe_office.get_absolute_url()).content.decode()
    assert (team_url(cast.europe_office) in page) is linked


# Following the invitation's link


def test_an_unknown_link_is_not_found(client):
    assert client.get(reverse("team:accept", args=["no-such-token"])).status_code == 404


def test_a_newcomer_creates_an_account_and_is_signed_in(client, cast):
    invitation = invite(cast, kind=Role.Kind.EDITOR)
    page = client.get(accept_url(invitation)).content.decode()
    assert "new@example.org" in page and 'name="username"' in page
    response = client.post(
        accept_url(invitation),
        {"username": "newcomer", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    assert response.url == cast.freiburg.get_absolute_url()
    user = User.objects.get(username="newcomer")
    assert user.email == "new@example.org"
    assert Role.objects.get(user=user).kind == Role.Kind.EDITOR
    assert client.session["_auth_user_id"] == str(user.pk)


def test_a_newcomer_with_an_account_already_is_asked_to_sign_in(client, cast):
    invitation = invite(cast, email="outsider@example.org")
    before = state()
    response = client.post(
        accept_url(invitation),
        {"username": "another", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 200
    assert "sign in with it" in response.content.decode()
    assert state() == before


def test_someone_with_an_account_signs_in_and_comes_back_to_accept(client, cast):
    invitation = invite(cast, email="outsider@example.org")
    page = client.get(accept_url(invitation)).content.decode()
    login = f"{reverse('login')}?next={accept_url(invitation)}"
    assert login in page
    response = client.post(login, {"username": "outsider", "password": PASSWORD})
    assert response.url == accept_url(invitation)
    assert "Accept the invitation" in client.get(accept_url(invitation)).content.decode()
    assert client.post(accept_url(invitation)).status_code == 302
    assert Role.objects.get(user=cast.outsider, local_government=cast.freiburg).kind == "viewer"


@pytest.mark.parametrize("who", ["editor", "colleague", "outsider", "staff", "secretariat"])
def test_nobody_else_may_accept(client_as, cast, who):
    invitation = invite(cast, email="new@example.org", kind=Role.Kind.EDITOR)
    client = client_as(who)
    assert "another e-mail address" in client.get(accept_url(invitation)).content.decode()
    before = state()
    response = client.post(accept_url(invitation))
    assert response.status_code == 403
    assert "sent to new@example.org" in response.content.decode()
    assert state() == before


def test_an_anonymous_post_without_an_account_changes_nothing(client, cast):
    invitation = invite(cast)
    before = state()
    response = client.post(accept_url(invitation), {"username": "newcomer"})
    assert response.status_code == 200
    assert state() == before


def closed(cast, how):
    invitation = invite(cast)
    if how == "accepted":
        Invitation.objects.filter(pk=invitation.pk).update(accepted_at=timezone.now())
    elif how == "withdrawn":
        Invitation.objects.filter(pk=invitation.pk).update(withdrawn_at=timezone.now())
    else:
        Invitation.objects.filter(pk=invitation.pk).update(
            expires_at=timezone.now() - timedelta(days=1)
        )
    return invitation


@pytest.mark.parametrize(
    "how, says",
    [("accepted", "already been accepted"), ("withdrawn", "withdrawn"), ("expired", "expired")],
)
@pytest.mark.parametrize("who", ["anonymous", "editor"])
def test_a_link_that_no_longer_works_says_why_and_what_to_do(client_as, cast, how, says, who):
    invitation = closed(cast, how)
    client = client_as(who)
    before = state()
    for response in [
        client.get(accept_url(invitation)),
        client.post(
            accept_url(invitation),
            {"username": "newcomer", "password1": PASSWORD, "password2": PASSWORD},
        ),
    ]:
        assert response.status_code == 410
        page = response.content.decode()
        assert says in page
        assert "new invitation" in page
    assert state() == before
