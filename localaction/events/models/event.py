"""An event of the association: what, who organises it, when, where and how
many may come."""

from __future__ import annotations

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from localaction.network.models import Country, Office, Region


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            gettext("'%(zone)s' is not a time zone of the IANA database, e.g. Africa/Johannesburg.")
            % {"zone": value}
        )


class EventQuerySet(models.QuerySet):
    def published(self) -> EventQuerySet:
        """Events anyone may see: published, or published and then cancelled."""
        return self.exclude(status=Event.Status.DRAFT)

    def upcoming(self, today=None) -> EventQuerySet:
        return self.filter(ends_on__gte=today or timezone.localdate())


class Event(models.Model):
    """One event: the triennial World Congress (where the Council meets and
    members report), a region's members' conference, a training or workshop,
    a webinar, or a side event at a policy process (plan §4.2b, §4).

    Its days are calendar days where it happens (`time_zone`); `capacity` is
    the number of places (empty: no limit), which registrations never exceed.
    """

    class Kind(models.TextChoices):
        WORLD_CONGRESS = "world-congress", _("World Congress")
        MEMBERS_CONFERENCE = "members-conference", _("Regional members' conference")
        TRAINING = "training", _("Training")
        WORKSHOP = "workshop", _("Workshop")
        WEBINAR = "webinar", _("Webinar")
        SIDE_EVENT = "side-event", _("Side event at a policy process")

    class Format(models.TextChoices):
        IN_PERSON = "in-person", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("In person and online")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

    # Short names the site's own addresses take (events/urls.py: events/me/…).
    RESERVED_SLUGS = frozenset({"new", "me", "calendar", "registrations", "certificates"})

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    summary = models.TextField(_("summary"), max_length=5000, blank=True)
    organiser = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="events", verbose_name=_("organising office")
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("region"),
        help_text=_("The region a members' conference is for; empty for the whole network."),
    )
    language = models.CharField(
        _("main language"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    time_zone = models.CharField(
        _("time zone"),
        max_length=60,
        default="UTC",
        validators=[validate_time_zone],
        help_text=_("Where the event happens, e.g. Africa/Johannesburg; online events: UTC."),
    )
    format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("country"),
    )
    online_url = models.URLField(_("online link"), blank=True)
    capacity = models.PositiveIntegerField(
        _("places"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Empty: no limit."),
    )
    registration_opens_on = models.DateField(_("registration opens"), null=True, blank=True)
    registration_closes_on = models.DateField(_("registration closes"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # Programme side: when and why it was cancelled (events/services.py).
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancellation_reason = models.TextField(_("reason for cancelling"), max_length=1000, blank=True)

    history = HistoricalRecords()
    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "title"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="event_ends_after_it_starts"
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="event_capacity_at_least_one",
            ),
            models.CheckConstraint(
                condition=Q(registration_opens_on__isnull=True)
                | Q(registration_closes_on__isnull=True)
                | Q(registration_closes_on__gte=F("registration_opens_on")),
                name="event_registration_closes_after_it_opens",
            ),
        ]
        indexes = [models.Index(fields=["status", "starts_on"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:event", kwargs={"slug": self.slug})

    def clean(self) -> None:
        errors = {}
        if self.slug in self.RESERVED_SLUGS:
            errors["slug"] = gettext("This short name is taken by a page of the site.")
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = gettext("An event ends on or after its first day.")
        if (
            self.registration_opens_on
            and self.registration_closes_on
            and self.registration_closes_on < self.registration_opens_on
        ):
            errors["registration_closes_on"] = gettext("Registration closes after it opens.")
        if self.format != self.Format.ONLINE and not (self.city or self.venue):
            errors["city"] = gettext("An event held in person needs its city or venue.")
        if self.format != self.Format.IN_PERSON and not self.online_url:
            errors["online_url"] = gettext("An event held online needs its online link.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_public(self) -> bool:
        return self.status != self.Status.DRAFT

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)
