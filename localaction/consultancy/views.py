"""The consultancy pages: the catalogue and a service (with its request form),
the engagements a person follows, one engagement (with the steps its people
take: proposal, contract, team, deliverables, time, invoice, feedback), the
consultants' network, and an office's pipeline and income (with its export)."""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from djmoney.money import Money

from localaction.accounts.access import access_of
from localaction.consultancy import permissions, report, services
from localaction.consultancy.forms import (
    ContractForm,
    DeliverableForm,
    DeliveredForm,
    FeedbackForm,
    MoveForm,
    ProposalForm,
    RequestForm,
    TeamForm,
    TimeForm,
)
from localaction.consultancy.models import Consultant, Deliverable, Engagement, Service
from localaction.forms import show_refusal
from localaction.network.models import LocalGovernment, Office
from localaction.tables import CONTENT_TYPES, FORMATS, write_table

# --- Catalogue ----------------------------------------------------------------------


def catalogue(request):
    services_ = Service.objects.active().prefetch_related("offices", "campaigns")
    return render(request, "consultancy/catalogue.html", {"services": services_})


def service(request, slug: str):
    service = get_object_or_404(Service.objects.active(), slug=slug)
    form = None
    if request.user.is_authenticated:
        members = LocalGovernment.objects.filter(pk__in=access_of(request.user).editor_of)
        if request.method == "POST":
            form = RequestForm(request.POST, service=service, members=members)
            if form.is_valid():
                data = form.cleaned_data
                try:
                    engagement = services.engagement_request(
                        service=service,
                        office=data["office"],
                        by=request.user,
                        request=data["request"],
                        local_government=data.get("local_government"),
                        client_name=data["client_name"],
                        client_contact=data["client_contact"],
                        client_email=data["client_email"],
                        client_address=data["client_address"],
                        language=get_language() or "en",
                    )
                except ValidationError as error:
                    show_refusal(form, error)
                else:
                    messages.success(
                        request, _("Your request is sent: the office will come back to you.")
                    )
                    return redirect(engagement)
        else:
            form = RequestForm(
                service=service,
                members=members,
                initial={
                    "client_contact": request.user.get_full_name(),
                    "client_email": request.user.email,
                },
            )
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "consultancy/service.html",
        {
            "service": service,
            "form": form,
            "consultants_seen": permissions.sees_network(request.user),
        },
    )


# --- Engagements ----------------------------------------------------------------------


@login_required
def engagements(request):
    full = permissions.engagements_in_full(request.user)
    others = permissions.visible_engagements(request.user).exclude(pk__in=full.values("pk"))
    related = ("service", "office", "local_government")
    return render(
        request,
        "consultancy/engagements.html",
        {
            "full": full.select_related(*related).order_by("-created_at"),
            "summaries": others.select_related(*related).order_by("-created_at"),
        },
    )


def _engagement(request, pk: int) -> tuple[Engagement, permissions.Sight]:
    if not request.user.is_authenticated:
        raise PermissionDenied
    engagement = get_object_or_404(
        Engagement.objects.select_related("service", "office", "local_government", "invoice"),
        pk=pk,
    )
    sight = permissions.sight_of(request.user, engagement)
    if not sight.any:
        raise Http404
    return engagement, sight


def _run(request, pk: int) -> Engagement:
    engagement, sight = _engagement(request, pk)
    if not sight.runs:
        raise PermissionDenied
    return engagement


