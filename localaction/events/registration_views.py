"""The registrations' pages: registering for an event (the fee that applies
today, and why), my registrations (cancel, badge, certificate); for those who
organise an event: its registrations (filter, files, promote, cancel, the
waiting list), badges, check-in, certificates and the report; and the public
verification of a certificate of attendance."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from localaction.accounts.access import access_of
from localaction.events import registrations as services
from localaction.events import report
from localaction.events.badges import badges_pdf
from localaction.events.certificates import certificate_pdf
from localaction.events.council import council_roll
from localaction.events.council import record_attendance as council_record_attendance
from localaction.events.models import Event, Registration
from localaction.events.permissions import can_see_event, events_organised_by, organises
from localaction.events.registration_forms import CheckInForm, FilterForm, RegisterForm, RevokeForm
from localaction.forms import show_refusal
from localaction.governance.permissions import can_keep_body
from localaction.tables import CONTENT_TYPES, FORMATS, write_table, write_workbook

# --- Helpers ---------------------------------------------------------------------------


def _event_or_404(request, slug: str) -> Event:
    event = Event.objects.filter(slug=slug).select_related("organiser").first()
    if event is None or not can_see_event(request.user, event):
        raise Http404
    return event


def _organised(request, slug: str) -> Event:
    event = _event_or_404(request, slug)
    if not organises(request.user, event):
        raise PermissionDenied
    return event


def _registration(request, pk: int) -> Registration:
    """A registration its person or the event's organisers may reach."""
    registration = get_object_or_404(
        Registration.objects.select_related("event", "person", "category", "country"), pk=pk
    )
    if not (
        registration.person_id == request.user.pk or organises(request.user, registration.event)
    ):
        raise PermissionDenied
    return registration


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES["pdf"])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- Registering -----------------------------------------------------------------------


