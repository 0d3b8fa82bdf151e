"""City-to-city exchange (plan §2.1f, §3.2.1c): what members need and offer,
and the exchanges between them.

A **listing** is one member's need ("we need help with …") or offer ("we can
offer …") on themes — campaign codes and instrument keys, the theme keys
search uses — in the languages it can work in. The matching of needs and
offers is core/exchange.py's; services.py feeds it.

An **exchange** (peer visit, twinning, mentoring) joins two or more members,
each in a role (host and visitor, mentor and mentee, partners); it is
proposed by one member, agreed once every other member's editors accept, then
under way and completed (or cancelled), with its activities, outcomes and
follow-up. A member takes part once in an exchange (a database constraint),
so an exchange of a member with itself cannot be written.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from localaction.campaigns.models import Campaign
from localaction.network.models import LocalGovernment, is_language_code
from localaction.sustainability.instruments import INSTRUMENTS

DESCRIPTION_LENGTH = 4000
MAX_THEMES = 10
MAX_LANGUAGES = 10
# A text field's max_length shapes its form only: the model checks it too, for
# every door (services called by the API, the admin, the demo).
TEXT_LENGTH = MaxLengthValidator(DESCRIPTION_LENGTH)


def theme_labels(keys) -> dict[str, str]:
    """Each theme key's name: a campaign's, else an instrument's (the key itself
    when neither has it any more). A key both name (`water`) is the campaign's."""
    keys = list(keys)
    labels = {key: str(INSTRUMENTS[key]) for key in keys if key in INSTRUMENTS}
    labels.update(dict(Campaign.objects.filter(code__in=keys).values_list("code", "name")))
    return {key: labels.get(key, key) for key in keys}


def theme_choices() -> list[tuple[str, str]]:
    """Every theme one may choose: the campaigns, then the instruments."""
    campaigns = [(c.code, c.name) for c in Campaign.objects.order_by("name")]
    # A campaign and an instrument may share a key (the Water Campaign and the
    # water accounts, "water"): one theme, named after the campaign, as search does.
    codes = {code for code, _name in campaigns}
    return campaigns + [(key, str(label)) for key, label in INSTRUMENTS.items() if key not in codes]


class ListingQuerySet(models.QuerySet):
    def open(self) -> ListingQuerySet:
        return self.filter(is_open=True)

    def public(self) -> ListingQuerySet:
        """The listings of published members, which anyone reads."""
        return self.filter(member__is_published=True)


