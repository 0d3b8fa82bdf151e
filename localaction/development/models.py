"""Regional development (§2.1c, §2.3 of the Cape Town Plan) and the offices'
arrangements (§2.6).

- A `Prospect` is a local government an office introduces the Association
  to, not yet a member: its contacts, its status from identified to joined
  or declined (each change kept in `ProspectChange`), and its next step.
- A `PriorityRegion` is one of the regions the plan names for new
  membership (§2.1c), with the countries it holds and a membership target
  per year (`MembershipTarget`).
- An office's `OfficeArrangement` (host, funding, staff) and its
  `OfficeContract`s with the World Secretariat (§2.6).

Every rule lives here or in services.py, so pages, API and admin obey the
same ones.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from localaction.network.models import Country, LocalGovernment, Membership, Office
from localaction.validators import DOCUMENT_VALIDATORS, InBounds


def office_covers(office: Office, local_government: LocalGovernment) -> bool:
    """Whether the office covers the local government's country or region (the
    World Secretariat covers the whole network)."""
    if office.kind == Office.Kind.WORLD:
        return True
    country = local_government.country
    return (
        office.countries.filter(pk=country.pk).exists()
        or office.regions.filter(pk=country.region_id).exists()
    )


def is_active_member(local_government: LocalGovernment) -> bool:
    return local_government.memberships.filter(status=Membership.Status.ACTIVE).exists()


class ProspectQuerySet(models.QuerySet):
    def open(self) -> ProspectQuerySet:
        return self.filter(status__in=Prospect.OPEN_STATUSES)

    def overdue(self, today: datetime.date | None = None) -> ProspectQuerySet:
        """Open prospects whose next step's date has passed."""
        return self.open().filter(next_step_on__lt=today or timezone.localdate())


