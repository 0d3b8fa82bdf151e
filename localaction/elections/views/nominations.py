"""Nominations: a member's editor nominates a candidate; the candidate accepts
with a statement, or declines; a standing candidate may withdraw."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _

from localaction.elections import permissions, services
from localaction.elections.forms import AnswerForm, NominationForm
from localaction.elections.models import Candidate, Election
from localaction.elections.views.elections import readable_election
from localaction.forms import show_refusal
from localaction.network.models import LocalGovernment


@login_required
def nominate(request, pk: int):
    """Nominate a candidate on behalf of a member the person edits."""
    election = readable_election(request, pk)
    members = LocalGovernment.objects.filter(pk__in=permissions.nominating_members(request.user))
    if not members.exists():
        raise PermissionDenied
    form = NominationForm(request.POST or None, members=members)
    status = 200
    if election.phase != Election.Phase.NOMINATIONS:
        form = None
    elif request.method == "POST":
        if form.is_valid() and form.cleaned_data["local_government"] is not None:
            try:
                candidate = services.nominate(
                    election,
                    nominated_by=form.cleaned_data["nominated_by"],
                    person=form.cleaned_data["person"],
                    local_government=form.cleaned_data["local_government"],
                    by=request.user,
                )
            except ValidationError as error:
                show_refusal(form, error)
            else:
                messages.success(
                    request,
                    _("%(name)s is nominated and told; they accept or decline themselves.")
                    % {"name": candidate.name},
                )
                return redirect("elections:election", pk=election.pk)
        status = 400
    return render(
        request, "elections/nominate.html", {"election": election, "form": form}, status=status
    )


@login_required
def candidacy(request, pk: int, candidate: int):
    """The candidate's own nomination: answer it, or withdraw."""
    election = readable_election(request, pk)
    candidate = get_object_or_404(
        Candidate.objects.select_related("local_government", "nominated_by", "person"),
        pk=candidate,
        election=election,
    )
    if candidate.person_id != request.user.pk:
        raise PermissionDenied
    form = None
    if (
        candidate.status == Candidate.Status.NOMINATED
        and election.phase == Election.Phase.NOMINATIONS
    ):
        form = AnswerForm(request.POST or None)
    status = 200
    if request.method == "POST":
        try:
            if "withdraw" in request.POST:
                services.withdraw_candidate(candidate, by=request.user)
                messages.success(request, _("You have withdrawn your candidacy."))
                return redirect("elections:election", pk=election.pk)
            if form is None:
                raise ValidationError(_("This nomination can no longer be answered."))
            if form.is_valid():
                accept = form.cleaned_data["answer"] == "accept"
                services.answer_nomination(
                    candidate,
                    accept=accept,
                    statement=form.cleaned_data["statement"],
                    by=request.user,
                )
                messages.success(
                    request,
                    _("You accepted the nomination: you stand in this election.")
                    if accept
                    else _("You declined the nomination."),
                )
                return redirect("elections:election", pk=election.pk)
        except ValidationError as error:
            if form is not None:
                show_refusal(form, error)
            else:
                for message in error.messages:
                    messages.error(request, message)
        status = 400
    return render(
        request,
        "elections/candidacy.html",
        {"election": election, "candidate": candidate, "form": form},
        status=status,
    )


urls: list[URLPattern] = [
    path("elections/<int:pk>/nominate/", nominate, name="nominate"),
    path("elections/<int:pk>/candidates/<int:candidate>/", candidacy, name="candidacy"),
]