def engagement(request, pk: int, forms: dict | None = None):
    engagement, sight = _engagement(request, pk)
    context = {"engagement": engagement, "sight": sight}
    if sight.full:
        context["deliverables"] = engagement.deliverables.all()
        context["steps"] = engagement.steps.select_related("by")
    if sight.time:
        context["team"] = engagement.team.select_related("consultant", "consultant__user")
        context["entries"] = engagement.time_entries.select_related("consultant")
    if sight.money:
        context["proposed"] = engagement.proposed_fee()
        context["fee"] = engagement.fee()
    if sight.invoice and engagement.invoice_id:
        context["invoice_balance"] = engagement.invoice.balance()
    if sight.feedback:
        context["feedback"] = getattr(engagement, "feedback", None)
    forms = forms or {}
    if sight.runs and not engagement.ended:
        context["move_form"] = forms.get("move") or MoveForm(engagement=engagement)
        context["proposal_form"] = forms.get("proposal") or ProposalForm(instance=engagement)
        context["contract_form"] = forms.get("contract") or ContractForm(instance=engagement)
        context["team_form"] = forms.get("team") or TeamForm()
        context["deliverable_form"] = forms.get("deliverable") or DeliverableForm()
    if sight.runs:
        context["delivered_form"] = DeliveredForm(initial={"delivered_on": timezone.localdate()})
        context["can_invoice"] = (
            not engagement.invoice_id and engagement.status in Engagement.INVOICEABLE
        )
    time_consultants = _time_consultants(request.user, engagement, sight)
    if time_consultants.exists() and engagement.status in (
        Engagement.Status.CONTRACT, Engagement.Status.IN_PROGRESS, Engagement.Status.DELIVERED,
    ) and not engagement.invoice_id:  # fmt: skip
        context["time_form"] = forms.get("time") or TimeForm(consultants=time_consultants)
    if (
        sight.client
        and engagement.status in (Engagement.Status.DELIVERED, Engagement.Status.CLOSED)
        and context.get("feedback") is None
    ):
        context["feedback_form"] = forms.get("feedback") or FeedbackForm()
    status = 400 if forms else 200
    return render(request, "consultancy/engagement.html", context, status=status)


def _time_consultants(user, engagement: Engagement, sight: permissions.Sight):
    """Whose time this person records: any of the team's if they run the
    engagement, their own if on it."""
    team = Consultant.objects.filter(team_places__engagement=engagement)
    if sight.runs:
        return team
    if sight.team:
        return team.filter(user=user)
    return Consultant.objects.none()


def _refused(request, pk, key, form, error: ValidationError | None = None):
    if error is not None:
        show_refusal(form, error)
    return engagement(request, pk, forms={key: form})


