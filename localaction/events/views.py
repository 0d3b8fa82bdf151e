"""The programme side's pages: the list of events, an event, its programme
(by day and time, in the event's time zone, in the reader's language), its
calendar feed; the organisers' pages that create, edit, publish and cancel an
event and keep its sessions (with translations), tracks, rooms and speakers;
and a person's own programme with the secret address of their calendar."""

from __future__ import annotations

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from localaction.events import calendars, permissions, services
from localaction.events.forms import (
    CancelForm,
    EventForm,
    RoomForm,
    SessionForm,
    SpeakerForm,
    TrackForm,
    TranslationForm,
)
from localaction.events.models import (
    CalendarToken,
    Event,
    ProgrammeStar,
    Room,
    Session,
    SessionTranslation,
    Speaker,
    Track,
)
from localaction.forms import show_refusal
from localaction.network.models import Region

# --- Helpers ------------------------------------------------------------------------


def _event_or_404(request, slug: str) -> Event:
    """The event, if the person may see it (drafts: its organisers only)."""
    event = Event.objects.select_related("organiser", "region", "country").filter(slug=slug).first()
    if event is None or not permissions.can_see_event(request.user, event):
        raise Http404
    return event


def _organised(request, slug: str) -> Event:
    """The event, if the person organises it (others: 404 for a draft, 403 else)."""
    event = _event_or_404(request, slug)
    if not permissions.organises(request.user, event):
        raise PermissionDenied
    return event


def _base_url(request) -> str:
    return f"{request.scheme}://{request.get_host()}"


