"""Sustainable procurement (Procura+): the criteria library by product group, a
member's tenders and council commitments, and the network of procurement
professionals with their question boards.

The library (product groups and their core and comprehensive criteria) is
loaded from data/criteria.json by a data migration and kept by the secretariat.
A criterion a tender applied is never changed under it: revising one that a
tender uses adds a new version and retires the old (services.criterion_revise),
so the tender keeps the text it applied.

Writes of tenders go through services.py, which checks what a single record
cannot (criteria of the tender's group, the calculator's figures, savings).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from moneyed import CURRENCIES

from localaction.core.quantities import COMMENT_LENGTH
from localaction.network.models import LocalGovernment, Region
from localaction.validators import InBounds

__all__ = [
    "ProcurementAnswer",
    "ProcurementCommitment",
    "ProcurementCriterion",
    "ProcurementProductGroup",
    "ProcurementProfessional",
    "ProcurementQuestion",
    "ProcurementTender",
]

# A tender's value: exact, up to 10^14 in its currency (no public contract comes near).
VALUE_DIGITS = 16
QUESTION_LENGTH = 4_000
"""Questions and answers on the boards, in characters."""


def known_currency(value: str) -> None:
    """An ISO 4217 code py-moneyed knows (and not XXX, 'no currency')."""
    if value not in CURRENCIES or value in ("XXX", "DEFAULT"):
        raise ValidationError(
            gettext("'%(code)s' is not a known ISO 4217 currency code, e.g. EUR.")
            % {"code": value},
            code="unknown_currency",
        )


class Calculator(models.TextChoices):
    """Which savings calculator (core/procurement.py) a product group's tenders use."""

    NONE = "", _("none")
    RENEWABLE_ELECTRICITY = "renewable_electricity", _("renewable electricity")
    EFFICIENT_VEHICLE = "efficient_vehicle", _("efficient vehicles")
    LED_LIGHTING = "led_lighting", _("LED lighting")


