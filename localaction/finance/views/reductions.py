"""Finance pages: hardship reductions and waivers (routed by `urls`, which
finance/urls.py includes).

- A member's reductions: its editors request one for a membership year with
  the reason and follow their requests and the decisions; the staff covering
  the member and the secretariat read them.
- The requests to decide, for finance staff (their offices' members) and the
  secretariat (all); those above the schedule's limit say that the World
  Secretariat decides them.
- One reduction: the request and, for those who may, the decision — grant
  (at most the percent requested) or refuse, dated and explained.
- On the member's profile page, a short section of its reductions.

The rules are the services' (`request_reduction`, `decide_reduction`); a
refusal shows their message. A member's reductions someone may not read are a
404 (their existence is not told); an action they may not take is a 403.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from localaction.accounts.access import access_of
from localaction.finance import permissions
from localaction.finance.models import Reduction
from localaction.finance.services import decide_reduction, reduction_limit, request_reduction
from localaction.finance.work import requests_to_decide
from localaction.forms import show_refusal
from localaction.network.models import LocalGovernment, Membership
from localaction.network.sections import member_profile

DECIDED_SHOWN = 50


def may_read_member_reductions(user, local_government: LocalGovernment) -> bool:
    """A member's reductions: its editors, the staff of offices covering it, the
    secretariat (the readers of its invoices, `permissions.can_read_invoice`)."""
    access = access_of(user)
    return local_government.pk in access.editor_of or access.covers(
        region_id=local_government.country.region_id, country_code=local_government.country_id
    )


def _readable_reduction(request, pk: int) -> Reduction:
    reduction = get_object_or_404(
        Reduction.objects.select_related(
            "membership__local_government__country", "requested_by", "decided_by"
        ),
        pk=pk,
    )
    local_government = reduction.membership.local_government
    office, _limit = reduction_limit(reduction)
    if not (
        may_read_member_reductions(request.user, local_government)
        or permissions.can_handle_money(request.user, office)
    ):
        raise Http404
    return reduction


class ReductionRequestForm(forms.Form):
    year = forms.TypedChoiceField(label=gettext_lazy("Membership year"), coerce=int)
    percent = forms.DecimalField(
        label=gettext_lazy("Reduction (%)"),
        max_digits=5,
        decimal_places=2,
        help_text=gettext_lazy("Of the year's dues; 100 asks for a waiver."),
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy(
            "The hardship and what documents it (e.g. a disaster, a budget cut); the "
            "office reads it to decide."
        ),
    )

    def __init__(self, *args, membership: Membership, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        # The service's range: from the application's year to next year.
        years = range(today.year + 1, min(membership.applied_on.year, today.year + 1) - 1, -1)
        self.fields["year"].choices = [(year, str(year)) for year in years]
        self.fields["year"].initial = today.year + 1


@login_required
def member_reductions(request, code: str):
    """A member's reductions and, for its editors, the form to request one."""
    local_government = get_object_or_404(
        LocalGovernment.objects.select_related("country"), code=code
    )
    if not may_read_member_reductions(request.user, local_government):
        raise Http404
    may_request = permissions.can_request_reduction(request.user, local_government)
    membership = local_government.memberships.open().order_by("-applied_on", "-pk").first()
    form = None
    if may_request and membership is not None:
        form = ReductionRequestForm(request.POST or None, membership=membership)
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                request_reduction(
                    membership=membership,
                    year=form.cleaned_data["year"],
                    percent=form.cleaned_data["percent"],
                    reason=form.cleaned_data["reason"],
                    by=request.user,
                )
            except ValidationError as error:
                show_refusal(form, error)
            else:
                messages.success(
                    request,
                    _("The request is sent to the office; you will be told of its decision."),
                )
                return redirect("finance:member-reductions", code=local_government.code)
    reductions = (
        Reduction.objects.filter(membership__local_government=local_government)
        .select_related("membership", "decided_by")
        .order_by("-year", "-requested_on", "-pk")
    )
    return render(
        request,
        "finance/reductions_member.html",
        {
            "lg": local_government,
            "reductions": reductions,
            "form": form,
            "membership": membership,
            "may_request": may_request,
        },
        status=400 if form is not None and form.errors else 200,
    )


