"""The projects' pages: the list (with filters), a project (in full for its
people, as a summary for everyone else who may see it), creating and editing a
project and its work packages, deliverables, team and outputs (the lead office),
deliverable status updates (the team), proposals and an office's funding
pipeline."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from localaction.accounts.access import access_of
from localaction.charts import bar_chart
from localaction.forms import show_refusal
from localaction.network.models import Office
from localaction.projects import permissions, services
from localaction.projects.forms import (
    AwardForm,
    DeliverableForm,
    DeliverableStatusForm,
    OutputForm,
    ProjectForm,
    ProposalForm,
    RejectForm,
    TeamMemberForm,
    WorkPackageForm,
)
from localaction.projects.models import (
    Deliverable,
    Output,
    Project,
    Proposal,
    TeamMember,
    WorkPackage,
)


def _project_or_404(request, slug: str) -> Project:
    project = Project.objects.filter(slug=slug).select_related("lead_office").first()
    if project is None or not permissions.can_see_project(request.user, project):
        raise Http404
    return project


def _edited(request, slug: str) -> Project:
    project = _project_or_404(request, slug)
    if not permissions.edits_project(request.user, project):
        raise PermissionDenied
    return project


def project_list(request):
    projects = (
        permissions.visible_projects(request.user)
        .select_related("lead_office")
        .prefetch_related("offices")
    )
    chosen = {
        "kind": request.GET.get("kind", ""),
        "status": request.GET.get("status", ""),
        "office": request.GET.get("office", ""),
    }
    if chosen["kind"] in Project.Kind.values:
        projects = projects.filter(kind=chosen["kind"])
    if chosen["status"] in Project.Status.values:
        projects = projects.filter(status=chosen["status"])
    office = Office.objects.filter(code=chosen["office"]).first() if chosen["office"] else None
    if office is not None:
        projects = projects.filter(pk__in=Project.objects.of_office(office).values("pk"))
    in_full = set(permissions.projects_in_full(request.user).values_list("pk", flat=True))
    return render(
        request,
        "projects/list.html",
        {
            "projects": projects.order_by("-starts_on", "title"),
            "in_full": in_full,
            "chosen": chosen,
            "kinds": Project.Kind.choices,
            "statuses": Project.Status.choices,
            "offices": Office.objects.filter(pk__in=Project.objects.values("lead_office")).order_by(
                "name"
            ),
            "can_create": permissions.can_create_project(request.user),
        },
    )


def project(request, slug: str):
    project = _project_or_404(request, slug)
    full = permissions.sees_everything(request.user, project)
    outputs = project.outputs.prefetch_related("campaigns", "publications")
    if not full:
        outputs = outputs.filter(is_public=True)
    context = {
        "project": project,
        "full": full,
        "offices": project.all_offices(),
        "outputs": outputs,
        "edits": permissions.edits_project(request.user, project),
    }
    if full:
        today = timezone.localdate()
        deliverables = list(
            project.deliverables.select_related("work_package", "publication").order_by(
                "due_on", "pk"
            )
        )
        context.update(
            {
                "work_packages": project.work_packages.select_related("lead_office"),
                "deliverables": deliverables,
                "late": sum(1 for d in deliverables if d.is_late(today)),
                "team": project.team.select_related("person", "office"),
                "partners": project.partners.all(),
                "pilot_members": project.pilot_members.order_by("name"),
                "campaigns": project.campaigns.all(),
                "proposals": project.proposals.select_related("office"),
                "updates": permissions.updates_deliverables(request.user, project),
                "status_form": DeliverableStatusForm(),
            }
        )
    return render(request, "projects/project.html", context)


def _save_project(form: ProjectForm, *, by) -> Project | None:
    """The project and its links together, or nothing."""
    try:
        with transaction.atomic():
            project = form.save(commit=False)
            if project.pk is None:
                project.created_by = by
            project.save()
            form.save_m2m()
    except ValidationError as error:
        show_refusal(form, error)
        return None
    return project


@login_required
def project_create(request):
    if not permissions.can_create_project(request.user):
        raise PermissionDenied
    offices = permissions.lead_offices_for(request.user)
    form = ProjectForm(request.POST or None, lead_offices=offices)
    if request.method == "POST" and form.is_valid():
        project = _save_project(form, by=request.user)
        if project is not None:
            messages.success(request, _("The project is created."))
            return redirect(project)
    return render(request, "projects/project_form.html", {"form": form, "project": None})


@login_required
def project_edit(request, slug: str):
    project = _edited(request, slug)
    offices = permissions.lead_offices_for(request.user) | Office.objects.filter(
        pk=project.lead_office_id
    )
    form = ProjectForm(request.POST or None, instance=project, lead_offices=offices.distinct())
    if (
        request.method == "POST"
        and form.is_valid()
        and _save_project(form, by=request.user) is not None
    ):
        messages.success(request, _("The project is saved."))
        return redirect(project)
    return render(request, "projects/project_form.html", {"form": form, "project": project})


# What the lead office adds to a project: its form and model.
PARTS = {
    "work-package": (WorkPackageForm, WorkPackage),
    "deliverable": (DeliverableForm, Deliverable),
    "output": (OutputForm, Output),
    "team-member": (TeamMemberForm, TeamMember),
}


@login_required
def part_add(request, slug: str, part: str):
    project = _edited(request, slug)
    if part not in PARTS:
        raise Http404
    form_class, model = PARTS[part]
    form = form_class(request.POST or None, instance=model(project=project))
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
        messages.success(request, _("Saved."))
        return redirect(project)
    headings = {
        "work-package": _("Add a work package"),
        "deliverable": _("Add a deliverable"),
        "output": _("Add a methodology or tool"),
        "team-member": _("Add a team member"),
    }
    return render(
        request,
        "projects/part_form.html",
        {"form": form, "project": project, "heading": headings[part]},
    )


@login_required
@require_POST
def deliverable_status(request, slug: str, pk: int):
    project = _project_or_404(request, slug)
    deliverable = get_object_or_404(Deliverable, pk=pk, project=project)
    if not permissions.updates_deliverables(request.user, project):
        raise PermissionDenied
    form = DeliverableStatusForm(request.POST)
    if form.is_valid():
        try:
            services.deliverable_set_status(
                deliverable=deliverable,
                status=form.cleaned_data["status"],
                delivered_on=form.cleaned_data["delivered_on"],
                by=request.user,
            )
        except ValidationError as error:
            messages.error(request, f"{deliverable.title}: {' '.join(error.messages)}")
        else:
            messages.success(request, _("The deliverable's status is saved."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(project)


# --- Proposals and the pipeline ---------------------------------------------------------


def _proposal_or_404(request, pk: int) -> Proposal:
    proposal = Proposal.objects.filter(pk=pk).select_related("office", "project").first()
    if proposal is None or not permissions.keeps_proposal(request.user, proposal):
        raise Http404
    return proposal


@login_required
def proposal_create(request):
    offices = permissions.lead_offices_for(request.user)
    if not offices.exists():
        raise PermissionDenied
    form = ProposalForm(request.POST or None, offices=offices)
    if request.method == "POST" and form.is_valid():
        proposal = form.save(commit=False)
        proposal.created_by = request.user
        proposal.save()
        messages.success(request, _("The proposal is saved as a draft."))
        return redirect(proposal)
    return render(request, "projects/proposal_form.html", {"form": form, "proposal": None})


@login_required
def proposal(request, pk: int):
    proposal = _proposal_or_404(request, pk)
    editable = proposal.status in Proposal.OPEN
    form = None
    if editable:
        form = ProposalForm(
            request.POST or None,
            instance=proposal,
            offices=permissions.lead_offices_for(request.user)
            | Office.objects.filter(pk=proposal.office_id),
        )
        if request.method == "POST" and form.is_valid():
            form.save()
            messages.success(request, _("The proposal is saved."))
            return redirect(proposal)
    return render(
        request,
        "projects/proposal.html",
        {
            "proposal": proposal,
            "form": form,
            "award_form": AwardForm(projects=_awardable_projects(request.user)),
            "reject_form": RejectForm(),
        },
    )


def _awardable_projects(user):
    """The projects an award may fund: those the person edits."""
    access = access_of(user)
    projects = Project.objects.exclude(status=Project.Status.CANCELLED).order_by("title")
    return projects if access.is_secretariat else projects.filter(lead_office__in=access.offices)


@login_required
@require_POST
def proposal_decide(request, pk: int, decision: str):
    proposal = _proposal_or_404(request, pk)
    try:
        if decision == "submit":
            services.proposal_submit(proposal=proposal, by=request.user)
        elif decision == "withdraw":
            services.proposal_withdraw(proposal=proposal, by=request.user)
        elif decision == "award":
            form = AwardForm(request.POST, projects=_awardable_projects(request.user))
            if not form.is_valid():
                raise ValidationError(form.errors.as_data())
            services.proposal_award(
                proposal=proposal,
                by=request.user,
                project=form.cleaned_data["project"],
                kind=form.cleaned_data["kind"],
                starts_on=form.cleaned_data["starts_on"],
                ends_on=form.cleaned_data["ends_on"],
                decided_on=form.cleaned_data["decided_on"],
                amount=form.cleaned_data["amount"],
            )
        elif decision == "reject":
            form = RejectForm(request.POST)
            if not form.is_valid():
                raise ValidationError(form.errors.as_data())
            services.proposal_reject(
                proposal=proposal,
                by=request.user,
                decided_on=form.cleaned_data["decided_on"],
                note=form.cleaned_data["note"],
            )
        else:
            raise Http404
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The proposal is now %(status)s.") % {
            "status": Proposal.objects.get(pk=pk).get_status_display().lower()
        })  # fmt: skip
    return redirect(proposal)


@login_required
def pipeline(request, code: str):
    office = get_object_or_404(Office, code=code)
    if not permissions.keeps_proposals_of(request.user, office):
        raise PermissionDenied
    pipeline = services.pipeline_of(office)
    proposals = office.proposals.select_related("project").order_by("status", "-submitted_on")
    currencies = sorted({c for line in pipeline.lines for c in line.amounts})
    charts = [
        bar_chart(
            [line.label for line in pipeline.lines],
            [float(line.amounts.get(currency, 0)) for line in pipeline.lines],
            title=_("Proposals by status (%(currency)s)") % {"currency": currency},
            description=_("The amounts of the office's proposals in %(currency)s, by status.")
            % {"currency": currency},
            unit=currency,
            chart_id=f"pipeline-{currency.lower()}",
        )
        for currency in currencies
    ]
    return render(
        request,
        "projects/pipeline.html",
        {
            "office": office,
            "pipeline": pipeline,
            "proposals": proposals,
            "currencies": currencies,
            "charts": charts,
            "success_percent": None
            if pipeline.success_rate is None
            else round(pipeline.success_rate * 100),
        },
    )