class ProcurementProductGroup(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True, max_length=COMMENT_LENGTH)
    calculator = models.CharField(
        _("savings calculator"), max_length=30, choices=Calculator.choices, blank=True
    )
    reference = models.CharField(_("reference"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("procurement product group")
        verbose_name_plural = _("procurement product groups")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("procurement:library-group", args=[self.code])


class Level(models.TextChoices):
    CORE = "core", _("core")
    COMPREHENSIVE = "comprehensive", _("comprehensive")


class Kind(models.TextChoices):
    SELECTION = "selection", _("selection criterion")
    SPECIFICATION = "specification", _("technical specification")
    AWARD = "award", _("award criterion")
    CONTRACT = "contract", _("contract performance clause")


class ProcurementCriterionQuerySet(models.QuerySet):
    def current(self) -> ProcurementCriterionQuerySet:
        return self.filter(is_current=True)


class ProcurementCriterion(models.Model):
    """One criterion of a product group, in one version."""

    group = models.ForeignKey(
        ProcurementProductGroup,
        on_delete=models.PROTECT,
        related_name="criteria",
        verbose_name=_("product group"),
    )
    code = models.SlugField(_("code"), max_length=60)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    is_current = models.BooleanField(_("current"), default=True)
    level = models.CharField(_("level"), max_length=14, choices=Level.choices)
    kind = models.CharField(_("kind"), max_length=14, choices=Kind.choices)
    text = models.TextField(_("criterion"), max_length=COMMENT_LENGTH)
    verification = models.TextField(_("verification"), max_length=COMMENT_LENGTH)
    reference = models.CharField(_("reference"), max_length=300, blank=True)

    objects = ProcurementCriterionQuerySet.as_manager()

    class Meta:
        verbose_name = _("procurement criterion")
        verbose_name_plural = _("procurement criteria")
        ordering = ["group__order", "level", "code", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "version"], name="procurement_criterion_version"
            ),
            models.UniqueConstraint(
                fields=["code"], condition=Q(is_current=True), name="procurement_criterion_current"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} v{self.version}"


class ProcurementTenderQuerySet(models.QuerySet):
    def awarded(self) -> ProcurementTenderQuerySet:
        return self.filter(status=ProcurementTender.Status.AWARDED)


class ProcurementTender(models.Model):
    """A member's tender: what was bought, for how much, whether sustainability
    criteria were applied (and which), and the offer it was awarded to with the
    figures its group's calculator estimates savings from."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        OPEN = "open", _("open for offers")
        AWARDED = "awarded", _("awarded")
        CANCELLED = "cancelled", _("cancelled")

    local_government = models.ForeignKey(
        LocalGovernment, on_delete=models.CASCADE, related_name="procurement_tenders"
    )
    group = models.ForeignKey(
        ProcurementProductGroup,
        on_delete=models.PROTECT,
        related_name="tenders",
        verbose_name=_("product group"),
    )
    title = models.CharField(_("title"), max_length=200)
    reference = models.CharField(_("reference"), max_length=60, blank=True)
    value = models.DecimalField(
        _("value"),
        max_digits=VALUE_DIGITS,
        decimal_places=2,
        validators=[MinValueValidator(0)],
        help_text=_("The contract's value, or its estimate before the award."),
    )
    currency = models.CharField(_("currency"), max_length=3, validators=[known_currency])
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.AWARDED
    )
    awarded_on = models.DateField(_("awarded on"), null=True, blank=True)
    criteria_applied = models.BooleanField(_("sustainability criteria applied"), default=False)
    criteria = models.ManyToManyField(
        ProcurementCriterion, blank=True, related_name="tenders", verbose_name=_("criteria")
    )
    supplier = models.CharField(_("supplier"), max_length=200, blank=True)
    offered_value = models.DecimalField(
        _("offered value"),
        max_digits=VALUE_DIGITS,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    figures = models.JSONField(
        _("the offer's figures"),
        default=dict,
        blank=True,
        help_text=_("The figures of the group's calculator, by name."),
    )
    # Estimated savings a year, computed by services.tender_save from `figures`
    # and the grid factor snapshotted here (a later factor edit leaves them).
    co2_saving_kg = models.FloatField(
        _("CO2 avoided a year (kg)"), null=True, blank=True, validators=[InBounds("GAS_MASS")]
    )
    cost_saving = models.DecimalField(
        _("cost saved a year"), max_digits=VALUE_DIGITS, decimal_places=2, null=True, blank=True
    )
    grid_factor = models.CharField(_("grid factor used"), max_length=300, blank=True)
    note = models.CharField(_("note"), max_length=COMMENT_LENGTH, blank=True)
    # Moves with every change, for the stamp of the network report's figures.
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProcurementTenderQuerySet.as_manager()

    class Meta:
        verbose_name = _("tender")
        verbose_name_plural = _("tenders")
        ordering = ["local_government", "-awarded_on", "title"]
        indexes = [models.Index(fields=["local_government", "awarded_on"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("procurement:tender", args=[self.local_government.code, self.pk])

    @property
    def year(self) -> int | None:
        return self.awarded_on.year if self.awarded_on else None

    def clean(self) -> None:
        errors = {}
        if self.status == self.Status.AWARDED and self.awarded_on is None:
            errors["awarded_on"] = gettext("An awarded tender states the day it was awarded.")
        if self.status != self.Status.AWARDED and self.awarded_on is not None:
            errors["awarded_on"] = gettext("Only an awarded tender has an award date.")
        if self.awarded_on and self.awarded_on > timezone.localdate():
            errors["awarded_on"] = gettext("A tender cannot be awarded in the future.")
        if errors:
            raise ValidationError(errors)


class ProcurementCommitment(models.Model):
    """A council's commitment to sustainable procurement (Procura+'s first milestone)."""

    local_government = models.ForeignKey(
        LocalGovernment, on_delete=models.CASCADE, related_name="procurement_commitments"
    )
    adopted_on = models.DateField(_("adopted on"))
    decision = models.TextField(
        _("decision"),
        max_length=COMMENT_LENGTH,
        help_text=_("What the council decided, e.g. the resolution's operative text."),
    )
    document = models.URLField(
        _("document"), blank=True, help_text=_("Where the resolution or policy is published.")
    )

    class Meta:
        verbose_name = _("procurement commitment")
        verbose_name_plural = _("procurement commitments")
        ordering = ["local_government", "-adopted_on"]

    def __str__(self) -> str:
        return f"{self.local_government}: {self.adopted_on}"

    def get_absolute_url(self) -> str:
        return reverse("procurement:member", args=[self.local_government.code])

    def clean(self) -> None:
        if self.adopted_on and self.adopted_on > timezone.localdate():
            raise ValidationError(
                {"adopted_on": gettext("A commitment cannot be adopted in the future.")}
            )


class ProcurementProfessional(models.Model):
    """A person who opted in to the procurement professionals' network, with what
    they chose to show in its directory."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="procurement_professional"
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    groups = models.ManyToManyField(
        ProcurementProductGroup,
        related_name="professionals",
        verbose_name=_("product groups of expertise"),
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    about = models.TextField(_("about"), max_length=COMMENT_LENGTH, blank=True)
    show_email = models.BooleanField(_("show my e-mail address"), default=False)
    joined_at = models.DateTimeField(_("joined at"), default=timezone.now)

    class Meta:
        verbose_name = _("procurement professional")
        verbose_name_plural = _("procurement professionals")
        ordering = ["user__last_name", "user__first_name", "user__username"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.user.get_full_name() or self.user.get_username()


class ProcurementQuestion(models.Model):
    group = models.ForeignKey(
        ProcurementProductGroup,
        on_delete=models.CASCADE,
        related_name="questions",
        verbose_name=_("product group"),
    )
    author = models.ForeignKey(
        ProcurementProfessional, on_delete=models.CASCADE, related_name="questions"
    )
    title = models.CharField(_("question"), max_length=200)
    body = models.TextField(
        _("details"), max_length=QUESTION_LENGTH, validators=[MaxLengthValidator(QUESTION_LENGTH)]
    )
    created_at = models.DateTimeField(default=timezone.now)
    is_hidden = models.BooleanField(_("hidden by the moderators"), default=False)

    class Meta:
        verbose_name = _("procurement question")
        verbose_name_plural = _("procurement questions")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("procurement:question", args=[self.group.code, self.pk])


class ProcurementAnswer(models.Model):
    question = models.ForeignKey(
        ProcurementQuestion, on_delete=models.CASCADE, related_name="answers"
    )
    author = models.ForeignKey(
        ProcurementProfessional, on_delete=models.CASCADE, related_name="answers"
    )
    body = models.TextField(
        _("answer"), max_length=QUESTION_LENGTH, validators=[MaxLengthValidator(QUESTION_LENGTH)]
    )
    created_at = models.DateTimeField(default=timezone.now)
    is_hidden = models.BooleanField(_("hidden by the moderators"), default=False)

    class Meta:
        verbose_name = _("procurement answer")
        verbose_name_plural = _("procurement answers")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.question}: {self.body[:40]}"