@login_required
def register(request, slug: str):
    event = _event_or_404(request, slug)
    form = RegisterForm(request.POST or None, event=event, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            registration = services.register(
                event=event,
                person=request.user,
                category=data["category"],
                local_government=data["local_government"],
                country=data["country"],
                organisation=data["organisation"],
                postal_address=data["postal_address"],
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            if registration.status == Registration.Status.CONFIRMED:
                messages.success(request, _("You are registered for %(event)s.") % {"event": event})
            else:
                messages.warning(
                    request,
                    _("%(event)s is full: you are number %(position)s on its waiting list.")
                    % {"event": event, "position": registration.waiting_position()},
                )
            return redirect("events:my-registrations")
    existing = (
        Registration.objects.live().filter(event=event, person=request.user).first()
        if request.user.is_authenticated
        else None
    )
    member = form.fields["local_government"].queryset.first()
    fees = []
    for category in event.categories.order_by("pk"):
        amount, fee = services.fee_today(category, member)
        fees.append((category, amount, services.fee_reason(fee, category)))
    confirmed = Registration.objects.filter(
        event=event, status=Registration.Status.CONFIRMED
    ).count()
    return render(
        request,
        "events/register.html",
        {
            "event": event,
            "form": form,
            "fees": fees,
            "member": member,
            "existing": existing,
            "places_left": None if event.capacity is None else max(event.capacity - confirmed, 0),
            "organises": organises(request.user, event),
        },
    )


@login_required
def my_registrations(request):
    registrations = (
        Registration.objects.filter(person=request.user)
        .select_related("event", "category", "local_government", "invoice")
        .order_by("-event__starts_on", "-registered_at")
    )
    return render(
        request,
        "events/my_registrations.html",
        {"registrations": registrations, "revoke_form": RevokeForm()},
    )


@login_required
@require_POST
def cancel(request, pk: int):
    registration = _registration(request, pk)
    try:
        promoted = services.cancel(registration=registration, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The registration is cancelled."))
        if promoted is not None:
            messages.info(
                request,
                _("The freed place went to %(person)s, first on the waiting list.")
                % {"person": promoted.person_name},
            )
    if request.POST.get("next") == "organiser" and organises(request.user, registration.event):
        return redirect("events:registrations", registration.event.slug)
    return redirect("events:my-registrations")


@login_required
def badge(request, pk: int):
    registration = _registration(request, pk)
    if registration.status != Registration.Status.CONFIRMED:
        messages.error(request, _("A badge is printed for a confirmed registration only."))
        return redirect("events:my-registrations")
    return _pdf(
        badges_pdf(registration.event, [registration], sheet=False),
        f"badge-{registration.event.slug}-{registration.badge_code}.pdf",
    )


# --- The organisers' pages -------------------------------------------------------------


def _filtered(event: Event, form: FilterForm):
    registrations = (
        Registration.objects.filter(event=event)
        .select_related("person", "category", "local_government", "country", "invoice")
        .order_by("registered_at", "pk")
    )
    if form.is_valid():
        data = form.cleaned_data
        if data["status"]:
            registrations = registrations.filter(status=data["status"])
        if data["category"]:
            registrations = registrations.filter(category=data["category"])
        if data["q"]:
            registrations = _matching(registrations, data["q"])
    return registrations


def _matching(registrations, text: str):
    query = Q()
    for word in text.split()[:5]:
        query &= (
            Q(person__first_name__icontains=word)
            | Q(person__last_name__icontains=word)
            | Q(person__username__icontains=word)
            | Q(person__email__icontains=word)
        )
    return registrations.filter(query)


@login_required
def registrations(request, slug: str):
    event = _organised(request, slug)
    form = FilterForm(request.GET or None, event=event)
    rows = _filtered(event, form)
    waiting = list(
        Registration.objects.filter(event=event).waiting().select_related("person", "category")
    )
    confirmed = Registration.objects.filter(event=event).confirmed().count()
    return render(
        request,
        "events/registrations.html",
        {
            "event": event,
            "form": form,
            "registrations": rows[:500],
            "shown_all": rows.count() <= 500,
            "waiting": waiting,
            "confirmed": confirmed,
            "query": request.GET.urlencode(),
        },
    )


@login_required
def registrations_download(request, slug: str, file_format: str):
    if file_format not in FORMATS:
        raise Http404
    event = _organised(request, slug)
    rows = _filtered(event, FilterForm(request.GET or None, event=event))
    response = HttpResponse(content_type=CONTENT_TYPES[file_format])
    filename = f"{event.slug}-registrations-{timezone.localdate():%Y-%m-%d}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    write_table(
        report.registration_rows(event, rows),
        columns=report.REGISTRATION_COLUMNS,
        format=file_format,
        target=response,
    )
    return response


@login_required
@require_POST
def promote(request, pk: int):
    registration = _registration(request, pk)
    try:
        services.promote(registration=registration, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(person)s is confirmed and told.") % {"person": registration.person_name},
        )
    return redirect("events:registrations", registration.event.slug)


@login_required
def event_badges(request, slug: str):
    event = _organised(request, slug)
    confirmed = (
        Registration.objects.filter(event=event)
        .confirmed()
        .select_related("person", "category", "local_government")
        .order_by("person__last_name", "person__first_name", "person__username")
    )
    return _pdf(badges_pdf(event, confirmed, sheet=True), f"badges-{event.slug}.pdf")


@login_required
def check_in(request, slug: str):
    """One field a handheld scanner types the badge code into (then Enter), and
    a search by name for those who forgot their badge."""
    event = _organised(request, slug)
    form = CheckInForm(request.POST or None)
    found = []
    if request.method == "POST":
        try:
            if "registration" in request.POST:
                chosen = request.POST["registration"]
                registration = (
                    Registration.objects.filter(pk=int(chosen), event=event).first()
                    if chosen.isdigit() and len(chosen) < 12
                    else None
                )
                if registration is None:
                    raise ValidationError(_("That registration is not one of this event."))
            else:
                registration = services.find_badge(event, request.POST.get("code", ""))
            registration = services.check_in(
                event=event, registration=registration, by=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Welcome, %(person)s (%(category)s).")
                % {"person": registration.person_name, "category": registration.category.name},
            )
        return redirect("events:check-in", event.slug)
    name = request.GET.get("name", "").strip()[:100]
    if name:
        found = list(
            _matching(Registration.objects.filter(event=event), name)
            .select_related("person", "category")
            .order_by("person__last_name", "person__username")[:50]
        )
    counts = Registration.objects.filter(event=event).confirmed()
    return render(
        request,
        "events/check_in.html",
        {
            "event": event,
            "form": form,
            "name": name,
            "found": found,
            "confirmed": counts.count(),
            "arrived": counts.filter(checked_in_at__isnull=False).count(),
        },
    )


# --- Certificates of attendance --------------------------------------------------------


@login_required
@require_POST
def certificates_issue(request, slug: str):
    """Issue the certificates of every checked-in registration not holding one."""
    event = _organised(request, slug)
    attended = Registration.objects.filter(event=event, checked_in_at__isnull=False).filter(
        Q(certificate_code__isnull=True) | Q(certificate_revoked_at__isnull=False)
    )
    issued = 0
    for registration in attended:
        services.certificate_issue(registration=registration, by=request.user)
        issued += 1
    messages.success(request, _("%(count)s certificates issued.") % {"count": issued})
    return redirect("events:registrations", event.slug)


def _certified(code: str) -> Registration:
    return get_object_or_404(
        Registration.objects.select_related("event", "person", "event__organiser"),
        certificate_code=code,
    )


def certificate_verify(request, code: str):
    """Public: whether a certificate of attendance is valid or revoked."""
    registration = _certified(code)
    return render(
        request,
        "events/certificate_verify.html",
        {
            "registration": registration,
            "event": registration.event,
            "can_revoke": organises(request.user, registration.event),
            "revoke_form": RevokeForm(),
        },
    )


@login_required
def certificate_download(request, code: str):
    registration = _certified(code)
    if not (
        registration.person_id == request.user.pk or organises(request.user, registration.event)
    ):
        raise PermissionDenied
    if registration.certificate_revoked_at is not None:
        messages.error(request, _("This certificate was revoked; it is no longer printed."))
        return redirect("events:certificate-verify", code)
    return _pdf(certificate_pdf(registration), f"certificate-{code}.pdf")


@login_required
@require_POST
def certificate_revoke(request, code: str):
    registration = _certified(code)
    if not organises(request.user, registration.event):
        raise PermissionDenied
    form = RevokeForm(request.POST)
    if form.is_valid():
        try:
            services.certificate_revoke(
                registration=registration, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The certificate is revoked."))
    else:
        messages.error(request, _("Say why the certificate is revoked."))
    return redirect("events:certificate-verify", code)


# --- Reports ---------------------------------------------------------------------------


@login_required
def reports(request):
    """The events the person organises (the secretariat: all), each to its report."""
    access = access_of(request.user)
    if not (access.is_secretariat or access.is_office_staff):
        raise PermissionDenied
    events = events_organised_by(request.user).select_related("organiser")
    return render(request, "events/reports.html", {"events": events})


@login_required
def event_report(request, slug: str):
    event = _organised(request, slug)
    figures = report.event_report(event)
    return render(
        request,
        "events/report.html",
        {"event": event, "report": figures, "chart": report.region_chart(figures)},
    )


@login_required
def event_report_download(request, slug: str, file_format: str):
    if file_format not in FORMATS:
        raise Http404
    event = _organised(request, slug)
    sheets = report.report_sheets(report.event_report(event))
    response = HttpResponse(content_type=CONTENT_TYPES[file_format])
    filename = f"{event.slug}-report-{timezone.localdate():%Y-%m-%d}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    if file_format == "csv":
        # One table per file: the CSV is the report by region (the XLSX has all).
        write_table(sheets[0].rows, columns=sheets[0].columns, format="csv", target=response)
    else:
        write_workbook(sheets, target=response)
    return response


def council(request, slug: str, pk: int):
    """The roll of the governance meeting held in a session: who of those
    entitled has registered and checked in, and the quorum that makes; its
    keepers record the attendance from the check-in (events/council.py)."""
    event = _event_or_404(request, slug)
    session = get_object_or_404(
        event.sessions.select_related("meeting__body", "event"), pk=pk, meeting__isnull=False
    )
    keeps = request.user.is_authenticated and can_keep_body(request.user, session.meeting.body)
    if not (organises(request.user, event) or keeps):
        raise PermissionDenied
    if request.method == "POST":
        try:
            added = council_record_attendance(session=session, by=request.user)
        except ValidationError as refusal:
            messages.error(request, " ".join(refusal.messages))
        else:
            messages.success(
                request,
                _("%(count)s present recorded in the meeting's attendance.") % {"count": added},
            )
        return redirect("events:council", slug=event.slug, pk=session.pk)
    return render(
        request,
        "events/council.html",
        {"event": event, "session": session, "roll": council_roll(session), "keeps": keeps},
    )
