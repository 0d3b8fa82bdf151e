"""Pages of the association's advocacy (Strategic Plan 2.5).

- `/advocacy/`: the policy processes, the association's roles in them and
  their public engagements, each statement with the figures it cites and a
  link to the published report they come from;
- a process, a role (its engagements, its reviews and whether one is due)
  and an engagement (its delegation, document and cited figures);
- the forms: a process and a role (the secretariat), an engagement, a cited
  figure and a review of a role (the staff of the role's office and the
  secretariat).

An engagement not public is a 404 for those who do not keep its role; a
form someone may not use is a 403 (the sign-in page for the anonymous).
"""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from localaction.advocacy import permissions, services
from localaction.advocacy.models import Engagement, PolicyProcess, Role, RoleReview
from localaction.forms import show_refusal
from localaction.governance.models import Decision
from localaction.network.models import LocalGovernment
from localaction.reports.models import NetworkReport


def _engagements(request, roles=None):
    engagements = Engagement.objects.select_related("role__process").prefetch_related(
        "figures__report", "delegations"
    )
    if roles is not None:
        engagements = engagements.filter(role__in=roles)
    return permissions.engagements_readable_by(request.user, engagements)


def _roles(request, roles):
    """Roles with the engagements the person reads."""
    return roles.select_related("process", "office").prefetch_related(
        Prefetch("engagements", queryset=_engagements(request), to_attr="readable_engagements")
    )


def index(request):
    processes = PolicyProcess.objects.prefetch_related(
        Prefetch("roles", queryset=_roles(request, Role.objects.all()), to_attr="all_roles")
    )
    return render(
        request,
        "advocacy/index.html",
        {
            "processes": processes,
            "may_add": permissions.can_keep_processes(request.user),
        },
    )


def process(request, pk: int):
    policy_process = get_object_or_404(PolicyProcess, pk=pk)
    return render(
        request,
        "advocacy/process.html",
        {
            "process": policy_process,
            "roles": _roles(request, policy_process.roles.all()),
            "may_add": permissions.can_keep_processes(request.user),
        },
    )


def role(request, pk: int):
    the_role = get_object_or_404(Role.objects.select_related("process", "office"), pk=pk)
    may_keep = permissions.can_keep_role(request.user, the_role)
    return render(
        request,
        "advocacy/role.html",
        {
            "role": the_role,
            "engagements": _engagements(request, [the_role]),
            "reviews": the_role.reviews.select_related("decision", "reviewed_by")
            if may_keep
            else [],
            "may_keep": may_keep,
        },
    )


def _readable_engagement(request, pk: int) -> Engagement:
    engagement = get_object_or_404(
        Engagement.objects.select_related("role__process", "role__office"), pk=pk
    )
    if not permissions.can_read_engagement(request.user, engagement):
        raise Http404
    return engagement


def engagement(request, pk: int):
    the_engagement = _readable_engagement(request, pk)
    return render(
        request,
        "advocacy/engagement.html",
        {
            "engagement": the_engagement,
            "figures": the_engagement.figures.select_related("report"),
            "delegations": the_engagement.delegations.all(),
            "may_keep": permissions.can_keep_role(request.user, the_engagement.role),
        },
    )


def document(request, pk: int):
    """An engagement's document, for those who read the engagement."""
    the_engagement = _readable_engagement(request, pk)
    if not the_engagement.document:
        raise Http404
    try:
        handle = the_engagement.document.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    return FileResponse(
        handle, as_attachment=True, filename=Path(the_engagement.document.name).name
    )


def _form_page(request, form, write, *, title: str, lead: str, cancel: str, submit: str):
    """The form; on a valid POST, `write(cleaned_data)` and on to what it made."""
    if request.method == "POST" and form.is_valid():
        try:
            made = write(form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("%(record)s is saved.") % {"record": made})
            return redirect(made)
    return render(
        request,
        "advocacy/form.html",
        {"form": form, "title": title, "lead": lead, "cancel": cancel, "submit": submit},
    )


class ProcessForm(forms.ModelForm):
    website = forms.URLField(label=gettext_lazy("Website"), required=False, assume_scheme="https")

    class Meta:
        model = PolicyProcess
        fields = ["name", "short_name", "convened_by", "description", "website"]


@login_required
def process_new(request):
    if not permissions.can_keep_processes(request.user):
        raise PermissionDenied
    form = ProcessForm(request.POST or None)
    return _form_page(
        request,
        form,
        lambda data: services.add_process(by=request.user, **data),
        title=_("New policy process"),
        lead=_("An intergovernmental process the association takes part in."),
        cancel="/advocacy/",
        submit=_("Add the process"),
    )


class RoleForm(forms.ModelForm):
    class Meta:
        model = Role
        fields = ["kind", "since", "until", "office", "description", "review_every"]
        widgets = {
            "since": forms.DateInput(attrs={"type": "date"}),
            "until": forms.DateInput(attrs={"type": "date"}),
        }


@login_required
def role_new(request, pk: int):
    policy_process = get_object_or_404(PolicyProcess, pk=pk)
    if not permissions.can_keep_processes(request.user):
        raise PermissionDenied
    form = RoleForm(request.POST or None)
    return _form_page(
        request,
        form,
        lambda data: services.add_role(policy_process, by=request.user, **data),
        title=_("New role in %(process)s") % {"process": policy_process},
        lead=_("The association's role in the process, and the office responsible for it."),
        cancel=policy_process.get_absolute_url(),
        submit=_("Add the role"),
    )


