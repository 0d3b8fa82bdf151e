"""Fee schedules: what a membership costs in one membership year.

The calculation itself lives in `localaction.core.dues` (no Django); a
schedule here is its data, turned into a `dues.ScheduleTable` by `table()`.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from djmoney.models.fields import MoneyField
from djmoney.models.validators import MinMoneyValidator
from simple_history.models import HistoricalRecords

from localaction.core import dues
from localaction.finance.models.income import IncomeGroup
from localaction.network.models import MembershipCategory, Office

AMOUNT_DIGITS = 14  # up to 999,999,999,999.99 in any currency


def money_field(verbose_name, **kwargs) -> MoneyField:
    """An exact amount (two decimals) with its currency in a column beside it."""
    return MoneyField(
        verbose_name, max_digits=AMOUNT_DIGITS, decimal_places=2, default_currency=None, **kwargs
    )


def currency_field(verbose_name=None) -> models.CharField:
    return models.CharField(
        verbose_name or _("currency"),
        max_length=3,
        validators=[RegexValidator(r"^[A-Z]{3}$", _("An ISO 4217 code, e.g. EUR."))],
    )


def _days_list(value: str) -> None:
    try:
        days = [int(part) for part in value.split(",")]
    except ValueError:
        raise ValidationError(
            _("Days after the due date, separated by commas, e.g. 14,30,60.")
        ) from None
    if any(day <= 0 for day in days) or days != sorted(set(days)):
        raise ValidationError(_("Days after the due date must be positive and increasing."))


class ScheduleQuerySet(models.QuerySet):
    def adopted(self) -> ScheduleQuerySet:
        return self.filter(adopted_on__isnull=False)

    def in_force(self, *, year: int, office: Office) -> FeeSchedule | None:
        """The adopted schedule for the membership year: the office's own if it
        has one, else the one for the whole Association."""
        candidates = self.adopted().filter(Q(office=office) | Q(office=None), year=year)
        return candidates.order_by(models.F("office").asc(nulls_last=True)).first()


class FeeSchedule(models.Model):
    """The dues of one membership year, adopted by a body of the Association.

    One schedule for the whole Association (`office` empty) is the usual case;
    an office may have its own for a year, which then applies to its members.
    While `adopted_on` is empty it is a draft, edited freely; `adopt_schedule`
    (finance.services) adopts it only when `core.dues.check_schedule` finds no
    overlap, gap or missing fee, and from then on its bands and fees are fixed
    (their save and delete refuse): invoices were computed from them.
    """

    class ProRata(models.TextChoices):
        MONTHLY = "monthly", _("Whole months remaining, the month of joining included")
        QUARTERLY = "quarterly", _("Whole quarters remaining, the quarter of joining included")
        NONE = "none", _("No pro rata: the full year's fee")

    year = models.PositiveSmallIntegerField(
        _("membership year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    office = models.ForeignKey(
        Office,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fee_schedules",
        verbose_name=_("office"),
        help_text=_("Empty: the whole Association."),
    )
    currency = currency_field()
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    adopted_by = models.CharField(
        _("adopted by"), max_length=200, blank=True, help_text=_("The body, e.g. Council.")
    )
    decision = models.ForeignKey(
        "governance.Decision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fee_schedules",
        verbose_name=_("decision"),
        help_text=_("The decision that adopted the schedule, e.g. COUNCIL-2027-003."),
    )
    pro_rata = models.CharField(
        _("pro rata for members joining during the year"),
        max_length=10,
        choices=ProRata.choices,
        default=ProRata.MONTHLY,
    )
    due_days = models.PositiveSmallIntegerField(
        _("payment term (days)"), default=30, validators=[MinValueValidator(1)]
    )
    grace_days = models.PositiveSmallIntegerField(
        _("grace period (days after the due date)"),
        default=90,
        help_text=_("Unpaid dues past it: the member loses good standing."),
    )
    reminder_days = models.CharField(
        _("reminders (days after the due date)"),
        max_length=100,
        default="14,30,60",
        validators=[_days_list],
    )
    reduction_limit_percent = models.DecimalField(
        _("reduction the office may grant (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("50"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text=_("Reductions above it, and waivers, are decided by the secretariat."),
    )
    is_example = models.BooleanField(
        _("example data"),
        default=False,
        help_text=_("Shipped as an example: not the schedule of any body."),
    )
    note = models.TextField(_("note"), blank=True)
    adopted_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("adoption recorded by"),
    )

    history = HistoricalRecords()
    objects = ScheduleQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "office"]
        verbose_name = _("fee schedule")
        verbose_name_plural = _("fee schedules")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "office"], name="one_fee_schedule_per_year_and_office"
            ),
            models.UniqueConstraint(
                fields=["year"],
                condition=Q(office=None),
                name="one_association_fee_schedule_per_year",
            ),
            models.CheckConstraint(
                condition=Q(reduction_limit_percent__gte=0, reduction_limit_percent__lte=100),
                name="reduction_limit_is_a_percentage",
            ),
        ]

    def __str__(self) -> str:
        whom = self.office or gettext("the Association")
        text = gettext("Fee schedule %(year)s, %(whom)s") % {"year": self.year, "whom": whom}
        return text + (f" ({gettext('example data')})" if self.is_example else "")

    def save(self, *args, **kwargs) -> None:
        if self.pk and not self._state.adding:
            before = type(self).objects.filter(pk=self.pk).values("adopted_on").first()
            if before and before["adopted_on"] is not None and self._changes_terms():
                raise ValidationError(
                    gettext("An adopted fee schedule is not changed: adopt a new one.")
                )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.is_adopted:
            raise ValidationError(gettext("An adopted fee schedule is not deleted."))
        return super().delete(*args, **kwargs)

    def clean(self) -> None:
        if self.decision_id and self.decision.outcome != self.decision.Outcome.ADOPTED:
            raise ValidationError(
                {
                    "decision": gettext("%(reference)s was rejected: it adopted no schedule.")
                    % {"reference": self.decision.reference}
                }
            )

    @property
    def is_adopted(self) -> bool:
        return self.adopted_on is not None

    @property
    def reminder_day_list(self) -> list[int]:
        return [int(part) for part in self.reminder_days.split(",")]

    def _changes_terms(self) -> bool:
        """Whether this save changes what invoices were computed from (the note may
        change, and the decision that adopted it may be linked later)."""
        stored = type(self).objects.get(pk=self.pk)
        fields = [
            f.attname for f in self._meta.concrete_fields if f.name not in ("note", "decision")
        ]
        return any(getattr(stored, name) != getattr(self, name) for name in fields)

    # The calculation in core.dues

    def table(self) -> dues.ScheduleTable:
        """The schedule as `core.dues` reads it: bands in order, the fee of each
        (band, income group) cell, and the flat fee of each category code."""
        bands = list(self.bands.order_by("lower"))
        fees = {
            (fee.band_id, fee.income_group): fee.amount.amount
            for fee in Fee.objects.filter(band__schedule=self)
        }
        return dues.ScheduleTable(
            bands=tuple(dues.Band(band.lower, band.upper) for band in bands),
            fees={
                (index, dues.IncomeGroup(group)): amount
                for index, band in enumerate(bands)
                for (band_id, group), amount in fees.items()
                if band_id == band.pk
            },
            flat={
                flat.category.code: flat.amount.amount
                for flat in self.flat_fees.select_related("category")
            },
        )

    def problems(self) -> list[str]:
        """Every reason this schedule cannot be adopted, each naming its cell:
        those of `core.dues.check_schedule` and amounts in another currency."""
        problems = list(dues.check_schedule(self.table()))
        for fee in Fee.objects.filter(band__schedule=self).select_related("band"):
            if str(fee.amount.currency) != self.currency:
                problems.append(
                    gettext("Band %(band)s × %(group)s: %(amount)s is not in %(currency)s.")
                    % {
                        "band": fee.band,
                        "group": fee.get_income_group_display(),
                        "amount": fee.amount,
                        "currency": self.currency,
                    }
                )
        for flat in self.flat_fees.select_related("category"):
            if str(flat.amount.currency) != self.currency:
                problems.append(
                    gettext("Flat fee %(category)s: %(amount)s is not in %(currency)s.")
                    % {"category": flat.category, "amount": flat.amount, "currency": self.currency}
                )
        return problems


class _PartOfSchedule(models.Model):
    """A band or fee: fixed once its schedule is adopted."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        self._refuse_if_adopted()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._refuse_if_adopted()
        return super().delete(*args, **kwargs)

    def _schedule(self) -> FeeSchedule:
        return self.schedule

    def _refuse_if_adopted(self) -> None:
        schedule = self._schedule()
        if (
            schedule.pk
            and FeeSchedule.objects.filter(pk=schedule.pk, adopted_on__isnull=False).exists()
        ):
            raise ValidationError(
                gettext("%(schedule)s is adopted: its bands and fees are not changed.")
                % {"schedule": schedule}
            )


