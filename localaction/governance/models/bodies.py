"""Governing bodies, their seats and the mandates that fill them (§2.2).

A body says who may sit on it, how long a term lasts, how many consecutive
terms one holder may serve and what quorum its meetings need. A seat is a
place on a body with a title; a mandate is one person holding a seat on
behalf of a member local government, from a date to a date.

A mandate runs from `starts_on` up to its end, the end excluded: a mandate
ending on 1 June 2030 and its successor's starting that day do not overlap.
Its end is `ended_on` when it ended early (with a reason), else the planned
end `ends_on` (empty: no fixed term). The services (governance.services) keep
the rules that span several mandates: no two mandates on one seat at once,
who may sit, term limits.
"""

from __future__ import annotations

import datetime
import math
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from localaction.network.models import LocalGovernment, Region

BODY_CODE_VALIDATOR = RegexValidator(
    r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$",
    _("Capital letters and digits, parts joined by hyphens, e.g. EXCOM or REC-AFRICA."),
)


class BodyQuerySet(models.QuerySet):
    def public(self) -> BodyQuerySet:
        return self.filter(is_public=True)


class Body(models.Model):
    """A governing body of the Association: the Council, the Executive
    Committee, a regional executive committee, the World Mayors Council on
    Climate Change, the Advisory Council, the network of senior advocates and
    ambassadors."""

    class Kind(models.TextChoices):
        COUNCIL = "council", _("Council")
        EXECUTIVE_COMMITTEE = "executive", _("Executive Committee")
        REGIONAL_EXECUTIVE_COMMITTEE = "regional", _("Regional executive committee")
        MAYORS_COUNCIL = "mayors", _("Mayors' council")
        ADVISORY_COUNCIL = "advisory", _("Advisory council")
        AMBASSADORS = "ambassadors", _("Network of senior advocates and ambassadors")

    class Eligibility(models.TextChoices):
        """Who may sit on the body."""

        FULL_MEMBERS = "full_members", _("Full members of the Association")
        REGION_MEMBERS = "region_members", _("Members in the body's region")
        MAYORS = "mayors", _("Mayors of member local governments")
        INVITED = "invited", _("Anyone invited")

    class Composition(models.TextChoices):
        """Who makes up the body: the holders of its seats, or every full member."""

        SEATS = "seats", _("The holders of its seats")
        ALL_FULL_MEMBERS = "all_full_members", _("Every full member of the Association")

    class QuorumComparison(models.TextChoices):
        MORE_THAN = "more_than", _("more than")
        AT_LEAST = "at_least", _("at least")

    code = models.CharField(
        _("code"),
        max_length=20,
        unique=True,
        validators=[BODY_CODE_VALIDATOR],
        help_text=_("Begins the references of the body's decisions, e.g. EXCOM-2027-014."),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="governing_bodies",
        verbose_name=_("region"),
        help_text=_("Empty for a body of the whole Association."),
    )
    description = models.TextField(_("description"), blank=True)
    composition = models.CharField(
        _("composition"),
        max_length=20,
        choices=Composition.choices,
        default=Composition.SEATS,
    )
    eligibility = models.CharField(_("who may sit"), max_length=20, choices=Eligibility.choices)
    term_years = models.PositiveSmallIntegerField(
        _("term (years)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("Empty: mandates have no fixed term."),
    )
    term_limit = models.PositiveSmallIntegerField(
        _("term limit (consecutive terms)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_(
            "How many consecutive terms one person or member may hold a seat. Empty: no limit."
        ),
    )
    quorum_comparison = models.CharField(
        _("quorum"),
        max_length=10,
        choices=QuorumComparison.choices,
        default=QuorumComparison.MORE_THAN,
    )
    quorum_percent = models.DecimalField(
        _("quorum (% of those entitled to sit)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("50"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text=_("E.g. more than 50%: a majority of those entitled to sit must attend."),
    )
    is_public = models.BooleanField(
        _("public"),
        default=True,
        help_text=_("Its page, holders and public decisions are visible to everyone."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()
    objects = BodyQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("governing body")
        verbose_name_plural = _("governing bodies")
        constraints = [
            models.CheckConstraint(
                condition=Q(quorum_percent__gte=0, quorum_percent__lte=100),
                name="body_quorum_percent_in_range",
            ),
            models.CheckConstraint(
                condition=~Q(kind="regional") | Q(region__isnull=False),
                name="regional_body_has_region",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse("governance:body", args=[self.code])

    @property
    def display_name(self) -> str:
        """The name in the active language (the plan's names are in the
        catalogue; one typed in later is shown as typed), with the region of a
        regional body."""
        if self.region_id:
            return gettext("%(name)s, %(region)s") % {
                "name": gettext(self.name),
                "region": self.region.display_name,
            }
        return gettext(self.name)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.code:
            self.code = self.code.upper()
        if self.kind == self.Kind.REGIONAL_EXECUTIVE_COMMITTEE and not self.region_id:
            errors["region"] = gettext("A regional executive committee belongs to a region.")
        if self.eligibility == self.Eligibility.REGION_MEMBERS and not self.region_id:
            errors["region"] = gettext(
                "Only a body with a region can be open to the members of its region."
            )
        if self.composition == self.Composition.ALL_FULL_MEMBERS and self.region_id:
            errors["composition"] = gettext(
                "A body of every full member belongs to the whole Association, not a region."
            )
        elif (
            self.composition == self.Composition.ALL_FULL_MEMBERS
            and self.pk
            and self.seats.exists()
        ):
            errors["composition"] = gettext(
                "Every full member sits on a body of this composition, which has no seats: "
                "a body with seats cannot take it."
            )
        if errors:
            raise ValidationError(errors)

    def quorum_needed(self, entitled: int) -> int:
        """How many of the `entitled` must attend for the body to decide.

        "More than 50 %" of 10 is 6, "at least 50 %" of 10 is 5; a body with no
        one entitled never has a quorum (at least one must attend)."""
        share = Decimal(entitled) * self.quorum_percent / 100
        if self.quorum_comparison == self.QuorumComparison.MORE_THAN:
            needed = math.floor(share) + 1
        else:
            needed = math.ceil(share)
        return min(max(needed, 1), max(entitled, 1))

    @property
    def quorum_rule_display(self) -> str:
        return gettext("%(comparison)s %(percent)s%% of those entitled to sit") % {
            "comparison": self.get_quorum_comparison_display(),
            "percent": f"{self.quorum_percent.normalize():f}",
        }

    def current_mandates(self, on: datetime.date | None = None) -> MandateQuerySet:
        return Mandate.objects.filter(seat__body=self).current(on)


class SeatQuerySet(models.QuerySet):
    def existing(self, on: datetime.date | None = None) -> SeatQuerySet:
        """Seats not abolished on that day (today by default)."""
        on = on or timezone.localdate()
        return self.filter(Q(abolished_on__isnull=True) | Q(abolished_on__gt=on))


class Seat(models.Model):
    """A place on a body with its title: President, Vice-President, Treasurer,
    a regional seat. A seat with a region is held for a member of that region."""

    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="seats", verbose_name=_("body")
    )
    title = models.CharField(_("title"), max_length=200)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="governing_seats",
        verbose_name=_("region"),
        help_text=_("A regional seat: held on behalf of a member in this region."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    abolished_on = models.DateField(
        _("abolished on"),
        null=True,
        blank=True,
        help_text=_("From this day the seat no longer exists; its past holders stay on record."),
    )

    history = HistoricalRecords()
    objects = SeatQuerySet.as_manager()

    class Meta:
        ordering = ["body", "order", "pk"]
        verbose_name = _("seat")
        verbose_name_plural = _("seats")

    def __str__(self) -> str:
        return f"{self.body.code} — {self.display_title}"

    @property
    def display_title(self) -> str:
        """The title in the active language, with the region of a regional seat
        on a body of the whole Association ("Regional seat, Africa")."""
        if self.region_id and not self.body.region_id:
            return gettext("%(name)s, %(region)s") % {
                "name": gettext(self.title),
                "region": self.region.display_name,
            }
        return gettext(self.title)

    def clean(self) -> None:
        if (
            self.region_id
            and self.body_id
            and self.body.region_id
            and self.body.region_id != self.region_id
        ):
            raise ValidationError(
                {"region": gettext("A seat of a regional body is in the body's region.")}
            )
        if self.body_id and self.body.composition == Body.Composition.ALL_FULL_MEMBERS:
            raise ValidationError(
                gettext("Every full member sits on this body: it has no seats to fill.")
            )

    def current_mandate(self, on: datetime.date | None = None) -> Mandate | None:
        return self.mandates.current(on).first()


class MandateQuerySet(models.QuerySet):
    def current(self, on: datetime.date | None = None) -> MandateQuerySet:
        """Mandates running on that day (today by default)."""
        on = on or timezone.localdate()
        return self.filter(starts_on__lte=on).filter(
            Q(ended_on__isnull=False, ended_on__gt=on)
            | Q(ended_on__isnull=True, ends_on__isnull=True)
            | Q(ended_on__isnull=True, ends_on__gt=on)
        )

    def past(self, on: datetime.date | None = None) -> MandateQuerySet:
        """Mandates over by that day."""
        on = on or timezone.localdate()
        return self.filter(
            Q(ended_on__isnull=False, ended_on__lte=on)
            | Q(ended_on__isnull=True, ends_on__isnull=False, ends_on__lte=on)
        )

    def overlapping(
        self, starts_on: datetime.date, ends_on: datetime.date | None
    ) -> MandateQuerySet:
        """Mandates that run on some day of [starts_on, ends_on) (no end: for ever)."""
        running_at_start = Q(ended_on__isnull=False, ended_on__gt=starts_on) | Q(
            ended_on__isnull=True
        ) & (Q(ends_on__isnull=True) | Q(ends_on__gt=starts_on))
        queryset = self.filter(running_at_start)
        if ends_on is not None:
            queryset = queryset.filter(starts_on__lt=ends_on)
        return queryset


class Mandate(models.Model):
    """A person holding a seat on behalf of a member local government.

    The holder need not have an account (`user` is optional); members of the
    network of ambassadors hold theirs on no member's behalf. An election that
    filled the seat points to its mandate from the elections app.
    """

    class Obtained(models.TextChoices):
        ELECTED = "elected", _("Elected")
        APPOINTED = "appointed", _("Appointed")
        EX_OFFICIO = "ex_officio", _("Ex officio")

    class EndReason(models.TextChoices):
        END_OF_TERM = "end_of_term", _("End of term")
        RESIGNATION = "resignation", _("Resignation")
        LOSS_OF_OFFICE = "loss_of_office", _("Loss of office")
        MEMBER_LEFT = "member_left", _("The member left the Association")

    seat = models.ForeignKey(
        Seat, on_delete=models.PROTECT, related_name="mandates", verbose_name=_("seat")
    )
    holder_name = models.CharField(_("holder"), max_length=200)
    holder_title = models.CharField(
        _("holder's office"),
        max_length=200,
        blank=True,
        help_text=_("E.g. Mayor of Freiburg; shown beside the name."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mandates",
        verbose_name=_("account"),
        help_text=_("The holder's account on the platform, if they have one."),
    )
    local_government = models.ForeignKey(
        LocalGovernment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mandates",
        verbose_name=_("on behalf of"),
        help_text=_("The member local government; empty for an ambassador."),
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(
        _("planned end"), null=True, blank=True, help_text=_("Empty: no fixed term.")
    )
    ended_on = models.DateField(
        _("ended on"),
        null=True,
        blank=True,
        help_text=_("Only when it ended otherwise than planned."),
    )
    end_reason = models.CharField(
        _("reason for the end"), max_length=20, choices=EndReason.choices, blank=True
    )
    obtained = models.CharField(_("obtained"), max_length=12, choices=Obtained.choices)
    election_reference = models.CharField(
        _("election"),
        max_length=100,
        blank=True,
        help_text=_("The election that filled the seat, if it was elected."),
    )
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()
    objects = MandateQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "seat"]
        verbose_name = _("mandate")
        verbose_name_plural = _("mandates")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gt=models.F("starts_on")),
                name="mandate_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("starts_on")),
                name="mandate_ended_after_it_started",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True, end_reason="")
                | Q(ended_on__isnull=False) & ~Q(end_reason=""),
                name="mandate_ended_with_a_reason",
            ),
        ]
        indexes = [models.Index(fields=["local_government", "starts_on"])]

    def __str__(self) -> str:
        return f"{self.holder_name} — {self.seat}"

    @property
    def end(self) -> datetime.date | None:
        """The day it ends (ended early, else as planned); None: no end set."""
        return self.ended_on or self.ends_on

    @property
    def ended_early(self) -> bool:
        return self.ended_on is not None and (self.ends_on is None or self.ended_on < self.ends_on)

    def is_current(self, on: datetime.date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.starts_on <= on and (self.end is None or on < self.end)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.starts_on and self.ends_on and self.ends_on <= self.starts_on:
            errors["ends_on"] = gettext("A mandate ends after it starts.")
        if self.starts_on and self.ended_on and self.ended_on < self.starts_on:
            errors["ended_on"] = gettext("A mandate cannot end before it starts.")
        if self.ended_on and self.ends_on and self.ended_on > self.ends_on:
            errors["ended_on"] = gettext(
                "It ended after its planned end: change the planned end instead."
            )
        if self.ended_on and not self.end_reason:
            errors["end_reason"] = gettext("Say why the mandate ended before its planned end.")
        if self.end_reason and not self.ended_on:
            errors["ended_on"] = gettext("Give the day the mandate ended.")
        if self.end_reason == self.EndReason.END_OF_TERM and self.ended_early:
            errors["end_reason"] = gettext(
                "It ended before its planned end: resignation, loss of office or the member "
                "leaving, not the end of the term."
            )
        if (
            self.seat_id
            and self.seat.body.eligibility != Body.Eligibility.INVITED
            and not self.local_government_id
        ):
            errors["local_government"] = gettext(
                "A seat on this body is held on behalf of a member local government."
            )
        if errors:
            raise ValidationError(errors)


def term_end(starts_on: datetime.date, term_years: int | None) -> datetime.date | None:
    """The day a term of `term_years` beginning on `starts_on` ends (29 February
    moves to 1 March in a year without one); None when terms are not fixed."""
    if not term_years:
        return None
    try:
        return starts_on.replace(year=starts_on.year + term_years)
    except ValueError:
        return datetime.date(starts_on.year + term_years, 3, 1)