def _kept_role(request, pk: int) -> Role:
    the_role = get_object_or_404(Role.objects.select_related("process", "office"), pk=pk)
    if not permissions.can_keep_role(request.user, the_role):
        raise PermissionDenied
    return the_role


class EngagementForm(forms.ModelForm):
    delegations = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Member delegations"),
        queryset=LocalGovernment.objects.order_by("name"),
        required=False,
    )

    class Meta:
        model = Engagement
        fields = [
            "kind",
            "title",
            "held_on",
            "place",
            "summary",
            "outcome",
            "document",
            "public",
            "delegations",
            "delegates",
        ]
        widgets = {"held_on": forms.DateInput(attrs={"type": "date"})}


@login_required
def engagement_new(request, pk: int):
    the_role = _kept_role(request, pk)
    form = EngagementForm(request.POST or None, request.FILES or None)
    return _form_page(
        request,
        form,
        lambda data: services.add_engagement(the_role, by=request.user, **data),
        title=_("New engagement of %(role)s") % {"role": the_role},
        lead=_("An event attended, a submission or a statement, with its delegation and outcome."),
        cancel=the_role.get_absolute_url(),
        submit=_("Add the engagement"),
    )


class CiteForm(forms.Form):
    report = forms.ModelChoiceField(
        label=gettext_lazy("Published report"), queryset=NetworkReport.objects.all()
    )
    key = forms.ChoiceField(label=gettext_lazy("Figure"), choices=[])
    label = forms.CharField(
        label=gettext_lazy("Label"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("How the statement names the figure; its path when left empty."),
    )

    def __init__(self, *args, report: NetworkReport | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if report is None:
            del self.fields["key"], self.fields["label"]
        else:
            self.fields["key"].choices = [
                (key, f"{key} = {value}") for key, value in services.report_figures(report)
            ]


@login_required
def cite(request, pk: int):
    """A figure of a published report cited in the engagement: first the
    report, then one of the figures its snapshot holds."""
    the_engagement = get_object_or_404(Engagement.objects.select_related("role__process"), pk=pk)
    if not permissions.can_keep_role(request.user, the_engagement.role):
        raise PermissionDenied
    data = request.POST if request.method == "POST" else request.GET
    report = None
    if data.get("report"):
        report = NetworkReport.objects.filter(pk=data.get("report")).first()
    if request.method == "POST" and report is not None and "key" in data:
        form = CiteForm(request.POST, report=report)
        if form.is_valid():
            try:
                services.cite_figure(
                    the_engagement,
                    report,
                    form.cleaned_data["key"],
                    by=request.user,
                    label=form.cleaned_data["label"],
                )
            except ValidationError as error:
                show_refusal(form, error)
            else:
                messages.success(request, _("The figure is cited."))
                return redirect(the_engagement)
    else:
        form = CiteForm(initial={"report": report}, report=report)
    return render(
        request,
        "advocacy/cite_form.html",
        {"form": form, "engagement": the_engagement, "report": report},
    )


class ReviewForm(forms.Form):
    reviewed_on = forms.DateField(
        label=gettext_lazy("Reviewed on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    benefits = forms.CharField(label=gettext_lazy("Benefits"), widget=forms.Textarea)
    costs = forms.CharField(label=gettext_lazy("Costs"), widget=forms.Textarea)
    recommendation = forms.ChoiceField(
        label=gettext_lazy("Recommendation"), choices=RoleReview.Recommendation.choices
    )
    decision = forms.ModelChoiceField(
        label=gettext_lazy("Decision"),
        queryset=Decision.objects.filter(outcome=Decision.Outcome.ADOPTED).select_related("body"),
        required=False,
        help_text=gettext_lazy(
            "The decision taken on the review; a recommendation to end the role ends it "
            "only with the decision linked."
        ),
    )


@login_required
def review_new(request, pk: int):
    the_role = _kept_role(request, pk)
    form = ReviewForm(request.POST or None)

    def write(data):
        services.review_role(the_role, by=request.user, **data)
        return the_role

    return _form_page(
        request,
        form,
        write,
        title=_("Review of %(role)s") % {"role": the_role},
        lead=_("The role's benefits and costs, a recommendation, and the decision taken on it."),
        cancel=the_role.get_absolute_url(),
        submit=_("Record the review"),
    )


urls = [
    path("advocacy/", index, name="index"),
    path("advocacy/processes/new/", process_new, name="process-new"),
    path("advocacy/processes/<int:pk>/", process, name="process"),
    path("advocacy/processes/<int:pk>/roles/new/", role_new, name="role-new"),
    path("advocacy/roles/<int:pk>/", role, name="role"),
    path("advocacy/roles/<int:pk>/engagements/new/", engagement_new, name="engagement-new"),
    path("advocacy/roles/<int:pk>/review/", review_new, name="review-new"),
    path("advocacy/engagements/<int:pk>/", engagement, name="engagement"),
    path("advocacy/engagements/<int:pk>/document/", document, name="document"),
    path("advocacy/engagements/<int:pk>/cite/", cite, name="cite"),
]