class FeeBand(_PartOfSchedule):
    """A population band: from `lower` (inclusive) up to `upper` (exclusive; empty
    for the last band, with no upper end)."""

    schedule = models.ForeignKey(
        FeeSchedule, on_delete=models.CASCADE, related_name="bands", verbose_name=_("schedule")
    )
    lower = models.PositiveBigIntegerField(_("population from"))
    upper = models.PositiveBigIntegerField(
        _("population under"), null=True, blank=True, help_text=_("Empty: no upper end.")
    )

    class Meta:
        ordering = ["schedule", "lower"]
        verbose_name = _("population band")
        verbose_name_plural = _("population bands")
        constraints = [
            models.UniqueConstraint(fields=["schedule", "lower"], name="one_band_per_lower_bound"),
            models.CheckConstraint(
                condition=Q(upper__isnull=True) | Q(upper__gt=models.F("lower")),
                name="band_upper_above_lower",
            ),
        ]

    def __str__(self) -> str:
        if self.upper is None:
            return gettext("%(lower)s and over") % {"lower": f"{self.lower:,}"}
        return f"{self.lower:,}–{self.upper:,}"

    def clean(self) -> None:
        if self.upper is not None and self.upper <= self.lower:
            raise ValidationError({"upper": gettext("A band ends above where it starts.")})


