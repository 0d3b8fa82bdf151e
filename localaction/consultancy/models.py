"""Technical services and consultancy (plan §4.4): the service catalogue, the
consultants' network (staff and affiliated external experts) and engagements
with clients, members or not — from request to proposal, contract, team,
deliverables, time, fee, invoice and the client's feedback.

Money is exact (django-money): an engagement has one currency; its fixed fee
and its team's day rates are in it, so the fee it earns (core/consultancy.py)
is in it too. Day rates are confidential: the pages, the API and the admin
show them only to the people who run the engagement (permissions.py).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from djmoney.models.validators import MinMoneyValidator
from djmoney.money import Money

from localaction.campaigns.models import Campaign
from localaction.core import consultancy as method
from localaction.finance.models import Invoice
from localaction.finance.models.schedules import currency_field, money_field
from localaction.network.models import LocalGovernment, Office, Region
from localaction.sustainability.instruments import INSTRUMENTS, validate_instruments
from localaction.validators import DOCUMENT_VALIDATORS

DAY_DIGITS = {"max_digits": 7, "decimal_places": 2}


def instrument_names(keys) -> list[str]:
    return [str(INSTRUMENTS[key]) for key in keys if key in INSTRUMENTS]


def validate_quarter_days(value: Decimal) -> None:
    if value % method.DAY_STEP:
        raise ValidationError(
            gettext("Days are counted in quarter days (0.25, 0.5, 0.75 …), not %(days)s.")
            % {"days": value}
        )


# --- The catalogue -------------------------------------------------------------------


class ServiceQuerySet(models.QuerySet):
    def active(self) -> ServiceQuerySet:
        return self.filter(active=True)


class Service(models.Model):
    """A technical service the Agency offers (energy management, GHG
    inventories, ecoBUDGET implementation …), with an indicative price."""

    class PriceBasis(models.TextChoices):
        PER_DAY = "per-day", _("per day")
        FIXED = "fixed", _("fixed price")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    summary = models.CharField(_("summary"), max_length=300)
    description = models.TextField(_("description"), max_length=10_000, blank=True)
    instruments = models.JSONField(
        _("instruments"),
        default=list,
        blank=True,
        validators=[validate_instruments],
        help_text=_("Keys of the platform's instruments, e.g. ghg-inventory, ecobudget."),
    )
    campaigns = models.ManyToManyField(
        Campaign, blank=True, related_name="services", verbose_name=_("campaigns")
    )
    offices = models.ManyToManyField(
        Office, related_name="services", verbose_name=_("offices offering it")
    )
    price = money_field(
        _("indicative price"), null=True, blank=True, validators=[MinMoneyValidator(0)]
    )
    price_basis = models.CharField(
        _("price basis"), max_length=10, choices=PriceBasis.choices, default=PriceBasis.PER_DAY
    )
    price_note = models.CharField(
        _("price note"),
        max_length=300,
        blank=True,
        help_text=_("E.g. “plus travel”, “for a city of up to 500,000 people”."),
    )
    active = models.BooleanField(_("active"), default=True)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("service")
        verbose_name_plural = _("services")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("consultancy:service", args=[self.slug])

    @property
    def instrument_names(self) -> list[str]:
        return instrument_names(self.instruments)


# --- The consultants' network ------------------------------------------------------------


class ConsultantQuerySet(models.QuerySet):
    def active(self) -> ConsultantQuerySet:
        return self.filter(active=True)


class Consultant(models.Model):
    """A member of the consultants' network: office staff (a user with a role
    at `office`) or an affiliated external expert (name, e-mail, organisation),
    attached to `office`, which keeps their record."""

    class Kind(models.TextChoices):
        STAFF = "staff", _("Staff")
        EXTERNAL = "external", _("Affiliated external expert")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultant",
        verbose_name=_("user"),
    )
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="consultants", verbose_name=_("office")
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    services = models.ManyToManyField(
        Service, blank=True, related_name="consultants", verbose_name=_("services")
    )
    instruments = models.JSONField(
        _("instruments"), default=list, blank=True, validators=[validate_instruments]
    )
    languages = models.JSONField(
        _("languages"), default=list, blank=True, help_text=_("ISO 639-1 codes, e.g. en, fr.")
    )
    regions = models.ManyToManyField(
        Region, blank=True, related_name="consultants", verbose_name=_("regions")
    )
    day_rate = money_field(_("day rate"), validators=[MinMoneyValidator(0)])
    days_per_month = models.DecimalField(
        _("days available per month"),
        default=Decimal("15"),
        validators=[MinValueValidator(0), MaxValueValidator(31)],
        **DAY_DIGITS,
    )
    active = models.BooleanField(_("active"), default=True)

    objects = ConsultantQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("consultant")
        verbose_name_plural = _("consultants")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="external") | Q(user__isnull=False),
                name="staff_consultant_is_a_user",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.kind == self.Kind.STAFF and self.user_id is None:
            raise ValidationError(
                {"user": gettext("A staff consultant is a user of the platform.")}
            )
        if self.kind == self.Kind.EXTERNAL and not self.email:
            raise ValidationError({"email": gettext("An external expert is reached by e-mail.")})
        if not isinstance(self.languages, list) or not all(
            isinstance(code, str) and len(code) in (2, 3) for code in self.languages
        ):
            raise ValidationError({"languages": gettext("Languages are a list of ISO 639 codes.")})

    @property
    def instrument_names(self) -> list[str]:
        return instrument_names(self.instruments)

    def booked_by_month(self) -> dict[tuple[int, int], Decimal]:
        """Days planned on engagements under contract or in progress, by month."""
        bookings = [
            method.Booking(
                member.planned_days, member.engagement.starts_on, member.engagement.ends_on
            )
            for member in self.team_places.filter(
                engagement__status__in=Engagement.BOOKING_STATUSES,
                engagement__starts_on__isnull=False,
                engagement__ends_on__isnull=False,
            ).select_related("engagement")
        ]
        return method.booked_by_month(bookings)

    def availability(self, *, months: int = 6, today: datetime.date | None = None) -> list[dict]:
        """From this month on: the days booked and still available in each month."""
        today = today or timezone.localdate()
        booked = self.booked_by_month()
        rows = []
        year, month = today.year, today.month
        for _index in range(months):
            days = booked.get((year, month), Decimal(0))
            rows.append(
                {
                    "month": datetime.date(year, month, 1),
                    "booked": days,
                    "available": max(self.days_per_month - days, Decimal(0)),
                    "overbooked": days > self.days_per_month,
                }
            )
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return rows


# --- Engagements ---------------------------------------------------------------------------


class EngagementQuerySet(models.QuerySet):
    def open(self) -> EngagementQuerySet:
        return self.exclude(status__in=Engagement.ENDED)


class Engagement(models.Model):
    """One piece of work for a client: a member local government, or an
    external client (name, contact, e-mail, address); the office responsible
    answers for it. It moves request → proposal → contract → in progress →
    delivered → closed, or ends declined or cancelled (`TRANSITIONS`)."""

    class Status(models.TextChoices):
        REQUEST = "request", _("Request")
        PROPOSAL = "proposal", _("Proposal sent")
        CONTRACT = "contract", _("Under contract")
        IN_PROGRESS = "in-progress", _("In progress")
        DELIVERED = "delivered", _("Delivered")
        CLOSED = "closed", _("Closed")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")

    class FeeBasis(models.TextChoices):
        FIXED = method.FIXED, _("Fixed fee")
        TIME = method.TIME, _("Time-based (days × day rate)")

    TRANSITIONS = {
        Status.REQUEST: (Status.PROPOSAL, Status.DECLINED, Status.CANCELLED),
        Status.PROPOSAL: (Status.CONTRACT, Status.DECLINED, Status.CANCELLED),
        Status.CONTRACT: (Status.IN_PROGRESS, Status.CANCELLED),
        Status.IN_PROGRESS: (Status.DELIVERED, Status.CANCELLED),
        Status.DELIVERED: (Status.CLOSED,),
        Status.CLOSED: (),
        Status.DECLINED: (),
        Status.CANCELLED: (),
    }
    ENDED = (Status.CLOSED, Status.DECLINED, Status.CANCELLED)
    # The statuses that book consultants' days.
    BOOKING_STATUSES = (Status.CONTRACT, Status.IN_PROGRESS)
    INVOICEABLE = (Status.DELIVERED, Status.CLOSED)

    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="engagements", verbose_name=_("service")
    )
    office = models.ForeignKey(
        Office,
        on_delete=models.PROTECT,
        related_name="engagements",
        verbose_name=_("office responsible"),
    )
    title = models.CharField(_("title"), max_length=200)
    # The client: a member, or someone outside the network.
    local_government = models.ForeignKey(
        LocalGovernment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="engagements",
        verbose_name=_("member client"),
    )
    client_name = models.CharField(_("client"), max_length=200, blank=True)
    client_contact = models.CharField(_("contact person"), max_length=200, blank=True)
    client_email = models.EmailField(_("client's e-mail"), blank=True)
    client_address = models.TextField(_("client's postal address"), max_length=1000, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="engagements_requested",
        verbose_name=_("requested by"),
    )
    request = models.TextField(_("what is asked"), max_length=5000)
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.REQUEST
    )
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    # The proposal.
    scope = models.TextField(_("scope"), max_length=10_000, blank=True)
    fee_basis = models.CharField(
        _("fee basis"), max_length=5, choices=FeeBasis.choices, default=FeeBasis.FIXED
    )
    currency = currency_field()
    fixed_fee = money_field(
        _("fixed fee"), null=True, blank=True, validators=[MinMoneyValidator(0)]
    )
    # The contract.
    signed_on = models.DateField(_("contract signed on"), null=True, blank=True)
    contract_reference = models.CharField(_("contract reference"), max_length=100, blank=True)
    contract_document = models.FileField(
        _("contract document"),
        upload_to="consultancy/contracts/",
        blank=True,
        validators=DOCUMENT_VALIDATORS,
    )
    invoice = models.OneToOneField(
        Invoice,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="engagement",
        verbose_name=_("invoice"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = EngagementQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")
        constraints = [
            models.CheckConstraint(
                condition=Q(local_government__isnull=False) | ~Q(client_name=""),
                name="engagement_has_a_client",
            ),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="engagement_ends_after_it_starts",
            ),
        ]
        indexes = [models.Index(fields=["office", "status"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("consultancy:engagement", args=[self.pk])

    @property
    def client(self) -> str:
        return self.local_government.name if self.local_government_id else self.client_name

    @property
    def is_member_client(self) -> bool:
        return self.local_government_id is not None

    @property
    def ended(self) -> bool:
        return self.status in self.ENDED

    def next_statuses(self) -> tuple[str, ...]:
        return self.TRANSITIONS[self.status]

    def clean(self) -> None:
        errors = {}
        if not self.local_government_id and not self.client_name.strip():
            errors["client_name"] = gettext("Name the client, or choose a member.")
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = gettext("The engagement ends before it starts.")
        if (
            self.fixed_fee is not None
            and self.currency
            and str(self.fixed_fee.currency) != (self.currency)
        ):
            errors["fixed_fee"] = gettext(
                "The fixed fee is in the engagement's currency (%(c)s)."
            ) % {"c": self.currency}
        if errors:
            raise ValidationError(errors)

    def in_period(self, day: datetime.date) -> bool:
        return bool(self.starts_on and self.ends_on and self.starts_on <= day <= self.ends_on)

    # The money

    def _rates(self) -> dict[str, Decimal]:
        return {str(member.consultant_id): member.day_rate.amount for member in self.team.all()}

    def proposed_fee(self) -> method.Fee | None:
        """What the proposal is worth: the fixed fee, or the team's planned days × rates."""
        if self.fee_basis == method.FIXED:
            if self.fixed_fee is None:
                return None
            return method.fixed_fee(self.fixed_fee.amount, currency=self.currency)
        planned = {str(member.consultant_id): member.planned_days for member in self.team.all()}
        return method.proposed_time_fee(planned, self._rates(), currency=self.currency)

    def fee(self) -> method.Fee | None:
        """The fee earned: the fixed fee, or the days recorded × each consultant's rate."""
        if self.fee_basis == method.FIXED:
            return self.proposed_fee()
        recorded = [
            method.TimeRecorded(str(row["consultant"]), row["days"])
            for row in self.time_entries.values("consultant")
            .annotate(days=Sum("days"))
            .order_by("consultant")
        ]
        return method.time_based_fee(recorded, self._rates(), currency=self.currency)

    def fee_lines(self) -> list[tuple[str, Money]]:
        """The fee as invoice lines: one for a fixed fee, one per consultant for time."""
        fee = self.fee()
        if fee is None:
            return []
        if fee.basis == method.FIXED:
            return [
                (
                    gettext("%(service)s: %(title)s (fixed fee)")
                    % {"service": self.service.name, "title": self.title},
                    Money(fee.total, fee.currency),
                )
            ]
        names = {str(m.consultant_id): m.consultant.name for m in self.team.all()}
        return [
            (
                gettext("%(service)s — %(name)s: %(days)s days × %(rate)s")
                % {
                    "service": self.service.name,
                    "name": names[part.consultant],
                    "days": part.days.normalize(),
                    "rate": Money(part.rate, fee.currency),
                },
                Money(part.amount, fee.currency),
            )
            for part in fee.parts
            if part.amount > 0
        ]


