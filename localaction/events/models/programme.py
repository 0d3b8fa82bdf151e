"""An event's programme: its tracks, rooms, speakers and sessions (with their
translations), and what each person keeps of it — the sessions they starred
("my programme") and the secret address of their calendar feed.

A session's times are aware datetimes; they are entered and shown in the
event's time zone, and checked against the event's days there.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from localaction.events.models.event import Event
from localaction.governance.models import Meeting


class Track(models.Model):
    """A thread of the programme (e.g. "Climate", "Finance"), shown beside its sessions."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="tracks", verbose_name=_("event")
    )
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), max_length=2000, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("track")
        verbose_name_plural = _("tracks")
        constraints = [
            models.UniqueConstraint(fields=["event", "name"], name="track_name_unique_per_event")
        ]

    def __str__(self) -> str:
        return self.name


class Room(models.Model):
    """A room of the venue (with its seats), or an online room (its link)."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="rooms", verbose_name=_("event")
    )
    name = models.CharField(_("name"), max_length=120)
    capacity = models.PositiveIntegerField(
        _("seats"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    online_url = models.URLField(_("online link"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        constraints = [
            models.UniqueConstraint(fields=["event", "name"], name="room_name_unique_per_event")
        ]

    def __str__(self) -> str:
        return self.name


class Speaker(models.Model):
    """Someone who speaks at the event; `user` links the person's account, so
    that their sessions reach their calendar feed."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="speakers", verbose_name=_("event")
    )
    name = models.CharField(_("name"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    biography = models.TextField(_("biography"), max_length=5000, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="speaker_at",
        verbose_name=_("account"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})" if self.organisation else self.name


class Session(models.Model):
    """One session of the programme. It lies within the event's days (in the
    event's time zone) and ends after it starts; its room is never booked twice
    at once, nor its speakers (services.session_save checks those across
    sessions). A Council session may link the governance meeting held in it."""

    class Kind(models.TextChoices):
        PLENARY = "plenary", _("Plenary")
        PARALLEL = "parallel", _("Parallel session")
        WORKSHOP = "workshop", _("Workshop")
        SIDE_MEETING = "side-meeting", _("Side meeting")
        COUNCIL = "council", _("Council")
        FIELD_VISIT = "field-visit", _("Field visit")
        BREAK = "break", _("Break")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("event")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PARALLEL)
    track = models.ForeignKey(
        Track,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("track"),
    )
    room = models.ForeignKey(
        Room,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("room"),
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    online_url = models.URLField(_("online link"), blank=True)
    speakers = models.ManyToManyField(
        Speaker, blank=True, related_name="sessions", verbose_name=_("speakers")
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_sessions",
        verbose_name=_("governance meeting"),
        help_text=_("A Council session: the meeting held in it (its agenda is linked)."),
    )

    class Meta:
        ordering = ["starts_at", "room__name", "title"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after_it_starts"
            )
        ]
        indexes = [models.Index(fields=["event", "starts_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:programme", kwargs={"slug": self.event.slug}) + f"#session-{self.pk}"

    def overlapping(self) -> models.QuerySet[Session]:
        """The event's other sessions whose times overlap this one's."""
        return (
            Session.objects.filter(
                event_id=self.event_id, starts_at__lt=self.ends_at, ends_at__gt=self.starts_at
            )
            .exclude(pk=self.pk)
            .order_by("starts_at")
        )

    def clean(self) -> None:
        errors: dict[str, str] = {}
        event = self.event
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = gettext("A session ends after it starts.")
        if self.starts_at:
            day = timezone.localtime(self.starts_at, event.zone).date()
            if not event.starts_on <= day <= event.ends_on:
                errors["starts_at"] = gettext(
                    "The session starts on %(day)s in %(zone)s, outside the event's days "
                    "(%(first)s to %(last)s)."
                ) % {"day": day, "zone": event.time_zone, "first": event.starts_on,
                     "last": event.ends_on}  # fmt: skip
        if self.ends_at and "ends_at" not in errors:
            end = timezone.localtime(self.ends_at, event.zone)
            # A session ending at midnight ends on the day before.
            day = (end - timezone.timedelta(microseconds=1)).date()
            if day > event.ends_on:
                errors["ends_at"] = gettext(
                    "The session ends on %(day)s in %(zone)s, after the event's last day "
                    "(%(last)s)."
                ) % {"day": day, "zone": event.time_zone, "last": event.ends_on}
        if self.track_id and self.track.event_id != self.event_id:
            errors["track"] = gettext("This track belongs to another event.")
        if self.room_id and self.room.event_id != self.event_id:
            errors["room"] = gettext("This room belongs to another event.")
        if (
            self.room_id
            and "room" not in errors
            and self.starts_at
            and self.ends_at
            and self.ends_at > self.starts_at
        ):
            clash = self.overlapping().filter(room_id=self.room_id).first()
            if clash is not None:
                errors["room"] = gettext(
                    "%(room)s is booked then for “%(other)s” (%(start)s–%(end)s)."
                ) % {
                    "room": self.room.name,
                    "other": clash.title,
                    "start": f"{timezone.localtime(clash.starts_at, event.zone):%H:%M}",
                    "end": f"{timezone.localtime(clash.ends_at, event.zone):%H:%M}",
                }
        if self.meeting_id:
            if self.kind != self.Kind.COUNCIL:
                errors["meeting"] = gettext("Only a Council session links a governance meeting.")
            elif self.starts_at and self.ends_at:
                first = timezone.localtime(self.starts_at, event.zone).date()
                last = timezone.localtime(self.ends_at, event.zone).date()
                if not first <= self.meeting.held_on <= last:
                    errors["meeting"] = gettext(
                        "The meeting is held on %(held)s, not during this session (%(first)s)."
                    ) % {"held": self.meeting.held_on, "first": first}
        if errors:
            raise ValidationError(errors)

    def speaker_clashes(self, speakers) -> dict[Speaker, Session]:
        """Each of `speakers` already speaking at an overlapping session, with that session."""
        clashes: dict[Speaker, Session] = {}
        ids = [speaker.pk for speaker in speakers]
        for other in self.overlapping().filter(speakers__in=ids).prefetch_related("speakers"):
            for speaker in other.speakers.all():
                if speaker.pk in ids and speaker not in clashes:
                    clashes[speaker] = other
        return clashes

    def in_language(self, language: str | None = None) -> SessionText:
        """The session's title and description in `language` (the reader's,
        by default) when translated, else the original, with its language."""
        language = (language or get_language() or "en").split("-")[0]
        if language != self.language:
            for translation in self.translations.all():
                if translation.language == language:
                    return SessionText(translation.title, translation.description, language, True)
        return SessionText(self.title, self.description, self.language, False)


@dataclass(frozen=True)
class SessionText:
    """A session's text as shown to one reader."""

    title: str
    description: str
    language: str
    translated: bool

    @property
    def language_name(self) -> str:
        return dict(settings.LANGUAGES).get(self.language, self.language)


class SessionTranslation(models.Model):
    """A session's title and description in another language of the site."""

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="translations", verbose_name=_("session")
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=5000, blank=True)

    class Meta:
        ordering = ["language"]
        verbose_name = _("session translation")
        verbose_name_plural = _("session translations")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "language"], name="session_translation_unique_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} [{self.language}]"

    def clean(self) -> None:
        if self.session_id and self.language == self.session.language:
            raise ValidationError(
                {"language": gettext("This is the session's own language: edit the session.")}
            )


class ProgrammeStar(models.Model):
    """A session a person added to "my programme"."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="programme_stars",
        verbose_name=_("person"),
    )
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="stars", verbose_name=_("session")
    )
    created_at = models.DateTimeField(_("added at"), default=timezone.now)

    class Meta:
        verbose_name = _("session in my programme")
        verbose_name_plural = _("sessions in my programme")
        constraints = [
            models.UniqueConstraint(fields=["user", "session"], name="programme_star_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} ★ {self.session}"


def new_calendar_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarToken(models.Model):
    """The secret in the address of a person's calendar feed (calendar apps
    cannot log in); resetting it makes the old address stop working."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="event_calendar",
        verbose_name=_("person"),
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_calendar_token)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("calendar address")
        verbose_name_plural = _("calendar addresses")

    def __str__(self) -> str:
        return str(self.user)

    def reset(self) -> None:
        self.token = new_calendar_token()
        self.created_at = timezone.now()
        self.save(update_fields=["token", "created_at"])