def _ics(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


# --- The list and an event ----------------------------------------------------------


def event_list(request):
    events = permissions.visible_events(request.user).select_related(
        "organiser", "region", "country"
    )
    kind = request.GET.get("kind", "")
    if kind in Event.Kind.values:
        events = events.filter(kind=kind)
    event_format = request.GET.get("format", "")
    if event_format in Event.Format.values:
        events = events.filter(format=event_format)
    region = request.GET.get("region", "")
    if region:
        events = events.filter(region__code=region)
    today = timezone.localdate()
    return render(
        request,
        "events/list.html",
        {
            "upcoming": events.filter(ends_on__gte=today).order_by("starts_on", "title"),
            "past": events.filter(ends_on__lt=today).order_by("-starts_on", "title")[:50],
            "kinds": Event.Kind.choices,
            "formats": Event.Format.choices,
            "regions": Region.objects.order_by("name"),
            "chosen": {"kind": kind, "format": event_format, "region": region},
            "can_create": permissions.can_create(request.user),
        },
    )


def event_detail(request, slug: str):
    event = _event_or_404(request, slug)
    return render(
        request,
        "events/event.html",
        {
            "event": event,
            "organises": permissions.organises(request.user, event),
            "sessions": event.sessions.count(),
            "cancel_form": CancelForm(),
        },
    )


@login_required
def event_new(request):
    if not permissions.can_create(request.user):
        raise PermissionDenied
    form = EventForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        event = form.save(commit=False)
        event.created_by = request.user
        event.save()
        messages.success(request, _("The event is saved as a draft."))
        return redirect(event)
    return render(request, "events/event_form.html", {"form": form, "event": None})


@login_required
def event_edit(request, slug: str):
    event = _organised(request, slug)
    form = EventForm(request.POST or None, instance=event, user=request.user)
    if request.method == "POST" and form.is_valid():
        event = form.save()
        messages.success(request, _("The event is saved."))
        return redirect(event)
    return render(request, "events/event_form.html", {"form": form, "event": event})


@login_required
@require_POST
def event_publish(request, slug: str):
    event = _organised(request, slug)
    try:
        services.event_publish(event=event)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The event is published."))
    return redirect(event)


@login_required
def event_cancel(request, slug: str):
    event = _organised(request, slug)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_cancel(event=event, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("The event is cancelled."))
            return redirect(event)
    return render(request, "events/cancel.html", {"event": event, "form": form})


# --- The programme ------------------------------------------------------------------


def programme(request, slug: str):
    event = _event_or_404(request, slug)
    sessions = list(
        event.sessions.select_related("track", "room", "meeting__body").prefetch_related(
            "speakers", "translations"
        )
    )
    starred: set[int] = set()
    if request.user.is_authenticated:
        starred = set(
            ProgrammeStar.objects.filter(user=request.user, session__event=event).values_list(
                "session_id", flat=True
            )
        )
    zone = event.zone
    rows = []
    for session in sessions:
        text = session.in_language()
        rows.append(
            {
                "session": session,
                "text": text,
                "starts": timezone.localtime(session.starts_at, zone),
                "ends": timezone.localtime(session.ends_at, zone),
                "starred": session.pk in starred,
            }
        )
    days = [
        {"day": day, "rows": list(group)}
        for day, group in groupby(rows, key=lambda row: row["starts"].date())
    ]
    # Times on the page are the event's local times.
    with timezone.override(zone):
        return render(
            request,
            "events/programme.html",
            {
                "event": event,
                "days": days,
                "tracks": event.tracks.all(),
                "rooms": event.rooms.all(),
                "organises": permissions.organises(request.user, event),
                "zone_now": timezone.localtime(timezone.now(), zone).strftime("%z"),
            },
        )


@login_required
@require_POST
def session_star(request, slug: str, pk: int):
    event = _event_or_404(request, slug)
    session = get_object_or_404(Session, pk=pk, event=event)
    starred = request.POST.get("starred") == "1"
    services.session_star(user=request.user, session=session, starred=starred)
    return redirect(session.get_absolute_url())


def event_calendar(request, slug: str):
    event = _event_or_404(request, slug)
    return _ics(calendars.event_calendar(event, _base_url(request)), f"{event.slug}.ics")


# --- My programme and its calendar --------------------------------------------------


@login_required
def mine(request):
    token = services.calendar_token_of(request.user)
    sessions = (
        calendars.person_sessions(request.user)
        .select_related("event", "room")
        .prefetch_related("translations", "speakers")
    )
    rows = [
        {
            "session": session,
            "text": session.in_language(),
            "starts": timezone.localtime(session.starts_at, session.event.zone),
            "ends": timezone.localtime(session.ends_at, session.event.zone),
            "speaks": any(speaker.user_id == request.user.pk for speaker in session.speakers.all()),
        }
        for session in sessions
    ]
    feed = request.build_absolute_uri(reverse("events:person-calendar", args=[token.token]))
    return render(request, "events/mine.html", {"rows": rows, "feed": feed})


@login_required
@require_POST
def calendar_reset(request):
    services.calendar_token_of(request.user).reset()
    messages.success(request, _("Your calendar has a new address: the old one no longer works."))
    return redirect("events:mine")


def person_calendar(request, token: str):
    calendar = CalendarToken.objects.select_related("user").filter(token=token).first()
    if calendar is None or not calendar.user.is_active:
        raise Http404
    return _ics(
        calendars.person_calendar(calendar.user, _("My programme"), _base_url(request)),
        "my-programme.ics",
    )


# --- The organisers' programme pages -------------------------------------------------


@login_required
def programme_manage(request, slug: str):
    event = _organised(request, slug)
    with timezone.override(event.zone):
        return render(
            request,
            "events/manage.html",
            {
                "event": event,
                "sessions": event.sessions.select_related("track", "room").prefetch_related(
                    "translations"
                ),
                "tracks": event.tracks.all(),
                "rooms": event.rooms.all(),
                "speakers": event.speakers.select_related("user"),
            },
        )


def _manage_url(event: Event) -> str:
    return reverse("events:manage", kwargs={"slug": event.slug})


@login_required
def session_edit(request, slug: str, pk: int | None = None):
    event = _organised(request, slug)
    session = get_object_or_404(Session, pk=pk, event=event) if pk else None
    # Times are typed and shown in the event's time zone.
    with timezone.override(event.zone):
        form = SessionForm(request.POST or None, instance=session, event=event)
        if request.method == "POST" and form.is_valid():
            try:
                services.session_save(session=form.instance, speakers=form.cleaned_data["speakers"])
            except ValidationError as error:
                show_refusal(form, error)
            else:
                messages.success(request, _("The session is saved."))
                return redirect(_manage_url(event))
        return render(
            request,
            "events/item_form.html",
            {
                "event": event,
                "form": form,
                "heading": _("Edit the session") if session else _("Add a session"),
                "item": session,
            },
        )


@login_required
def translation_edit(request, slug: str, session: int, pk: int | None = None):
    event = _organised(request, slug)
    item = get_object_or_404(Session, pk=session, event=event)
    translation = get_object_or_404(SessionTranslation, pk=pk, session=item) if pk else None
    form = TranslationForm(request.POST or None, instance=translation, session=item)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The translation is saved."))
        return redirect(_manage_url(event))
    return render(
        request,
        "events/item_form.html",
        {
            "event": event,
            "form": form,
            "heading": _("Translate “%(title)s”") % {"title": item.title},
            "item": translation,
        },
    )


PARTS = {
    "tracks": (Track, TrackForm),
    "rooms": (Room, RoomForm),
    "speakers": (Speaker, SpeakerForm),
}


@login_required
def part_edit(request, slug: str, part: str, pk: int | None = None):
    """Add or edit a track, a room or a speaker of the event."""
    if part not in PARTS:
        raise Http404
    event = _organised(request, slug)
    model, form_class = PARTS[part]
    item = get_object_or_404(model, pk=pk, event=event) if pk else None
    form = form_class(request.POST or None, instance=item, event=event)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect(_manage_url(event))
    return render(
        request,
        "events/item_form.html",
        {
            "event": event,
            "form": form,
            "heading": model._meta.verbose_name.capitalize(),
            "item": item,
        },
    )


DELETABLE = {
    "sessions": Session,
    "tracks": Track,
    "rooms": Room,
    "speakers": Speaker,
}


@login_required
def part_delete(request, slug: str, part: str, pk: int):
    """Delete a session, a track, a room or a speaker, after a confirmation page."""
    if part not in DELETABLE and part != "translations":
        raise Http404
    event = _organised(request, slug)
    if part == "translations":
        item = get_object_or_404(SessionTranslation, pk=pk, session__event=event)
    else:
        item = get_object_or_404(DELETABLE[part], pk=pk, event=event)
    if request.method == "POST":
        item.delete()
        messages.success(request, _("“%(item)s” is deleted.") % {"item": item})
        return redirect(_manage_url(event))
    return render(request, "events/delete.html", {"event": event, "item": item})