class StatusChange(models.Model):
    """One step of an engagement's life: to which status, on which day, by whom."""

    engagement = models.ForeignKey(
        Engagement, on_delete=models.CASCADE, related_name="steps", verbose_name=_("engagement")
    )
    status = models.CharField(_("status"), max_length=12, choices=Engagement.Status.choices)
    on = models.DateField(_("on"))
    at = models.DateTimeField(_("recorded at"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.get_status_display()} ({self.on})"


class TeamMember(models.Model):
    """A consultant on an engagement's team, with the days planned and the day
    rate charged (in the engagement's currency)."""

    engagement = models.ForeignKey(
        Engagement, on_delete=models.CASCADE, related_name="team", verbose_name=_("engagement")
    )
    consultant = models.ForeignKey(
        Consultant,
        on_delete=models.PROTECT,
        related_name="team_places",
        verbose_name=_("consultant"),
    )
    planned_days = models.DecimalField(
        _("days planned"),
        validators=[MinValueValidator(0), MaxValueValidator(2000), validate_quarter_days],
        **DAY_DIGITS,
    )
    day_rate = money_field(_("day rate"), validators=[MinMoneyValidator(0)])

    class Meta:
        ordering = ["consultant__name"]
        verbose_name = _("team member")
        verbose_name_plural = _("team")
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "consultant"], name="one_team_place_per_consultant"
            ),
            models.CheckConstraint(
                condition=Q(planned_days__gte=0), name="planned_days_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.consultant} ({self.engagement})"

    def clean(self) -> None:
        if self.day_rate is not None and str(self.day_rate.currency) != self.engagement.currency:
            raise ValidationError(
                {
                    "day_rate": gettext("The day rate is in the engagement's currency (%(c)s).")
                    % {"c": self.engagement.currency}
                }
            )


class Deliverable(models.Model):
    engagement = models.ForeignKey(
        Engagement,
        on_delete=models.CASCADE,
        related_name="deliverables",
        verbose_name=_("engagement"),
    )
    title = models.CharField(_("title"), max_length=200)
    due_on = models.DateField(_("due on"))
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("deliverable")
        verbose_name_plural = _("deliverables")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        engagement = self.engagement
        if not (engagement.starts_on and engagement.ends_on):
            raise ValidationError(
                {"due_on": gettext("Set the engagement's period before its deliverables.")}
            )
        if self.due_on and not engagement.in_period(self.due_on):
            raise ValidationError(
                {
                    "due_on": gettext(
                        "A deliverable is due within the engagement's period (%(start)s – %(end)s)."
                    )
                    % {"start": engagement.starts_on, "end": engagement.ends_on}
                }
            )
        if self.delivered_on and self.delivered_on > timezone.localdate():
            raise ValidationError(
                {"delivered_on": gettext("A delivery date is not in the future.")}
            )


class TimeEntry(models.Model):
    """Days a consultant on the team worked on the engagement on one date."""

    engagement = models.ForeignKey(
        Engagement,
        on_delete=models.CASCADE,
        related_name="time_entries",
        verbose_name=_("engagement"),
    )
    consultant = models.ForeignKey(
        Consultant,
        on_delete=models.PROTECT,
        related_name="time_entries",
        verbose_name=_("consultant"),
    )
    date = models.DateField(_("date"))
    days = models.DecimalField(
        _("days"),
        validators=[
            MinValueValidator(method.DAY_STEP),
            MaxValueValidator(1),
            validate_quarter_days,
        ],
        **DAY_DIGITS,
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("time entry")
        verbose_name_plural = _("time entries")
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "consultant", "date"], name="one_time_entry_per_day"
            ),
            models.CheckConstraint(
                condition=Q(days__gt=0) & Q(days__lte=1), name="time_entry_up_to_a_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.consultant}: {self.days} d on {self.date}"


class Feedback(models.Model):
    """The client's word on a delivered engagement."""

    engagement = models.OneToOneField(
        Engagement, on_delete=models.CASCADE, related_name="feedback", verbose_name=_("engagement")
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), max_length=5000, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    given_at = models.DateTimeField(_("given at"), default=timezone.now)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=1) & Q(rating__lte=5), name="feedback_rating_1_to_5"
            )
        ]

    def __str__(self) -> str:
        return f"{self.engagement}: {self.rating}/5"
