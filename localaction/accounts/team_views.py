"""Team pages: the people of a local government or an office, the invitations
to join it and the history of its roles; and the page that accepts an invitation."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from localaction.accounts.forms import InvitationForm, InvitedAccountForm, RoleChangeForm
from localaction.accounts.models import Invitation, Role
from localaction.accounts.permissions import can_manage_team
from localaction.accounts.teams import (
    InvitationClosed,
    invitation_accept,
    invitation_accept_with_new_account,
    invitation_send,
    invitation_state,
    invitation_withdraw,
    invitations_pending,
    role_change,
    role_history,
    role_remove,
    roles_in,
)
from localaction.network.models import Office
from localaction.network.permissions import visible_local_government_or_404

# Signing in the account just made for an invitation: the one backend that
# authenticates (the other only grants the secretariat its permissions).
_LOGIN_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _organisation(request, of: str, code: str):
    """The organisation whose team this is, or 404 (for those who may not know it
    exists) or 403 (for those who may not manage its team)."""
    if of == "office":
        organisation = get_object_or_404(Office, code=code)
    else:
        organisation = visible_local_government_or_404(request.user, code)
    if not can_manage_team(request.user, organisation):
        raise PermissionDenied
    return organisation


def _team_url(of: str, organisation) -> str:
    return reverse(f"team:{of}", args=[organisation.code])


def _report(request, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


def _render_team(request, of: str, organisation, *, invite_form=None):
    roles = list(roles_in(organisation))
    if of == "local-government":
        for role in roles:
            role.change_form = RoleChangeForm(
                organisation=organisation,
                initial={"kind": role.kind},
                auto_id=f"id_%s_{role.pk}",
            )
    return render(
        request,
        "accounts/team/team.html",
        {
            "organisation": organisation,
            "of": of,
            "names": {
                "invite": f"team:{of}-invite",
                "withdraw": f"team:{of}-invitation-withdraw",
                "remove": f"team:{of}-role-remove",
                "change": f"team:{of}-role-change",
            },
            "roles": roles,
            "invitations": invitations_pending(organisation),
            "invite_form": invite_form or InvitationForm(organisation=organisation),
            "history": role_history(organisation),
        },
    )


@login_required
def team(request, of: str, code: str):
    organisation = _organisation(request, of, code)
    return _render_team(request, of, organisation)


@require_POST
@login_required
def team_invite(request, of: str, code: str):
    organisation = _organisation(request, of, code)
    form = InvitationForm(request.POST, organisation=organisation)
    if form.is_valid():
        try:
            invitation = invitation_send(
                organisation=organisation,
                email=form.cleaned_data["email"],
                kind=form.cleaned_data["kind"],
                invited_by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("An invitation is on its way to %(email)s.") % {"email": invitation.email},
            )
            return redirect(_team_url(of, organisation))
    return _render_team(request, of, organisation, invite_form=form)


@require_POST
@login_required
def team_invitation_withdraw(request, of: str, code: str, pk: int):
    organisation = _organisation(request, of, code)
    invitation = get_object_or_404(organisation.invitations, pk=pk)
    try:
        invitation_withdraw(invitation=invitation, by=request.user)
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(
            request,
            _("The invitation to %(email)s is withdrawn; its link no longer works.")
            % {"email": invitation.email},
        )
    return redirect(_team_url(of, organisation))


@require_POST
@login_required
def team_role_remove(request, of: str, code: str, pk: int):
    organisation = _organisation(request, of, code)
    role = get_object_or_404(organisation.roles.select_related("user"), pk=pk)
    try:
        role_remove(role=role, by=request.user)
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(
            request,
            _("%(person)s no longer holds a role in %(organisation)s.")
            % {"person": role.user, "organisation": organisation},
        )
    return redirect(_team_url(of, organisation))


@require_POST
@login_required
def team_role_change(request, of: str, code: str, pk: int):
    organisation = _organisation(request, of, code)
    role = get_object_or_404(organisation.roles.select_related("user"), pk=pk)
    form = RoleChangeForm(request.POST, organisation=organisation)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("kind", [])))
        return redirect(_team_url(of, organisation))
    try:
        role = role_change(role=role, kind=form.cleaned_data["kind"], by=request.user)
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(
            request,
            _("%(person)s is now %(role)s.")
            % {"person": role.user, "role": role.get_kind_display()},
        )
    return redirect(_team_url(of, organisation))


def _closed(request, invitation: Invitation, state: str):
    """The page for a link that no longer works: it says why, and what to do."""
    return render(
        request,
        "accounts/team/invitation_closed.html",
        {"invitation": invitation, "state": state},
        status=410,
    )


def _welcome(request, role: Role):
    messages.success(
        request,
        _("Welcome: you are now %(role)s of %(organisation)s.")
        % {"role": role.get_kind_display(), "organisation": role.organisation},
    )
    return redirect(role.organisation)


def invitation(request, token: str):
    """Accepting an invitation: a new account or the one the person has, then a
    confirmation. Only the person the invitation was sent to may accept it."""
    invitation = get_object_or_404(
        Invitation.objects.select_related("local_government", "office", "invited_by"),
        token=token,
    )
    state = invitation_state(invitation)
    if state != "pending":
        return _closed(request, invitation, state)
    user = request.user
    account_form = None
    error = None
    if request.method == "POST":
        try:
            if user.is_authenticated:
                return _welcome(request, invitation_accept(invitation=invitation, user=user))
            account_form = InvitedAccountForm(request.POST, invitation=invitation)
            if account_form.is_valid():
                role = invitation_accept_with_new_account(
                    invitation=invitation,
                    username=account_form.cleaned_data["username"],
                    password=account_form.cleaned_data["password1"],
                )
                login(request, role.user, backend=_LOGIN_BACKEND)
                return _welcome(request, role)
        except InvitationClosed as closed:
            return _closed(request, invitation, closed.state)
        except ValidationError as refused:
            error = " ".join(refused.messages)
    if not user.is_authenticated and account_form is None:
        account_form = InvitedAccountForm(invitation=invitation)
    wrong_person = (
        user.is_authenticated and (user.email or "").strip().lower() != invitation.email.lower()
    )
    return render(
        request,
        "accounts/team/invitation.html",
        {
            "invitation": invitation,
            "account_form": account_form,
            "error": error,
            "wrong_person": wrong_person,
        },
        status=403 if error else 200,
    )
