"""Election pages: the list, one election's page, preparing an election and
its administration (phases, turnout, candidacies)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _

from localaction.elections import permissions, services
from localaction.elections.forms import ElectionForm
from localaction.elections.models import Candidate, Election
from localaction.forms import show_refusal


def readable_election(request, pk: int) -> Election:
    """The election, or a 404 for those who may not read it."""
    election = get_object_or_404(Election.objects.select_related("body"), pk=pk)
    if not permissions.can_read(request.user, election):
        raise Http404
    return election


def election_list(request):
    """Announced elections for everyone; prepared ones for their administrators."""
    elections = Election.objects.select_related("body").annotate(
        seat_total=Count("seats", distinct=True)
    )
    if not permissions.administers(request.user):
        elections = elections.announced()
    return render(
        request,
        "elections/election_list.html",
        {"elections": elections, "may_prepare": permissions.administers(request.user)},
    )


def election_page(request, pk: int):
    """One election: its seats, phases and dates, candidates, and what the
    visitor may do in it now."""
    election = readable_election(request, pk)
    user = request.user
    administers = permissions.administers(user, election)
    scrutinises = permissions.scrutinises(user, election)
    candidates = election.candidates.select_related("person", "local_government", "nominated_by")
    if not (election.candidates_public or administers):
        candidates = candidates.filter(person=user.pk) if user.is_authenticated else []
    elif not administers:
        candidates = candidates.filter(
            Q(status__in=[Candidate.Status.ACCEPTED, Candidate.Status.WITHDRAWN])
            | Q(person=user.pk)
        )
    represented = list(services.represented_by(user)) if user.is_authenticated else []
    electors = set(
        election.electors.filter(local_government__in=represented).values_list(
            "local_government", flat=True
        )
    )
    votes = [
        {
            "member": member,
            "is_elector": member.pk in electors,
            "has_voted": member.pk in electors and services.has_voted(election, member),
        }
        for member in represented
    ]
    may_nominate = election.phase == Election.Phase.NOMINATIONS and bool(
        permissions.nominating_members(user)
    )
    show_turnout = election.phase_index() >= Election.ORDER.index(Election.Phase.VOTING) and (
        scrutinises or election.phase == Election.Phase.RESULTS
    )
    return render(
        request,
        "elections/election.html",
        {
            "election": election,
            "seats": election.seats.order_by("order", "pk"),
            "candidates": candidates,
            "phases": [
                (phase, index <= election.phase_index())
                for index, phase in enumerate(Election.ORDER)
            ],
            "administers": administers,
            "scrutinises": scrutinises,
            "may_nominate": may_nominate,
            "votes": votes,
            "voting_open": election.voting_is_open(),
            "turnout": services.turnout(election) if show_turnout else None,
            "results_readable": permissions.can_read_results(user, election),
        },
    )


@login_required
def prepare(request):
    """A new election, prepared by the secretariat."""
    if not permissions.administers(request.user):
        raise PermissionDenied
    form = ElectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fields = {
            name: value
            for name, value in form.cleaned_data.items()
            if name not in ("seats", "scrutineers")
        }
        try:
            election = services.prepare_election(
                by=request.user, seats=list(form.cleaned_data["seats"]), **fields
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            election.scrutineers.set(form.cleaned_data["scrutineers"])
            messages.success(request, _("The election is prepared; open its nominations when due."))
            return redirect("elections:manage", pk=election.pk)
    return render(
        request,
        "elections/election_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@login_required
def manage(request, pk: int):
    """The administration of one election: move it to its next phase, see its
    turnout (a count: never who voted how), record withdrawals."""
    election = get_object_or_404(Election.objects.select_related("body"), pk=pk)
    if not permissions.administers(request.user, election):
        raise PermissionDenied
    status = 200
    if request.method == "POST":
        try:
            if "withdraw" in request.POST:
                candidate = get_object_or_404(
                    Candidate, pk=request.POST["withdraw"], election=election
                )
                services.withdraw_candidate(candidate, by=request.user)
                messages.success(request, _("%(name)s is withdrawn.") % {"name": candidate.name})
            else:
                election = services.move_election(
                    election, to=request.POST.get("to", ""), by=request.user
                )
                messages.success(
                    request,
                    _("The election is now in the phase “%(phase)s”.")
                    % {"phase": election.get_phase_display()},
                )
            return redirect("elections:manage", pk=election.pk)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            status = 400
    next_phase = election.next_phase()
    return render(
        request,
        "elections/manage.html",
        {
            "election": election,
            "next_phase": Election.Phase(next_phase) if next_phase else None,
            "turnout": services.turnout(election),
            "candidates": election.candidates.select_related(
                "person", "local_government", "nominated_by"
            ),
            "eligible": services.eligible_electorate(election).count()
            if election.phase_index() < Election.ORDER.index(Election.Phase.VOTING)
            else None,
        },
        status=status,
    )


urls: list[URLPattern] = [
    path("elections/", election_list, name="elections"),
    path("elections/new/", prepare, name="prepare"),
    path("elections/<int:pk>/", election_page, name="election"),
    path("elections/<int:pk>/manage/", manage, name="manage"),
]
