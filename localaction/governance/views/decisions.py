"""Governance pages: the decisions log (routed by `urls`, which governance/urls.py includes).

- The log: the public decisions of public bodies for everyone, and every
  decision of the bodies a person keeps or sits on (all for the
  secretariat); searched by words (reference, title, motion, minutes), body
  and year; downloaded as CSV or XLSX through `localaction.tables`.
- A decision's page: its reference, motion, vote or consensus, outcome,
  quorum (said plainly when it was taken without), minutes, and the
  governance records that point to it: memberships approved, Charter or
  By-Laws versions; those who keep the body link the memberships an adopted
  decision approved (`decisions.approve_membership`, which approves one still
  waiting for approval).

A decision someone may not read is a 404, as if it did not exist.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from localaction.accounts.access import access_of
from localaction.forms import show_refusal
from localaction.governance import decisions as decision_services
from localaction.governance import permissions
from localaction.governance.models import Body, Decision
from localaction.network.models import Membership
from localaction.tables import CONTENT_TYPES, FORMATS, write_table

PAGE_SIZE = 50


class DecisionFilters(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Words"),
        required=False,
        max_length=200,
        help_text=gettext_lazy("In the reference, title, motion or minutes."),
    )
    body = forms.ModelChoiceField(
        label=gettext_lazy("Body"),
        queryset=Body.objects.none(),
        to_field_name="code",
        required=False,
        empty_label=gettext_lazy("All bodies"),
    )
    year = forms.IntegerField(
        label=gettext_lazy("Year"), required=False, min_value=1990, max_value=2100
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = permissions.bodies_readable_by(
            user, Body.objects.select_related("region")
        )


def _found(request):
    filters = DecisionFilters(request.GET or None, user=request.user)
    decisions = permissions.records_readable_by(
        request.user, Decision.objects.select_related("body__region", "meeting")
    )
    if filters.is_valid():
        data = filters.cleaned_data
        if data["q"]:
            decisions = decisions.search(data["q"])
        if data["body"]:
            decisions = decisions.filter(body=data["body"])
        if data["year"]:
            decisions = decisions.filter(year=data["year"])
    elif filters.is_bound:
        decisions = decisions.none()
    return filters, decisions.order_by("-decided_on", "-reference")


def decisions(request):
    filters, found = _found(request)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "governance/decisions.html",
        {
            "filters": filters,
            "page": page,
            "decisions": page.object_list,
            "query": query.urlencode(),
            "show_body": True,
            "sees_all": access_of(request.user).is_secretariat,
        },
    )


COLUMNS = [
    "reference",
    "body",
    "decided_on",
    "title",
    "motion",
    "method",
    "votes_for",
    "votes_against",
    "abstentions",
    "outcome",
    "without_quorum",
    "present",
    "entitled",
    "quorum",
    "public",
    "meeting",
]


def decisions_download(request, file_format: str):
    """The log as found (what the person may read), one row per decision."""
    if file_format not in FORMATS:
        raise Http404
    _filters, found = _found(request)
    rows = (
        [
            decision.reference,
            decision.body.code,
            decision.decided_on,
            decision.title,
            decision.motion,
            decision.method,
            decision.votes_for,
            decision.votes_against,
            decision.abstentions,
            decision.outcome,
            decision.without_quorum,
            decision.quorum_present,
            decision.quorum_entitled,
            decision.quorum_needed,
            decision.is_public,
            decision.meeting.title,
        ]
        for decision in found.iterator(chunk_size=1000)
    )
    response = HttpResponse(content_type=CONTENT_TYPES[file_format])
    filename = f"decisions-{timezone.localdate():%Y-%m-%d}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    write_table(rows, columns=COLUMNS, format=file_format, target=response)
    return response


def _readable_decision(request, reference: str) -> Decision:
    decision = get_object_or_404(
        Decision.objects.select_related("body__region", "meeting", "agenda_item"),
        reference=reference,
    )
    if not permissions.can_read_record(request.user, decision, decision.body):
        raise Http404
    return decision


class ApprovalForm(forms.Form):
    """A membership the decision approved: one waiting for approval, or one the
    register approved without naming the decision (of the body's region, for
    a regional body), applied for by the day of the decision."""

    membership = forms.ModelChoiceField(
        label=gettext_lazy("Membership"), queryset=Membership.objects.none()
    )

    def __init__(self, *args, decision: Decision, **kwargs):
        super().__init__(*args, **kwargs)
        memberships = Membership.objects.filter(
            status__in=Membership.OPEN_STATUSES,
            approval_decision__isnull=True,
            applied_on__lte=decision.decided_on,
        ).select_related("local_government__country")
        if decision.body.region_id:
            memberships = memberships.filter(
                local_government__country__region=decision.body.region_id
            )
        self.fields["membership"].queryset = memberships.order_by("local_government__name")
        self.fields["membership"].label_from_instance = self.label

    @staticmethod
    def label(membership: Membership) -> str:
        lg = membership.local_government
        return (
            f"{lg.name} ({lg.country.display_name}) — "
            f"{membership.get_type_display()}, {membership.get_status_display()}"
        )


def decision(request, reference: str):
    decision = _readable_decision(request, reference)
    approvals = decision.membership_approvals.select_related(
        "membership__local_government__country"
    )
    may_approve = (
        permissions.can_keep_body(request.user, decision.body)
        and decision.outcome == Decision.Outcome.ADOPTED
    )
    return render(
        request,
        "governance/decision.html",
        {
            "decision": decision,
            "body": decision.body,
            "meeting_readable": permissions.can_read_record(
                request.user, decision.meeting, decision.body
            ),
            "approvals": approvals,
            "versions": decision.document_versions.select_related("document"),
            "title": _("Decision %(reference)s") % {"reference": decision.reference},
            "may_define": permissions.can_define_bodies(request.user),
            "approval_form": ApprovalForm(decision=decision) if may_approve else None,
        },
    )


@login_required
def decision_approves(request, reference: str):
    """Record that the decision approved a membership (`approve_membership`)."""
    decision = _readable_decision(request, reference)
    if not permissions.can_keep_body(request.user, decision.body):
        raise PermissionDenied
    form = ApprovalForm(request.POST or None, decision=decision)
    if request.method == "POST" and form.is_valid():
        membership = form.cleaned_data["membership"]
        try:
            decision_services.approve_membership(membership, decision, by=request.user)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(
                request,
                _("The membership of %(member)s is linked to %(reference)s.")
                % {"member": membership.local_government.name, "reference": decision.reference},
            )
            return redirect(decision)
    return render(
        request, "governance/decision_approves.html", {"form": form, "decision": decision}
    )


urls: list[URLPattern] = [
    path("governance/decisions/", decisions, name="decisions"),
    path(
        "governance/decisions.<str:file_format>",
        decisions_download,
        name="decisions-download",
    ),
    path("governance/decisions/<str:reference>/", decision, name="decision"),
    path(
        "governance/decisions/<str:reference>/approves/",
        decision_approves,
        name="decision-approves",
    ),
]