class Prospect(models.Model):
    """A local government an office introduces the Association to (§2.1c)."""

    class Status(models.TextChoices):
        IDENTIFIED = "identified", _("Identified")
        CONTACTED = "contacted", _("Contacted")
        INTERESTED = "interested", _("Interested")
        APPLIED = "applied", _("Applied")
        JOINED = "joined", _("Joined")
        DECLINED = "declined", _("Declined")

    OPEN_STATUSES = (Status.IDENTIFIED, Status.CONTACTED, Status.INTERESTED, Status.APPLIED)
    # The moves a person makes; `joined` is never one of them: it is set when
    # a membership of the local government becomes active (services.join_prospects).
    TRANSITIONS = {
        Status.IDENTIFIED: {Status.CONTACTED, Status.INTERESTED, Status.DECLINED},
        Status.CONTACTED: {Status.INTERESTED, Status.APPLIED, Status.DECLINED},
        Status.INTERESTED: {Status.APPLIED, Status.DECLINED},
        Status.APPLIED: {Status.DECLINED},
        Status.DECLINED: {Status.CONTACTED},
        Status.JOINED: set(),
    }

    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="prospects", verbose_name=_("office")
    )
    local_government = models.ForeignKey(
        LocalGovernment,
        on_delete=models.CASCADE,
        related_name="prospects",
        verbose_name=_("local government"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.IDENTIFIED
    )
    identified_on = models.DateField(_("identified on"), default=datetime.date.today)
    next_step = models.CharField(_("next step"), max_length=200, blank=True)
    next_step_on = models.DateField(_("next step due on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    objects = ProspectQuerySet.as_manager()

    class Meta:
        ordering = ["-identified_on", "-pk"]
        verbose_name = _("prospect")
        verbose_name_plural = _("prospects")
        constraints = [
            models.UniqueConstraint(
                fields=["local_government"],
                condition=Q(status__in=["identified", "contacted", "interested", "applied"]),
                name="one_open_prospect_per_local_government",
                violation_error_message=_("This local government is already an open prospect."),
            ),
            models.CheckConstraint(
                condition=Q(next_step_on__isnull=True) | ~Q(next_step=""),
                name="next_step_date_has_a_step",
                violation_error_message=_("A next step's date needs the step."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.local_government} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("development:prospect", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def is_overdue(self) -> bool:
        return bool(self.is_open and self.next_step_on and self.next_step_on < timezone.localdate())

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.local_government_id and self.office_id:
            if self.is_open and is_active_member(self.local_government):
                errors["local_government"] = gettext(
                    "%(name)s is already an active member: it is no prospect."
                ) % {"name": self.local_government}
            elif not office_covers(self.office, self.local_government):
                errors["office"] = gettext(
                    "%(office)s does not cover %(country)s, the country of %(name)s."
                ) % {
                    "office": self.office,
                    "country": self.local_government.country,
                    "name": self.local_government,
                }
        if self.next_step_on and not self.next_step:
            errors["next_step"] = gettext("A next step's date needs the step.")
        if (
            self.is_open
            and self.local_government_id
            and Prospect.objects.open()
            .filter(local_government_id=self.local_government_id)
            .exclude(pk=self.pk)
            .exists()
        ):
            errors["local_government"] = gettext(
                "This local government is already an open prospect."
            )
        if errors:
            raise ValidationError(errors)

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS[self.Status(self.status)]


class ProspectContact(models.Model):
    """A person at the prospect's local government the office talks to."""

    prospect = models.ForeignKey(
        Prospect, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("prospect")
    )
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        constraints = [
            models.UniqueConstraint(
                fields=["prospect", "email"],
                condition=~Q(email=""),
                name="one_contact_per_email_and_prospect",
                violation_error_message=_("This prospect already has a contact with this e-mail."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.email = self.email.strip().lower()
        if (
            self.email
            and self.prospect_id
            and ProspectContact.objects.filter(prospect_id=self.prospect_id, email=self.email)
            .exclude(pk=self.pk)
            .exists()
        ):
            raise ValidationError(
                {"email": gettext("This prospect already has a contact with this e-mail.")}
            )


class ProspectChange(models.Model):
    """One change of a prospect's status: who, when, to what, and why."""

    prospect = models.ForeignKey(
        Prospect, on_delete=models.CASCADE, related_name="changes", verbose_name=_("prospect")
    )
    status = models.CharField(_("status"), max_length=10, choices=Prospect.Status.choices)
    changed_on = models.DateField(_("changed on"), default=datetime.date.today)
    changed_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["changed_at", "pk"]
        verbose_name = _("change of status")
        verbose_name_plural = _("changes of status")

    def __str__(self) -> str:
        return f"{self.prospect}: {self.get_status_display()} ({self.changed_on})"


class PriorityRegion(models.Model):
    """A region the plan names for introducing the Association (§2.1c)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200, unique=True)
    countries = models.ManyToManyField(
        Country, related_name="priority_regions", verbose_name=_("countries")
    )
    source = models.CharField(
        _("source"),
        max_length=300,
        blank=True,
        help_text=_("Where the list of its countries comes from."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("priority region")
        verbose_name_plural = _("priority regions")

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse("development:priority-region", args=[self.code])

    @property
    def display_name(self) -> str:
        # The plan's four names are in the translation catalogue.
        return gettext(self.name)


class MembershipTarget(models.Model):
    """How many members a priority region should have at the end of a year."""

    priority_region = models.ForeignKey(
        PriorityRegion,
        on_delete=models.CASCADE,
        related_name="targets",
        verbose_name=_("priority region"),
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[InBounds("YEAR")])
    members = models.IntegerField(_("members by the year's end"), validators=[MinValueValidator(0)])

    class Meta:
        ordering = ["priority_region", "year"]
        verbose_name = _("membership target")
        verbose_name_plural = _("membership targets")
        constraints = [
            models.UniqueConstraint(
                fields=["priority_region", "year"],
                name="one_target_per_priority_region_and_year",
                violation_error_message=_("This region already has a target for this year."),
            ),
            models.CheckConstraint(condition=Q(members__gte=0), name="target_members_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.priority_region}: {self.members} ({self.year})"


def _document_path(instance, filename: str) -> str:
    return f"offices/{instance.office_id}/{Path(filename).name}"


class OfficeArrangement(models.Model):
    """How an office is hosted, funded and staffed (§2.6)."""

    office = models.OneToOneField(
        Office, on_delete=models.CASCADE, related_name="arrangement", verbose_name=_("office")
    )
    host_organisation = models.CharField(_("host organisation"), max_length=200, blank=True)
    host_agreement = models.FileField(
        _("host agreement"),
        upload_to=_document_path,
        validators=DOCUMENT_VALIDATORS,
        blank=True,
        help_text=_("PDF, office documents or scans, up to 10 MB."),
    )
    hosted_since = models.DateField(_("hosted since"), null=True, blank=True)
    funder = models.CharField(_("funder"), max_length=200, blank=True)
    multi_year_funding = models.BooleanField(_("multi-year funding"), default=False)
    funded_from = models.PositiveSmallIntegerField(
        _("funded from (year)"), null=True, blank=True, validators=[InBounds("YEAR")]
    )
    funded_until = models.PositiveSmallIntegerField(
        _("funded until (year)"), null=True, blank=True, validators=[InBounds("YEAR")]
    )
    funding_note = models.TextField(_("funding note"), blank=True)
    staff = models.IntegerField(
        _("staff"), null=True, blank=True, validators=[MinValueValidator(0)]
    )
    staff_counted_on = models.DateField(_("staff counted on"), null=True, blank=True)

    class Meta:
        verbose_name = _("office arrangement")
        verbose_name_plural = _("office arrangements")
        constraints = [
            models.CheckConstraint(
                condition=Q(staff__gte=0) | Q(staff__isnull=True), name="staff_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(funded_until__isnull=True)
                | Q(funded_from__isnull=True)
                | Q(funded_until__gte=models.F("funded_from")),
                name="funded_until_after_from",
            ),
        ]

    def __str__(self) -> str:
        return str(self.office)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.funded_from and self.funded_until and self.funded_until < self.funded_from:
            errors["funded_until"] = gettext("The funding cannot end before it starts.")
        if self.multi_year_funding and not (self.funded_from and self.funded_until):
            errors["funded_until"] = gettext("Multi-year funding needs its first and last year.")
        elif (
            self.multi_year_funding
            and self.funded_from
            and self.funded_until
            and self.funded_until == self.funded_from
        ):
            errors["multi_year_funding"] = gettext(
                "Funding for one year only is not multi-year funding."
            )
        if self.staff is not None and not self.staff_counted_on:
            errors["staff_counted_on"] = gettext("Say when the staff were counted.")
        if errors:
            raise ValidationError(errors)


class OfficeContract(models.Model):
    """A contract linking an office to the World Secretariat (§2.6)."""

    class Kind(models.TextChoices):
        REGIONAL = "regional", _("Regional secretariat agreement")
        COUNTRY = "country", _("Country office agreement")
        PROJECT = "project", _("Project office agreement")
        OTHER = "other", _("Other agreement")

    office = models.ForeignKey(
        Office, on_delete=models.CASCADE, related_name="contracts", verbose_name=_("office")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    document = models.FileField(
        _("document"),
        upload_to=_document_path,
        validators=DOCUMENT_VALIDATORS,
        blank=True,
        help_text=_("PDF, office documents or scans, up to 10 MB."),
    )
    signed_on = models.DateField(_("signed on"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["office", "-signed_on", "-pk"]
        verbose_name = _("office contract")
        verbose_name_plural = _("office contracts")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("signed_on")),
                name="contract_valid_after_signed",
            )
        ]

    def __str__(self) -> str:
        return f"{self.office}: {self.get_kind_display()} ({self.signed_on})"

    @property
    def is_in_force(self) -> bool:
        today = timezone.localdate()
        return self.signed_on <= today and (self.valid_until is None or self.valid_until >= today)

    def clean(self) -> None:
        if self.office_id and self.office.kind == Office.Kind.WORLD:
            raise ValidationError(
                {"office": gettext("The World Secretariat has no contract with itself.")}
            )
        if self.signed_on and self.valid_until and self.valid_until < self.signed_on:
            raise ValidationError(
                {"valid_until": gettext("A contract cannot end before it is signed.")}
            )
