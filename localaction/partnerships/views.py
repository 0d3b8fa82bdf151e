"""Pages of partnerships (§2.4 of the strategic plan).

- The public list (`/partnerships/`): active public agreements, by the kind
  of partner; for office staff and the secretariat, also the agreements they
  keep (drafts, non-public, ended, expired).
- A partner's page and an agreement's page.
- Staff forms: a partner added or changed; an agreement added or changed
  with its signatories; an agreement activated (refused, condition by
  condition, until the plan's conditions for a partnership are written),
  ended or renewed.

An agreement someone may not read is a 404, as if it did not exist; a form
of one they read but do not keep is a 403.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from localaction.accounts.access import access_of
from localaction.forms import show_refusal
from localaction.network.models import Office
from localaction.partnerships import permissions, services
from localaction.partnerships.models import Agreement, PartnerOrganisation, Signatory


def _agreements():
    return Agreement.objects.select_related("partner", "office")


def _readable_agreement(request, pk: int) -> Agreement:
    agreement = get_object_or_404(_agreements(), pk=pk)
    if not permissions.can_read_agreement(request.user, agreement):
        raise Http404
    return agreement


def _kept_agreement(request, pk: int) -> Agreement:
    agreement = _readable_agreement(request, pk)
    if not permissions.can_keep_agreement(request.user, agreement):
        raise PermissionDenied
    return agreement


def index(request):
    """Active public agreements by the kind of partner."""
    listed = _agreements().filter(status=Agreement.Status.ACTIVE, is_public=True)
    kinds = []
    for value, label in PartnerOrganisation.Kind.choices:
        of_kind = [a for a in listed if a.partner.kind == value]
        if of_kind:
            kinds.append((label, sorted(of_kind, key=lambda a: (a.partner.name, a.title))))
    kept = []
    may_keep = permissions.can_keep_partners(request.user)
    if may_keep:
        kept = permissions.agreements_readable_by(request.user, _agreements()).exclude(
            pk__in=listed.values("pk")
        )
    return render(
        request,
        "partnerships/index.html",
        {"kinds": kinds, "kept": kept, "may_keep": may_keep},
    )


def partner(request, pk: int):
    """A partner organisation and the agreements with it the person reads."""
    organisation = get_object_or_404(PartnerOrganisation.objects.select_related("country"), pk=pk)
    agreements = permissions.agreements_readable_by(
        request.user, _agreements().filter(partner=organisation)
    )
    may_keep = permissions.can_keep_partners(request.user)
    if not agreements and not may_keep:
        raise Http404
    return render(
        request,
        "partnerships/partner.html",
        {"partner": organisation, "agreements": agreements, "may_keep": may_keep},
    )


def agreement(request, pk: int):
    record = _readable_agreement(request, pk)
    may_keep = permissions.can_keep_agreement(request.user, record)
    return render(
        request,
        "partnerships/agreement.html",
        {
            "agreement": record,
            "signatories": record.signatories.all(),
            "may_keep": may_keep,
            "problems": services.missing_conditions(record).values()
            if may_keep and record.status == Agreement.Status.DRAFT
            else [],
        },
    )


class PartnerForm(forms.ModelForm):
    website = forms.URLField(label=gettext_lazy("Website"), required=False, assume_scheme="https")

    class Meta:
        model = PartnerOrganisation
        fields = ["name", "kind", "country", "website", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


@login_required
def partner_form(request, pk: int | None = None):
    """A partner organisation added (pk None) or changed, by office staff."""
    if not permissions.can_keep_partners(request.user):
        raise PermissionDenied
    organisation = get_object_or_404(PartnerOrganisation, pk=pk) if pk else None
    form = PartnerForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_partner(form.instance, by=request.user)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("%(record)s is saved.") % {"record": saved})
            return redirect(saved)
    return render(
        request, "partnerships/partner_form.html", {"form": form, "partner": organisation}
    )


class AgreementForm(forms.ModelForm):
    class Meta:
        model = Agreement
        fields = [
            "partner",
            "kind",
            "title",
            "office",
            "aims",
            "objectives",
            "shares",
            "resources",
            "signed_on",
            "starts_on",
            "ends_on",
            "renewal_notice_days",
            "is_public",
            "document",
        ]
        widgets = {
            field: forms.Textarea(attrs={"rows": 4})
            for field in ("aims", "objectives", "shares", "resources")
        } | {
            field: forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
            for field in ("signed_on", "starts_on", "ends_on")
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        access = access_of(user)
        offices = Office.objects.all()
        if not access.is_secretariat:
            offices = offices.filter(pk__in=access.offices)
        self.fields["office"].queryset = offices


class SignatoryForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200, required=False)
    party = forms.ChoiceField(label=gettext_lazy("For"), choices=Signatory.Party.choices)


SignatoryFormSet = forms.formset_factory(SignatoryForm, extra=2)


@login_required
def agreement_form(request, pk: int | None = None):
    """An agreement added (pk None, for a partner given as ?partner=) or changed."""
    if pk:
        record = _kept_agreement(request, pk)
    else:
        if not permissions.can_keep_partners(request.user):
            raise PermissionDenied
        record = Agreement(created_by=request.user)
        chosen = request.GET.get("partner", "")
        if chosen.isdigit():
            record.partner = PartnerOrganisation.objects.filter(pk=chosen).first()
    form = AgreementForm(
        request.POST or None, request.FILES or None, instance=record, user=request.user
    )
    initial = [
        {"name": s.name, "title": s.title, "party": s.party}
        for s in (record.signatories.all() if record.pk else [])
    ]
    signatories = SignatoryFormSet(request.POST or None, initial=initial, prefix="signatory")
    if request.method == "POST" and form.is_valid() and signatories.is_valid():
        try:
            saved = services.save_agreement(
                form.instance,
                by=request.user,
                signatories=[row for row in signatories.cleaned_data if row],
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("%(record)s is saved.") % {"record": saved})
            return redirect(saved)
    return render(
        request,
        "partnerships/agreement_form.html",
        {"form": form, "signatories": signatories, "agreement": record if pk else None},
    )


class ConfirmForm(forms.Form):
    pass


class EndForm(forms.Form):
    on = forms.DateField(
        label=gettext_lazy("Ended on"), widget=forms.DateInput(attrs={"type": "date"})
    )


class RenewForm(forms.Form):
    until = forms.DateField(
        label=gettext_lazy("New end date"), widget=forms.DateInput(attrs={"type": "date"})
    )


STEPS = {
    "activate": (
        ConfirmForm,
        services.activate,
        gettext_lazy("Activate the agreement"),
        gettext_lazy("%(record)s is active."),
    ),
    "end": (
        EndForm,
        services.end,
        gettext_lazy("End the agreement"),
        gettext_lazy("%(record)s is ended."),
    ),
    "renew": (
        RenewForm,
        services.renew,
        gettext_lazy("Renew the agreement"),
        gettext_lazy("%(record)s is renewed."),
    ),
}


def _step(request, pk: int, step: str):
    record = _kept_agreement(request, pk)
    form_class, act, submit, done = STEPS[step]
    initial = {"on": timezone.localdate()} if step == "end" else {}
    # Bound on every POST: activation's form has no fields, its POST no data.
    form = form_class(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            act(record, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, str(done) % {"record": record})
            return redirect(record)
    return render(
        request,
        "partnerships/step_form.html",
        {
            "form": form,
            "agreement": record,
            "submit": submit,
            "problems": services.missing_conditions(record).values() if step == "activate" else [],
        },
    )


@login_required
def activate_form(request, pk: int):
    return _step(request, pk, "activate")


@login_required
def end_form(request, pk: int):
    return _step(request, pk, "end")


@login_required
def renew_form(request, pk: int):
    return _step(request, pk, "renew")


urls = [
    path("partnerships/", index, name="index"),
    path("partnerships/partners/new/", partner_form, name="partner-new"),
    path("partnerships/partners/<int:pk>/", partner, name="partner"),
    path("partnerships/partners/<int:pk>/edit/", partner_form, name="partner-edit"),
    path("partnerships/agreements/new/", agreement_form, name="agreement-new"),
    path("partnerships/agreements/<int:pk>/", agreement, name="agreement"),
    path("partnerships/agreements/<int:pk>/edit/", agreement_form, name="agreement-edit"),
    path("partnerships/agreements/<int:pk>/activate/", activate_form, name="activate"),
    path("partnerships/agreements/<int:pk>/end/", end_form, name="end"),
    path("partnerships/agreements/<int:pk>/renew/", renew_form, name="renew"),
]