@require_POST
def move(request, pk: int):
    target = _run(request, pk)
    form = MoveForm(request.POST, engagement=target)
    if form.is_valid():
        try:
            services.engagement_move(
                engagement=target,
                status=form.cleaned_data["status"],
                on=form.cleaned_data["on"],
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except ValidationError as error:
            return _refused(request, pk, "move", form, error)
        messages.success(request, _("The engagement moved on."))
        return redirect(target)
    return _refused(request, pk, "move", form)


@require_POST
def proposal(request, pk: int):
    target = _run(request, pk)
    if target.status not in (Engagement.Status.REQUEST, Engagement.Status.PROPOSAL):
        messages.error(request, _("The proposal is fixed once the contract is signed."))
        return redirect(target)
    form = ProposalForm(request.POST, instance=target)
    if form.is_valid():
        try:
            with transaction.atomic():
                form.save()
        except ValidationError as error:
            return _refused(request, pk, "proposal", form, error)
        messages.success(request, _("The proposal is saved."))
        return redirect(target)
    return _refused(request, pk, "proposal", form)


def contract_document(request, pk: int):
    """The signed contract, for those who run the engagement only (media files
    are never served directly)."""
    engagement = _run(request, pk)
    if not engagement.contract_document:
        raise Http404
    try:
        handle = engagement.contract_document.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    return FileResponse(
        handle, as_attachment=True, filename=Path(engagement.contract_document.name).name
    )


@require_POST
def contract(request, pk: int):
    target = _run(request, pk)
    form = ContractForm(request.POST, request.FILES, instance=target)
    if form.is_valid():
        form.save()
        messages.success(request, _("The contract is recorded."))
        return redirect(target)
    return _refused(request, pk, "contract", form)


@require_POST
def team(request, pk: int):
    target = _run(request, pk)
    form = TeamForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        rate = data["rate"]
        try:
            services.team_add(
                engagement=target,
                consultant=data["consultant"],
                planned_days=data["planned_days"],
                day_rate=Money(rate, target.currency) if rate is not None else None,
            )
        except ValidationError as error:
            return _refused(request, pk, "team", form, error)
        messages.success(request, _("The consultant is on the team."))
        return redirect(target)
    return _refused(request, pk, "team", form)


@require_POST
def deliverable(request, pk: int):
    target = _run(request, pk)
    form = DeliverableForm(request.POST)
    if form.is_valid():
        try:
            services.deliverable_add(engagement=target, **form.cleaned_data)
        except ValidationError as error:
            return _refused(request, pk, "deliverable", form, error)
        messages.success(request, _("The deliverable is added."))
        return redirect(target)
    return _refused(request, pk, "deliverable", form)


@require_POST
def delivered(request, pk: int, deliverable_pk: int):
    target = _run(request, pk)
    item = get_object_or_404(Deliverable, pk=deliverable_pk, engagement=target)
    form = DeliveredForm(request.POST)
    if form.is_valid():
        item.delivered_on = form.cleaned_data["delivered_on"]
        try:
            item.full_clean()
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            item.save(update_fields=["delivered_on"])
            messages.success(request, _("The deliverable is marked delivered."))
    else:
        messages.error(request, _("Give the day it was delivered."))
    return redirect(target)


@require_POST
def time(request, pk: int):
    target, sight = _engagement(request, pk)
    consultants = _time_consultants(request.user, target, sight)
    if not consultants.exists():
        raise PermissionDenied
    form = TimeForm(request.POST, consultants=consultants)
    if form.is_valid():
        try:
            services.time_record(engagement=target, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            return _refused(request, pk, "time", form, error)
        messages.success(request, _("The time is recorded."))
        return redirect(target)
    return _refused(request, pk, "time", form)


@require_POST
def invoice(request, pk: int):
    target = _run(request, pk)
    try:
        issued = services.engagement_invoice(engagement=target, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(target)
    messages.success(request, _("Invoice %(number)s is issued.") % {"number": issued.number})
    return redirect(target)


@require_POST
def feedback(request, pk: int):
    target, sight = _engagement(request, pk)
    if not sight.client:
        raise PermissionDenied
    form = FeedbackForm(request.POST)
    if form.is_valid():
        try:
            services.feedback_give(engagement=target, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            return _refused(request, pk, "feedback", form, error)
        messages.success(request, _("Thank you for your feedback."))
        return redirect(target)
    return _refused(request, pk, "feedback", form)


# --- The consultants' network --------------------------------------------------------------


@login_required
def consultants(request):
    if not permissions.sees_network(request.user):
        raise PermissionDenied
    people = (
        Consultant.objects.active()
        .select_related("office", "user")
        .prefetch_related("services", "regions")
    )
    today = timezone.localdate()
    rows = [(consultant, consultant.availability(months=4, today=today)) for consultant in people]
    return render(request, "consultancy/consultants.html", {"rows": rows})


# --- An office's pipeline and income ----------------------------------------------------


def _office(request, code: str) -> Office:
    office = get_object_or_404(Office, code=code)
    if not request.user.is_authenticated or not permissions.runs_office(request.user, office):
        raise PermissionDenied
    return office


def office(request, code: str):
    office = _office(request, code)
    income = report.income(office)
    return render(
        request,
        "consultancy/office.html",
        {
            "office": office,
            "pipeline": report.pipeline(office),
            "income": income,
            "chart": report.income_chart(income),
            "utilisation": report.utilisation(office),
        },
    )


def office_download(request, code: str, file_format: str):
    if file_format not in FORMATS:
        raise Http404
    office = _office(request, code)
    columns, rows = report.export_rows(office)
    response = HttpResponse(content_type=CONTENT_TYPES[file_format])
    filename = f"consultancy-{office.code}-{timezone.localdate():%Y-%m-%d}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    write_table(rows, columns=columns, format=file_format, target=response)
    return response