class Fee(_PartOfSchedule):
    """The annual fee of a local government in one population band and income group."""

    band = models.ForeignKey(
        FeeBand, on_delete=models.CASCADE, related_name="fees", verbose_name=_("band")
    )
    income_group = models.CharField(_("income group"), max_length=12, choices=IncomeGroup.choices)
    amount = money_field(_("annual fee"), validators=[MinMoneyValidator(0)])

    class Meta:
        ordering = ["band", "income_group"]
        verbose_name = _("fee")
        verbose_name_plural = _("fees")
        constraints = [
            models.UniqueConstraint(fields=["band", "income_group"], name="one_fee_per_cell"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="fee_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.band} × {self.get_income_group_display()}: {self.amount}"

    def _schedule(self) -> FeeSchedule:
        return self.band.schedule


class FlatFee(_PartOfSchedule):
    """The annual fee of a category paid flat (associations of local governments)."""

    schedule = models.ForeignKey(
        FeeSchedule, on_delete=models.CASCADE, related_name="flat_fees", verbose_name=_("schedule")
    )
    category = models.ForeignKey(
        MembershipCategory,
        on_delete=models.PROTECT,
        related_name="flat_fees",
        verbose_name=_("category"),
        limit_choices_to={"fee_basis": MembershipCategory.FeeBasis.FLAT},
    )
    amount = money_field(_("annual fee"), validators=[MinMoneyValidator(0)])

    class Meta:
        ordering = ["schedule", "category"]
        verbose_name = _("flat fee")
        verbose_name_plural = _("flat fees")
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "category"], name="one_flat_fee_per_category"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="flat_fee_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.category}: {self.amount}"

    def clean(self) -> None:
        if self.category_id and self.category.fee_basis != MembershipCategory.FeeBasis.FLAT:
            raise ValidationError(
                {
                    "category": gettext("%(category)s does not pay a flat fee.")
                    % {"category": self.category}
                }
            )
