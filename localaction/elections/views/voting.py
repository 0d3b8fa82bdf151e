"""Voting: the ballot for a member's voting representative and the receipt,
shown once; and designating a member's voting representative.

The receipt is written into the answer to the vote itself, not carried
through a redirect: a redirect would keep it in the session (a row stamped
with the time of the vote) or a cookie. Reloading the answer sends the ballot
again, which is refused: one vote per member.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from localaction.elections import permissions, services
from localaction.elections.forms import BallotForm, RepresentativeForm
from localaction.elections.models import Candidate, Election
from localaction.elections.views.elections import readable_election
from localaction.forms import show_refusal
from localaction.network.models import LocalGovernment
from localaction.network.sections import member_profile


@never_cache
@login_required
def vote(request, pk: int):
    """The ballot of the members this person casts the vote of, and the receipt."""
    election = readable_election(request, pk)
    represented = services.represented_by(request.user)
    if not represented.exists():
        raise PermissionDenied
    members = represented.filter(pk__in=election.electors.values("local_government"))
    waiting = members.exclude(pk__in=election.votes_cast.values("local_government"))
    candidates = election.candidates.filter(status=Candidate.Status.ACCEPTED).select_related(
        "person", "local_government"
    )
    form = None
    if election.voting_is_open() and waiting.exists():
        form = BallotForm(
            request.POST or None, election=election, candidates=candidates, members=waiting
        )
    status = 200
    if request.method == "POST":
        # Outside the period, for a member that voted or is not in the
        # electorate, the service's refusal says why.
        form = form or BallotForm(
            request.POST,
            election=election,
            candidates=candidates,
            members=members if members.exists() else represented,
        )
        if form.is_valid():
            try:
                receipt = services.cast_ballot(
                    election,
                    local_government=form.voter,
                    ranking=form.cleaned_data["ranking"],
                    by=request.user,
                )
            except ValidationError as error:
                show_refusal(form, error)
            else:
                return render(
                    request,
                    "elections/receipt.html",
                    {"election": election, "receipt": receipt.code, "member": form.voter},
                )
        status = 400
    return render(
        request,
        "elections/vote.html",
        {
            "election": election,
            "form": form,
            "members": members,
            "outside": represented.exclude(pk__in=members.values("pk")),
            "voting_open": election.voting_is_open(),
            "frozen": election.phase_index() >= Election.ORDER.index(Election.Phase.VOTING),
        },
        status=status,
    )


@login_required
def representative(request, code: str):
    """A member's voting representative: shown to its team and the offices,
    designated by its editors or the secretariat."""
    local_government = get_object_or_404(LocalGovernment, code=code)
    if not permissions.can_designate_representative(request.user, local_government):
        raise Http404
    form = RepresentativeForm(request.POST or None, local_government=local_government)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.designate_representative(
                    local_government, person=form.cleaned_data["person"], by=request.user
                )
            except ValidationError as error:
                show_refusal(form, error)
            else:
                messages.success(request, _("The voting representative is designated."))
                return redirect("elections:representative", code=local_government.code)
        status = 400
    return render(
        request,
        "elections/representative.html",
        {
            "lg": local_government,
            "current": services.representative_of(local_government),
            "form": form,
            "elections": Election.objects.filter(
                phase__in=[
                    Election.Phase.NOMINATIONS,
                    Election.Phase.CANDIDATES,
                    Election.Phase.VOTING,
                ]
            ),
        },
        status=status,
    )


def representative_section(user, local_government: LocalGovernment) -> dict | None:
    """The member's voting representative on its profile page, for those who
    designate it (its editors and the secretariat)."""
    if not user.is_authenticated or not permissions.can_designate_representative(
        user, local_government
    ):
        return None
    return {"current": services.representative_of(local_government)}


member_profile.register(
    "voting-representative",
    "elections/representative_section.html",
    representative_section,
    order=95,
)


urls: list[URLPattern] = [
    path("elections/<int:pk>/vote/", vote, name="vote"),
    path("members/<str:code>/voting-representative/", representative, name="representative"),
]
