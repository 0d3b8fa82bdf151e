"""Who comes to an event: the categories people register in (with their fees)
and the registrations themselves (confirmed, waiting or cancelled), with their
badge, check-in, invoice and certificate of attendance."""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from djmoney.models.validators import MaxMoneyValidator, MinMoneyValidator
from djmoney.money import Money

from localaction.core.events import MAX_FEE, CategoryFees, Fee, fee_on
from localaction.events.models.event import Event
from localaction.finance.models.schedules import money_field
from localaction.network.models import Country, LocalGovernment


def badge_code() -> str:
    """A badge's code: 60 random bits in Crockford-like base 32 (no 0/O, 1/I
    confusion), short enough to type, never guessable from another."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(12))


def certificate_code() -> str:
    return secrets.token_urlsafe(12)


class RegistrationCategory(models.Model):
    """A way to come to an event, with its fee: member delegates (free within
    the member's free places, `members_free`), non-members, partners,
    speakers, press. Every category of an event is in one currency."""

    class Kind(models.TextChoices):
        MEMBER_DELEGATE = "member-delegate", _("Member delegate")
        NON_MEMBER = "non-member", _("Non-member")
        PARTNER = "partner", _("Partner")
        SPEAKER = "speaker", _("Speaker")
        PRESS = "press", _("Press")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="categories", verbose_name=_("event")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=100)
    fee = money_field(
        _("fee"), validators=[MinMoneyValidator(0), MaxMoneyValidator(float(MAX_FEE))]
    )
    early_fee = money_field(
        _("early-bird fee"),
        null=True,
        blank=True,
        validators=[MinMoneyValidator(0), MaxMoneyValidator(float(MAX_FEE))],
    )
    early_until = models.DateField(
        _("early bird until"),
        null=True,
        blank=True,
        help_text=_("The last day (included) of the early-bird fee."),
    )
    members_free = models.PositiveSmallIntegerField(
        _("free places per member"),
        default=0,
        validators=[MaxValueValidator(1000)],
        help_text=_("Member delegates only: how many of a member's delegates come free."),
    )

    class Meta:
        ordering = ["event", "pk"]
        verbose_name = _("registration category")
        verbose_name_plural = _("registration categories")
        constraints = [
            models.UniqueConstraint(fields=["event", "name"], name="category_name_once_per_event")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def currency(self) -> str:
        return str(self.fee.currency)

    def clean(self) -> None:
        errors = {}
        if (self.early_fee is None) != (self.early_until is None):
            errors["early_until"] = gettext(
                "An early-bird fee needs its last day, and a last day its fee."
            )
        if (
            self.fee is not None
            and self.early_fee is not None
            and self.early_fee.currency != self.fee.currency
        ):
            errors["early_fee"] = gettext("The early-bird fee is in the fee's currency.")
        if self.members_free and self.kind != self.Kind.MEMBER_DELEGATE:
            errors["members_free"] = gettext("Only member delegates have free places.")
        if self.fee is not None and self.event_id:
            other = (
                RegistrationCategory.objects.filter(event_id=self.event_id)
                .exclude(pk=self.pk)
                .exclude(fee_currency=self.currency)
                .first()
            )
            if other is not None:
                errors["fee"] = gettext(
                    "Every category of an event is in one currency: %(other)s is in %(currency)s."
                ) % {"other": other.name, "currency": other.currency}
        if errors:
            raise ValidationError(errors)

    def fees(self) -> CategoryFees:
        return CategoryFees(
            fee=self.fee.amount,
            early_fee=self.early_fee.amount if self.early_fee is not None else None,
            early_until=self.early_until,
            members_free=self.members_free,
            member_delegate=self.kind == self.Kind.MEMBER_DELEGATE,
        )

    def fee_for(
        self,
        local_government: LocalGovernment | None,
        on: datetime.date,
        *,
        besides: Registration | None = None,
    ) -> tuple[Money, Fee]:
        """The fee for one more registration in this category on `on` (for a
        member delegate, counting the member's confirmed delegates besides
        `besides`: the free places go to the first confirmed)."""
        taken = 0
        if self.kind == self.Kind.MEMBER_DELEGATE and local_government is not None:
            delegates = Registration.objects.confirmed().filter(
                event_id=self.event_id,
                category__kind=self.Kind.MEMBER_DELEGATE,
                local_government=local_government,
            )
            if besides is not None and besides.pk:
                delegates = delegates.exclude(pk=besides.pk)
            taken = delegates.count()
        fee = fee_on(self.fees(), on, member_places_taken=taken)
        return Money(fee.amount, self.currency), fee


class RegistrationQuerySet(models.QuerySet):
    def live(self) -> RegistrationQuerySet:
        return self.exclude(status=Registration.Status.CANCELLED)

    def confirmed(self) -> RegistrationQuerySet:
        return self.filter(status=Registration.Status.CONFIRMED)

    def waiting(self) -> RegistrationQuerySet:
        """The waiting list in its order: first registered, first served."""
        return self.filter(status=Registration.Status.WAITING).order_by("registered_at", "pk")


class Registration(models.Model):
    """One person's registration for an event. Confirmed within the event's
    places, else waiting (in the order of registration); at most one live
    (not cancelled) registration per person and event."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITING = "waiting", _("Waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(
        Event, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("event")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="event_registrations",
        verbose_name=_("person"),
    )
    category = models.ForeignKey(
        RegistrationCategory,
        on_delete=models.PROTECT,
        related_name="registrations",
        verbose_name=_("category"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    local_government = models.ForeignKey(
        LocalGovernment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="event_registrations",
        verbose_name=_("member"),
        help_text=_("The member a delegate represents."),
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        related_name="event_registrations",
        verbose_name=_("country"),
        help_text=_("Where the person comes from (a delegate: the member's country)."),
    )
    postal_address = models.TextField(_("postal address"), max_length=1000, blank=True)
    registered_at = models.DateTimeField(_("registered at"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    badge_code = models.CharField(_("badge code"), max_length=20, unique=True, default=badge_code)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked in by"),
    )
    invoice = models.OneToOneField(
        "finance.Invoice",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="event_registration",
        verbose_name=_("invoice"),
    )
    certificate_code = models.CharField(
        _("certificate code"), max_length=30, unique=True, null=True, blank=True
    )
    certificate_issued_at = models.DateTimeField(_("certificate issued at"), null=True, blank=True)
    certificate_revoked_at = models.DateTimeField(
        _("certificate revoked at"), null=True, blank=True
    )
    certificate_revoked_reason = models.TextField(
        _("why the certificate was revoked"), max_length=2000, blank=True
    )

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["event", "registered_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "person"],
                condition=~Q(status="cancelled"),
                name="one_live_registration_per_person_and_event",
                violation_error_message=_("This person is already registered for this event."),
            ),
            models.CheckConstraint(
                condition=Q(checked_in_at__isnull=True) | Q(status="confirmed"),
                name="registration_checked_in_only_when_confirmed",
            ),
        ]
        indexes = [models.Index(fields=["event", "status", "registered_at"])]

    def __str__(self) -> str:
        return f"{self.person} — {self.event}"

    def get_absolute_url(self) -> str:
        return reverse("events:my-registrations")

    @property
    def person_name(self) -> str:
        return self.person.get_full_name() or self.person.username

    @property
    def organisation_name(self) -> str:
        if self.local_government_id:
            return self.local_government.name
        return self.organisation

    @property
    def has_certificate(self) -> bool:
        return bool(self.certificate_code) and self.certificate_revoked_at is None

    def waiting_position(self) -> int | None:
        """1 for the first waiting, … ; None unless waiting."""
        if self.status != self.Status.WAITING:
            return None
        ahead = Registration.objects.filter(
            event_id=self.event_id, status=self.Status.WAITING
        ).filter(
            Q(registered_at__lt=self.registered_at)
            | Q(registered_at=self.registered_at, pk__lt=self.pk)
        )
        return ahead.count() + 1