class Listing(models.Model):
    class Kind(models.TextChoices):
        NEED = "need", _("Need")
        OFFER = "offer", _("Offer")

    member = models.ForeignKey(
        LocalGovernment,
        on_delete=models.CASCADE,
        related_name="exchange_listings",
        verbose_name=_("member"),
    )
    kind = models.CharField(_("kind"), max_length=5, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(
        _("description"), max_length=DESCRIPTION_LENGTH, validators=[TEXT_LENGTH]
    )
    themes = models.JSONField(
        _("themes"),
        default=list,
        help_text=_("Campaign codes and instrument keys, e.g. ccp, water, ecobudget."),
    )
    languages = models.JSONField(
        _("working languages"),
        default=list,
        blank=True,
        help_text=_("ISO 639 codes of the languages the member can work in, e.g. en, es."),
    )
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_email = models.EmailField(_("contact e-mail"))
    is_open = models.BooleanField(_("open"), default=True)
    published_on = models.DateField(_("published on"), default=timezone.localdate)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )

    objects = ListingQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "-pk"]
        verbose_name = _("need or offer")
        verbose_name_plural = _("needs and offers")
        indexes = [models.Index(fields=["member", "kind", "is_open"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title} ({self.member})"

    def get_absolute_url(self) -> str:
        return reverse("exchange:listing", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        themes = self.themes if isinstance(self.themes, list) else None
        if not themes or not all(isinstance(key, str) for key in themes):
            errors["themes"] = [gettext("Choose at least one theme.")]
        else:
            self.themes = list(dict.fromkeys(key.strip() for key in themes))
            known = set(INSTRUMENTS) | set(
                Campaign.objects.filter(code__in=self.themes).values_list("code", flat=True)
            )
            unknown = [key for key in self.themes if key not in known]
            if unknown:
                errors["themes"] = [
                    gettext("Unknown theme: %(keys)s (campaign codes and instrument keys).")
                    % {"keys": ", ".join(unknown)}
                ]
            elif len(self.themes) > MAX_THEMES:
                errors["themes"] = [gettext("At most %(n)d themes.") % {"n": MAX_THEMES}]
        languages = self.languages if isinstance(self.languages, list) else None
        if languages is None or not all(isinstance(code, str) for code in languages):
            errors["languages"] = [gettext("Languages are a list of ISO 639 codes.")]
        else:
            self.languages = list(dict.fromkeys(code.strip().lower() for code in languages))
            wrong = [code for code in self.languages if not is_language_code(code)]
            if wrong:
                errors["languages"] = [
                    gettext("'%(code)s' is not an ISO 639 language code.") % {"code": code}
                    for code in wrong
                ]
            elif len(self.languages) > MAX_LANGUAGES:
                errors["languages"] = [gettext("At most %(n)d languages.") % {"n": MAX_LANGUAGES}]
        if errors:
            raise ValidationError(errors)

    def theme_names(self) -> list[str]:
        return list(theme_labels(self.themes).values())


class ExchangeQuerySet(models.QuerySet):
    def public(self) -> ExchangeQuerySet:
        """Agreed, under way or completed, between published members only."""
        return self.filter(status__in=Exchange.PUBLIC_STATUSES).exclude(
            participants__member__is_published=False
        )


class Exchange(models.Model):
    class Kind(models.TextChoices):
        PEER_VISIT = "peer-visit", _("Peer visit")
        TWINNING = "twinning", _("Twinning")
        MENTORING = "mentoring", _("Mentoring")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        AGREED = "agreed", _("Agreed")
        UNDER_WAY = "under-way", _("Under way")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    #: The steps each status may take (cancelling is possible until completed).
    NEXT = {
        Status.PROPOSED: (Status.CANCELLED,),  # agreed by the others' acceptance
        Status.AGREED: (Status.UNDER_WAY, Status.CANCELLED),
        Status.UNDER_WAY: (Status.COMPLETED, Status.CANCELLED),
        Status.COMPLETED: (),
        Status.CANCELLED: (),
    }
    PUBLIC_STATUSES = (Status.AGREED, Status.UNDER_WAY, Status.COMPLETED)

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(
        _("description"), max_length=DESCRIPTION_LENGTH, blank=True, validators=[TEXT_LENGTH]
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    need = models.ForeignKey(
        Listing,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="exchanges_as_need",
        verbose_name=_("need"),
    )
    offer = models.ForeignKey(
        Listing,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="exchanges_as_offer",
        verbose_name=_("offer"),
    )
    outcomes = models.TextField(
        _("outcomes"), max_length=DESCRIPTION_LENGTH, blank=True, validators=[TEXT_LENGTH]
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = ExchangeQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("exchange")
        verbose_name_plural = _("exchanges")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="exchange_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=~Q(need=models.F("offer")), name="exchange_need_is_not_its_offer"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("exchange:exchange", args=[self.pk])

    def clean(self) -> None:
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = gettext("An exchange ends on or after the day it starts.")
        if self.need_id and self.need.kind != Listing.Kind.NEED:
            errors["need"] = gettext("This listing is an offer, not a need.")
        if self.offer_id and self.offer.kind != Listing.Kind.OFFER:
            errors["offer"] = gettext("This listing is a need, not an offer.")
        if errors:
            raise ValidationError(errors)

    def member_ids(self) -> list[int]:
        return [p.member_id for p in self.participants.all()]

    @property
    def is_open(self) -> bool:
        return self.status not in (self.Status.COMPLETED, self.Status.CANCELLED)


class Participant(models.Model):
    class Role(models.TextChoices):
        HOST = "host", _("Host")
        VISITOR = "visitor", _("Visitor")
        MENTOR = "mentor", _("Mentor")
        MENTEE = "mentee", _("Mentee")
        PARTNER = "partner", _("Partner")

    exchange = models.ForeignKey(
        Exchange, on_delete=models.CASCADE, related_name="participants", verbose_name=_("exchange")
    )
    member = models.ForeignKey(
        LocalGovernment,
        on_delete=models.PROTECT,
        related_name="exchange_participations",
        verbose_name=_("member"),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )

    class Meta:
        ordering = ["exchange", "pk"]
        verbose_name = _("participating member")
        verbose_name_plural = _("participating members")
        constraints = [
            # A member takes part once: an exchange of a member with itself is
            # refused by the database too.
            models.UniqueConstraint(
                fields=["exchange", "member"], name="exchange_member_takes_part_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} ({self.get_role_display()})"


class Activity(models.Model):
    exchange = models.ForeignKey(
        Exchange, on_delete=models.CASCADE, related_name="activities", verbose_name=_("exchange")
    )
    on = models.DateField(_("date"))
    what = models.CharField(_("what"), max_length=500)

    class Meta:
        ordering = ["exchange", "on", "pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return f"{self.on}: {self.what}"


class FollowUp(models.Model):
    exchange = models.ForeignKey(
        Exchange, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("exchange")
    )
    what = models.CharField(_("what"), max_length=500)
    due_on = models.DateField(_("by when"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["exchange", "due_on", "pk"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")

    def __str__(self) -> str:
        return self.what
