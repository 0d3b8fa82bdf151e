"""Pages of the work programmes, under the plan's section.

- The programmes (`/plan/programmes/`): those the person reads, by year and office.
- A programme (`/plan/programmes/<office>/<year>/`): its approved version
  (else the latest), and any version (`…/v<n>/`), with every version listed;
  two versions side by side (`…/compare/<old>/<new>/`), activity by activity,
  in words.
- A goal of the plan (`/plan/programmes/goals/<pk>/`): the activities serving it.
- The keepers' forms: a programme drafted, a draft's summary, its activities
  (added, changed, removed), its approval by a decision, a revision of the
  approved version, and whether it is public.

The office's staff and the secretariat read a programme whole; anyone else
reads a public approved version summarised (no budget, no people), and
otherwise it does not exist (a 404). A form of a version someone reads but
does not keep is a 403.
"""

from __future__ import annotations

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from djmoney.money import Money

from localaction.accounts.access import access_of
from localaction.finance.models import BudgetLine
from localaction.forms import show_refusal
from localaction.network.models import Office
from localaction.programmes import permissions, services
from localaction.programmes.forms import ActivityForm, ApproveForm, ProgrammeForm, SummaryForm
from localaction.programmes.models import Activity, WorkProgramme
from localaction.strategy.models import Goal, number_key


def _versions(request, office: str, year: int):
    """The versions of the office's programme of the year the person reads, at
    least summarised (the others do not exist for them)."""
    versions = WorkProgramme.objects.select_related(
        "office", "approved_by__body", "previous"
    ).filter(office__code=office, year=year)
    return permissions.summaries_readable_by(request.user, versions)


def _readable(request, office: str, year: int, version: int) -> WorkProgramme:
    return get_object_or_404(_versions(request, office, year), version=version)


def _kept(request, programme: WorkProgramme) -> WorkProgramme:
    """The version, for its keepers; someone who reads it but does not keep it: a 403."""
    if not permissions.can_keep_programmes(request.user, programme.office):
        raise PermissionDenied
    return programme


def index(request):
    """The programmes the person reads (every version for those who read them
    whole, the approved public ones for everyone), and the plan's goals the
    approved ones' activities serve."""
    programmes = permissions.summaries_readable_by(
        request.user,
        WorkProgramme.objects.select_related("office", "approved_by").exclude(
            status=WorkProgramme.Status.SUPERSEDED
        ),
    ).order_by("-year", "office__kind", "office__name", "-version")
    # The approved versions only: a draft revision repeats their activities.
    in_force = Activity.objects.filter(
        programme__in=programmes.filter(status=WorkProgramme.Status.APPROVED)
    ).prefetch_related("goals__area")
    served = Counter(goal for activity in in_force for goal in activity.goals.all())
    goals = sorted(
        served.items(), key=lambda item: (number_key(item[0].area.number), item[0].letter)
    )
    return render(
        request,
        "programmes/index.html",
        {
            "programmes": programmes,
            "goals": goals,
            "may_draft": bool(_keepable_offices(request.user).exists()),
        },
    )


def _show(request, programme: WorkProgramme, versions):
    whole = permissions.can_read_programme(request.user, programme)
    may_keep = permissions.can_keep_programmes(request.user, programme.office)
    lines = []
    if whole:
        lines = [
            (
                line,
                Money(taken, line.budget.currency),
                Money(line.amount.amount - taken, line.budget.currency),
            )
            for line in _lines(programme)
            for taken in [services.funding_of_line(line, programme)]
        ]
    return render(
        request,
        "programmes/programme.html",
        {
            "programme": programme,
            "activities": programme.ordered_activities(),
            "versions": versions,
            "whole": whole,
            "may_keep": may_keep,
            "lines": lines,
            "problems": services.programme_problems(programme) if may_keep else [],
        },
    )


def _lines(programme: WorkProgramme):
    return BudgetLine.objects.filter(
        budget__office=programme.office, budget__year=programme.year
    ).select_related("budget")


def programme(request, office: str, year: int):
    """The approved version, else the latest the person reads."""
    versions = _versions(request, office, year)
    shown = versions.filter(status=WorkProgramme.Status.APPROVED).first() or versions.first()
    if shown is None:
        raise Http404
    return _show(request, shown, versions)


def version(request, office: str, year: int, version: int):
    programme = _readable(request, office, year, version)
    return _show(request, programme, _versions(request, office, year))


def compare(request, office: str, year: int, old: int, new: int):
    """Two versions side by side, activity by activity."""
    before = _readable(request, office, year, old)
    after = _readable(request, office, year, new)
    whole = permissions.can_read_programme(request.user, after)
    return render(
        request,
        "programmes/compare.html",
        {
            "programme": after,
            "old": before,
            "new": after,
            "changes": services.compare_programmes(before, after, whole=whole),
            "differences": services.programme_differences(before, after),
        },
    )


def goal(request, pk: int):
    """The activities serving a goal, in the programmes the person reads."""
    served = get_object_or_404(Goal.objects.select_related("area__plan"), pk=pk)
    programmes = permissions.summaries_readable_by(request.user, WorkProgramme.objects.all())
    activities = (
        Activity.objects.filter(goals=served, programme__in=programmes)
        .exclude(programme__status=WorkProgramme.Status.SUPERSEDED)
        .select_related("programme__office")
        .order_by("-programme__year", "programme__office__name", "number")
    )
    return render(request, "programmes/goal.html", {"goal": served, "activities": activities})


def _keepable_offices(user):
    access = access_of(user)
    if access.is_secretariat:
        return Office.objects.all()
    return Office.objects.filter(pk__in=access.offices)


