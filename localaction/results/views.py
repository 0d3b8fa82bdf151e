"""Pages of the plan's results.

- The public results (`/plan/results/`): the adopted plan's public
  indicators, their values and status.
- The dashboard (`/plan/dashboard/`) and its PDF report
  (`/plan/dashboard/report.pdf`), for staff, the secretariat and the
  governing bodies' members: every goal with indicators, the value and
  status today beside the last review's, a trend chart each; the
  secretariat records a review from it.
- An indicator's page (`/plan/indicators/<pk>/`): its periods and values;
  the forms to enter and submit a value, approve or return one, close a
  period, each shown to who may use it.

Someone who may not read the dashboard gets a 403 (the public results are
there for everyone); a form someone may not use is a 403 too.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from localaction.forms import show_refusal
from localaction.governance.models import Body
from localaction.programmes import permissions as programme_permissions
from localaction.results import permissions, services
from localaction.results.dashboard import BADGES, adopted_plan, chart_of, dashboard
from localaction.results.models import Indicator, Period, Value
from localaction.results.pdf import report_pdf
from localaction.validators import DOCUMENT_VALIDATORS, InBounds


def _reader(request) -> None:
    if not permissions.can_read_results(request.user):
        raise PermissionDenied


def public_results(request):
    return render(
        request,
        "results/public.html",
        {
            "dashboard": dashboard(adopted_plan(), public_only=True),
            "may_read": permissions.can_read_results(request.user),
        },
    )


class ReviewForm(forms.Form):
    held_on = forms.DateField(
        label=gettext_lazy("Held on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    body = forms.ModelChoiceField(
        label=gettext_lazy("Body"),
        queryset=Body.objects.filter(region__isnull=True),
        required=False,
        help_text=gettext_lazy("The governing body that reviewed the plan, if one did."),
    )
    note = forms.CharField(
        label=gettext_lazy("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


@login_required
def dashboard_page(request):
    _reader(request)
    plan = adopted_plan()
    may_keep = permissions.can_keep_indicators(request.user)
    form = ReviewForm(initial={"held_on": timezone.localdate()}) if may_keep else None
    return render(
        request,
        "results/dashboard.html",
        {"dashboard": dashboard(plan), "form": form, "may_keep": may_keep},
    )


@login_required
def report_download(request):
    _reader(request)
    content = report_pdf(dashboard(adopted_plan()))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="plan-progress-report.pdf"'
    return response


@login_required
@require_POST
def review_new(request):
    if not permissions.can_keep_indicators(request.user):
        raise PermissionDenied
    plan = adopted_plan()
    form = ReviewForm(request.POST)
    if plan is not None and form.is_valid():
        try:
            services.review_record(plan=plan, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("The review is recorded: every indicator as it stands."))
            return redirect("results:dashboard")
    return render(
        request,
        "results/dashboard.html",
        {"dashboard": dashboard(plan), "form": form, "may_keep": True},
        status=400,
    )


class ValueForm(forms.Form):
    period = forms.ModelChoiceField(label=gettext_lazy("Period"), queryset=Period.objects.none())
    value = forms.FloatField(label=gettext_lazy("Value"), validators=[InBounds("INDICATOR_VALUE")])
    comment = forms.CharField(
        label=gettext_lazy("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    evidence = forms.FileField(
        label=gettext_lazy("Evidence document"), required=False, validators=DOCUMENT_VALIDATORS
    )
    evidence_url = forms.URLField(
        label=gettext_lazy("Evidence link"), required=False, assume_scheme="https"
    )
    submit = forms.BooleanField(
        label=gettext_lazy("Submit for approval at once"), required=False, initial=True
    )

    def __init__(self, *args, indicator: Indicator, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = indicator.periods.filter(closed_at__isnull=True)


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why it is returned"), widget=forms.Textarea(attrs={"rows": 2})
    )


def _indicator_page(request, indicator: Indicator, *, value_form=None, status=200):
    enters = permissions.can_enter_values(request.user, indicator) and not indicator.is_computed
    if value_form is None and enters:
        value_form = ValueForm(indicator=indicator)
    history = services.history_of(indicator)
    reading = services.reading_of(indicator)
    values = indicator.values.select_related("period", "entered_by", "decided_by")
    return render(
        request,
        "results/indicator.html",
        {
            "indicator": indicator,
            "reading": reading,
            "badge": BADGES[reading.status],
            "periods": indicator.periods.all(),
            "values": [
                (value, permissions.can_approve_value(request.user, value)) for value in values
            ],
            # The activity it follows, shown to whom may read its programme.
            "activity": indicator.activity
            if indicator.activity
            and programme_permissions.can_read_summary(request.user, indicator.activity.programme)
            else None,
            "chart": chart_of(indicator, history),
            "history": history,
            "value_form": value_form if enters else None,
            "return_form": ReturnForm(),
            "may_enter": enters,
            "may_keep": permissions.can_keep_indicators(request.user),
            "today": timezone.localdate(),
        },
        status=status,
    )


def _indicator(pk: int) -> Indicator:
    return get_object_or_404(
        Indicator.objects.select_related("goal__area", "region", "office"), pk=pk
    )


@login_required
def indicator_page(request, pk: int):
    _reader(request)
    return _indicator_page(request, _indicator(pk))


@login_required
@require_POST
def value_new(request, pk: int):
    _reader(request)
    indicator = _indicator(pk)
    if not permissions.can_enter_values(request.user, indicator):
        raise PermissionDenied
    form = ValueForm(request.POST, request.FILES, indicator=indicator)
    if form.is_valid():
        try:
            services.value_enter(indicator=indicator, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("The value is saved."))
            return redirect(indicator)
    return _indicator_page(request, indicator, value_form=form, status=400)


def _value_step(request, pk: int, step):
    _reader(request)
    value = get_object_or_404(Value.objects.select_related("indicator"), pk=pk)
    try:
        step(value)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(value.indicator)


@login_required
@require_POST
def value_submit(request, pk: int):
    def submit(value):
        services.value_submit(value=value, by=request.user)
        messages.success(request, _("The value is submitted for approval."))

    return _value_step(request, pk, submit)


@login_required
@require_POST
def value_approve(request, pk: int):
    def approve(value):
        services.value_approve(value=value, by=request.user)
        messages.success(request, _("The value is approved: it counts."))

    return _value_step(request, pk, approve)


@login_required
@require_POST
def value_return(request, pk: int):
    def send_back(value):
        services.value_return(value=value, by=request.user, reason=request.POST.get("reason", ""))
        messages.success(request, _("The value is returned with the reason."))

    return _value_step(request, pk, send_back)


@login_required
@require_POST
def period_close(request, pk: int):
    _reader(request)
    period = get_object_or_404(Period.objects.select_related("indicator"), pk=pk)
    try:
        services.period_close(period=period, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The period %(period)s is closed.") % {"period": period.label})
    return redirect(period.indicator)


urls = [
    path("plan/results/", public_results, name="public"),
    path("plan/dashboard/", dashboard_page, name="dashboard"),
    path("plan/dashboard/report.pdf", report_download, name="report"),
    path("plan/reviews/new/", review_new, name="review-new"),
    path("plan/indicators/<int:pk>/", indicator_page, name="indicator"),
    path("plan/indicators/<int:pk>/values/new/", value_new, name="value-new"),
    path("plan/values/<int:pk>/submit/", value_submit, name="value-submit"),
    path("plan/values/<int:pk>/approve/", value_approve, name="value-approve"),
    path("plan/values/<int:pk>/return/", value_return, name="value-return"),
    path("plan/periods/<int:pk>/close/", period_close, name="period-close"),
]