@login_required
def reductions_to_decide(request):
    """The open requests of the members whose money this person handles, and the
    latest decisions on them."""
    access = access_of(request.user)
    if not (access.is_secretariat or access.finance_offices or request.user.is_superuser):
        raise PermissionDenied
    waiting = requests_to_decide(request.user)
    decided = Reduction.objects.exclude(status=Reduction.Status.REQUESTED).select_related(
        "membership__local_government", "decided_by"
    )
    if not access.is_secretariat:
        # The decisions on the members their offices cover, by anyone.
        decided = decided.filter(
            Q(membership__local_government__country__region__in=access.staff_regions)
            | Q(membership__local_government__country__in=access.staff_countries)
        )
    return render(
        request,
        "finance/reductions.html",
        {
            "waiting": waiting,
            "decided": decided.order_by("-decided_on", "-pk")[:DECIDED_SHOWN],
            "is_secretariat": access.is_secretariat,
        },
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        choices=[("grant", gettext_lazy("Grant")), ("refuse", gettext_lazy("Refuse"))],
        widget=forms.RadioSelect,
    )
    percent = forms.DecimalField(
        label=gettext_lazy("Reduction granted (%)"),
        max_digits=5,
        decimal_places=2,
        min_value=Decimal("0.01"),
        max_value=Decimal("100"),
        required=False,
        help_text=gettext_lazy("At most the percent requested; ignored when refusing."),
    )
    note = forms.CharField(
        label=gettext_lazy("Reasons for the decision"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("The member's editors receive them by e-mail with the decision."),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "grant" and data.get("percent") is None and not self.errors:
            self.add_error("percent", _("Give the percent granted."))
        return data


@login_required
def reduction_detail(request, pk: int):
    """One reduction; for those who may decide it, the decision form."""
    reduction = _readable_reduction(request, pk)
    office, limit = reduction_limit(reduction)
    requested = reduction.status == Reduction.Status.REQUESTED
    may_decide = requested and permissions.can_decide_reduction(
        request.user,
        percent=reduction.percent,
        limit=Decimal("0") if limit is None else limit,
        office=office,
    )
    # Finance staff of the office may grant up to the limit what was asked above it.
    may_grant_part = (
        requested
        and not may_decide
        and limit is not None
        and permissions.can_decide_reduction(
            request.user, percent=limit, limit=limit, office=office
        )
    )
    form = None
    if may_decide or may_grant_part:
        form = DecisionForm(
            request.POST or None,
            initial={"percent": reduction.percent if may_decide else limit},
        )
    status = 200
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            grant = form.cleaned_data["decision"] == "grant"
            try:
                decide_reduction(
                    reduction,
                    grant=grant,
                    percent=form.cleaned_data["percent"] if grant else None,
                    note=form.cleaned_data["note"],
                    by=request.user,
                )
            except ValidationError as error:
                show_refusal(form, error)
            except PermissionDenied as refusal:
                form.add_error(None, str(refusal))
                status = 403
            else:
                messages.success(request, _("The decision is recorded and the member is told."))
                return redirect("finance:reduction", pk=reduction.pk)
        if status == 200:
            status = 400
    return render(
        request,
        "finance/reduction.html",
        {
            "reduction": reduction,
            # The request as made: a grant may have lowered the percent.
            "requested_percent": reduction.history.earliest().percent,
            "lg": reduction.membership.local_government,
            "office": office,
            "limit": limit,
            "above_limit": limit is None or reduction.percent > limit,
            "form": form,
            "may_decide": may_decide,
        },
        status=status,
    )


def reductions_section(user, local_government) -> dict | None:
    """The member's reductions on its profile page (for those who read them)."""
    if not user.is_authenticated or not may_read_member_reductions(user, local_government):
        return None
    reductions = list(
        Reduction.objects.filter(membership__local_government=local_government).order_by(
            "-year", "-requested_on", "-pk"
        )[:5]
    )
    may_request = permissions.can_request_reduction(user, local_government)
    if not reductions and not may_request:
        return None
    return {"reductions": reductions, "may_request": may_request}


member_profile.register(
    "reductions", "finance/reductions_section.html", reductions_section, order=91
)


urls: list[URLPattern] = [
    path("finance/reductions/", reductions_to_decide, name="reductions"),
    path("finance/reductions/<int:pk>/", reduction_detail, name="reduction"),
    path("members/<str:code>/reductions/", member_reductions, name="member-reductions"),
]