def _refuse_fixed(request, programme: WorkProgramme):
    messages.error(request, programme.fixed_message())
    return redirect(programme)


@login_required
def new(request):
    """A programme drafted for an office the person keeps."""
    offices = _keepable_offices(request.user)
    if not offices.exists():
        raise PermissionDenied
    form = ProgrammeForm(request.POST or None, offices=offices)
    if request.method == "POST" and form.is_valid():
        try:
            drafted = services.create_programme(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("%(programme)s is drafted.") % {"programme": drafted})
            return redirect(drafted)
    return render(request, "programmes/programme_form.html", {"form": form})


@login_required
def edit(request, office: str, year: int, version: int):
    """A draft's summary."""
    programme = _kept(request, _readable(request, office, year, version))
    if not programme.is_draft:
        return _refuse_fixed(request, programme)
    form = SummaryForm(request.POST or None, initial={"summary": programme.summary})
    if request.method == "POST" and form.is_valid():
        try:
            services.change_programme(programme, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("%(programme)s is saved.") % {"programme": programme})
            return redirect(programme)
    return render(request, "programmes/summary_form.html", {"form": form, "programme": programme})


def _activity_form(request, programme: WorkProgramme, activity: Activity | None):
    if activity is None:
        initial = {"office": programme.office, "status": Activity.Status.PLANNED}
    else:
        initial = {
            "title": activity.title,
            "description": activity.description,
            "goals": list(activity.goals.all()),
            "office": activity.office,
            "people": list(activity.people.all()),
            "starts_on": activity.starts_on,
            "ends_on": activity.ends_on,
            "status": activity.status,
            "campaign": activity.campaign,
            **{
                f"line_{allocation.budget_line_id}": allocation.amount.amount
                for allocation in activity.allocations.all()
            },
        }
    form = ActivityForm(request.POST or None, initial=initial, programme=programme)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_activity(
                programme, by=request.user, activity=activity, **form.service_arguments()
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("%(activity)s is saved.") % {"activity": saved})
            return redirect(saved)
    return render(
        request,
        "programmes/activity_form.html",
        {"form": form, "programme": programme, "activity": activity},
    )


@login_required
def activity_new(request, office: str, year: int, version: int):
    programme = _kept(request, _readable(request, office, year, version))
    if not programme.is_draft:
        return _refuse_fixed(request, programme)
    return _activity_form(request, programme, None)


def _kept_activity(request, pk: int) -> Activity:
    activity = get_object_or_404(Activity.objects.select_related("programme__office"), pk=pk)
    programme = activity.programme
    if not permissions.can_read_summary(request.user, programme):
        raise Http404
    _kept(request, programme)
    return activity


@login_required
def activity_edit(request, pk: int):
    activity = _kept_activity(request, pk)
    if not activity.programme.is_draft:
        return _refuse_fixed(request, activity.programme)
    return _activity_form(request, activity.programme, activity)


@login_required
@require_POST
def activity_delete(request, pk: int):
    activity = _kept_activity(request, pk)
    programme = activity.programme
    try:
        services.delete_activity(activity, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(activity)s is removed.") % {"activity": activity})
    return redirect(programme)


@login_required
def approve(request, office: str, year: int, version: int):
    """A draft's approval, by the Executive Committee's decision."""
    programme = _kept(request, _readable(request, office, year, version))
    form = ApproveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.approve_programme(
                programme, decision=form.cleaned_data["decision"], by=request.user
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("%(programme)s is approved.") % {"programme": programme})
            return redirect(programme)
    return render(
        request,
        "programmes/approve_form.html",
        {
            "form": form,
            "programme": programme,
            "problems": services.programme_problems(programme),
        },
    )


@login_required
@require_POST
def revise(request, office: str, year: int, version: int):
    """Version n+1, drafted from the approved version."""
    programme = _kept(request, _readable(request, office, year, version))
    try:
        revision = services.revise_programme(programme, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(programme)
    messages.success(request, _("%(programme)s is drafted.") % {"programme": revision})
    return redirect(revision)


@login_required
@require_POST
def publish(request, office: str, year: int, version: int):
    """Made public (the form's `is_public` is "1") or private."""
    programme = _kept(request, _readable(request, office, year, version))
    is_public = request.POST.get("is_public") == "1"
    services.publish_programme(programme, by=request.user, is_public=is_public)
    messages.success(
        request,
        (_("%(programme)s is public.") if is_public else _("%(programme)s is private."))
        % {"programme": programme},
    )
    return redirect(programme)


VERSION = "plan/programmes/<slug:office>/<int:year>/v<int:version>/"

urls = [
    path("plan/programmes/", index, name="index"),
    path("plan/programmes/new/", new, name="new"),
    path("plan/programmes/goals/<int:pk>/", goal, name="goal"),
    path("plan/programmes/activities/<int:pk>/edit/", activity_edit, name="activity-edit"),
    path("plan/programmes/activities/<int:pk>/delete/", activity_delete, name="activity-delete"),
    path("plan/programmes/<slug:office>/<int:year>/", programme, name="programme"),
    path(
        "plan/programmes/<slug:office>/<int:year>/compare/<int:old>/<int:new>/",
        compare,
        name="compare",
    ),
    path(VERSION, version, name="version"),
    path(f"{VERSION}edit/", edit, name="edit"),
    path(f"{VERSION}activities/new/", activity_new, name="activity-new"),
    path(f"{VERSION}approve/", approve, name="approve"),
    path(f"{VERSION}revise/", revise, name="revise"),
    path(f"{VERSION}publish/", publish, name="publish"),
]
